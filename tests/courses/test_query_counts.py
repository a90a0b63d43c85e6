"""Level, course, forum and library pages cost a fixed number of queries, however much they list.

Each page is rendered once with a small catalogue and once with a large one; the counts must be
equal and at most 15. Wagtail's own serving queries are counted: the site lookup, routing (one
query per level of the tree in our sections), the alias and view-restriction checks, and the
site settings. The count is taken on the second request, as every request after the first
sees it: Wagtail keeps the site's root paths in the cache. A cold cache costs one query more,
and that is checked to be fixed too.
"""

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

from bookings.models import Session
from lscb_training.models import SiteSettings
from tests.bookings.factories import BookingFactory, SessionFactory, VenueFactory
from tests.courses.factories import CoursePageFactory, ForumPageFactory, TrainingLevelPageFactory, forum_index

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


@pytest.fixture(autouse=True)
def site_settings():
    """The site's settings row exists, as it does once anyone has opened the site."""
    SiteSettings.for_site(Site.objects.get(is_default_site=True))


def count_queries(client, url, warm=True):
    cache.clear()
    if warm:
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def add_sessions(courses, total):
    """``total`` upcoming sessions spread over ``courses`` and three venues, some with bookings."""
    venues = [VenueFactory(area=area) for area in ("carlisle", "eden", "online")]
    sessions = Session.objects.bulk_create(
        SessionFactory.build(course=courses[n % len(courses)], venue=venues[n % 3], days_ahead=1 + n % 180)
        for n in range(total)
    )
    for session in sessions[:5]:
        BookingFactory(session=session)


def build_level(number, courses, sessions):
    level = TrainingLevelPageFactory(number=number)
    course_pages = [CoursePageFactory(level=level, topics=["cse", "met"]) for _ in range(courses)]
    add_sessions(course_pages, sessions)
    return level, course_pages[0]


def test_level_page_queries_do_not_grow_with_courses_or_sessions(client):
    small_level, _ = build_level(1, courses=2, sessions=10)
    large_level, _ = build_level(2, courses=12, sessions=300)

    small = count_queries(client, small_level.url)
    large = count_queries(client, large_level.url)

    assert small == large
    assert large <= MAX_QUERIES


def test_course_page_queries_do_not_grow_with_sessions(client):
    _, small_course = build_level(1, courses=1, sessions=10)
    _, large_course = build_level(2, courses=1, sessions=300)

    small = count_queries(client, small_course.url)
    large = count_queries(client, large_course.url)

    assert small == large
    assert large <= MAX_QUERIES


def test_course_page_does_not_grow_with_its_sessions(client):
    _, small_course = build_level(1, courses=1, sessions=4)
    _, large_course = build_level(2, courses=1, sessions=300)

    small = client.get(small_course.url).content.decode()
    large = client.get(large_course.url).content.decode()

    # The pages differ only in their titles, the link to all dates and the booked places.
    assert abs(len(large) - len(small)) < 300
    assert large.count("<tr>") == small.count("<tr>")


def forum_with(resources):
    return ForumPageFactory(
        resources=[
            {"title": f"Guide {n}", "url": f"https://example.org/{n}", "topics": ["cse", "missing"]}
            for n in range(resources)
        ]
    )


def test_forum_page_queries_do_not_grow_with_resources(client):
    small_forum = forum_with(3)
    large_forum = forum_with(15)

    small = count_queries(client, small_forum.url)
    large = count_queries(client, large_forum.url)

    assert small == large
    assert large <= MAX_QUERIES


def test_forum_index_and_resource_library_queries_do_not_grow_with_forums_or_resources(client):
    forum_with(3)
    small = [count_queries(client, forum_index().url), count_queries(client, "/forums/resources/?topic=cse")]
    for _ in range(3):
        forum_with(8)
    large = [count_queries(client, forum_index().url), count_queries(client, "/forums/resources/?topic=cse")]

    assert small == large
    assert max(large) <= MAX_QUERIES


def test_a_cold_cache_costs_the_same_whatever_the_catalogue_holds(client):
    small_level, small_course = build_level(1, courses=2, sessions=10)
    large_level, large_course = build_level(2, courses=12, sessions=300)

    small = [count_queries(client, url, warm=False) for url in (small_level.url, small_course.url)]
    large = [count_queries(client, url, warm=False) for url in (large_level.url, large_course.url)]

    assert small == large
