"""The leads' ledger on /leads/ledger/: the charges to the agencies a lead leads, nobody else's."""

from datetime import timedelta

import pytest

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


def no_show_of(someone):
    session = session_at(timezone.now().replace(microsecond=0) - timedelta(hours=3))
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
