"""Never overbooked, whatever the concurrency: threads racing through the booking verbs on a real
database that every thread reaches through its own connection.

The tests run on whichever engine the suite runs on (SQLite by default, PostgreSQL with
``DATABASE_URL``). Threads need committed data, which a test inside pytest-django's transaction
cannot give, and emptying the test database afterwards would lose what its migrations put there.
So ``race_database`` copies the test database (SQLite: into a temporary file, with WAL and
IMMEDIATE transactions as configured; an in-memory database cannot be shared by threads that
write; PostgreSQL: a new database made from it as a template), points the connections at the
copy for the test, and drops it after.
"""

import random
import sqlite3
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import psycopg
import pytest

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import setup_databases, teardown_databases
from django.utils import timezone

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from bookings.choices import BookingStatus
from bookings.models import Booking, Session
from bookings.services import (
    BookingBusy,
    BookingRefused,
    accept_offer,
    book_session,
    cancel_booking,
    decline_offer,
    locked_session,
    settle_offers,
    transfer_booking,
)
from lscb_training.models import HomePage
from tests.bookings.factories import SessionFactory
from tests.bookings.helpers import person
from tests.courses.factories import CoursePageFactory

RACERS = 30
PLACES = 5


@pytest.fixture(scope="session")
def test_database(django_db_setup, django_db_blocker):
    """The test database, made here when no test run with it asked pytest-django for one (it
    makes one only for tests marked ``django_db``, and these must not be: see the module)."""
    with django_db_blocker.unblock():
        made = None
        if connection.settings_dict["NAME"] != connection.creation._get_test_db_name():
            made = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        yield
        if made:
            teardown_databases(made, verbosity=0)


def ensure_page_tree():
    """The root, home page and default site the migrations made, put back if a transactional
    test that ran earlier in the session flushed them (these tests run after those)."""
    if Site.objects.filter(is_default_site=True).exists():
        return
    ContentType.objects.clear_cache()  # the flush renumbered them
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale, _ = Locale.objects.get_or_create(language_code=language)
    root = Page.get_first_root_node() or Page.add_root(title="Root", locale=locale)
    home = root.add_child(instance=HomePage(title="CSE training for professionals", slug="home", locale=locale))
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)


@pytest.fixture
def race_database(test_database, django_db_blocker, tmp_path):
    with django_db_blocker.unblock():
        ensure_page_tree()
        # Each copy starts from the test database's own rows: forget ids a previous copy cached.
        ContentType.objects.clear_cache()
        settings_dict = connection.settings_dict
        test_name = settings_dict["NAME"]
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            keeper = connection.connection  # holds the shared in-memory test database open
            copy = sqlite3.connect(tmp_path / "race.sqlite3")
            keeper.backup(copy)
            copy.close()
            settings_dict["NAME"] = str(tmp_path / "race.sqlite3")
            connection.connection = None  # the next query opens the file
            try:
                yield
            finally:
                connection.close()
                settings_dict["NAME"] = test_name
                connection.connection = keeper
        else:
            race_name = f"{test_name}_race_{uuid.uuid4().hex[:8]}"
            connection.close()
            with _admin_connection(settings_dict) as admin:
                admin.execute(f'CREATE DATABASE "{race_name}" TEMPLATE "{test_name}"')
            settings_dict["NAME"] = race_name
            try:
                yield
            finally:
                connection.close()
                settings_dict["NAME"] = test_name
                with _admin_connection(settings_dict) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{race_name}" WITH (FORCE)')


def _admin_connection(settings_dict):
    return psycopg.connect(
        dbname="postgres",
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"],
        host=settings_dict["HOST"],
        port=settings_dict["PORT"] or 5432,
        autocommit=True,
    )


def race(work, items, threads=None):
    """Runs ``work(item)`` for every item, each in its own thread, all released at once."""
    threads = threads or len(items)
    start = threading.Barrier(threads)

    def run(item):
        try:
            start.wait()
            return work(item)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(run, items))


def patiently(verb, *args, **kwargs):
    """Calls a booking verb as a person would: trying again when told the site is busy."""
    for _ in range(50):
        try:
            return verb(*args, **kwargs)
        except BookingBusy:
            time.sleep(0.01)
    raise AssertionError("still busy after 50 tries")


def book_without_the_guard(someone, session):
    """The control: the check and the write in separate statements, with no lock and no
    conditional update between them, as a naive view would book."""
    taken = Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED).count()
    time.sleep(0.05)  # the gap every real request has between reading and writing
    status = BookingStatus.CONFIRMED if taken < session.capacity else BookingStatus.WAITLISTED
    return Booking.objects.create(
        session=session,
        user=someone,
        status=status,
        waitlisted_at=timezone.now() if status == BookingStatus.WAITLISTED else None,
    )


def racers_and_session():
    session = SessionFactory(capacity=PLACES, waiting_list_size=RACERS)
    return [person() for _ in range(RACERS)], session


def test_without_the_guard_thirty_people_racing_for_five_places_overbook(race_database):
    people, session = racers_and_session()

    race(lambda someone: book_without_the_guard(someone, session), people)

    assert Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED).count() > PLACES


def test_thirty_people_racing_for_five_places_get_five_confirmed_and_twenty_five_waiting(race_database):
    people, session = racers_and_session()

    bookings = race(lambda someone: patiently(book_session, someone, session), people)

    statuses = [booking.status for booking in bookings]
    assert statuses.count(BookingStatus.CONFIRMED) == PLACES
    assert statuses.count(BookingStatus.WAITLISTED) == RACERS - PLACES
    rows = Booking.objects.filter(session=session)
    assert rows.count() == RACERS and rows.values("user").distinct().count() == RACERS
    assert Session.objects.get(pk=session.pk).places_taken == PLACES
    call_command("reconcile_bookings")  # exits non-zero on drift


def test_one_person_submitting_twice_at_once_gets_one_booking(race_database):
    someone, session = person(), SessionFactory()

    def submit(_):
        try:
            return patiently(book_session, someone, session)
        except BookingRefused:
            return None

    results = race(submit, range(6))

    assert len([booking for booking in results if booking]) == 1
    assert Booking.objects.filter(session=session, user=someone).count() == 1


def test_a_storm_of_every_verb_ends_with_no_drift_and_every_waiting_list_in_order(race_database):
    sessions = [SessionFactory(capacity=3, waiting_list_size=6, days_ahead=30 + n) for n in range(2)]
    people = [person() for _ in range(16)]
    later = timezone.now() + timedelta(hours=49)

    def storm(seed):
        chance = random.Random(seed)  # noqa: S311 - a repeatable storm, not a secret
        mine = people[seed * 2 : seed * 2 + 2]
        for _ in range(12):
            someone, session = chance.choice(mine), chance.choice(sessions)
            booking = Booking.objects.active().filter(user=someone, session=session).first()
            move = chance.choice(["book", "book", "cancel", "accept", "decline", "expire"])
            try:
                if move == "book":
                    patiently(book_session, someone, session)
                elif move == "expire":
                    patiently(settle_offers, session, now=later)
                elif booking and move == "cancel":
                    patiently(cancel_booking, booking, by=someone)
                elif booking and move == "accept":
                    patiently(accept_offer, booking, by=someone)
                elif booking and move == "decline":
                    patiently(decline_offer, booking, by=someone)
            except BookingRefused:
                pass

    race(storm, range(8))

    call_command("reconcile_bookings")  # exits non-zero on drift
    for session in Session.objects.filter(pk__in=[s.pk for s in sessions]):
        assert session.places_taken <= session.capacity
        offered = Booking.objects.filter(session=session, status=BookingStatus.OFFERED)
        waiting = Booking.objects.filter(session=session).waitlisted()
        if waiting.exists():
            # Nobody waits while a place is free, and nobody waiting joined before someone offered.
            assert session.places_taken == session.capacity
            first_waiting = waiting.first().waitlisted_at
            assert all(offer.waitlisted_at <= first_waiting for offer in offered)


def test_a_booking_that_waits_too_long_for_the_lock_is_told_busy_and_changes_nothing(race_database, settings):
    settings.BOOKING_LOCK_TIMEOUT = "200ms"
    session = SessionFactory()
    someone = person()
    holding, release = threading.Event(), threading.Event()

    def hold_the_session():
        try:
            with locked_session(session.pk):
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    options = connection.settings_dict["OPTIONS"]
    if connection.vendor == "sqlite":
        connection.settings_dict["OPTIONS"] = {**options, "timeout": 0.2}  # its wait for the write lock
    connection.close()
    holder = threading.Thread(target=hold_the_session)
    holder.start()
    try:
        holding.wait(10)
        with pytest.raises(BookingBusy):
            book_session(someone, session)
    finally:
        release.set()
        holder.join()
        connection.settings_dict["OPTIONS"] = options
        connection.close()

    assert not Booking.objects.filter(session=session).exists()
    assert Session.objects.get(pk=session.pk).places_taken == 0


def test_moves_between_two_sessions_in_both_directions_at_once_neither_deadlock_nor_drift(race_database):
    # transfer_booking locks both sessions, always the lower id first: two moves in opposite
    # directions would otherwise each hold one lock and wait for the other.
    course = CoursePageFactory()
    first, second = SessionFactory(course=course, capacity=20), SessionFactory(course=course, capacity=20)
    on_first = [book_session(person(), first) for _ in range(6)]
    on_second = [book_session(person(), second) for _ in range(6)]
    moves = [(booking, second) for booking in on_first] + [(booking, first) for booking in on_second]

    moved = race(lambda move: patiently(transfer_booking, move[0], move[1], by=None), moves)

    assert [booking.status for booking in moved] == [BookingStatus.CONFIRMED] * len(moves)
    assert Session.objects.get(pk=first.pk).places_taken == 6
    assert Session.objects.get(pk=second.pk).places_taken == 6
    call_command("reconcile_bookings")  # exits non-zero on drift
