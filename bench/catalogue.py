"""Times the catalogue's public pages at 40 and at 1,000 upcoming sessions against a trivial view.

Standalone: ``python bench/catalogue.py`` (set DATABASE_URL to run it on PostgreSQL). It
builds a throwaway database (on SQLite a file, as a deployment has, so opening a connection
costs what it costs there), seeds the training tree and 40 sessions through the ORM and
Wagtail's page API, times What's on, a level page and a course page against a trivial Django
view, then adds sessions up to 1,000 and times them again. Each size is a warm-up, then many
interleaved runs of every page, reporting the medians, their ratio to the trivial view, the
SQL queries and the size of the HTML.

DEBUG is off and the test instrumentation (``setup_test_environment``, which wraps every
template render in a signal) is never installed, so the figures are those of a live site. The
trivial view goes through the same middleware, so a ratio is what the page itself costs.
"""

import os
import statistics
import sys
import tempfile
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

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.utils import timezone  # noqa: E402

SIZES = (40, 1000)
WARM_UP = 20
RUNS = int(os.environ.get("BENCH_RUNS", "150"))
WHATS_ON_TARGET = 30  # times the trivial view: the catalogue's budget for What's on


def trivial(request):
    return HttpResponse("ok")


# This module is the URLconf while the bench runs: the site's URLs plus the trivial view.
urlpatterns = [path("bench/ok/", trivial), path("", include("lscb_training.urls"))]


def seed_catalogue():
    """Four levels of two workshop courses, a venue in every area and 15 people to book."""
    # The project's models are imported once django.setup() above has run.
    from bookings.models import Area, Venue
    from courses.models import CourseFormat, CoursePage, TrainingIndexPage, TrainingLevelPage
    from lscb_training.models import HomePage
    from people.models import User

    home = HomePage.objects.get(depth=2)
    index = home.add_child(instance=TrainingIndexPage(title="Training", slug="training"))
    courses = []
    for number in range(1, 5):
        level = index.add_child(
            instance=TrainingLevelPage(title=f"Level {number}", slug=f"level-{number}", number=number, audience="All")
        )
        for n in range(2):
            course = CoursePage(
                title=f"Level {number} workshop {n + 1}",
                slug=f"level-{number}-workshop-{n + 1}",
                summary="Recognising and responding to child sexual exploitation.",
                format=CourseFormat.FULL_DAY if number > 2 else CourseFormat.HALF_DAY,
            )
            course.topics.add("cse", f"topic-{n}")
            level.add_child(instance=course)
            courses.append(course)
    venues = [
        Venue.objects.create(name=f"Venue {area}", address="1 Main Street", postcode="CA1 1AA", area=area)
        for area in Area.values
    ]
    people = [User.objects.create_user(f"person{n}@example.org", full_name=f"Person {n}") for n in range(15)]
    return courses, venues, people


def add_sessions(courses, venues, people, first, last):
    """Sessions ``first`` to ``last - 1``, eight hours apart; every fifth one full with a queue."""
    # The project's models are imported once django.setup() above has run.
    from bookings.models import Booking, BookingStatus, Session

    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    sessions = Session.objects.bulk_create(
        Session(
            course=courses[n % len(courses)],
            venue=venues[n % len(venues)],
            starts_at=start + timedelta(hours=8 * n),
            ends_at=start + timedelta(hours=8 * n + 3),
            capacity=12,
        )
        for n in range(first, last)
    )
    Booking.objects.bulk_create(
        Booking(session=session, user=person, status=BookingStatus.CONFIRMED if p < 12 else BookingStatus.WAITLISTED)
        for session in sessions[::5]
        for p, person in enumerate(people)
    )


def time_once(client, url):
    # CPU time of this process, not wall time: on a machine shared with other work a 15 ms
    # request is preempted many times and a 0.3 ms one hardly ever, which would skew the ratios.
    # Database work counts too: SQLite runs in this process (PostgreSQL's server does not).
    started = time.process_time()
    response = client.get(url)
    elapsed = time.process_time() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def measure(client, urls):
    """Median milliseconds, SQL queries and HTML bytes of each URL."""
    for url in urls.values():
        for _ in range(WARM_UP):
            time_once(client, url)
    figures = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        figures[name] = {"queries": len(queries), "bytes": len(response.content)}
    timings = {name: [] for name in urls}
    for _ in range(RUNS):  # interleaved, so drift in the machine's load hits every page alike
        for name, url in urls.items():
            timings[name].append(time_once(client, url))
    for name, values in timings.items():
        figures[name]["ms"] = statistics.median(values) * 1000
    return figures


def main():
    old_name = connection.settings_dict["NAME"]
    workdir = tempfile.TemporaryDirectory(prefix="lscb-bench-")
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(workdir.name) / "bench.sqlite3")
    connection.creation.create_test_db(verbosity=0)
    results = {}
    try:
        with override_settings(ROOT_URLCONF=__name__, DEBUG=False):
            assert not settings.DEBUG
            courses, venues, people = seed_catalogue()
            client = Client()
            urls = {
                "trivial": "/bench/ok/",
                "whats_on": "/whats-on/",
                "level": "/training/level-1/",
                "course": "/training/level-1/level-1-workshop-1/",
            }
            seeded = 0
            for size in SIZES:
                add_sessions(courses, venues, people, seeded, size)
                seeded = size
                results[size] = measure(client, urls)
                page = client.get(urls["whats_on"]).content.decode()
                assert f"{size} sessions" in page, "What's on did not list the seeded sessions"
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        workdir.cleanup()

    labels = {
        "trivial": "trivial Django view (/bench/ok/)",
        "whats_on": "What's on (/whats-on/, 20 a page)",
        "level": "level page (4 courses' next dates)",
        "course": "course page (its sessions panel)",
    }
    print(f"bench/catalogue.py: {RUNS} interleaved runs of each page after {WARM_UP} warm-up")
    print(f"  database: {connection.vendor}; CONN_MAX_AGE={connection.settings_dict['CONN_MAX_AGE']}; DEBUG off")
    for size, figures in results.items():
        trivial_ms = figures["trivial"]["ms"]
        print(f"  {size} upcoming sessions:")
        for name, label in labels.items():
            f = figures[name]
            ratio = "" if name == "trivial" else f", {f['ms'] / trivial_ms:5.1f}x trivial"
            print(f"    {label:38} median {f['ms']:7.2f} ms CPU{ratio}, {f['queries']:2} queries, {f['bytes']:6} bytes")
    small, large = (results[size] for size in SIZES)
    worst = max(figures["whats_on"]["ms"] / figures["trivial"]["ms"] for figures in results.values())
    print(f"  What's on, worst ratio: {worst:.1f}x (target at most {WHATS_ON_TARGET}x)")
    time_growth = large["course"]["ms"] / small["course"]["ms"]
    size_growth = large["course"]["bytes"] / small["course"]["bytes"]
    print(
        f"  course page, {SIZES[1]} against {SIZES[0]} sessions: time {time_growth:.2f}x,"
        f" HTML {size_growth:.2f}x (target flat)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
