"""An agency lead's history and ledger pages in a real browser: both pass axe, filtered and with
a bad value reported, and the filters apply from the form."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from bookings import services
from bookings.attendance import Mark
from bookings.choices import Attendance
from tests.bookings.factories import BookingFactory
from tests.bookings.helpers import person, session_at
from tests.browser.sessions import sign_in_with_mfa
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def no_show(someone):
    session = session_at(timezone.now().replace(microsecond=0) - timedelta(days=2))
    booking = BookingFactory(session=session, user=someone, agency=someone.agency)
    services.mark_register(session, [Mark(booking.pk, Attendance.DID_NOT_ATTEND)], by=UserFactory(is_superuser=True))


@pytest.fixture
def lead_page(page, live_server):
    fellside, eden = AgencyFactory(name="Fellside Children’s Services"), AgencyFactory(name="Eden Youth Service")
    no_show(person(full_name="Ruth Lowther", agency=fellside))
    no_show(person(full_name="Amos Tyson", agency=eden))
    lead = person(full_name="Lena Lead")
    AgencyLeadershipFactory(agency=fellside, user=lead)
    AgencyLeadershipFactory(agency=eden, user=lead)
    sign_in_with_mfa(page, live_server.url, lead)
    return page


def test_a_lead_filters_their_staffs_history_by_agency(live_server, lead_page, check_a11y):
    lead_page.goto(f"{live_server.url}/leads/")
    lead_page.get_by_role("link", name="Your staff’s past bookings and attendance").click()
    expect(lead_page.get_by_role("cell", name="Ruth Lowther")).to_be_visible()
    check_a11y(lead_page)

    lead_page.get_by_label("Agency").select_option(label="Eden Youth Service")
    lead_page.get_by_role("button", name="Apply filters").click()
    expect(lead_page.get_by_text("1 booking matches these filters.")).to_be_visible()
    expect(lead_page.get_by_text("Ruth Lowther")).to_have_count(0)
    check_a11y(lead_page)

    lead_page.goto(f"{live_server.url}/leads/history/?agency=abc")
    expect(lead_page.get_by_text("“abc” is not one of the choices")).to_be_visible()
    check_a11y(lead_page)


def test_a_lead_filters_their_ledger_and_a_bad_date_is_reported(live_server, lead_page, check_a11y):
    lead_page.goto(f"{live_server.url}/leads/ledger/")
    expect(lead_page.get_by_text("Amos Tyson")).to_be_visible()
    check_a11y(lead_page)

    lead_page.goto(f"{live_server.url}/leads/ledger/?start=2027-02-30")
    expect(lead_page.get_by_text("“2027-02-30” is not a date like 2027-03-01")).to_be_visible()
    check_a11y(lead_page)

    lead_page.goto(f"{live_server.url}/leads/ledger/")
    lead_page.get_by_label("Sessions from").fill((timezone.localdate() + timedelta(days=1)).isoformat())
    lead_page.get_by_role("button", name="Apply filters").click()
    expect(lead_page.get_by_text("There are no charges to your agency that match these filters.")).to_be_visible()
    check_a11y(lead_page)
