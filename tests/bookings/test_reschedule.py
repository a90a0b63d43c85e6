"""A session's time or venue changed in the admin: everyone booked or waiting is told what
changed in plain words, those with a confirmed place get the updated invite (same UID, higher
SEQUENCE), and a place booked before the change can be cancelled without it counting as late."""

from datetime import timedelta

import pytest
import time_machine
from icalendar import Calendar

from django.core import mail
from django.utils import timezone

from wagtail.models import ModelLogEntry

from bookings import services
from bookings.models import Booking, BookingStatus, Session
from bookings.rules import cancellation
from bookings.services import book_session, cancel_booking, reschedule_session
from lscb_training.dates import LONDON
from tests.bookings.factories import SessionFactory, VenueFactory
from tests.bookings.helpers import person
from tests.bookings.notice_helpers import calendar_parts, invite_of

pytestmark = pytest.mark.django_db


def admin_datetime(value):
    return timezone.localtime(value, LONDON).strftime("%d/%m/%Y %H:%M")


def edit(client, session, **overrides):
    data = {
        "course": session.course.pk,
        "venue": session.venue.pk,
        "starts_at": admin_datetime(session.starts_at),
        "ends_at": admin_datetime(session.ends_at),
        "capacity": str(session.capacity),
        "waiting_list_size": str(session.waiting_list_size),
        "trainers": session.trainers,
        "booking_opens_at": "",
        "booking_closes_at": "",
        "delegate_notes": session.delegate_notes,
        **overrides,
    }
    return client.post(f"/admin/bookings/sessions/edit/{session.pk}/", data)


@pytest.fixture
def session():
    return SessionFactory(capacity=1, days_ahead=30)


@pytest.fixture
def booked(session):
    return book_session(person(full_name="Ada Brown"), session)


def test_moving_the_time_in_the_admin_sends_the_confirmed_person_the_updated_invite_with_what_changed(
    administrator_client, session, booked, django_capture_on_commit_callbacks
):
    was = session.when
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = edit(administrator_client, session, starts_at=admin_datetime(session.starts_at + timedelta(hours=1)))

    session.refresh_from_db()
    [message] = [m for m in mail.outbox if m.to == [booked.user.email]]
    invite = invite_of(message)
    event = invite.walk("VEVENT")[0]
    assert response.status_code == 302
    assert message.subject.startswith("Session changed")
    assert f"The date and time: it was {was}, it is now {session.when}." in message.body
    assert invite["METHOD"] == "REQUEST"
    assert str(session.uid) in event["UID"]
    assert event["SEQUENCE"] == Booking.objects.get(pk=booked.pk).sequence > booked.sequence


def test_changing_the_venue_says_so_in_plain_words(administrator_client, session, booked, announced):
    new_venue = VenueFactory(name="Fellview Hall")
    with announced() as sent:
        edit(administrator_client, session, venue=new_venue.pk)

    [(_, _, extra)] = sent
    assert extra["changes"] == [f"The venue: it was {session.venue.full_address}, it is now {new_venue.full_address}."]


def test_someone_waiting_is_told_of_the_change_without_an_invite(session, booked, django_capture_on_commit_callbacks):
    waiting = book_session(person(), session)
    was = (session.starts_at, session.ends_at, session.venue)
    Session.objects.filter(pk=session.pk).update(
        starts_at=session.starts_at + timedelta(days=1), ends_at=session.ends_at + timedelta(days=1)
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        told = reschedule_session(
            Session.objects.get(pk=session.pk), was_starts_at=was[0], was_ends_at=was[1], was_venue=was[2]
        )

    [message] = [m for m in mail.outbox if m.to == [waiting.user.email]]
    assert told == 2
    assert calendar_parts(message) == ([], [])
    assert message.cc == []


def test_editing_other_fields_tells_nobody(administrator_client, session, booked, announced):
    with announced() as sent:
        edit(administrator_client, session, trainers="Jo Trainer")

    assert sent == []
    assert Session.objects.get(pk=session.pk).rescheduled_at is None


def test_a_reschedule_is_logged_with_what_changed(administrator_client, session, booked):
    edit(administrator_client, session, starts_at=admin_datetime(session.starts_at + timedelta(hours=1)))

    entry = ModelLogEntry.objects.get(action=services.RESCHEDULE)
    assert entry.data["changes"][0].startswith("The date and time: it was")


def test_cancelling_after_a_reschedule_inside_the_cut_off_is_not_late(administrator_client, session, booked):
    edit(administrator_client, session, starts_at=admin_datetime(session.starts_at + timedelta(hours=1)))
    session.refresh_from_db()

    with time_machine.travel(session.starts_at - timedelta(hours=2)):
        cancelled = cancel_booking(Booking.objects.get(pk=booked.pk), by=booked.user)

    assert cancelled.status == BookingStatus.CANCELLED
    assert not cancelled.cancelled_late


def test_a_place_booked_after_the_reschedule_is_late_inside_the_cut_off(administrator_client, session, booked):
    edit(administrator_client, session, starts_at=admin_datetime(session.starts_at + timedelta(hours=1)))
    cancel_booking(booked, by=booked.user)
    later = book_session(person(), Session.objects.get(pk=session.pk))
    session.refresh_from_db()

    with time_machine.travel(session.starts_at - timedelta(hours=2)):
        assert cancellation(Booking.objects.get(pk=later.pk)).late


def test_without_a_reschedule_cancelling_inside_the_cut_off_is_late(session, booked):
    with time_machine.travel(session.starts_at - timedelta(hours=2)):
        assert cancellation(Booking.objects.get(pk=booked.pk)).late


def test_the_ics_sequence_of_the_updated_invite_is_above_the_first_one(
    administrator_client, session, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking = book_session(person(), session)
    first = Calendar.from_ical(calendar_parts(mail.outbox[0])[0][0]).walk("VEVENT")[0]["SEQUENCE"]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        edit(administrator_client, session, starts_at=admin_datetime(session.starts_at + timedelta(hours=1)))

    [message] = [m for m in mail.outbox if m.to == [booking.user.email]]
    assert invite_of(message).walk("VEVENT")[0]["SEQUENCE"] > first
