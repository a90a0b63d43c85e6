"""Wagtail search with a double quote typed into it (the admin's page search passes it straight on).

SQLite's full-text syntax needs a quote inside a term doubled; the database backend did not, so
`"` in the admin page search was a 500 (``unterminated string``). PostgreSQL must keep working too.
"""

import pytest

from wagtail.models import Page

from tests.courses.factories import CoursePageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ['"', 'sexual"', '"harmful sexual"', 'a "b', '""'])
def test_the_admin_page_search_survives_double_quotes(superuser_client, query):
    CoursePageFactory(title="Harmful sexual behaviour")

    response = superuser_client.get("/admin/pages/", {"q": query})

    assert response.status_code == 200


def test_a_search_with_a_quote_in_a_word_still_finds_the_page():
    CoursePageFactory(title="Harmful sexual behaviour")

    results = Page.objects.live().search('harmful"')

    assert [page.title for page in results] == ["Harmful sexual behaviour"]
