"""``bookings.rules.booking_reasons``: every reason a person may not book a session, in words."""

from datetime import timedelta

import pytest

from django.utils import timezone

from wagtail.models import Site

from bookings import rules
from bookings.availability import Availability, AvailabilityCode, availability
from bookings.choices import BookingReasonCode, BookingStatus, SessionStatus
from bookings.models import Session
from bookings.rules import booking_check, booking_reasons, cancellation, late_cancellation_cutoff
from lscb_training.models import SiteSettings
from records.choices import ReasonCode
from tests.bookings.factories import BookingFactory, SessionFactory
from tests.bookings.helpers import london, person, person_with_a_lead
from tests.courses.factories import CoursePageFactory, training_level
from tests.people.factories import AgencyLeadershipFactory, JobRoleFactory
from tests.records.factories import EligibilityExceptionFactory

pytestmark = pytest.mark.django_db


def codes(reasons):
    return [reason.code for reason in reasons]


@pytest.fixture
def specialist_session():
    social_worker = JobRoleFactory(code="social-worker", name="Front-line social worker")
    course = CoursePageFactory(level=training_level(4), eligible_job_roles=[social_worker])
    return SessionFactory(course=course)


def test_a_person_who_may_book_gets_no_reasons():
    assert booking_reasons(person(), SessionFactory()) == []


def test_a_teacher_is_refused_the_specialist_workshop_with_the_records_reason(specialist_session):
    teacher = person(job_role=JobRoleFactory(code="teacher", name="Teacher"))

    reasons = booking_reasons(teacher, specialist_session)

    assert codes(reasons) == [ReasonCode.JOB_ROLE_NOT_ELIGIBLE]
    assert reasons[0].message == (
        "This course is only for these job roles: Front-line social worker. Your profile says: Teacher."
    )


def test_a_front_line_social_worker_may_book_the_specialist_workshop(specialist_session):
    social_worker = person(job_role=JobRoleFactory(code="social-worker"))

    assert booking_reasons(social_worker, specialist_session) == []


def test_an_individual_exception_sets_aside_the_records_reasons_and_is_returned(specialist_session):
    teacher = person(job_role=JobRoleFactory(code="teacher", name="Teacher"))
    exception = EligibilityExceptionFactory(person=teacher, course=specialist_session.course)

    check = booking_check(teacher, specialist_session)

    assert check.may_book
    assert check.exception == exception
    assert codes(check.set_aside) == [ReasonCode.JOB_ROLE_NOT_ELIGIBLE]


def test_an_exception_does_not_set_aside_a_booking_reason(specialist_session):
    teacher = person(job_role=JobRoleFactory(code="teacher"), verified=False)
    EligibilityExceptionFactory(person=teacher, course=specialist_session.course)

    assert codes(booking_reasons(teacher, specialist_session)) == [BookingReasonCode.EMAIL_NOT_VERIFIED]


def test_an_unverified_email_is_a_reason():
    reasons = booking_reasons(person(verified=False), SessionFactory())

    assert codes(reasons) == [BookingReasonCode.EMAIL_NOT_VERIFIED]
    assert "Confirm your email address" in reasons[0].message


def test_an_inactive_account_is_a_reason():
    assert codes(booking_reasons(person(is_active=False), SessionFactory())) == [BookingReasonCode.ACCOUNT_INACTIVE]


def test_booking_not_open_yet_says_the_day_and_time_it_opens():
    session = SessionFactory(
        starts_at=london(2027, 6, 14, 9, 30),
        ends_at=london(2027, 6, 14, 12, 30),
        booking_opens_at=london(2027, 4, 5, 9, 0),
    )

    reasons = booking_reasons(person(), session, now=london(2027, 3, 1, 12, 0))

    assert codes(reasons) == [BookingReasonCode.NOT_OPEN]
    assert reasons[0].message == "Booking for this session opens on Monday 5 April 2027 at 9am."


def test_booking_closed_says_when():
    session = SessionFactory(booking_closes_at=timezone.now() - timedelta(days=1))

    reasons = booking_reasons(person(), session)

    assert codes(reasons) == [BookingReasonCode.CLOSED]
    assert reasons[0].message.startswith("Booking for this session closed on ")


def test_a_cancelled_session_is_a_reason():
    reasons = booking_reasons(person(), SessionFactory(status=SessionStatus.CANCELLED))

    assert codes(reasons) == [BookingReasonCode.SESSION_CANCELLED]


@pytest.mark.parametrize(("hours_in", "words"), [(1, "has already started"), (4, "has already taken place")])
def test_a_started_or_past_session_is_a_reason(hours_in, words):
    session = SessionFactory()

    reasons = booking_reasons(person(), session, now=session.starts_at + timedelta(hours=hours_in))

    assert codes(reasons) == [BookingReasonCode.SESSION_STARTED]
    assert words in reasons[0].message


@pytest.mark.parametrize("status", [BookingStatus.CONFIRMED, BookingStatus.WAITLISTED, BookingStatus.OFFERED])
def test_already_booked_on_this_session_is_a_reason(status):
    me, session = person(), SessionFactory()
    BookingFactory(user=me, session=session, status=status)

    assert codes(booking_reasons(me, session)) == [BookingReasonCode.ALREADY_BOOKED]


def test_a_cancelled_booking_on_this_session_is_not_a_reason():
    me, session = person(), SessionFactory()
    BookingFactory(user=me, session=session, status=BookingStatus.CANCELLED)

    assert booking_reasons(me, session) == []


def test_a_booking_on_another_upcoming_date_of_the_course_is_a_reason_naming_that_date():
    me, course = person(), CoursePageFactory()
    other = SessionFactory(course=course, days_ahead=20)
    BookingFactory(user=me, session=other, status=BookingStatus.WAITLISTED)

    reasons = booking_reasons(me, SessionFactory(course=course, days_ahead=40))

    assert codes(reasons) == [BookingReasonCode.BOOKED_ON_ANOTHER_DATE]
    assert other.when in reasons[0].message


def test_a_booking_on_a_cancelled_date_of_the_course_is_not_a_reason():
    me, course = person(), CoursePageFactory()
    BookingFactory(user=me, session=SessionFactory(course=course, days_ahead=20, status=SessionStatus.CANCELLED))

    assert booking_reasons(me, SessionFactory(course=course, days_ahead=40)) == []


def test_a_place_on_another_course_at_an_overlapping_time_is_a_reason():
    me = person()
    session = SessionFactory(days_ahead=25)
    clash = SessionFactory(
        starts_at=session.starts_at + timedelta(hours=2), ends_at=session.ends_at + timedelta(hours=2)
    )
    BookingFactory(user=me, session=clash)

    reasons = booking_reasons(me, session)

    assert codes(reasons) == [BookingReasonCode.OVERLAPPING_BOOKING]
    assert clash.course.title in reasons[0].message


def test_a_place_on_another_course_just_after_is_not_a_reason():
    me = person()
    session = SessionFactory(days_ahead=25)
    BookingFactory(
        user=me, session=SessionFactory(starts_at=session.ends_at, ends_at=session.ends_at + timedelta(hours=1))
    )

    assert booking_reasons(me, session) == []


def test_a_full_session_with_a_full_waiting_list_is_a_reason():
    session = SessionFactory(capacity=1, waiting_list_size=1)
    BookingFactory(session=session)
    BookingFactory(session=session, status=BookingStatus.WAITLISTED)

    assert codes(booking_reasons(person(), session)) == [BookingReasonCode.FULL]


def test_a_full_session_with_room_on_the_waiting_list_is_not_a_reason():
    session = SessionFactory(capacity=1, waiting_list_size=1)
    BookingFactory(session=session)

    assert booking_reasons(person(), session) == []


@pytest.mark.parametrize(
    ("capacity", "confirmed", "waiting", "waiting_list_size"),
    [(1, 1, 1, 1), (1, 1, 0, 1), (1, 1, 0, 0), (2, 1, 0, 0), (2, 1, 1, 1), (2, 1, 1, 2), (1, 0, 0, 0)],
)
def test_the_full_reason_is_given_exactly_when_the_availability_rule_says_full(
    capacity, confirmed, waiting, waiting_list_size
):
    session = SessionFactory(capacity=capacity, waiting_list_size=waiting_list_size)
    BookingFactory.create_batch(confirmed, session=session)
    BookingFactory.create_batch(waiting, session=session, status=BookingStatus.WAITLISTED)
    session = Session.objects.get(pk=session.pk)

    full = BookingReasonCode.FULL in codes(booking_reasons(person(), session))

    assert full == (availability(session).code == AvailabilityCode.FULL)


def test_the_full_reason_words_the_availability_rule(monkeypatch):
    # One rule decides "full": a change to bookings.availability is the booking rule's too.
    session = SessionFactory(capacity=5)
    monkeypatch.setattr(rules, "availability", lambda session, now=None: Availability(AvailabilityCode.FULL))

    assert codes(booking_reasons(person(), session)) == [BookingReasonCode.FULL]


def test_every_reason_is_given_at_once(specialist_session):
    teacher = person(job_role=JobRoleFactory(code="teacher"), verified=False, is_active=False)

    assert codes(booking_reasons(teacher, specialist_session)) == [
        BookingReasonCode.ACCOUNT_INACTIVE,
        BookingReasonCode.EMAIL_NOT_VERIFIED,
        ReasonCode.JOB_ROLE_NOT_ELIGIBLE,
    ]


# A request for approval that no lead could give


@pytest.fixture
def approval_session():
    return SessionFactory(course=CoursePageFactory(requires_lead_approval=True))


def test_a_request_from_an_agency_with_no_lead_is_a_reason_naming_the_training_teams_address(approval_session):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.contact_email = "cse.training@cumbria.example.org"
    site_settings.save()

    reasons = booking_reasons(person(), approval_session)

    assert codes(reasons) == [BookingReasonCode.NO_AGENCY_LEAD]
    assert reasons[0].message == (
        "This workshop needs your agency lead’s approval, and your agency has no lead on this site yet. "
        "Ask the training team: cse.training@cumbria.example.org"
    )


def test_a_request_from_someone_with_no_agency_is_a_reason(approval_session):
    reasons = booking_reasons(person(agency=None), approval_session)

    assert codes(reasons) == [BookingReasonCode.NO_AGENCY]
    assert reasons[0].message.startswith(
        "This workshop needs your agency lead’s approval, and your profile does not say which agency you work for."
    )


def test_an_agency_lead_of_their_own_agency_alone_cannot_ask_themselves(approval_session):
    lead = person()
    AgencyLeadershipFactory(agency=lead.agency, user=lead)

    reasons = booking_reasons(lead, approval_session)

    assert codes(reasons) == [BookingReasonCode.NO_AGENCY_LEAD]
    assert "you are your agency’s only lead on this site" in reasons[0].message


def test_a_lead_whose_account_is_inactive_cannot_approve_so_is_no_lead(approval_session):
    me = person()
    AgencyLeadershipFactory(agency=me.agency, user=person(is_active=False))

    assert codes(booking_reasons(me, approval_session)) == [BookingReasonCode.NO_AGENCY_LEAD]


def test_a_request_from_an_agency_with_a_lead_is_not_a_reason(approval_session):
    assert booking_reasons(person_with_a_lead(), approval_session) == []


def test_a_course_that_needs_no_approval_needs_no_lead():
    assert booking_reasons(person(agency=None), SessionFactory()) == []


def test_without_a_site_the_reason_still_says_whom_to_ask(approval_session):
    Site.objects.all().delete()

    [reason] = booking_reasons(person(), approval_session)

    assert reason.message.endswith("Ask the training team for help.")


# Cancelling: bookings.rules.cancellation, obeyed by cancel_booking and asked by every page


def test_a_confirmed_place_may_be_cancelled_and_is_not_late_before_the_cut_off():
    booking = BookingFactory(session=SessionFactory(days_ahead=40))

    answer = cancellation(booking)

    assert (answer.may_cancel, answer.late) == (True, False)
    assert answer.cutoff == late_cancellation_cutoff(booking.session)


@pytest.mark.parametrize("status", [BookingStatus.CONFIRMED, BookingStatus.AWAITING_APPROVAL])
def test_a_place_cancelled_from_the_cut_off_is_late(status):
    booking = BookingFactory(session=SessionFactory(days_ahead=1), status=status)

    answer = cancellation(booking)

    assert (answer.may_cancel, answer.late) == (True, True)


@pytest.mark.parametrize("status", [BookingStatus.WAITLISTED, BookingStatus.OFFERED])
def test_a_waiting_list_place_or_an_offer_is_never_late(status):
    booking = BookingFactory(session=SessionFactory(days_ahead=1), status=status)

    answer = cancellation(booking)

    assert (answer.may_cancel, answer.late, answer.cutoff) == (True, False, None)


def test_nothing_on_a_cancelled_session_can_be_cancelled():
    booking = BookingFactory(session=SessionFactory(status=SessionStatus.CANCELLED))

    answer = cancellation(booking)

    assert not answer.may_cancel
    assert answer.reason.message == "The session has been cancelled, so there is nothing to cancel."


def test_a_booking_cannot_be_cancelled_once_its_session_has_started():
    now = timezone.now()
    booking = BookingFactory(session=SessionFactory(starts_at=now, ends_at=now + timedelta(hours=3)))

    answer = cancellation(booking, now=now)

    assert (answer.may_cancel, answer.late) == (False, False)
    assert answer.reason.code == BookingReasonCode.SESSION_STARTED


def test_a_booking_already_cancelled_cannot_be_cancelled_again():
    booking = BookingFactory(status=BookingStatus.CANCELLED)

    assert cancellation(booking).reason.message == "This booking cannot be cancelled: it is cancelled."
