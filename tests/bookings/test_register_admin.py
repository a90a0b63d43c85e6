"""The register and charges ledger screens in the Wagtail admin: who may open them, what they
save, bad input refused with a message and nothing changed, exports that open, and a fixed
number of queries at two sizes."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bookings import services
from bookings.attendance import Mark
from bookings.choices import Attendance, LedgerStatus
from bookings.models import Booking, LedgerEntry
from records.models import Completion
from tests.bookings.factories import BookingFactory, SessionFactory
from tests.bookings.helpers import person, session_at
from tests.courses.factories import CoursePageFactory
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, JobRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def started_session(**kwargs):
    return session_at(timezone.now().replace(microsecond=0) - timedelta(hours=2), **kwargs)


def register_url(session):
    return f"/admin/bookings/register/{session.pk}/"


LEDGER = "/admin/bookings/ledger/"


@pytest.fixture
def session_with_people():
    session = started_session()
    return session, [BookingFactory(session=session, user=person()) for _ in range(3)]


def test_the_register_lists_the_confirmed_people(administrator_client, session_with_people):
    session, bookings = session_with_people
    html = administrator_client.get(register_url(session)).content.decode()
    for booking in bookings:
        assert booking.user.full_name in html


def test_marking_everyone_attended_records_their_completions(administrator_client, session_with_people):
    session, bookings = session_with_people
    response = administrator_client.post(register_url(session), {"action": "all_attended"})
    assert response.status_code == 302
    assert Completion.objects.filter(course=session.course).count() == 3


def test_saving_one_exception_after_everyone_attended_needs_a_reason(administrator_client, session_with_people):
    session, bookings = session_with_people
    administrator_client.post(register_url(session), {"action": "all_attended"})
    absent = bookings[0]
    response = administrator_client.post(register_url(session), {f"attendance-{absent.pk}": "did_not_attend"})
    assert response.status_code == 400
    assert "Enter the reason for correcting the register." in response.content.decode()
    assert not LedgerEntry.objects.exists()
    response = administrator_client.post(
        register_url(session), {f"attendance-{absent.pk}": "did_not_attend", "reason": "Signed in by a colleague"}
    )
    assert response.status_code == 302
    assert LedgerEntry.objects.get().booking == absent


def test_the_register_before_the_start_says_when_it_opens(administrator_client):
    session = SessionFactory(days_ahead=3)
    booking = BookingFactory(session=session, user=person())
    assert "The register opens at 9:30am on" in administrator_client.get(register_url(session)).content.decode()
    response = administrator_client.post(register_url(session), {f"attendance-{booking.pk}": "attended"})
    assert response.status_code == 400
    assert Booking.objects.get(pk=booking.pk).attendance == ""


def test_minutes_late_that_are_not_a_number_are_refused(administrator_client, session_with_people):
    session, bookings = session_with_people
    response = administrator_client.post(
        register_url(session), {f"attendance-{bookings[0].pk}": "arrived_late", f"minutes-{bookings[0].pk}": "ten"}
    )
    assert response.status_code == 400
    assert "as a number" in response.content.decode()
    assert not Booking.objects.exclude(attendance="").exists()


def test_an_unknown_attendance_value_is_refused(administrator_client, session_with_people):
    session, bookings = session_with_people
    response = administrator_client.post(register_url(session), {f"attendance-{bookings[0].pk}": "asleep"})
    assert response.status_code == 400
    assert not Booking.objects.exclude(attendance="").exists()


def test_a_learner_cannot_open_the_register_or_the_ledger(client, session_with_people):
    session, _ = session_with_people
    client.force_login(person())
    assert client.get(register_url(session)).status_code in (302, 403)
    assert client.get(LEDGER).status_code in (302, 403)
    assert client.post(register_url(session), {"action": "all_attended"}).status_code in (302, 403)
    assert not Completion.objects.exists()


def test_an_agency_lead_cannot_open_the_admin_ledger(client):
    lead = AgencyLeadershipFactory().user
    client.force_login(lead)
    response = client.get(LEDGER)
    assert response.status_code in (302, 403)
    assert "Charges ledger" not in response.content.decode()


def no_show_entries(count, agency=None):
    session = started_session(capacity=count + 1)
    bookings = []
    for _ in range(count):
        someone = person(agency=agency) if agency else person()
        bookings.append(BookingFactory(session=session, user=someone, agency=someone.agency))
    admin = UserFactory(is_superuser=True)
    services.mark_register(session, [Mark(b.pk, Attendance.DID_NOT_ATTEND) for b in bookings], by=admin)
    return bookings


def test_the_ledger_filters_by_agency_and_totals(administrator_client):
    ours = AgencyFactory(name="Fellside Health")
    no_show_entries(2, agency=ours)
    no_show_entries(1)
    response = administrator_client.get(LEDGER, {"agency": ours.pk})
    html = response.content.decode()
    assert html.count("Did not attend</td>") == 2
    assert "£120.00" in html


def test_a_bad_period_is_refused_with_a_message(administrator_client):
    no_show_entries(1)
    response = administrator_client.get(LEDGER, {"start": "2027-03-10", "end": "2027-03-01"})
    assert response.status_code == 400
    assert "The end date must be on or after the start date." in response.content.decode()


def test_the_last_possible_date_is_not_an_error(administrator_client):
    no_show_entries(1)
    response = administrator_client.get(LEDGER, {"start": "0001-01-01", "end": "9999-12-31"})
    assert response.status_code == 200


def test_the_csv_export_parses_with_the_same_rows(administrator_client):
    bookings = no_show_entries(2)
    response = administrator_client.get(LEDGER, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Person"
    assert sorted(row[1] for row in rows[1:]) == sorted(b.user.email for b in bookings)


def test_the_xlsx_export_opens_with_the_same_rows(administrator_client):
    bookings = no_show_entries(2)
    response = administrator_client.get(LEDGER, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Person"
    assert sorted(row[1] for row in rows[1:]) == sorted(b.user.email for b in bookings)
    assert {Decimal(str(row[6])) for row in rows[1:]} == {Decimal("60")}


def test_waiving_from_the_ledger_needs_a_reason(administrator_client):
    no_show_entries(1)
    entry = LedgerEntry.objects.get()
    response = administrator_client.post(f"{LEDGER}{entry.pk}/waive/", {"reason": ""})
    assert response.status_code == 400
    assert "Enter the reason for waiving the charge." in response.content.decode()
    assert LedgerEntry.objects.get().status == LedgerStatus.DUE
    administrator_client.post(f"{LEDGER}{entry.pk}/waive/", {"reason": "Manager rang: sickness"})
    assert LedgerEntry.objects.get().status == LedgerStatus.WAIVED


def test_marking_the_charges_shown_as_invoiced(administrator_client):
    ours = AgencyFactory(name="Fellside Health")
    no_show_entries(2, agency=ours)
    no_show_entries(1)
    administrator_client.post(LEDGER, {"agency": ours.pk})
    assert LedgerEntry.objects.filter(status=LedgerStatus.INVOICED).count() == 2


def test_lifting_a_block_from_the_admin_needs_a_reason(administrator_client):
    someone = person()
    response = administrator_client.post(f"/admin/bookings/blocks/{someone.pk}/lift/", {"reason": ""})
    assert response.status_code == 400
    response = administrator_client.post(f"/admin/bookings/blocks/{someone.pk}/lift/", {"reason": "Spoke to them"})
    assert response.status_code == 302


def queries_for(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_register_page_costs_the_same_queries_for_3_people_as_for_40(administrator_client):
    small, large = started_session(), started_session(capacity=50)
    for session, size in ((small, 3), (large, 40)):
        for _ in range(size):
            BookingFactory(session=session, user=person())
    assert queries_for(administrator_client, register_url(small)) == queries_for(
        administrator_client, register_url(large)
    )


def test_the_ledger_report_costs_the_same_queries_for_3_charges_as_for_30(administrator_client):
    no_show_entries(3)
    few = queries_for(administrator_client, LEDGER)
    no_show_entries(27)
    assert queries_for(administrator_client, LEDGER) == few


def test_a_walk_in_is_added_with_a_confirmed_place_and_can_be_marked(administrator_client, session_with_people):
    session, _ = session_with_people
    walk_in = person()
    response = administrator_client.post(register_url(session), {"action": "walk_in", "walk_in_email": walk_in.email})
    assert response.status_code == 302
    booking = Booking.objects.get(session=session, user=walk_in)
    assert booking.status == "confirmed"
    administrator_client.post(register_url(session), {f"attendance-{booking.pk}": "attended"})
    assert Completion.objects.filter(user=walk_in).exists()


def test_a_walk_in_the_course_would_refuse_needs_a_reason_which_becomes_an_exception(administrator_client):
    session = started_session(course=CoursePageFactory(eligible_job_roles=[JobRoleFactory()]))
    walk_in = person()
    response = administrator_client.post(register_url(session), {"action": "walk_in", "walk_in_email": walk_in.email})
    assert response.status_code == 400
    assert "Enter the reason to add them anyway" in response.content.decode()
    assert not Booking.objects.filter(user=walk_in).exists()
    response = administrator_client.post(
        register_url(session),
        {"action": "walk_in", "walk_in_email": walk_in.email, "walk_in_reason": "Covering the specialist team"},
    )
    assert response.status_code == 302
    assert Booking.objects.get(user=walk_in).eligibility_exception.reason == "Covering the specialist team"


def test_a_walk_in_on_a_full_session_is_refused_until_the_capacity_is_raised(administrator_client):
    session = started_session(capacity=1)
    BookingFactory(session=session, user=person())
    walk_in = person()
    response = administrator_client.post(register_url(session), {"action": "walk_in", "walk_in_email": walk_in.email})
    assert response.status_code == 400
    assert "Raise the capacity" in response.content.decode()
    assert not Booking.objects.filter(user=walk_in).exists()


def test_a_walk_in_with_an_unknown_email_is_refused_with_a_message(administrator_client, session_with_people):
    session, _ = session_with_people
    response = administrator_client.post(register_url(session), {"action": "walk_in", "walk_in_email": "x@y.org"})
    assert response.status_code == 400
    assert "someone with an account" in response.content.decode()


def test_the_lift_page_says_whether_the_person_is_blocked(administrator_client):
    bookings = no_show_entries(1)
    someone = bookings[0].user
    html = administrator_client.get(f"/admin/bookings/blocks/{someone.pk}/lift/").content.decode()
    assert "is not blocked from booking" in html
    for _ in range(2):
        session = started_session()
        booking = BookingFactory(session=session, user=someone, agency=someone.agency)
        services.mark_register(session, [Mark(booking.pk, Attendance.DID_NOT_ATTEND)], by=UserFactory())
    html = administrator_client.get(f"/admin/bookings/blocks/{someone.pk}/lift/").content.decode()
    assert "did not attend three sessions in the last 12 months" in html
    assert f"/admin/bookings/blocks/{someone.pk}/lift/" in administrator_client.get(LEDGER).content.decode()


def test_a_name_that_looks_like_a_formula_is_exported_as_text(administrator_client):
    bookings = no_show_entries(1)
    bookings[0].user.full_name = '=HYPERLINK("http://evil.example","x")'
    bookings[0].user.save()
    response = administrator_client.get(LEDGER, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example","x")'
    response = administrator_client.get(LEDGER, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=1).data_type == "s"
