from datetime import datetime, timedelta

import pytest

from django.utils import timezone

from bookings.availability import AvailabilityCode, availability
from bookings.models import BookingStatus, Session, SessionStatus
from bookings.templatetags.session_tags import availability_class, availability_label
from lscb_training.dates import LONDON
from tests.bookings.factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db


def annotated(session):
    return Session.objects.with_availability().get(pk=session.pk)


def test_open_session_with_room_shows_places_left():
    session = SessionFactory(capacity=5)
    BookingFactory.create_batch(2, session=session)

    result = annotated(session).availability

    assert (result.code, availability_label(result), availability_class(result)) == (
        AvailabilityCode.PLACES_LEFT,
        "3 places left",
        "tag--green",
    )


def test_one_place_left_is_singular():
    session = SessionFactory(capacity=2)
    BookingFactory(session=session)

    assert availability_label(annotated(session).availability) == "1 place left"


def test_full_session_with_room_on_the_waiting_list_shows_waiting_list():
    session = SessionFactory(capacity=1, waiting_list_size=2)
    BookingFactory(session=session)

    result = annotated(session).availability

    assert (result.code, availability_label(result), availability_class(result)) == (
        AvailabilityCode.WAITING_LIST,
        "Waiting list",
        "tag--yellow",
    )


def test_full_session_with_full_waiting_list_shows_full():
    session = SessionFactory(capacity=1, waiting_list_size=1)
    BookingFactory(session=session)
    BookingFactory(session=session, status=BookingStatus.WAITLISTED)

    result = annotated(session).availability

    assert (result.code, availability_label(result), availability_class(result)) == (
        AvailabilityCode.FULL,
        "Full",
        "tag--red",
    )


def test_full_session_without_a_waiting_list_shows_full():
    session = SessionFactory(capacity=1, waiting_list_size=0)
    BookingFactory(session=session)

    assert annotated(session).availability.code == AvailabilityCode.FULL


def test_a_freed_place_goes_to_the_waiting_list_not_a_newcomer():
    session = SessionFactory(capacity=2, waiting_list_size=5)
    BookingFactory(session=session)
    BookingFactory(session=session, status=BookingStatus.WAITLISTED)

    assert annotated(session).availability.code == AvailabilityCode.WAITING_LIST


def test_cancelled_and_attended_bookings_do_not_take_places():
    session = SessionFactory(capacity=3)
    BookingFactory(session=session, status=BookingStatus.CANCELLED)
    BookingFactory(session=session, status=BookingStatus.DID_NOT_ATTEND)

    assert availability_label(annotated(session).availability) == "3 places left"


def test_session_not_yet_open_names_the_day_booking_opens():
    session = SessionFactory(days_ahead=200)
    session.booking_opens_at = datetime(2027, 4, 5, 9, 0, tzinfo=LONDON)
    now = datetime(2027, 3, 1, 9, 0, tzinfo=LONDON)

    result = availability(session, now=now)

    assert (result.code, availability_label(result), availability_class(result)) == (
        AvailabilityCode.NOT_OPEN,
        "Booking opens Monday 5 April 2027",
        "tag--grey",
    )


def test_booking_closes_at_its_closing_time():
    session = SessionFactory()
    session.booking_closes_at = timezone.now() - timedelta(minutes=1)

    assert availability(session).code == AvailabilityCode.CLOSED


def test_booking_closes_when_the_session_starts_if_no_closing_time_is_set():
    session = SessionFactory()

    result = availability(session, now=session.starts_at)

    assert (result.code, availability_label(result)) == (AvailabilityCode.CLOSED, "Booking closed")


def test_cancelled_session_shows_cancelled_whatever_its_places():
    session = SessionFactory(status=SessionStatus.CANCELLED)

    result = annotated(session).availability

    assert (result.code, availability_label(result), availability_class(result)) == (
        AvailabilityCode.CANCELLED,
        "Cancelled",
        "tag--grey",
    )


def test_availability_without_annotations_counts_the_bookings():
    session = SessionFactory(capacity=4)
    BookingFactory(session=session)

    assert availability_label(Session.objects.get(pk=session.pk).availability) == "3 places left"


def test_an_unannotated_session_counts_its_waiting_list_once(django_assert_num_queries):
    session = Session.objects.get(pk=SessionFactory().pk)

    with django_assert_num_queries(1):
        availability(session)
        availability(session)


def test_annotated_availability_costs_no_queries(django_assert_num_queries):
    session = annotated(SessionFactory())

    with django_assert_num_queries(0):
        session.availability  # noqa: B018


def test_offered_places_and_requests_awaiting_approval_take_places():
    session = SessionFactory(capacity=3)
    BookingFactory(session=session, status=BookingStatus.OFFERED)
    BookingFactory(session=session, status=BookingStatus.AWAITING_APPROVAL)

    assert availability_label(annotated(session).availability) == "1 place left"


def test_availability_reads_the_places_taken_count_the_services_keep():
    session = SessionFactory(capacity=3)
    Session.objects.filter(pk=session.pk).update(places_taken=3)

    assert annotated(session).availability.code == AvailabilityCode.WAITING_LIST
