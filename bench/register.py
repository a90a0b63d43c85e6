"""Times saving a 60-person register (attendance, completions, charges, audit log) against a
bare ``bulk_create`` of the same number of rows, in the same run.

Standalone: ``python bench/register.py`` (set DATABASE_URL to run it on PostgreSQL). It builds
a throwaway database (on SQLite a file), seeds a course, a session that started two hours ago
and 60 people with confirmed places, then for each run makes a fresh session of 60 and times
``bookings.services.mark_register`` (57 attended, 2 no-shows, one late within the grace) and,
beside it, ``Booking.objects.bulk_create`` of 60 bare rows. It prints the medians, their ratio
and the SQL queries one register costs: inside its transaction the same for any size (the tests
prove it at two); the no-show emails sent after the commit add a few each.
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

warnings.filterwarnings("ignore", message="No directory at")

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

PEOPLE = 60
RUNS = int(os.environ.get("BENCH_RUNS", "15"))


def seed():
    """A course under a level, a venue, an administrator and 60 people who may book."""
    from allauth.account.models import EmailAddress

    from bookings.models import Area, Venue
    from courses.models import CoursePage, TrainingIndexPage, TrainingLevelPage
    from lscb_training.models import HomePage
    from people.models import Agency, Sector, User

    home = HomePage.objects.get(depth=2)
    index = home.add_child(instance=TrainingIndexPage(title="Training", slug="training"))
    level = index.add_child(instance=TrainingLevelPage(title="Level 1", slug="level-1", number=1, audience="All"))
    course = level.add_child(
        instance=CoursePage(title="CSE awareness", slug="cse-awareness", summary="CSE.", validity_months=36)
    )
    venue = Venue.objects.create(name="Riverside Centre", address="1 Castle Street", area=Area.CARLISLE)
    agency = Agency.objects.create(name="Fellside Health", sector=Sector.HEALTH)
    admin = User.objects.create(email="admin@example.org", full_name="Ada Admin", is_superuser=True)
    people = User.objects.bulk_create(
        User(email=f"person{n}@example.org", full_name=f"Person {n}", agency=agency) for n in range(PEOPLE)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=someone, email=someone.email, verified=True, primary=True) for someone in people
    )
    return course, venue, admin, people


def new_session(course, venue, run):
    from bookings.models import Booking, BookingStatus, Session

    # Each run's session a day earlier, so each person's completion is a new row.
    starts_at = timezone.now().replace(microsecond=0) - timedelta(days=run + 1, hours=-22)
    session = Session.objects.create(
        course=course, venue=venue, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), capacity=PEOPLE
    )
    Session.objects.filter(pk=session.pk).update(places_taken=PEOPLE)
    return session, Booking, BookingStatus


def main():
    from bookings import services
    from bookings.attendance import Mark
    from bookings.choices import Attendance

    old_name = connection.settings_dict["NAME"]
    workdir = tempfile.TemporaryDirectory(prefix="lscb-bench-")
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(workdir.name) / "bench.sqlite3")
    connection.creation.create_test_db(verbosity=0)
    try:
        course, venue, admin, people = seed()
        register_times, bulk_times, queries = [], [], None
        for run in range(RUNS):
            session, booking_model, status = new_session(course, venue, run)
            bookings = booking_model.objects.bulk_create(
                booking_model(session=session, user=someone, agency=someone.agency, status=status.CONFIRMED)
                for someone in people
            )
            marks = [Mark(booking.pk, Attendance.ATTENDED) for booking in bookings[:-3]]
            marks += [
                Mark(bookings[-3].pk, Attendance.ARRIVED_LATE, 10),
                Mark(bookings[-2].pk, Attendance.DID_NOT_ATTEND),
                Mark(bookings[-1].pk, Attendance.DID_NOT_ATTEND),
            ]
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                services.mark_register(session, marks, by=admin)
                register_times.append(time.perf_counter() - started)
            queries = len(captured)

            bare_session, _, _ = new_session(course, venue, run + RUNS)
            rows = [booking_model(session=bare_session, user=someone, status=status.CONFIRMED) for someone in people]
            started = time.perf_counter()
            booking_model.objects.bulk_create(rows)
            bulk_times.append(time.perf_counter() - started)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        workdir.cleanup()

    register_ms = statistics.median(register_times) * 1000
    bulk_ms = statistics.median(bulk_times) * 1000
    print(f"Register of {PEOPLE} people ({connection.vendor}, {RUNS} runs, medians):")
    print(f"  mark_register (57 attended, 1 late within grace, 2 no-shows): {register_ms:.1f} ms, {queries} queries")
    print("    (time and queries include the two no-show emails, composed and sent after the commit:")
    print("    the test settings run tasks at once; a deployment queues them for the worker)")
    print(f"  bare bulk_create of {PEOPLE} booking rows:                     {bulk_ms:.1f} ms")
    print(f"  ratio: {register_ms / bulk_ms:.1f}x")


if __name__ == "__main__":
    main()
