"""The ledger's verbs and the three-no-shows block: a late cancellation is charged, a charge is
waived only with a reason, due charges are invoiced, and three no-shows in 12 months stop a
person booking for themselves until an administrator lifts it with a reason."""

from datetime import timedelta
from decimal import Decimal

import pytest

from django.utils import timezone

from bookings import services
from bookings.attendance import NO_SHOWS_MESSAGE, Mark
from bookings.choices import Attendance, BookingReasonCode, BookingStatus, LedgerReason, LedgerStatus
from bookings.models import LedgerEntry
from bookings.rules import booking_check
from bookings.services import BookingRefused
from tests.bookings.factories import BookingFactory, SessionFactory
from tests.bookings.helpers import person, session_at
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return UserFactory(is_superuser=True, is_staff=True)


def no_show(someone, days_ago, admin_user):
    session = session_at(timezone.now().replace(microsecond=0) - timedelta(days=days_ago))
    booking = BookingFactory(session=session, user=someone, agency=someone.agency)
    services.mark_register(session, [Mark(booking.pk, Attendance.DID_NOT_ATTEND)], by=admin_user)
    return booking


def test_a_late_cancellation_is_charged_to_the_agency_the_person_booked_from():
    me = person()
    session = SessionFactory(days_ahead=1)
    booking = services.book_session(me, session)
    services.cancel_booking(booking, by=me)
    entry = LedgerEntry.objects.get(booking=booking)
    assert (entry.reason, entry.agency, entry.status) == (LedgerReason.LATE_CANCELLATION, me.agency, LedgerStatus.DUE)


def test_a_cancellation_in_good_time_is_not_charged():
    me = person()
    booking = services.book_session(me, SessionFactory(days_ahead=40))
    services.cancel_booking(booking, by=me)
    assert not LedgerEntry.objects.exists()


def test_waiving_records_the_reason_and_who(admin_user):
    me = person()
    booking = services.book_session(me, SessionFactory(days_ahead=1))
    services.cancel_booking(booking, by=me)
    entry = services.waive_entry(LedgerEntry.objects.get(), by=admin_user, reason="Sickness, manager told us")
    assert (entry.status, entry.waive_reason, entry.waived_by) == (
        LedgerStatus.WAIVED,
        "Sickness, manager told us",
        admin_user,
    )


def test_waiving_without_a_reason_is_refused_and_changes_nothing(admin_user):
    me = person()
    services.cancel_booking(services.book_session(me, SessionFactory(days_ahead=1)), by=me)
    with pytest.raises(BookingRefused, match="reason for waiving"):
        services.waive_entry(LedgerEntry.objects.get(), by=admin_user, reason="  ")
    assert LedgerEntry.objects.get().status == LedgerStatus.DUE


def test_an_invoiced_charge_cannot_be_waived(admin_user):
    me = person()
    services.cancel_booking(services.book_session(me, SessionFactory(days_ahead=1)), by=me)
    assert services.mark_invoiced(LedgerEntry.objects.all(), by=admin_user) == 1
    with pytest.raises(BookingRefused, match="already been waived or invoiced"):
        services.waive_entry(LedgerEntry.objects.get(), by=admin_user, reason="Too late")
    assert LedgerEntry.objects.get().status == LedgerStatus.INVOICED


def test_totals_sum_each_status(admin_user):
    someone = person()
    for days in (3, 4, 5):
        no_show(someone, days, admin_user)
    services.waive_entry(LedgerEntry.objects.first(), by=admin_user, reason="Snow")
    totals = LedgerEntry.objects.totals()
    assert totals["due"] == Decimal("120.00")
    assert totals["waived"] == Decimal("60.00")


def test_three_no_shows_in_12_months_block_booking_for_yourself(admin_user):
    someone = person()
    for days in (10, 100, 300):
        no_show(someone, days, admin_user)
    check = booking_check(someone, SessionFactory())
    assert [reason.code for reason in check.reasons] == [BookingReasonCode.NO_SHOWS]
    assert check.reasons[0].message == NO_SHOWS_MESSAGE


def test_a_no_show_older_than_12_months_does_not_count(admin_user):
    someone = person()
    for days in (10, 100, 400):
        no_show(someone, days, admin_user)
    assert booking_check(someone, SessionFactory()).may_book


def test_booking_is_refused_with_the_reason_while_blocked(admin_user):
    someone = person()
    for days in (10, 20, 30):
        no_show(someone, days, admin_user)
    with pytest.raises(BookingRefused, match="did not attend three sessions"):
        services.book_session(someone, SessionFactory())


def test_the_training_team_may_still_book_a_blocked_person_by_hand(admin_user):
    someone = person()
    for days in (10, 20, 30):
        no_show(someone, days, admin_user)

    booking = services.book_by_hand(someone, SessionFactory(), by=admin_user)

    assert booking.status == BookingStatus.CONFIRMED


def test_lifting_the_block_lets_the_person_book_again(admin_user):
    someone = person()
    for days in (10, 20, 30):
        no_show(someone, days, admin_user)
    services.lift_booking_block(someone, by=admin_user, reason="Spoke to their manager")
    assert booking_check(someone, SessionFactory()).may_book


def test_lifting_without_a_reason_is_refused(admin_user):
    someone = person()
    for days in (10, 20, 30):
        no_show(someone, days, admin_user)
    with pytest.raises(BookingRefused, match="reason for lifting"):
        services.lift_booking_block(someone, by=admin_user, reason="")
    assert not booking_check(someone, SessionFactory()).may_book


def test_the_session_page_says_in_words_why_a_blocked_person_cannot_book(client, admin_user):
    someone = person()
    for days in (10, 20, 30):
        no_show(someone, days, admin_user)
    session = SessionFactory()
    client.force_login(someone)
    html = client.get(f"/sessions/{session.uid}/").content.decode()
    assert "Speak to your line manager or the training team." in html


def test_marking_every_due_charge_invoiced_includes_one_without_an_agency(admin_user):
    someone = person()
    booking = no_show(someone, 3, admin_user)
    LedgerEntry.objects.filter(booking=booking).update(agency=None)
    no_show(person(), 4, admin_user)
    entries = LedgerEntry.objects.select_related("person", "agency", "session__course")
    assert services.mark_invoiced(entries, by=admin_user) == 2
