"""Times the calendar feed, cold and warm, at 40 and 1,000 upcoming sessions.

Standalone: ``python bench/calendar_feed.py`` (set DATABASE_URL to run it on PostgreSQL). It
builds a throwaway test database, seeds the training tree and the sessions through the ORM and
Wagtail's page API, then, with DEBUG and Django's test instrumentation off, times in-process
with Django's test client:

- a trivial Django view, through the same middleware;
- the feed warm: an unchanged feed fetched again, so its serialised body comes from the cache;
- the feed warm and conditional: the same with the ETag a calendar app sends back (a 304);
- the feed cold: the cache emptied before each fetch, so the feed is queried and built;
- bare icalendar: the same events (same properties, same VTIMEZONE) built from values already
  in memory with icalendar's ordinary ``add()`` and serialised, with no database, no view and no
  middleware: what icalendar alone costs for this feed.

Targets: warm feed at most 5x the trivial view at either size; cold feed at most
1.5x bare icalendar. Medians of interleaved runs, so drift in the machine's load hits all alike.
"""

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "lscb_training.settings.test"

import warnings  # noqa: E402

import django  # noqa: E402

# WhiteNoise warns that collectstatic has not run; the bench serves no static files.
warnings.filterwarnings("ignore", message="No directory at")

django.setup()

from icalendar import Calendar, Event  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.utils import timezone  # noqa: E402

SIZES = (40, 1000)
WARM_UP = 5
RUNS = int(os.environ.get("BENCH_RUNS", "200"))
# Cold builds take about a second at 1,000 sessions: fewer runs there (override with BENCH_COLD_RUNS).
COLD_RUNS = {40: 60, 1000: 15}
FEED = "/whats-on/calendar.ics"
TRIVIAL = "/bench/ok/"


def trivial(request):
    return HttpResponse("ok")


# This module is the URLconf while the bench runs: the site's URLs plus the trivial view.
urlpatterns = [path("bench/ok/", trivial), path("", include("lscb_training.urls"))]


def seed_catalogue():
    # The project's models are imported once django.setup() above has run.
    from bookings.models import Area, Venue
    from courses.models import CourseFormat, CoursePage, TrainingIndexPage, TrainingLevelPage
    from lscb_training.models import HomePage

    home = HomePage.objects.get(depth=2)
    index = home.add_child(instance=TrainingIndexPage(title="Training", slug="training"))
    courses = []
    for number in range(2, 5):
        level = index.add_child(
            instance=TrainingLevelPage(title=f"Level {number}", slug=f"level-{number}", number=number, audience="All")
        )
        for n in range(2):
            course = CoursePage(
                title=f"Level {number} workshop {n + 1}",
                slug=f"level-{number}-workshop-{n + 1}",
                summary="Recognising and responding to child sexual exploitation, with the partnership's procedures.",
                format=CourseFormat.FULL_DAY if number > 2 else CourseFormat.HALF_DAY,
            )
            level.add_child(instance=course)
            course.save_revision().publish()
            courses.append(course)
    venues = [
        Venue.objects.create(name=f"Venue {area}", address="1 Main Street\nTown", postcode="CA1 1AA", area=area)
        for area in Area.values
    ]
    return courses, venues


def add_sessions(courses, venues, first, count):
    # The project's models are imported once django.setup() above has run.
    from bookings.models import Session

    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    Session.objects.bulk_create(
        Session(
            course=courses[n % len(courses)],
            venue=venues[n % len(venues)],
            starts_at=start + timedelta(hours=8 * n),
            ends_at=start + timedelta(hours=8 * n + 3),
            capacity=12,
            delegate_notes="Please bring a notebook and your organisation's safeguarding procedures.",
        )
        for n in range(first, first + count)
    )


def bare_icalendar(rows, timezone_component):
    """The same events from plain values: what icalendar alone costs to build and serialise them."""
    calendar = Calendar()
    calendar.add("prodid", "-//bench//EN")
    calendar.add("version", "2.0")
    calendar.add_component(timezone_component)
    for row in rows:
        event = Event()
        for name, value in row:
            event.add(name, value)
        calendar.add_component(event)
    return calendar.to_ical()


def event_rows(body):
    """The feed's own events as (name, value) lists, decoded once, for ``bare_icalendar``."""
    calendar = Calendar.from_ical(body)
    names = ("uid", "dtstamp", "last-modified", "dtstart", "dtend", "summary", "location", "url", "sequence")
    names += ("status", "transp", "description")
    rows = [[(name, event.decoded(name)) for name in names] for event in calendar.events]
    return rows, calendar.timezones[0]


def timed(action):
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def get(client, url, expect=200, **headers):
    def fetch():
        response = client.get(url, headers=headers)
        assert response.status_code == expect, (url, response.status_code)

    return fetch


def cold(client):
    def fetch():
        cache.clear()
        get(client, FEED)()

    return fetch


def cold_runs(sessions):
    return int(os.environ.get("BENCH_COLD_RUNS", COLD_RUNS.get(sessions, 15)))


def measure(client, sessions):
    body = client.get(FEED).content
    etag = client.get(FEED)["ETag"]
    rows, timezone_component = event_rows(body)
    assert len(rows) == sessions, f"the feed has {len(rows)} events, not {sessions}"
    with CaptureQueriesContext(connection) as queries:
        cache.clear()
        client.get(FEED)
    cold_queries = len(queries)
    with CaptureQueriesContext(connection) as queries:
        client.get(FEED)
    warm_queries = len(queries)

    fast = {
        "trivial": get(client, TRIVIAL),
        "warm": get(client, FEED),
        "warm_304": get(client, FEED, expect=304, if_none_match=etag),
    }
    slow = {"cold": cold(client), "bare": lambda: bare_icalendar(rows, timezone_component)}
    for action in (*fast.values(), *slow.values()):
        for _ in range(WARM_UP):
            action()
    timings = {name: [] for name in (*fast, *slow)}
    for _ in range(RUNS):
        for name, action in fast.items():
            timings[name].append(timed(action))
    for _ in range(cold_runs(sessions)):
        for name, action in slow.items():
            timings[name].append(timed(action))
    medians = {name: statistics.median(values) * 1000 for name, values in timings.items()}
    # The fastest run too: on a shared machine the median moves with the load, the best much less.
    best = {f"{name}_best": min(values) * 1000 for name, values in timings.items()}
    return {
        **medians,
        **best,
        "bytes": len(body),
        "bare_bytes": len(bare_icalendar(rows, timezone_component)),
        "cold_queries": cold_queries,
        "warm_queries": warm_queries,
    }


LABELS = {
    "trivial": f"trivial Django view ({TRIVIAL}):",
    "warm": "feed warm (cached body):",
    "warm_304": "feed warm, If-None-Match (304):",
    "cold": "feed cold (cache emptied each time):",
    "bare": "bare icalendar, same events:",
}


def main():
    assert not settings.DEBUG, "the bench runs with DEBUG off"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0)
    results = {}
    try:
        with override_settings(ROOT_URLCONF=__name__):
            courses, venues = seed_catalogue()
            client = Client()
            seeded = 0
            for size in SIZES:
                add_sessions(courses, venues, seeded, size - seeded)
                seeded = size
                cache.clear()
                results[size] = measure(client, size)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    cold = " and ".join(f"{cold_runs(size)} at {size}" for size in SIZES)
    print(f"bench/calendar_feed.py: {RUNS} runs of the fast views, {cold} of the cold ones, after {WARM_UP} warm-up")
    print(f"  database: {connection.vendor}; DEBUG {settings.DEBUG}; cache {settings.CACHES['default']['BACKEND']}")
    ok = True
    for size, r in results.items():
        warm_ratio, warm_304_ratio, cold_ratio = (
            r["warm"] / r["trivial"],
            r["warm_304"] / r["trivial"],
            r["cold"] / r["bare"],
        )
        ok = ok and warm_ratio <= 5 and cold_ratio <= 1.5
        sizes = f"{r['bytes'] / 1024:.0f} KB feed, bare icalendar {r['bare_bytes'] / 1024:.0f} KB"
        print(f"  {size} upcoming sessions ({sizes}):")
        for name, label in LABELS.items():
            queries = f", {r[name + '_queries']} SQL queries" if name + "_queries" in r else ""
            print(f"    {label:<38} median {r[name]:8.2f} ms, best {r[name + '_best']:8.2f} ms{queries}")
        best_cold_ratio = r["cold_best"] / r["bare_best"]
        print(f"    warm / trivial: {warm_ratio:.1f}x (target <= 5x); 304 / trivial: {warm_304_ratio:.1f}x")
        print(f"    cold / bare icalendar: {cold_ratio:.2f}x (target <= 1.5x); best to best {best_cold_ratio:.2f}x")
    print(f"  targets {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
