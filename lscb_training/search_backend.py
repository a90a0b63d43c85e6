"""Wagtail's database search backend, with double quotes made safe on SQLite.

SQLite's full-text (FTS5) syntax wants a double quote inside a quoted term written twice, and the
backend's SQLite compiler passes it through as it is, so any search with a stray ``"`` (the admin's
page search takes what is typed) failed with "unterminated string". Here the quote is doubled,
as FTS5 asks; its tokenizer then drops it like other punctuation. PostgreSQL and the other
backends are used unchanged.
"""

import copy

from modelsearch.backends.database import SearchBackend as database_search_backend
from modelsearch.query import Phrase, PlainText

from django.db import connection


def _with_double_quotes_escaped(query):
    if isinstance(query, (PlainText, Phrase)) and '"' in query.query_string:
        query = copy.copy(query)
        query.query_string = query.query_string.replace('"', '""')
    return query


def SearchBackend(params):  # noqa: N802 - Wagtail looks the backend up by this name
    backend = database_search_backend(params)
    if connection.vendor != "sqlite":
        return backend

    from modelsearch.backends.database.sqlite import sqlite

    if not isinstance(backend, sqlite.SQLiteSearchBackend):
        return backend

    class QueryCompiler(sqlite.SQLiteSearchQueryCompiler):
        def build_search_query_content(self, query, config=None):
            return super().build_search_query_content(_with_double_quotes_escaped(query), config=config)

    class AutocompleteQueryCompiler(sqlite.SQLiteAutocompleteQueryCompiler):
        def build_search_query_content(self, query, config=None):
            return super().build_search_query_content(_with_double_quotes_escaped(query), config=config)

    backend.query_compiler_class = QueryCompiler
    backend.autocomplete_query_compiler_class = AutocompleteQueryCompiler
    return backend
