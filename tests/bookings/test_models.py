from datetime import timedelta

import pytest

from django.db import IntegrityError, transaction

from bookings.models import BookingStatus, Session, SessionStatus
from bookings.services import cancel_session
from tests.bookings.factories import BookingFactory, SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db


def test_moving_a_session_raises_its_sequence_and_keeps_its_uid():
    session = SessionFactory()
    uid = session.uid

    session.starts_at += timedelta(days=1)
    session.ends_at += timedelta(days=1)
    session.save()

    session.refresh_from_db()
    assert session.sequence == 1
    assert session.uid == uid


def test_changing_the_venue_raises_the_sequence():
    session = SessionFactory()

    session.venue = VenueFactory()
    session.save()

    assert Session.objects.get(pk=session.pk).sequence == 1


def test_cancelling_raises_the_sequence():
    session = SessionFactory()

    cancel_session(session)

    session.refresh_from_db()
    assert (session.status, session.sequence) == (SessionStatus.CANCELLED, 1)


def test_editing_the_notes_leaves_the_sequence_alone():
    session = SessionFactory()

    session.delegate_notes = "Bring lunch."
    session.save()

    assert Session.objects.get(pk=session.pk).sequence == 0


def test_a_session_loaded_fresh_bumps_sequence_only_once_per_change():
    session = SessionFactory()
    loaded = Session.objects.get(pk=session.pk)

    loaded.ends_at += timedelta(minutes=30)
    loaded.save()
    loaded.save()

    assert Session.objects.get(pk=session.pk).sequence == 1


def test_database_refuses_a_session_that_ends_before_it_starts():
    session = SessionFactory.build(course=SessionFactory().course, venue=VenueFactory())
    session.ends_at = session.starts_at - timedelta(hours=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        session.save()


def test_database_refuses_booking_closing_before_it_opens():
    session = SessionFactory()
    session.booking_opens_at = session.starts_at - timedelta(days=5)
    session.booking_closes_at = session.starts_at - timedelta(days=10)

    with pytest.raises(IntegrityError), transaction.atomic():
        session.save()


def test_database_refuses_a_second_active_booking_for_the_same_person_and_session():
    booking = BookingFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(session=booking.session, user=booking.user, status=BookingStatus.WAITLISTED)


def test_a_person_may_book_again_after_cancelling():
    booking = BookingFactory(status=BookingStatus.CANCELLED)

    BookingFactory(session=booking.session, user=booking.user)

    assert booking.session.bookings.count() == 2


def test_venue_full_address_joins_name_lines_and_postcode():
    venue = VenueFactory(name="Fellview Centre", address="1 Castle Street\nCarlisle", postcode="CA3 8SY")

    assert venue.full_address == "Fellview Centre, 1 Castle Street, Carlisle, CA3 8SY"
