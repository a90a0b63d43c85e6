"""The booking verbs of ``bookings.services``: booking, cancelling, capacity and lead approval.
Offers have their own tests (test_offers.py)."""

from datetime import timedelta

import pytest
import time_machine

from django.utils import timezone

from wagtail.models import ModelLogEntry

from bookings import services
from bookings.choices import BookingEvent, BookingReasonCode, BookingStatus, SessionStatus
from bookings.models import Booking
from bookings.rules import BookingCheck
from bookings.services import (
    BookingRefused,
    accept_offer,
    approve_booking,
    book_session,
    calendar_token,
    cancel_booking,
    cancel_session,
    change_capacity,
    decline_booking,
    release_undecided,
    reset_calendar_token,
)
from lscb_training.dates import format_date
from records.choices import ReasonCode
from records.services import revoke_exception
from tests.bookings.factories import BookingFactory, SessionFactory
from tests.bookings.helpers import london, person, person_with_a_lead, session_at, snapshot
from tests.courses.factories import CoursePageFactory, training_level
from tests.people.factories import AgencyLeadershipFactory, JobRoleFactory
from tests.records.factories import EligibilityExceptionFactory

pytestmark = pytest.mark.django_db


def refused(call, *args, **kwargs):
    with pytest.raises(BookingRefused) as refusal:
        call(*args, **kwargs)
    return refusal.value


# Booking


def test_places_are_confirmed_up_to_capacity_then_people_join_the_waiting_list_in_order():
    session = SessionFactory(capacity=2, waiting_list_size=2)

    bookings = [book_session(person(), session) for _ in range(4)]

    assert [b.status for b in bookings] == [BookingStatus.CONFIRMED] * 2 + [BookingStatus.WAITLISTED] * 2
    assert list(Booking.objects.filter(session=session).waitlisted()) == bookings[2:]
    session.refresh_from_db()
    assert session.places_taken == 2


def test_a_full_session_and_waiting_list_refuses_and_changes_nothing():
    session = SessionFactory(capacity=1, waiting_list_size=1)
    book_session(person(), session)
    book_session(person(), session)
    before = snapshot(session)

    refusal = refused(book_session, person(), session)

    assert refusal.messages == ["This session is full and so is its waiting list."]
    assert snapshot(session) == before


def test_a_person_the_session_refuses_is_refused_without_queueing_for_its_lock(monkeypatch):
    session = SessionFactory(capacity=1, waiting_list_size=0)
    book_session(person(), session)
    locked = []
    monkeypatch.setattr(services, "locked_session", lambda pk: locked.append(pk))

    refusal = refused(book_session, person(), session)

    assert refusal.messages == ["This session is full and so is its waiting list."]
    assert locked == []


def test_a_callers_stale_copy_of_a_session_does_not_refuse_a_place_that_has_come_free():
    session = SessionFactory(capacity=1, waiting_list_size=0)
    first = book_session(person(), session)
    stale = type(session).objects.get(pk=session.pk)
    cancel_booking(first, by=first.user)

    assert book_session(person(), stale).status == BookingStatus.CONFIRMED


def test_the_same_person_booking_in_another_tab_between_check_and_insert_is_refused_and_changes_nothing(
    monkeypatch,
):
    me, session = person(), SessionFactory(capacity=3)
    book_session(me, session)
    before = snapshot(session)
    # The other tab's booking lands after this one's checks passed: only the database sees it.
    monkeypatch.setattr(services, "booking_check", lambda *args, **kwargs: BookingCheck(reasons=()))

    refusal = refused(book_session, me, session)

    assert refusal.messages == ["You have already booked this session."]
    assert snapshot(session) == before


def test_a_forced_booking_by_a_teacher_is_refused_with_the_same_reason_and_changes_nothing():
    social_worker = JobRoleFactory(code="social-worker", name="Front-line social worker")
    session = SessionFactory(course=CoursePageFactory(level=training_level(4), eligible_job_roles=[social_worker]))
    teacher = person(job_role=JobRoleFactory(code="teacher", name="Teacher"))
    before = snapshot(session)

    refusal = refused(book_session, teacher, session)

    assert [r.code for r in refusal.reasons] == [ReasonCode.JOB_ROLE_NOT_ELIGIBLE]
    assert snapshot(session) == before


def specialist_session():
    social_worker = JobRoleFactory(code="social-worker", name="Front-line social worker")
    return SessionFactory(course=CoursePageFactory(level=training_level(4), eligible_job_roles=[social_worker]))


def test_a_booking_made_under_an_individual_exception_records_it_in_plain_words():
    session = specialist_session()
    teacher = person(job_role=JobRoleFactory(code="teacher", name="Teacher"))
    exception = EligibilityExceptionFactory(
        person=teacher,
        course=session.course,
        reason="Covering the specialist team",
        granted_by=person(full_name="Sam Lee"),
    )

    booking = book_session(teacher, session)

    booking.refresh_from_db()
    assert booking.eligibility_exception == exception
    assert booking.exception_note == (
        f"Booked under an individual exception granted by Sam Lee on {format_date(exception.granted_at)}: "
        "Covering the specialist team."
    )


def test_an_exception_that_set_nothing_aside_is_not_recorded_on_the_booking():
    session = specialist_session()
    already_eligible = person(job_role=JobRoleFactory(code="social-worker"))
    EligibilityExceptionFactory(person=already_eligible, course=session.course)

    booking = book_session(already_eligible, session)

    booking.refresh_from_db()
    assert booking.eligibility_exception is None
    assert booking.exception_note == ""


def test_a_booking_keeps_its_exception_after_the_exception_is_withdrawn():
    session = specialist_session()
    teacher = person(job_role=JobRoleFactory(code="teacher", name="Teacher"))
    exception = EligibilityExceptionFactory(person=teacher, course=session.course, reason="Covering the team.")
    booking = book_session(teacher, session)

    revoke_exception(exception, revoked_by=person())

    booking.refresh_from_db()
    assert booking.eligibility_exception == exception
    assert booking.exception_note.endswith(
        f"Covering the team. The exception was withdrawn on {format_date(timezone.now())}."
    )


def test_a_double_submit_makes_one_booking():
    me, session = person(), SessionFactory()
    book_session(me, session)

    refusal = refused(book_session, me, session)

    assert [r.code for r in refusal.reasons] == [BookingReasonCode.ALREADY_BOOKED]
    assert Booking.objects.filter(user=me).count() == 1
    session.refresh_from_db()
    assert session.places_taken == 1


def test_booking_copies_the_line_manager_and_the_agency_from_the_profile_and_keeps_access_needs():
    me = person(line_manager_name="Ann Boss", line_manager_email="ann@agency.example.org")

    booking = book_session(me, SessionFactory(), access_needs="  A hearing loop, please. ")

    assert (booking.line_manager_name, booking.line_manager_email) == ("Ann Boss", "ann@agency.example.org")
    assert booking.agency == me.agency
    assert booking.access_needs == "A hearing loop, please."


def test_a_person_without_a_line_manager_names_one_when_booking():
    me = person(line_manager_name="", line_manager_email="")

    booking = book_session(me, SessionFactory(), line_manager_name="Ann Boss", line_manager_email="ann@a.example.org")

    assert (booking.line_manager_name, booking.line_manager_email) == ("Ann Boss", "ann@a.example.org")


def test_a_person_without_a_line_manager_who_names_none_is_refused():
    session = SessionFactory()

    refusal = refused(book_session, person(line_manager_name="", line_manager_email=""), session)

    assert [r.code for r in refusal.reasons] == [BookingReasonCode.NO_LINE_MANAGER]
    assert not Booking.objects.exists()


def test_a_course_needing_approval_holds_a_place_awaiting_approval():
    session = SessionFactory(course=CoursePageFactory(requires_lead_approval=True), capacity=1)

    booking = book_session(person_with_a_lead(), session)

    assert booking.status == BookingStatus.AWAITING_APPROVAL
    assert booking.approval_requested_at is not None
    assert book_session(person_with_a_lead(), session).status == BookingStatus.WAITLISTED


def test_booking_is_announced_after_commit_and_audited(announced):
    me = person()

    with announced() as sent:
        booking = book_session(me, SessionFactory(capacity=1))
        book_session(other := person(), booking.session)

    assert sent == [(me, BookingEvent.CONFIRMED, {}), (other, BookingEvent.WAITLISTED, {})]
    assert ModelLogEntry.objects.filter(object_id=str(booking.pk), action="bookings.book").exists()


def test_a_refusal_announces_nothing(announced):
    session = SessionFactory(status=SessionStatus.CANCELLED)

    with announced() as sent, pytest.raises(BookingRefused):
        book_session(person(), session)

    assert sent == []


# Cancelling


def test_cancelling_frees_the_place_and_records_who_and_when(announced):
    me = person()
    booking = book_session(me, SessionFactory(capacity=3))

    with announced() as sent:
        cancel_booking(booking, by=me)

    booking.refresh_from_db()
    assert (booking.status, booking.cancelled_by, booking.cancelled_late) == (BookingStatus.CANCELLED, me, False)
    assert booking.cancelled_at is not None and booking.sequence == 1
    assert booking.session.places_taken == 0
    assert sent == [(me, BookingEvent.CANCELLED, {"late": False, "was": BookingStatus.CONFIRMED})]


def test_cancelling_a_waiting_list_place_leaves_the_places_alone():
    session = SessionFactory(capacity=1)
    book_session(person(), session)
    waiting = book_session(me := person(), session)

    cancel_booking(waiting, by=me)

    session.refresh_from_db()
    assert session.places_taken == 1
    assert Booking.objects.get(pk=waiting.pk).status == BookingStatus.CANCELLED


# A session on Tuesday 30 March 2027, after Easter: Good Friday (26th) and Easter Monday (29th)
# are bank holidays, so three working days before it begin on Tuesday 23 March, not Thursday 25th.
EASTER_TUESDAY = london(2027, 3, 30, 9, 30)


@pytest.mark.parametrize(
    ("cancelled_at", "late"),
    [(london(2027, 3, 22, 17, 0), False), (london(2027, 3, 23, 0, 0), True), (london(2027, 3, 24, 9, 0), True)],
)
def test_late_cancellation_counts_working_days_skipping_bank_holidays(cancelled_at, late):
    with time_machine.travel(london(2027, 3, 1, 12, 0), tick=False):
        me = person()
        booking = book_session(me, session_at(EASTER_TUESDAY))

    with time_machine.travel(cancelled_at, tick=False):
        cancel_booking(booking, by=me)

    booking.refresh_from_db()
    assert booking.cancelled_late is late


def test_the_late_cancellation_cut_off_is_a_setting(settings):
    settings.BOOKING_LATE_CANCEL_WORKING_DAYS = 10
    with time_machine.travel(london(2027, 3, 1, 12, 0), tick=False):
        me = person()
        booking = book_session(me, session_at(EASTER_TUESDAY))

    cancel_booking(booking, by=me, now=london(2027, 3, 16, 12, 0))

    booking.refresh_from_db()
    assert booking.cancelled_late


# With three working days of notice (the default) the cut-off for EASTER_TUESDAY is 00:00 on
# Tuesday 23 March, with ten it is 00:00 on Friday 12 March (Good Friday and Easter Monday are
# bank holidays); Friday 19 March is between the two.
A_WEEK_BEFORE_EASTER_TUESDAY = london(2027, 3, 19, 12, 0)


def booked_on_easter_tuesday(**course):
    with time_machine.travel(london(2027, 3, 1, 12, 0), tick=False):
        me = person()
        return book_session(me, session_at(EASTER_TUESDAY, course=CoursePageFactory(**course)))


def test_a_course_with_a_ten_working_day_cut_off_makes_a_cancellation_a_week_before_late():
    booking = booked_on_easter_tuesday(late_cancellation_working_days=10)

    cancel_booking(booking, by=booking.user, now=A_WEEK_BEFORE_EASTER_TUESDAY)

    booking.refresh_from_db()
    assert booking.cancelled_late


def test_a_course_without_its_own_cut_off_uses_the_site_wide_one(settings):
    settings.BOOKING_LATE_CANCEL_WORKING_DAYS = 10
    booking = booked_on_easter_tuesday(late_cancellation_working_days=None)

    cancel_booking(booking, by=booking.user, now=A_WEEK_BEFORE_EASTER_TUESDAY)

    booking.refresh_from_db()
    assert booking.cancelled_late


def test_a_course_cut_off_of_none_at_all_is_kept_not_taken_for_the_default():
    """0 working days: only cancelling on the day itself is late."""
    booking = booked_on_easter_tuesday(late_cancellation_working_days=0)

    cancel_booking(booking, by=booking.user, now=london(2027, 3, 29, 18, 0))

    booking.refresh_from_db()
    assert not booking.cancelled_late


def test_a_booking_cannot_be_cancelled_once_the_session_has_started():
    me = person()
    booking = book_session(me, session := SessionFactory())
    before = snapshot(session)

    refusal = refused(cancel_booking, booking, by=me, now=session.starts_at)

    assert refusal.messages == ["The session has started, so the booking cannot be cancelled."]
    assert snapshot(session) == before


def test_a_booking_on_a_cancelled_session_cannot_be_cancelled_and_nothing_changes(announced):
    me = person()
    booking = book_session(me, session := SessionFactory())
    cancel_session(session)
    before = snapshot(session)

    with announced() as sent:
        refusal = refused(cancel_booking, booking, by=me)

    assert refusal.messages == ["The session has been cancelled, so there is nothing to cancel."]
    assert snapshot(session) == before
    assert sent == []


def test_cancelling_twice_is_refused_the_second_time():
    me = person()
    booking = book_session(me, SessionFactory())
    cancel_booking(booking, by=me)
    before = snapshot(booking.session)

    refused(cancel_booking, booking, by=me)

    assert snapshot(booking.session) == before


# Capacity


def test_capacity_cannot_go_below_the_places_taken_and_says_the_number():
    session = SessionFactory(capacity=5)
    for _ in range(3):
        book_session(person(), session)
    before = snapshot(session)

    refusal = refused(change_capacity, session, 2, by=None)

    assert refusal.messages == [
        "3 places are taken (confirmed, offered or awaiting approval), so the capacity cannot be lower than 3."
    ]
    assert snapshot(session) == before


def test_lowering_capacity_to_the_places_taken_is_allowed():
    session = SessionFactory(capacity=5)
    book_session(person(), session)

    change_capacity(session, 1, by=None)

    session.refresh_from_db()
    assert session.capacity == 1


def test_an_admin_form_saving_an_old_copy_of_a_session_does_not_overwrite_places_taken():
    session = SessionFactory(capacity=5)
    stale = type(session).objects.get(pk=session.pk)
    book_session(person(), session)

    stale.trainers = "Someone else"
    stale.save()

    stale.refresh_from_db()
    assert stale.places_taken == 1


def test_an_admin_form_saving_an_old_copy_of_a_session_does_not_overwrite_the_capacity():
    session = SessionFactory(capacity=5)
    stale = type(session).objects.get(pk=session.pk)
    change_capacity(session, 8, by=None)

    stale.trainers = "Someone else"
    stale.save()

    stale.refresh_from_db()
    assert (stale.capacity, stale.trainers) == (8, "Someone else")


# Lead approval


@pytest.fixture
def request_awaiting():
    session = SessionFactory(course=CoursePageFactory(requires_lead_approval=True), capacity=1)
    me = person()
    lead = AgencyLeadershipFactory(agency=me.agency).user
    return book_session(me, session), lead


def test_a_lead_of_the_agency_approves_a_request(request_awaiting, announced):
    booking, lead = request_awaiting

    with announced() as sent:
        approve_booking(booking, by=lead)

    booking.refresh_from_db()
    assert (booking.status, booking.decided_by) == (BookingStatus.CONFIRMED, lead)
    assert sent == [(booking.user, BookingEvent.APPROVED, {})]


def test_a_lead_of_another_agency_cannot_approve_and_nothing_changes(request_awaiting):
    booking, _lead = request_awaiting
    stranger = AgencyLeadershipFactory().user
    before = snapshot(booking.session)

    refusal = refused(approve_booking, booking, by=stranger)

    assert refusal.messages == ["Only a lead of the person’s agency can decide this request."]
    assert snapshot(booking.session) == before


def test_a_lead_cannot_approve_their_own_request_and_nothing_changes():
    session = SessionFactory(course=CoursePageFactory(requires_lead_approval=True), capacity=1)
    lead = person_with_a_lead()  # another lead could decide it
    AgencyLeadershipFactory(agency=lead.agency, user=lead)
    booking = book_session(lead, session)
    before = snapshot(session)

    refusal = refused(approve_booking, booking, by=lead)

    assert refusal.messages == ["Only a lead of the person’s agency can decide this request."]
    assert snapshot(session) == before


def test_a_request_on_a_cancelled_session_cannot_be_approved(request_awaiting):
    booking, lead = request_awaiting
    cancel_session(booking.session)
    booking.refresh_from_db()

    refusal = refused(approve_booking, booking, by=lead)

    assert refusal.messages == ["The session has been cancelled, so there is nothing to decide."]
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.AWAITING_APPROVAL


def test_a_request_decided_once_cannot_be_decided_again(request_awaiting):
    booking, lead = request_awaiting
    approve_booking(booking, by=lead)

    refused(decline_booking, booking, by=lead)

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_a_declined_request_frees_its_place_for_the_first_person_waiting(request_awaiting):
    booking, lead = request_awaiting
    waiting = book_session(person(agency=booking.user.agency), booking.session)

    decline_booking(booking, by=lead, reason="Not this term.")

    booking.refresh_from_db()
    assert (booking.status, booking.decline_reason) == (BookingStatus.CANCELLED, "Not this term.")
    assert Booking.objects.get(pk=waiting.pk).status == BookingStatus.OFFERED


@pytest.mark.parametrize("decide", [approve_booking, decline_booking])
def test_a_lead_deciding_settles_the_sessions_lapsed_offers_first(request_awaiting, decide, announced):
    booking, lead = request_awaiting
    session = booking.session
    type(session).objects.filter(pk=session.pk).update(capacity=2)
    lapsed = BookingFactory(
        session=session, status=BookingStatus.OFFERED, offer_expires_at=timezone.now() - timedelta(minutes=1)
    )

    with announced() as sent:
        decide(booking, by=lead)

    assert Booking.objects.get(pk=lapsed.pk).status == BookingStatus.CANCELLED
    assert sent[0] == (lapsed.user, BookingEvent.OFFER_EXPIRED, {})


def test_a_request_on_a_cancelled_session_is_never_released(request_awaiting, announced):
    booking, _lead = request_awaiting
    cancel_session(booking.session)

    with announced() as sent:
        assert release_undecided(now=booking.session.starts_at + timedelta(hours=1)) == 0

    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.AWAITING_APPROVAL
    assert sent == []


def test_a_request_undecided_for_five_working_days_is_released_counting_bank_holidays(announced):
    # Asked on Thursday 25 March 2027; Good Friday and Easter Monday do not count, so the
    # fifth working day is Monday 5 April.
    with time_machine.travel(london(2027, 3, 25, 10, 0), tick=False):
        session = session_at(london(2027, 5, 10, 9, 30), course=CoursePageFactory(requires_lead_approval=True))
        booking = book_session(person_with_a_lead(), session)

    assert release_undecided(now=london(2027, 4, 5, 9, 59)) == 0
    with announced() as sent, time_machine.travel(london(2027, 4, 5, 10, 0), tick=False):
        assert release_undecided() == 1
        assert release_undecided() == 0

    booking.refresh_from_db()
    session.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert session.places_taken == 0
    assert sent == [(booking.user, BookingEvent.RELEASED, {})]


def test_the_approval_window_is_a_setting(settings, request_awaiting):
    settings.BOOKING_APPROVAL_WORKING_DAYS = 1
    booking, _lead = request_awaiting

    assert release_undecided(now=booking.approval_requested_at + timedelta(days=4)) == 1


# Sessions and calendar tokens


def test_cancelling_a_session_tells_each_person_booked_or_waiting(announced):
    session = SessionFactory(capacity=1)
    booked, waiting = book_session(person(), session), book_session(person(), session)

    with announced() as sent:
        assert cancel_session(session)
        assert not cancel_session(session)

    assert sent == [
        (booked.user, BookingEvent.SESSION_CANCELLED, {}),
        (waiting.user, BookingEvent.SESSION_CANCELLED, {}),
    ]
    assert Booking.objects.get(pk=booked.pk).sequence == 1


def test_cancelling_a_session_settles_its_lapsed_offers_first(announced):
    session = SessionFactory(capacity=1)
    lapsed = BookingFactory(
        session=session, status=BookingStatus.OFFERED, offer_expires_at=timezone.now() - timedelta(minutes=1)
    )

    with announced() as sent:
        cancel_session(session)

    assert Booking.objects.get(pk=lapsed.pk).status == BookingStatus.CANCELLED
    assert sent == [(lapsed.user, BookingEvent.OFFER_EXPIRED, {})]


def test_an_open_offer_on_a_cancelled_session_is_kept_but_can_no_longer_be_accepted():
    session = SessionFactory(capacity=1)
    holder, me = person(), person()
    held = book_session(holder, session)
    book_session(me, session)
    cancel_booking(held, by=holder)
    offer = Booking.objects.get(user=me, session=session)

    cancel_session(session)
    before = snapshot(session)

    refusal = refused(accept_offer, offer, by=me)

    assert refusal.messages == ["This session has been cancelled."]
    assert snapshot(session) == before
    assert Booking.objects.get(pk=offer.pk).status == BookingStatus.OFFERED


def test_resetting_the_calendar_token_makes_a_new_one():
    me = person()
    old = calendar_token(me)

    new = reset_calendar_token(me)

    assert new != old and calendar_token(me) == new
