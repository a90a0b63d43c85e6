"""The register: ``services.mark_register`` records attendance, completions, charges and the
no-show emails, refuses bad marks changing nothing, and costs a fixed number of queries."""

from datetime import timedelta
from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import ModelLogEntry

from bookings import services
from bookings.attendance import Mark
from bookings.choices import Attendance, BookingEvent, LedgerReason, LedgerStatus
from bookings.models import Booking, BookingStatus, LedgerEntry
from bookings.services import BookingRefused
from records.models import Completion
from tests.bookings.factories import BookingFactory, SessionFactory
from tests.bookings.helpers import person, session_at
from tests.courses.factories import CoursePageFactory
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return UserFactory(is_superuser=True, is_staff=True)


def started_session(hours_ago=2, **kwargs):
    return session_at(timezone.now().replace(microsecond=0) - timedelta(hours=hours_ago), **kwargs)


def confirmed(session, **kwargs):
    return BookingFactory(session=session, user=person(), **kwargs)


def mark(booking, attendance, minutes_late=None):
    return Mark(booking.pk, attendance, minutes_late)


def test_attending_records_the_completion_with_its_expiry(admin_user):
    session = started_session(course=CoursePageFactory(validity_months=24))
    booking = confirmed(session)
    services.mark_register(session, [mark(booking, Attendance.ATTENDED)], by=admin_user)
    booking.refresh_from_db()
    completion = Completion.objects.get(user=booking.user, course=session.course)
    assert booking.attendance == Attendance.ATTENDED
    assert booking.completion == completion
    assert completion.source == "attendance"
    assert completion.completed_on == timezone.localtime(session.starts_at).date()
    assert completion.expires_on is not None


def test_arriving_late_within_the_grace_counts_as_attended(admin_user):
    session = started_session()
    booking = confirmed(session)
    services.mark_register(session, [mark(booking, Attendance.ARRIVED_LATE, 30)], by=admin_user)
    assert Completion.objects.filter(user=booking.user).exists()


def test_arriving_later_than_the_grace_records_no_completion(admin_user):
    session = started_session()
    booking = confirmed(session)
    services.mark_register(session, [mark(booking, Attendance.ARRIVED_LATE, 31)], by=admin_user)
    assert not Completion.objects.filter(user=booking.user).exists()


def test_the_grace_is_a_setting(admin_user, settings):
    settings.BOOKING_LATE_GRACE_MINUTES = 10
    session = started_session()
    booking = confirmed(session)
    services.mark_register(session, [mark(booking, Attendance.ARRIVED_LATE, 15)], by=admin_user)
    assert not Completion.objects.filter(user=booking.user).exists()


def test_a_no_show_is_charged_to_the_agency_at_the_default_fee(admin_user, settings):
    settings.BOOKING_DEFAULT_FEE = Decimal("55.00")
    session = started_session()
    booking = confirmed(session, agency=None)
    Booking.objects.filter(pk=booking.pk).update(agency=booking.user.agency)
    services.mark_register(session, [mark(booking, Attendance.DID_NOT_ATTEND)], by=admin_user)
    entry = LedgerEntry.objects.get(booking=booking)
    assert (entry.reason, entry.amount, entry.status) == (LedgerReason.NO_SHOW, Decimal("55.00"), LedgerStatus.DUE)
    assert entry.agency == booking.user.agency
    assert not Completion.objects.filter(user=booking.user).exists()


def test_leaving_early_is_charged_at_the_course_fee(admin_user):
    session = started_session(course=CoursePageFactory(no_show_fee=Decimal("80.00")))
    booking = confirmed(session)
    services.mark_register(session, [mark(booking, Attendance.LEFT_EARLY)], by=admin_user)
    entry = LedgerEntry.objects.get(booking=booking)
    assert (entry.reason, entry.amount) == (LedgerReason.LEFT_EARLY, Decimal("80.00"))


def test_a_statutory_partner_is_charged_nothing(admin_user):
    session = started_session()
    someone = person()
    someone.agency.charges_waived = True
    someone.agency.save()
    booking = BookingFactory(session=session, user=someone, agency=someone.agency)
    services.mark_register(session, [mark(booking, Attendance.DID_NOT_ATTEND)], by=admin_user)
    assert LedgerEntry.objects.get(booking=booking).amount == Decimal("0.00")


def test_no_shows_and_leavers_are_announced_and_attenders_are_not(admin_user, announced):
    session = started_session()
    came, absent, left = confirmed(session), confirmed(session), confirmed(session)
    with announced() as sent:
        services.mark_register(
            session,
            [
                mark(came, Attendance.ATTENDED),
                mark(absent, Attendance.DID_NOT_ATTEND),
                mark(left, Attendance.LEFT_EARLY),
            ],
            by=admin_user,
        )
    assert [(who, event) for who, event, _ in sent] == [
        (absent.user, BookingEvent.DID_NOT_ATTEND),
        (left.user, BookingEvent.LEFT_EARLY),
    ]


def test_the_register_is_refused_before_the_session_starts_with_the_time_it_opens(admin_user):
    session = SessionFactory(days_ahead=5)
    booking = confirmed(session)
    with pytest.raises(BookingRefused) as refused:
        services.mark_register(session, [mark(booking, Attendance.ATTENDED)], by=admin_user)
    assert refused.value.messages[0].startswith("The register opens at 9:30am on ")
    booking.refresh_from_db()
    assert booking.attendance == ""


def test_marking_someone_not_booked_on_the_session_is_refused_and_changes_nothing(admin_user):
    session = started_session()
    booking = confirmed(session)
    elsewhere = confirmed(started_session(hours_ago=30))
    waiting = confirmed(session, status=BookingStatus.WAITLISTED)
    for stranger in (elsewhere, waiting):
        with pytest.raises(BookingRefused, match="not booked on this session"):
            services.mark_register(
                session, [mark(booking, Attendance.ATTENDED), mark(stranger, Attendance.ATTENDED)], by=admin_user
            )
    assert not Booking.objects.exclude(attendance="").exists()
    assert not Completion.objects.exists()


def test_arriving_late_without_the_minutes_is_refused(admin_user):
    session = started_session()
    booking = confirmed(session)
    with pytest.raises(BookingRefused, match="how many minutes late"):
        services.mark_register(session, [mark(booking, Attendance.ARRIVED_LATE)], by=admin_user)


def test_marking_the_same_register_twice_changes_nothing_the_second_time(admin_user, announced):
    session = started_session()
    booking = confirmed(session)
    services.mark_register(session, [mark(booking, Attendance.DID_NOT_ATTEND)], by=admin_user)
    with announced() as sent:
        saved = services.mark_register(session, [mark(booking, Attendance.DID_NOT_ATTEND)], by=admin_user)
    assert not saved.changed
    assert sent == []
    assert LedgerEntry.objects.count() == 1


def test_a_correction_needs_a_reason(admin_user):
    session = started_session()
    booking = confirmed(session)
    services.mark_register(session, [mark(booking, Attendance.ATTENDED)], by=admin_user)
    with pytest.raises(BookingRefused, match="reason for correcting"):
        services.mark_register(session, [mark(booking, Attendance.DID_NOT_ATTEND)], by=admin_user)
    booking.refresh_from_db()
    assert booking.attendance == Attendance.ATTENDED
    assert not LedgerEntry.objects.exists()


def test_correcting_attended_to_did_not_attend_withdraws_the_completion_and_charges(admin_user):
    session = started_session()
    booking = confirmed(session)
    services.mark_register(session, [mark(booking, Attendance.ATTENDED)], by=admin_user)
    saved = services.mark_register(
        session, [mark(booking, Attendance.DID_NOT_ATTEND)], by=admin_user, reason="Signed in for a colleague"
    )
    booking.refresh_from_db()
    assert saved.withdrawn == 1
    assert booking.completion is None
    assert not Completion.objects.filter(user=booking.user).exists()
    assert LedgerEntry.objects.get(booking=booking).reason == LedgerReason.NO_SHOW


def test_correcting_a_no_show_to_attended_removes_the_due_charge_and_records_the_completion(admin_user):
    session = started_session()
    booking = confirmed(session)
    services.mark_register(session, [mark(booking, Attendance.DID_NOT_ATTEND)], by=admin_user)
    services.mark_register(session, [mark(booking, Attendance.ATTENDED)], by=admin_user, reason="Was in room 2")
    assert not LedgerEntry.objects.exists()
    assert Completion.objects.filter(user=booking.user).exists()


def test_a_correction_leaves_a_waived_charge_as_it_is(admin_user):
    session = started_session()
    booking = confirmed(session)
    services.mark_register(session, [mark(booking, Attendance.DID_NOT_ATTEND)], by=admin_user)
    services.waive_entry(LedgerEntry.objects.get(), by=admin_user, reason="Off sick, manager rang")
    services.mark_register(session, [mark(booking, Attendance.ATTENDED)], by=admin_user, reason="Was in room 2")
    assert LedgerEntry.objects.get().status == LedgerStatus.WAIVED


def test_a_correction_is_logged_with_its_reason(admin_user):
    session = started_session()
    booking = confirmed(session)
    services.mark_register(session, [mark(booking, Attendance.ATTENDED)], by=admin_user)
    services.mark_register(session, [mark(booking, Attendance.LEFT_EARLY)], by=admin_user, reason="Left at 11")
    entry = ModelLogEntry.objects.get(action=services.CORRECT_ATTENDANCE)
    assert entry.data["reason"] == "Left at 11"
    assert entry.data["from"] == Attendance.ATTENDED


def seed_register(size):
    session = started_session(capacity=max(size, 1) + 5)
    bookings = [confirmed(session) for _ in range(size)]
    return session, bookings


def register_queries(admin_user, size):
    session, bookings = seed_register(size)
    # A fifth of them absent or leaving early, so charges and emails grow with the size too.
    absent = size // 5
    marks = [mark(booking, Attendance.ATTENDED) for booking in bookings[: -absent - 1]]
    marks += [mark(booking, Attendance.DID_NOT_ATTEND) for booking in bookings[-absent - 1 : -2]]
    marks += [mark(bookings[-2], Attendance.LEFT_EARLY), mark(bookings[-1], Attendance.ARRIVED_LATE, 10)]
    with CaptureQueriesContext(connection) as queries:
        services.mark_register(session, marks, by=admin_user)
    assert Completion.objects.filter(user__in=[b.user for b in bookings]).count() == size - absent
    assert LedgerEntry.objects.filter(session=session).count() == absent
    return len(queries)


def test_saving_a_register_costs_the_same_queries_for_5_people_as_for_60(admin_user):
    register_queries(admin_user, 5)  # warm: the audit log's content types are cached once read
    assert register_queries(admin_user, 5) == register_queries(admin_user, 60)
