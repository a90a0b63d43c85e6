"""The what's-on page and the calendar feed cost the same number of queries for 10 sessions as
for 300: nothing is fetched per row. A repeat fetch of an unchanged feed is one query (the
change stamp) and a cache read."""

from datetime import timedelta

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bookings.models import Area, BookingStatus, Session
from tests.bookings.factories import BookingFactory, VenueFactory
from tests.courses.factories import CoursePageFactory, training_level
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


def seed_sessions(count):
    """``count`` sessions spread over courses at every level, venues in every area, some booked."""
    courses = [CoursePageFactory(level=training_level(n % 4 + 1), topics=["cse"]) for n in range(4)]
    venues = [VenueFactory(area=area) for area in Area.values]
    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    sessions = Session.objects.bulk_create(
        Session(
            course=courses[n % len(courses)],
            venue=venues[n % len(venues)],
            starts_at=start + timedelta(hours=n * 7),
            ends_at=start + timedelta(hours=n * 7 + 3),
            capacity=2,
        )
        for n in range(count)
    )
    people = UserFactory.create_batch(2)
    for session in sessions[:5]:
        BookingFactory(session=session, user=people[0])
        BookingFactory(session=session, user=people[1], status=BookingStatus.WAITLISTED)


def count_queries(client, url):
    # Warm first, as tests/courses/test_query_counts.py does: seeding publishes pages, which
    # rightly empties the cached site, navigation and filter choices; every later visitor
    # finds them cached again.
    client.get(url)
    if ".ics" in url:
        cache.clear()  # the feed's body is cached: measure building it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/whats-on/",
        "/whats-on/?level=2&area=allerdale&topic=cse",  # matches session 1 of the first ten
        "/whats-on/?page=2",
        "/whats-on/calendar.ics",
        "/whats-on/calendar.ics?level=3",
    ],
)
def test_query_count_does_not_grow_with_the_number_of_sessions(client, url):
    seed_sessions(10)
    client.get(url)  # warm the per-process caches (site root paths) as a live site would be
    with_10 = count_queries(client, url)

    seed_sessions(290)
    with_300 = count_queries(client, url)

    assert Session.objects.count() == 300
    assert with_10 == with_300
    assert with_300 <= MAX_QUERIES


@pytest.mark.parametrize("url", ["/whats-on/calendar.ics", "/whats-on/calendar.ics?level=3"])
def test_a_repeat_fetch_of_an_unchanged_feed_is_one_query_and_the_same_body(client, url):
    seed_sessions(300)
    cache.clear()
    first = client.get(url)

    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)

    assert len(queries) == 1
    assert second.content == first.content


def test_an_unchanged_feed_fetched_with_its_etag_is_a_304_after_one_query(client):
    seed_sessions(10)
    etag = client.get("/whats-on/calendar.ics")["ETag"]

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/whats-on/calendar.ics", headers={"if-none-match": etag})

    assert response.status_code == 304 and response.content == b""
    assert len(queries) == 1


@pytest.mark.parametrize("url", ["/whats-on/", "/whats-on/?level=2&area=allerdale&topic=cse", "/whats-on/calendar.ics"])
def test_the_first_visit_after_a_change_costs_the_same_whatever_the_number_of_sessions(client, url):
    """Cold: every cache empty, as after a deploy or an edit (the counts above are warm)."""

    def cold_count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    seed_sessions(10)
    client.get(url)  # the process's own caches (content types) are warm on a live site
    with_10 = cold_count()
    seed_sessions(290)
    with_300 = cold_count()

    assert with_10 == with_300
    assert with_300 <= MAX_QUERIES
