"""Reminders a week and a day before a session (bookings.notices.send_due_reminders): each sent
once, whenever and however often the job runs."""

from datetime import timedelta

import pytest

from django.core import mail
from django.utils import timezone

from bookings.choices import BookingStatus, SessionStatus
from bookings.jobs import JOBS
from bookings.notice_models import NoticeEvent, SentNotice
from bookings.notices import REMINDERS, compose_notice, due_reminders, send_due_reminders, send_notice
from tests.bookings.factories import BookingFactory
from tests.bookings.notice_helpers import STARTS, make_booking, make_session

pytestmark = pytest.mark.django_db

WEEK_BEFORE = STARTS - timedelta(days=7)
DAY_BEFORE = STARTS - timedelta(days=1)


def subjects():
    return [message.subject for message in mail.outbox]


def test_the_reminders_job_is_registered_and_sends_the_due_reminders(monkeypatch):
    calls = []
    monkeypatch.setattr("bookings.jobs.send_due_reminders", lambda now=None: calls.append(now) or 2)

    lines = [job() for job in JOBS]

    assert calls == [None]
    assert "Queued 2 reminder(s)." in lines


def test_no_reminder_before_a_week_to_go():
    make_booking()

    assert send_due_reminders(now=WEEK_BEFORE - timedelta(minutes=1)) == 0
    assert mail.outbox == []


def test_the_week_reminder_is_sent_once_when_the_job_runs_twice():
    booking = make_booking()

    send_due_reminders(now=WEEK_BEFORE + timedelta(minutes=5))
    send_due_reminders(now=WEEK_BEFORE + timedelta(minutes=20))

    assert subjects() == ["Reminder: CSE Awareness for Practitioners next week"]
    assert mail.outbox[0].to == [booking.user.email]
    assert SentNotice.objects.filter(booking=booking, event=NoticeEvent.REMINDER_7D).count() == 1


def test_as_the_clock_moves_on_each_reminder_is_sent_once():
    make_booking()

    for now in (
        WEEK_BEFORE + timedelta(minutes=1),
        WEEK_BEFORE + timedelta(days=3),
        DAY_BEFORE + timedelta(minutes=1),
        DAY_BEFORE + timedelta(hours=12),
        STARTS + timedelta(hours=1),
    ):
        send_due_reminders(now=now)

    assert subjects() == [
        "Reminder: CSE Awareness for Practitioners next week",
        "Reminder: CSE Awareness for Practitioners tomorrow",
    ]


def test_a_worker_down_at_the_week_mark_still_sends_the_week_reminder_before_the_day_one():
    make_booking()

    send_due_reminders(now=DAY_BEFORE - timedelta(hours=2))

    assert subjects() == ["Reminder: CSE Awareness for Practitioners next week"]


def test_a_booking_made_inside_the_week_gets_only_the_day_reminder(monkeypatch):
    session = make_session()
    monkeypatch.setattr(timezone, "now", lambda: STARTS - timedelta(days=3))
    make_booking(session=session)
    monkeypatch.undo()

    send_due_reminders(now=STARTS - timedelta(days=3) + timedelta(minutes=15))
    send_due_reminders(now=DAY_BEFORE + timedelta(minutes=15))

    assert subjects() == ["Reminder: CSE Awareness for Practitioners tomorrow"]


@pytest.mark.parametrize("status", [BookingStatus.WAITLISTED, BookingStatus.CANCELLED])
def test_only_confirmed_places_are_reminded(status):
    make_booking(status=status)

    assert send_due_reminders(now=DAY_BEFORE) == 0


def test_a_cancelled_session_sends_no_reminder():
    make_booking(session=make_session(status=SessionStatus.CANCELLED))

    assert send_due_reminders(now=DAY_BEFORE) == 0


def test_two_runs_that_find_the_same_reminder_at_once_send_it_once():
    """Two servers running the job together: both find the booking before either sends."""
    make_booking()
    event, ahead = REMINDERS[1]
    first, second = list(due_reminders(event, ahead, DAY_BEFORE)), list(due_reminders(event, ahead, DAY_BEFORE))

    for booking in first + second:
        send_notice.enqueue(**compose_notice(booking, event, now=DAY_BEFORE))

    assert len(first + second) == 2
    assert len(mail.outbox) == 1


def test_finding_due_reminders_is_one_query_however_many_bookings(django_assert_num_queries):
    session = make_session()
    BookingFactory.create_batch(5, session=session)

    with django_assert_num_queries(1):
        due = list(due_reminders(*REMINDERS[1], DAY_BEFORE))

    assert len(due) == 5
    assert {booking.session.course.title for booking in due} == {"CSE Awareness for Practitioners"}
