"""A freed place is offered to the first person waiting, for a window; accepted, it is theirs;
declined or lapsed, it passes to the next; after the late-cancellation cut-off offers stop."""

import contextlib
import io
from datetime import timedelta

import pytest
import time_machine

from django.core.management import call_command
from django.utils import timezone

from bookings.choices import BookingEvent, BookingStatus
from bookings.models import Booking, Session
from bookings.services import (
    BookingBusy,
    BookingRefused,
    accept_offer,
    book_session,
    cancel_booking,
    cancel_session,
    change_capacity,
    decline_offer,
    session_bookings,
    settle_offers,
)
from tests.bookings.factories import BookingFactory, SessionFactory
from tests.bookings.helpers import london, person, person_with_a_lead, session_at, snapshot
from tests.courses.factories import CoursePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_with_two_waiting():
    """A one-place session, booked, with two people waiting: (booked, first, second)."""
    session = SessionFactory(capacity=1, days_ahead=30)
    return [book_session(person(), session) for _ in range(3)]


def status(booking):
    return Booking.objects.get(pk=booking.pk).status


def test_a_cancelled_place_is_offered_to_the_first_person_waiting_for_48_hours(full_with_two_waiting, announced):
    booked, first, second = full_with_two_waiting
    now = timezone.now()

    with announced() as sent:
        cancel_booking(booked, by=booked.user, now=now)

    first.refresh_from_db()
    assert (first.status, first.offer_expires_at) == (BookingStatus.OFFERED, now + timedelta(hours=48))
    assert status(second) == BookingStatus.WAITLISTED
    assert first.session.places_taken == 1  # the offered place is held for them
    assert sent == [
        (booked.user, BookingEvent.CANCELLED, {"late": False, "was": BookingStatus.CONFIRMED}),
        (first.user, BookingEvent.OFFERED, {}),
    ]


def test_accepting_an_offer_confirms_the_place(full_with_two_waiting, announced):
    booked, first, _second = full_with_two_waiting
    cancel_booking(booked, by=booked.user)

    with announced() as sent:
        accept_offer(first, by=first.user)

    first.refresh_from_db()
    assert (first.status, first.offer_expires_at) == (BookingStatus.CONFIRMED, None)
    assert sent == [(first.user, BookingEvent.CONFIRMED, {})]


def test_declining_an_offer_passes_it_to_the_next_person(full_with_two_waiting, announced):
    booked, first, second = full_with_two_waiting
    cancel_booking(booked, by=booked.user)

    with announced() as sent:
        decline_offer(first, by=first.user)

    assert (status(first), status(second)) == (BookingStatus.CANCELLED, BookingStatus.OFFERED)
    assert sent == [(first.user, BookingEvent.OFFER_DECLINED, {}), (second.user, BookingEvent.OFFERED, {})]


def test_a_lapsed_offer_passes_to_the_next_person_at_the_next_read(full_with_two_waiting, announced):
    booked, first, second = full_with_two_waiting
    cancel_booking(booked, by=booked.user)

    with announced() as sent, time_machine.travel(timezone.now() + timedelta(hours=48, seconds=1)):
        list(session_bookings(first.session))

    assert (status(first), status(second)) == (BookingStatus.CANCELLED, BookingStatus.OFFERED)
    assert sent == [(first.user, BookingEvent.OFFER_EXPIRED, {}), (second.user, BookingEvent.OFFERED, {})]
    first.session.refresh_from_db()
    assert first.session.places_taken == 1


def test_a_lapsed_offer_cannot_be_accepted(full_with_two_waiting):
    booked, first, second = full_with_two_waiting
    cancel_booking(booked, by=booked.user)
    later = timezone.now() + timedelta(hours=49)

    with pytest.raises(BookingRefused) as refusal:
        accept_offer(first, by=first.user, now=later)

    assert refusal.value.messages == ["This offer is no longer open."]
    assert (status(first), status(second)) == (BookingStatus.CANCELLED, BookingStatus.OFFERED)


def test_an_offer_answered_once_cannot_be_answered_again(full_with_two_waiting):
    booked, first, _second = full_with_two_waiting
    cancel_booking(booked, by=booked.user)
    accept_offer(first, by=first.user)
    before = snapshot(first.session)

    with pytest.raises(BookingRefused):
        decline_offer(first, by=first.user)

    assert snapshot(first.session) == before


def test_a_newcomer_joins_the_waiting_list_while_a_place_is_on_offer(full_with_two_waiting):
    booked, _first, _second = full_with_two_waiting
    cancel_booking(booked, by=booked.user)

    assert book_session(person(), booked.session).status == BookingStatus.WAITLISTED


def test_the_offer_window_never_passes_the_session_start(settings):
    settings.BOOKING_LATE_CANCEL_WORKING_DAYS = 0
    session = SessionFactory(capacity=1)
    booked, waiting = book_session(person(), session), book_session(person(), session)

    cancel_booking(booked, by=booked.user, now=session.starts_at - timedelta(hours=20))

    waiting.refresh_from_db()
    assert waiting.offer_expires_at == session.starts_at


def test_the_offer_window_is_a_setting(settings, full_with_two_waiting):
    settings.BOOKING_OFFER_HOURS = 24
    booked, first, _second = full_with_two_waiting
    now = timezone.now()

    cancel_booking(booked, by=booked.user, now=now)

    first.refresh_from_db()
    assert first.offer_expires_at == now + timedelta(hours=24)


def test_after_the_late_cancellation_cut_off_a_freed_place_is_not_offered_and_newcomers_still_wait():
    session = SessionFactory(capacity=1, days_ahead=1)
    booked, waiting = book_session(person(), session), book_session(person(), session)

    cancel_booking(booked, by=booked.user)
    settle_offers(session)

    session.refresh_from_db()
    assert status(waiting) == BookingStatus.WAITLISTED and session.places_taken == 0
    assert Booking.objects.get(pk=booked.pk).cancelled_late
    assert book_session(person(), session).status == BookingStatus.WAITLISTED


def free_place_with_someone_waiting(**course):
    """A one-place session on Tuesday 30 March 2027 (after the Easter bank holidays) whose place
    is free while someone waits: what ``settle_offers`` finds when an offer was never made."""
    session = session_at(london(2027, 3, 30, 9, 30), capacity=1, course=CoursePageFactory(**course))
    return BookingFactory(session=session, status=BookingStatus.WAITLISTED)


def test_a_course_with_a_shorter_cut_off_offers_a_free_place_inside_the_site_wide_one():
    waiting = free_place_with_someone_waiting(late_cancellation_working_days=0)

    # Thursday 25 March: inside the default three working days, outside this course's none.
    settle_offers(waiting.session, now=london(2027, 3, 25, 12, 0))

    assert status(waiting) == BookingStatus.OFFERED


def test_a_course_with_a_longer_cut_off_stops_offers_before_the_site_wide_one():
    waiting = free_place_with_someone_waiting(late_cancellation_working_days=10)

    # Friday 19 March: outside the default three working days, inside this course's ten.
    settle_offers(waiting.session, now=london(2027, 3, 19, 12, 0))

    assert status(waiting) == BookingStatus.WAITLISTED


def test_raising_capacity_offers_the_new_places_in_queue_order():
    session = SessionFactory(capacity=1)
    booked, first, second, third = (book_session(person(), session) for _ in range(4))

    change_capacity(session, 3, by=None)

    assert [status(b) for b in (booked, first, second, third)] == [
        BookingStatus.CONFIRMED,
        BookingStatus.OFFERED,
        BookingStatus.OFFERED,
        BookingStatus.WAITLISTED,
    ]


def test_accepting_an_offer_on_a_course_needing_approval_awaits_approval():
    session = SessionFactory(capacity=1, course=CoursePageFactory(requires_lead_approval=True))
    booked, waiting = book_session(person_with_a_lead(), session), book_session(person_with_a_lead(), session)
    cancel_booking(booked, by=booked.user)

    accept_offer(waiting, by=waiting.user)

    assert status(waiting) == BookingStatus.AWAITING_APPROVAL


def test_run_booking_jobs_expires_offers_and_running_it_twice_changes_nothing_more(full_with_two_waiting, capsys):
    booked, first, second = full_with_two_waiting
    cancel_booking(booked, by=booked.user)

    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        call_command("run_booking_jobs")
        after_once = snapshot(first.session)
        call_command("run_booking_jobs")

    assert snapshot(first.session) == after_once
    assert (status(first), status(second)) == (BookingStatus.CANCELLED, BookingStatus.OFFERED)
    assert "Offers settled on 1 session(s)." in capsys.readouterr().out


def test_settling_and_the_jobs_leave_a_cancelled_session_as_it_was(full_with_two_waiting, announced, capsys):
    booked, first, second = full_with_two_waiting
    cancel_booking(booked, by=booked.user)  # first is offered the place, second waits
    cancel_session(first.session)
    before = snapshot(first.session)

    with announced() as sent, time_machine.travel(timezone.now() + timedelta(hours=49)):
        assert settle_offers(first.session) == 0
        call_command("run_booking_jobs")

    assert snapshot(first.session) == before
    assert (status(first), status(second)) == (BookingStatus.OFFERED, BookingStatus.WAITLISTED)
    assert sent == []
    assert "Offers settled on 0 session(s)." in capsys.readouterr().out


@pytest.mark.parametrize("listing", ["course", "level", "whats_on"])
def test_any_visitor_to_a_page_showing_the_places_settles_a_lapsed_offer(full_with_two_waiting, client, listing):
    booked, first, second = full_with_two_waiting
    cancel_booking(booked, by=booked.user)
    course = first.session.course
    url = {"course": course.url, "level": course.get_parent().url, "whats_on": "/whats-on/"}[listing]

    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        response = client.get(url)  # signed out

    assert response.status_code == 200
    assert (status(first), status(second)) == (BookingStatus.CANCELLED, BookingStatus.OFFERED)


def test_settling_a_page_of_sessions_with_nothing_due_costs_one_query(full_with_two_waiting, django_assert_num_queries):
    sessions = Session.objects.filter(pk=full_with_two_waiting[0].session_id)

    with django_assert_num_queries(1):
        assert settle_offers(sessions=sessions) == 0


def test_settling_a_session_with_nothing_due_costs_one_query(full_with_two_waiting, django_assert_num_queries):
    session = full_with_two_waiting[0].session

    with django_assert_num_queries(1):
        settle_offers(session)


def test_run_booking_jobs_every_n_seconds_keeps_running_the_jobs(monkeypatch):
    runs = []

    def stop_after_the_second_pause(seconds):
        runs.append(seconds)
        if len(runs) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("lscb_training.jobs_command.time.sleep", stop_after_the_second_pause)

    with pytest.raises(KeyboardInterrupt):
        call_command("run_booking_jobs", "--every", "60", stdout=io.StringIO())

    assert runs == [60, 60]


def test_a_page_that_settles_a_session_someone_else_has_locked_still_shows_not_an_error(
    full_with_two_waiting, client, monkeypatch
):
    booked, first, _ = full_with_two_waiting
    cancel_booking(booked, by=booked.user)
    lapsed = timezone.now() + timedelta(hours=49)

    @contextlib.contextmanager
    def held_elsewhere(session_pk):
        raise BookingBusy("Many people are booking this session right now. Please try again.")
        yield  # pragma: no cover - a generator, as the real context manager is

    monkeypatch.setattr("bookings.services.locked_session", held_elsewhere)
    with time_machine.travel(lapsed):
        response = client.get(f"/sessions/{first.session.uid}/")
        settled = settle_offers(first.session)

    assert response.status_code == 200
    assert settled == 0
    assert status(first) == BookingStatus.OFFERED  # left for the next read, not lost
