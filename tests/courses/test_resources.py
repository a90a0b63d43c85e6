"""The forum resource library: every forum's resources, filtered by topic, forum and words."""

import pytest

from django.db import IntegrityError, transaction

from courses.models import ForumResource
from tests.courses.factories import ForumPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def forums():
    older = ForumPageFactory(
        title="Practitioner Forum January 2017",
        forum_date="2017-01-26",
        resources=[
            {"title": "CSE in Cumbria: what it looks like", "description": "Slides summary.", "topics": ["cse"]},
            {"title": "Missing from home protocol", "url": "https://example.org/missing", "topics": ["missing"]},
        ],
    )
    newer = ForumPageFactory(
        title="Practitioner Forum January 2018",
        forum_date="2018-01-25",
        resources=[
            {
                "title": "CSE Risk Indicators Guidance Sheet",
                "description": "Warning signs.",
                "topics": ["cse", "risk-assessment"],
            },
            {
                "title": "Online safety for parents",
                "url": "https://example.org/online",
                "topics": ["online-safety"],
                "description": "Grooming through apps.",
            },
        ],
    )
    return older, newer


def titles(response):
    return [resource.title for resource in response.context["page_obj"].object_list]


def test_library_lists_every_resource_newest_forum_first(client, forums):
    response = client.get("/forums/resources/")

    assert titles(response) == [
        "CSE Risk Indicators Guidance Sheet",
        "Online safety for parents",
        "CSE in Cumbria: what it looks like",
        "Missing from home protocol",
    ]


def test_library_filters_by_topic_across_forums(client, forums):
    response = client.get("/forums/resources/?topic=cse")

    assert titles(response) == ["CSE Risk Indicators Guidance Sheet", "CSE in Cumbria: what it looks like"]


def test_library_combines_topic_and_forum(client, forums):
    older, _ = forums

    response = client.get(f"/forums/resources/?topic=cse&forum={older.pk}")

    assert titles(response) == ["CSE in Cumbria: what it looks like"]


def test_library_searches_titles_and_descriptions(client, forums):
    assert titles(client.get("/forums/resources/?q=grooming")) == ["Online safety for parents"]
    assert titles(client.get("/forums/resources/?q=indicators")) == ["CSE Risk Indicators Guidance Sheet"]


def test_library_search_keeps_the_other_filters(client, forums):
    _, newer = forums

    response = client.get(f"/forums/resources/?q=cse&forum={newer.pk}")

    assert titles(response) == ["CSE Risk Indicators Guidance Sheet"]


@pytest.mark.parametrize(
    "query",
    [
        "forum=abc",
        "forum=999999",
        "forum=99999999999999999999999",
        "forum=-1",
        "forum=1.5",
        "topic=no-such-topic",
        "topic=%00",
        "page=abc",
        "page=999",
        "page=99999999999999999999999",
    ],
)
def test_library_shows_everything_for_a_bad_filter_value_with_a_notice_never_an_error(client, forums, query):
    response = client.get(f"/forums/resources/?{query}")

    assert response.status_code == 200
    assert len(titles(response)) == 4
    if not query.startswith("page"):
        assert "so those filters are not applied" in response.content.decode()


def test_library_keeps_a_good_filter_when_another_is_bad(client, forums):
    response = client.get("/forums/resources/?topic=cse&forum=abc")

    assert len(titles(response)) == 2
    assert "Forum: “abc” is not one of the choices" in response.content.decode()


def test_library_hides_resources_of_unpublished_forums(client, forums):
    older, _ = forums
    older.unpublish()

    response = client.get("/forums/resources/")

    assert "Missing from home protocol" not in titles(response)


def test_library_pagination_keeps_the_filters(client):
    ForumPageFactory(
        resources=[{"title": f"Guide {n}", "url": f"https://example.org/{n}", "topics": ["cse"]} for n in range(25)]
    )

    html = client.get("/forums/resources/?topic=cse").content.decode()

    assert 'href="?topic=cse&amp;page=2"' in html


@pytest.mark.parametrize("words", ["&|!(", "'", '"cse', "cse:*", "OR AND NOT", "a" * 200, "-", "--cse"])
def test_library_search_survives_odd_characters(client, forums, words):
    assert client.get("/forums/resources/", {"q": words}).status_code == 200


def test_library_search_ignores_quotes_and_finds_the_words(client, forums):
    assert titles(client.get("/forums/resources/", {"q": '"indicators'})) == ["CSE Risk Indicators Guidance Sheet"]


def test_a_resource_whose_document_was_deleted_is_hidden_not_broken(client, forums):
    older, _ = forums
    older.resources.get(title="CSE in Cumbria: what it looks like").document.delete()

    assert "CSE in Cumbria: what it looks like" not in titles(client.get("/forums/resources/"))
    assert "CSE in Cumbria: what it looks like" not in client.get(older.url).content.decode()


def test_the_database_refuses_a_resource_with_both_a_document_and_a_link(forums):
    resource = ForumResource.objects.filter(document__isnull=False).first()
    resource.url = "https://example.org/"
    with pytest.raises(IntegrityError), transaction.atomic():
        resource.save()
