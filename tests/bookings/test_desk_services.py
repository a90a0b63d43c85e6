"""The booking desk's verbs: booking a person by hand (with an exception only for the course's
eligibility, and only with a reason), moving someone on the waiting list or offering them a
place out of turn (each with a reason), and filling from the waiting list after the cut-off."""

import pytest

from wagtail.models import ModelLogEntry

from bookings import services
from bookings.choices import BookingEvent, BookingStatus
from bookings.models import Booking
from bookings.services import BookingRefused
from records.choices import ReasonCode
from records.models import EligibilityException
from tests.bookings.factories import BookingFactory, SessionFactory
from tests.bookings.helpers import person, snapshot
from tests.courses.factories import CoursePageFactory, training_level
from tests.people.factories import JobRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    return UserFactory(full_name="Sam Admin")


def specialist_session(**kwargs):
    social_worker = JobRoleFactory(code="social-worker", name="Front-line social worker")
    return SessionFactory(
        course=CoursePageFactory(level=training_level(4), eligible_job_roles=[social_worker]), **kwargs
    )


def teacher():
    return person(job_role=JobRoleFactory(code="teacher", name="Teacher"))


def refused(verb, *args, **kwargs):
    with pytest.raises(BookingRefused) as refusal:
        verb(*args, **kwargs)
    return refusal.value


def waiting_list(session, count):
    return [BookingFactory(session=session, status=BookingStatus.WAITLISTED) for _ in range(count)]


def queue(session):
    return list(session.bookings.waitlisted().values_list("pk", flat=True))


# Booking by hand


def test_an_administrator_books_an_eligible_person_by_hand(administrator):
    session, someone = SessionFactory(), person()

    booking = services.book_by_hand(someone, session, by=administrator)

    assert booking.status == BookingStatus.CONFIRMED
    assert ModelLogEntry.objects.get(action=services.BOOK).user == administrator


def test_booking_an_ineligible_person_by_hand_without_a_reason_is_refused_and_changes_nothing(administrator):
    session = specialist_session()
    before = snapshot(session)

    refusal = refused(services.book_by_hand, teacher(), session, by=administrator)

    assert [reason.code for reason in refusal.reasons] == [ReasonCode.JOB_ROLE_NOT_ELIGIBLE]
    assert snapshot(session) == before
    assert not EligibilityException.objects.exists()


def test_a_reason_overrides_an_eligibility_refusal_as_a_recorded_exception(administrator):
    session, someone = specialist_session(), teacher()

    booking = services.book_by_hand(someone, session, by=administrator, reason="Covering the specialist team")

    exception = EligibilityException.objects.get(person=someone, course=session.course)
    assert (exception.reason, exception.granted_by) == ("Covering the specialist team", administrator)
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.eligibility_exception == exception


def test_a_reason_does_not_override_a_full_session_and_leaves_no_exception(administrator):
    session = specialist_session(capacity=1, waiting_list_size=0)
    BookingFactory(session=session)
    before = snapshot(session)

    refusal = refused(services.book_by_hand, teacher(), session, by=administrator, reason="Covering the team")

    assert refusal.messages == ["This session is full and so is its waiting list."]
    assert snapshot(session) == before
    assert not EligibilityException.objects.exists()


def test_a_reason_does_not_override_an_existing_booking(administrator):
    session, someone = SessionFactory(), person()
    services.book_session(someone, session)

    refusal = refused(services.book_by_hand, someone, session, by=administrator, reason="Again")

    assert refusal.reasons[0].code == "already_booked"
    assert not EligibilityException.objects.exists()


# The waiting list


def test_moving_someone_up_the_waiting_list_changes_the_order_and_logs_the_reason(administrator):
    session = SessionFactory(capacity=1)
    BookingFactory(session=session)
    first, second, third = waiting_list(session, 3)

    services.move_in_waiting_list(third, 1, by=administrator, reason="Keeps a mix of agencies")

    assert queue(session) == [third.pk, first.pk, second.pk]
    entry = ModelLogEntry.objects.get(action=services.MOVE_IN_WAITING_LIST)
    assert entry.data == {"from": 3, "to": 1, "reason": "Keeps a mix of agencies"}
    assert entry.user == administrator


def test_moving_someone_down_the_waiting_list(administrator):
    session = SessionFactory(capacity=1)
    BookingFactory(session=session)
    first, second, third = waiting_list(session, 3)

    services.move_in_waiting_list(first, 3, by=administrator, reason="Asked to wait")

    assert queue(session) == [second.pk, third.pk, first.pk]


@pytest.mark.parametrize(("position", "reason"), [(1, "  "), (0, "Mix"), (4, "Mix")])
def test_a_move_without_a_reason_or_to_no_such_place_is_refused_and_changes_nothing(administrator, position, reason):
    session = SessionFactory(capacity=1)
    BookingFactory(session=session)
    people = waiting_list(session, 3)
    before = snapshot(session), queue(session)

    refused(services.move_in_waiting_list, people[2], position, by=administrator, reason=reason)

    assert (snapshot(session), queue(session)) == before


def test_moving_a_confirmed_booking_on_the_waiting_list_is_refused(administrator):
    booking = BookingFactory()

    refusal = refused(services.move_in_waiting_list, booking, 1, by=administrator, reason="Mix")

    assert refusal.messages == [f"{booking.user} is not on the waiting list."]


def test_an_offer_out_of_turn_goes_to_the_person_chosen_and_tells_them(administrator, announced):
    # After the cut-off a free place stays free, so someone further down can be chosen.
    session = SessionFactory(capacity=1, days_ahead=1)
    booked = BookingFactory(session=session)
    first, second = waiting_list(session, 2)
    services.cancel_booking(booked, by=booked.user)

    with announced() as sent:
        services.offer_out_of_turn(second, by=administrator, reason="Only person from health")

    second.refresh_from_db()
    assert second.status == BookingStatus.OFFERED and second.offer_expires_at is not None
    assert Booking.objects.get(pk=first.pk).status == BookingStatus.WAITLISTED
    assert sent == [(second.user, BookingEvent.OFFERED, {})]
    entry = ModelLogEntry.objects.get(action=services.OFFER_OUT_OF_TURN)
    assert entry.data["reason"] == "Only person from health"


def test_an_offer_out_of_turn_without_a_reason_is_refused(administrator):
    session = SessionFactory(capacity=1, days_ahead=1)
    _, second = waiting_list(session, 2)
    before = snapshot(session)

    refusal = refused(services.offer_out_of_turn, second, by=administrator, reason="")

    assert refusal.messages == ["Enter the reason for the change."]
    assert snapshot(session) == before


def test_an_offer_out_of_turn_with_no_free_place_is_refused_with_the_capacity(administrator):
    session = SessionFactory(capacity=1)
    BookingFactory(session=session)
    (waiting,) = waiting_list(session, 1)
    before = snapshot(session)

    refusal = refused(services.offer_out_of_turn, waiting, by=administrator, reason="Mix")

    assert refusal.messages == [
        "The only place is taken, so there is no place to offer now. Move them to number 1 on the waiting list "
        "and the next place that comes free is theirs."
    ]
    assert snapshot(session) == before


# Filling from the waiting list after the cut-off


def after_the_cut_off_with_free_places(administrator, free, waiting):
    session = SessionFactory(capacity=1, days_ahead=1)
    BookingFactory(session=session)
    people = waiting_list(session, waiting)
    services.change_capacity(session, 1 + free, by=administrator)  # not offered: past the cut-off
    return session, people


def test_filling_from_the_waiting_list_confirms_the_next_people_in_order_and_tells_them(administrator, announced):
    session, (first, second, third) = after_the_cut_off_with_free_places(administrator, free=2, waiting=3)

    with announced() as sent:
        filled = services.fill_from_waiting_list(session, by=administrator)

    assert [booking.pk for booking in filled] == [first.pk, second.pk]
    assert {Booking.objects.get(pk=booking.pk).status for booking in (first, second)} == {BookingStatus.CONFIRMED}
    assert Booking.objects.get(pk=third.pk).status == BookingStatus.WAITLISTED
    session.refresh_from_db()
    assert session.places_taken == 3
    assert sent == [(first.user, BookingEvent.CONFIRMED, {}), (second.user, BookingEvent.CONFIRMED, {})]
    assert ModelLogEntry.objects.filter(action=services.FILL_FROM_WAITING_LIST).count() == 2


def test_filling_before_the_cut_off_is_refused_as_places_are_still_offered(administrator):
    session = SessionFactory(capacity=1)
    BookingFactory(session=session)
    waiting_list(session, 1)
    before = snapshot(session)

    refusal = refused(services.fill_from_waiting_list, session, by=administrator)

    assert refusal.messages[0].startswith("Free places are still offered to the people waiting")
    assert snapshot(session) == before


def test_filling_with_no_free_place_is_refused(administrator):
    session = SessionFactory(capacity=1, days_ahead=1)
    BookingFactory(session=session)
    waiting_list(session, 1)

    refusal = refused(services.fill_from_waiting_list, session, by=administrator)

    assert refusal.messages == ["The only place is taken."]


def test_filling_with_nobody_waiting_is_refused(administrator):
    session, _ = after_the_cut_off_with_free_places(administrator, free=1, waiting=0)

    refusal = refused(services.fill_from_waiting_list, session, by=administrator)

    assert refusal.messages == ["Nobody is waiting."]


def test_the_history_of_a_booking_says_why_it_was_moved_or_offered(administrator):
    session = SessionFactory(capacity=2, days_ahead=1)
    BookingFactory(session=session)
    first, second = waiting_list(session, 2)

    services.move_in_waiting_list(second, 1, by=administrator, reason="Keeps a mix of agencies")
    services.offer_out_of_turn(first, by=administrator, reason="Only person from health")

    messages = [entry.message for entry in ModelLogEntry.objects.order_by("pk")]
    assert messages == [
        "Moved from number 2 to 1 on the waiting list: Keeps a mix of agencies",
        "Place offered out of turn: Only person from health",
    ]


def test_people_confirmed_from_the_waiting_list_are_emailed_their_confirmation(
    administrator, django_capture_on_commit_callbacks, mailoutbox
):
    session, (first,) = after_the_cut_off_with_free_places(administrator, free=1, waiting=1)

    with django_capture_on_commit_callbacks(execute=True):
        services.fill_from_waiting_list(session, by=administrator)

    assert [message.to for message in mailoutbox] == [[first.user.email]]
    assert session.course.title in mailoutbox[0].subject + mailoutbox[0].body
