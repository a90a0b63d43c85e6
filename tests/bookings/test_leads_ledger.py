"""The leads' ledger on /leads/ledger/: the charges to the agencies a lead leads, nobody else's."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from django.utils import timezone

from bookings import services
from bookings.attendance import Mark
from bookings.choices import Attendance
from tests.bookings.factories import BookingFactory
from tests.bookings.helpers import person, session_at
from tests.people.conftest import activate_totp
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LEDGER = "/leads/ledger/"


def no_show_of(someone, days_ago=0):
    session = session_at(timezone.now().replace(microsecond=0) - timedelta(days=days_ago, hours=3))
    booking = BookingFactory(session=session, user=someone, agency=someone.agency)
    admin = UserFactory(is_superuser=True)
    services.mark_register(session, [Mark(booking.pk, Attendance.DID_NOT_ATTEND)], by=admin)


def signed_in_lead(client, agency):
    lead = AgencyLeadershipFactory(agency=agency, user=person()).user
    activate_totp(lead)
    client.force_login(lead)
    return lead


def test_a_lead_sees_their_agencys_charges_and_totals(client):
    ours = AgencyFactory()
    no_show_of(person(full_name="Ruth Lowther", agency=ours))
    signed_in_lead(client, ours)
    html = client.get(LEDGER).content.decode()
    assert "Ruth Lowther" in html
    assert "£60.00" in html


def test_a_lead_never_sees_another_agencys_charges(client):
    no_show_of(person(full_name="Oswin Other", agency=AgencyFactory()))
    signed_in_lead(client, AgencyFactory())
    response = client.get(LEDGER)
    assert response.status_code == 200
    assert "Oswin Other" not in response.content.decode()


def test_someone_who_leads_no_agency_is_refused(client):
    no_show_of(person(full_name="Ruth Lowther"))
    client.force_login(person())
    response = client.get(LEDGER)
    assert response.status_code == 403


def days_ago(days):
    return (timezone.localdate() - timedelta(days=days)).isoformat()


def test_the_period_filter_keeps_the_charges_for_sessions_in_it(client):
    ours = AgencyFactory()
    no_show_of(person(full_name="Ruth Lowther", agency=ours), days_ago=40)
    no_show_of(person(full_name="Amos Tyson", agency=ours), days_ago=10)
    signed_in_lead(client, ours)
    html = client.get(LEDGER, {"start": days_ago(20), "end": days_ago(5)}).content.decode()
    assert "Amos Tyson" in html
    assert "Ruth Lowther" not in html
    assert "£60.00" in html  # one no-show due, not two


def test_a_lead_of_two_agencies_filters_by_one(client):
    ours, theirs = AgencyFactory(), AgencyFactory()
    no_show_of(person(full_name="Ruth Lowther", agency=ours))
    no_show_of(person(full_name="Amos Tyson", agency=theirs))
    lead = signed_in_lead(client, ours)
    AgencyLeadershipFactory(agency=theirs, user=lead)
    html = client.get(LEDGER, {"agency": theirs.pk}).content.decode()
    assert "Amos Tyson" in html
    assert "Ruth Lowther" not in html


def test_a_date_that_is_not_one_is_reported_and_not_applied(client):
    ours = AgencyFactory()
    no_show_of(person(full_name="Ruth Lowther", agency=ours))
    signed_in_lead(client, ours)
    response = client.get(LEDGER, {"start": "2027-02-30"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sessions from: “2027-02-30” is not a date like 2027-03-01, so it was not applied." in html
    assert "Ruth Lowther" in html


def test_an_end_before_the_start_is_reported_and_not_applied(client):
    ours = AgencyFactory()
    no_show_of(person(full_name="Ruth Lowther", agency=ours), days_ago=2)
    signed_in_lead(client, ours)
    response = client.get(LEDGER, {"start": days_ago(5), "end": days_ago(20)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The end date is before the start date, so it was not applied." in html
    assert "Ruth Lowther" in html


def test_the_last_possible_date_is_not_an_error(client):
    ours = AgencyFactory()
    no_show_of(person(full_name="Ruth Lowther", agency=ours))
    signed_in_lead(client, ours)
    response = client.get(LEDGER, {"start": "0001-01-01", "end": "9999-12-31"})
    assert response.status_code == 200
    assert "Ruth Lowther" in response.content.decode()


def export_setup(client):
    """Two of our charges in the period, one before it, and another agency's in it."""
    ours = AgencyFactory()
    no_show_of(person(full_name="Ruth Lowther", email="ruth@fellside.example.org", agency=ours), days_ago=3)
    no_show_of(person(full_name="=Amos Tyson", email="amos@fellside.example.org", agency=ours), days_ago=4)
    no_show_of(person(full_name="Old Charge", email="old@fellside.example.org", agency=ours), days_ago=60)
    no_show_of(person(full_name="Oswin Other", email="oswin@other.example.org", agency=AgencyFactory()), days_ago=3)
    signed_in_lead(client, ours)
    return {"start": days_ago(30), "end": days_ago(0)}


def test_the_page_links_to_the_exports_of_the_rows_shown(client):
    period = export_setup(client)
    html = client.get(LEDGER, period).content.decode()
    assert f"?start={period['start']}&amp;end={period['end']}&amp;export=csv" in html
    assert f"?start={period['start']}&amp;end={period['end']}&amp;export=xlsx" in html


def test_the_csv_export_parses_with_the_rows_shown_and_no_other_agencys(client):
    period = export_setup(client)
    response = client.get(LEDGER, {**period, "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["Person", "Email"]
    assert [row[1] for row in rows[1:]] == ["ruth@fellside.example.org", "amos@fellside.example.org"]
    assert rows[2][0] == "'=Amos Tyson"


def test_the_xlsx_export_opens_with_the_same_rows_as_the_csv(client):
    period = export_setup(client)
    csv_rows = list(csv.reader(io.StringIO(client.get(LEDGER, {**period, "export": "csv"}).content.decode())))
    response = client.get(LEDGER, {**period, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [list(row[:6]) for row in rows] == [row[:6] for row in csv_rows]
    assert [row[1] for row in rows[1:]] == ["ruth@fellside.example.org", "amos@fellside.example.org"]
    assert {Decimal(str(row[6])) for row in rows[1:]} == {Decimal("60")}


def test_the_export_drops_a_bad_filter_as_the_page_does(client):
    export_setup(client)
    response = client.get(LEDGER, {"start": "not-a-date", "export": "csv"})
    assert response.status_code == 200
    emails = sorted(row[1] for row in list(csv.reader(io.StringIO(response.content.decode())))[1:])
    assert emails == ["amos@fellside.example.org", "old@fellside.example.org", "ruth@fellside.example.org"]


def test_a_learner_cannot_export_the_ledger(client):
    export_setup(client)
    client.force_login(person())
    assert client.get(LEDGER, {"export": "csv"}).status_code == 403
