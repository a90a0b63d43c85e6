"""Site search over published pages with Wagtail search."""

import pytest

from tests.courses.factories import CoursePageFactory, ForumPageFactory

pytestmark = pytest.mark.django_db


def result_titles(response):
    return [page.title for page in response.context["page_obj"].object_list]


def test_search_finds_a_course_by_a_word_in_its_summary(client):
    CoursePageFactory(title="Harmful sexual behaviour training", summary="Responding to harmful sexual behaviour.")
    CoursePageFactory(title="Working Together", summary="Multi-agency safeguarding.")

    response = client.get("/search/?q=harmful")

    assert result_titles(response) == ["Harmful sexual behaviour training"]


def test_search_finds_a_forum_page(client):
    ForumPageFactory(title="Practitioner Forum January 2018", summary="Exploitation across Cumbria.")

    assert result_titles(client.get("/search/?q=exploitation")) == ["Practitioner Forum January 2018"]


def test_search_leaves_out_unpublished_pages(client):
    course = CoursePageFactory(title="Trafficking awareness", summary="Trafficking.")
    course.unpublish()

    assert result_titles(client.get("/search/?q=trafficking")) == []


def test_search_without_words_shows_just_the_form(client):
    response = client.get("/search/")

    assert response.status_code == 200
    assert response.context["page_obj"] is None


def test_search_results_are_paginated_and_pages_keep_the_words(client):
    for n in range(12):
        CoursePageFactory(title=f"Trafficking course {n}", summary="Trafficking.")

    first = client.get("/search/?q=trafficking")
    second = client.get("/search/?q=trafficking&page=2")

    assert len(result_titles(first)) == 10
    assert len(result_titles(second)) == 2
    assert 'href="?q=trafficking&amp;page=2"' in first.content.decode()


@pytest.mark.parametrize("query", ["q=cse&page=abc", "q=cse&page=-1", "q=" + "x" * 500])
def test_search_survives_bad_input(client, query):
    CoursePageFactory(title="CSE awareness", summary="CSE.")

    assert client.get(f"/search/?{query}").status_code == 200


@pytest.mark.parametrize("words", ["&|!(", "'", '"cse', "cse:*", "OR AND NOT", "%00", "-", "--cse", "\x00"])
def test_search_survives_odd_characters(client, words):
    CoursePageFactory(title="CSE awareness", summary="CSE.")

    assert client.get("/search/", {"q": words}).status_code == 200


def test_search_says_when_the_words_are_too_long(client):
    response = client.get("/search/", {"q": "x" * 201})

    assert "Search for 200 characters or fewer" in response.content.decode()
