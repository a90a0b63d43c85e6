"""Filters for the public catalogue pages: plain GET, so every filtered list is a shareable link."""

import re

from django import forms

from taggit.models import Tag

from courses.models import ForumPage
from lscb_training.filters import GetFilterForm
from lscb_training.forms import ModelChoiceField


def search_words(text):
    """The words of a search, without the punctuation search engines treat as syntax.

    SQLite's full-text engine refuses an unbalanced double quote ("unterminated string") and
    each engine reads other marks its own way, so people's searches are reduced to words.
    """
    return " ".join(re.sub(r"[^\w'-]+", " ", text).split())


class SearchWordsField(forms.CharField):
    default_error_messages = {"max_length": "Search for %(limit_value)d characters or fewer"}

    def clean(self, value):
        return search_words(super().clean(value))


class ResourceFilterForm(GetFilterForm):
    """Topic, forum and words to look for in the forum resource library.

    A value that does not fit (an unknown topic, ``?forum=abc``) is dropped, not an error page:
    the view shows every resource for that filter and tells the reader why.
    """

    q = SearchWordsField(label="Search titles and descriptions", required=False, max_length=200)
    topic = forms.ChoiceField(label="Topic", required=False)
    forum = ModelChoiceField(label="Forum", required=False, queryset=ForumPage.objects.none(), empty_label="All forums")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        topics = Tag.objects.filter(courses_resourcetopic_items__content_object__forum__live=True).distinct()
        self.fields["topic"].choices = [("", "All topics"), *topics.order_by("name").values_list("slug", "name")]
        self.fields["forum"].queryset = ForumPage.objects.live().order_by("-forum_date")


class SearchForm(forms.Form):
    q = SearchWordsField(label="Search the site", required=False, max_length=200)
