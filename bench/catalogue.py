"""Times the what's-on page with 500 upcoming sessions against a trivial Django view.

Standalone: ``python bench/catalogue.py`` (set DATABASE_URL to run it on PostgreSQL). It
builds a throwaway test database, seeds the training tree and 500 sessions through the ORM and
Wagtail's page API, then renders both views in-process with Django's test client: a warm-up,
then many interleaved runs of each, reporting the medians and their ratio. The trivial view
goes through the same middleware, so the ratio is what the page itself costs.
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

from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.utils import timezone  # noqa: E402

SESSIONS = 500
WARM_UP = 20
RUNS = int(os.environ.get("BENCH_RUNS", "200"))


def trivial(request):
    return HttpResponse("ok")


# This module is the URLconf while the bench runs: the site's URLs plus the trivial view.
urlpatterns = [path("bench/ok/", trivial), path("", include("lscb_training.urls"))]


def seed():
    from bookings.models import Area, Booking, BookingStatus, Session, Venue
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
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    sessions = Session.objects.bulk_create(
        Session(
            course=courses[n % len(courses)],
            venue=venues[n % len(venues)],
            starts_at=start + timedelta(hours=8 * n),
            ends_at=start + timedelta(hours=8 * n + 3),
            capacity=12,
        )
        for n in range(SESSIONS)
    )
    people = [User.objects.create_user(f"person{n}@example.org", full_name=f"Person {n}") for n in range(15)]
    Booking.objects.bulk_create(
        Booking(session=session, user=person, status=BookingStatus.CONFIRMED if p < 12 else BookingStatus.WAITLISTED)
        for session in sessions[::5]
        for p, person in enumerate(people)
    )


def time_once(client, url):
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0)
    try:
        with override_settings(ROOT_URLCONF=__name__):
            seed()
            client = Client()
            urls = {"whats_on": "/whats-on/", "trivial": "/bench/ok/"}
            for url in urls.values():
                for _ in range(WARM_UP):
                    time_once(client, url)
            with CaptureQueriesContext(connection) as queries:
                client.get(urls["whats_on"])
            query_count = len(queries)  # read now: the list is lazy and goes with the test database
            timings = {name: [] for name in urls}
            for _ in range(RUNS):  # interleaved, so drift in the machine's load hits both alike
                for name, url in urls.items():
                    timings[name].append(time_once(client, url))
            medians = {name: statistics.median(values) * 1000 for name, values in timings.items()}
            page = client.get(urls["whats_on"]).content.decode()
            assert f"{SESSIONS} sessions" in page, "the page did not list the seeded sessions"
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    whats_on, trivial_ms = medians["whats_on"], medians["trivial"]
    print(f"bench/catalogue.py: {SESSIONS} upcoming sessions, {RUNS} runs each after {WARM_UP} warm-up")
    print(f"  database: {connection.vendor}")
    print(f"  what's on (/whats-on/, 20 a page): median {whats_on:.2f} ms, {query_count} SQL queries")
    print(f"  trivial Django view (/bench/ok/):  median {trivial_ms:.2f} ms")
    print(f"  ratio: {whats_on / trivial_ms:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
