"""A full session: a person joins its waiting list, someone cancels, the freed place is offered
to them, and they accept it from My bookings (the offer email's link serves the same page);
then they look at cancelling and keep the place. An agency lead approves a request from the
email's link, signing in with two-factor on the way. Axe checks every booking page visited."""

import pytest
from playwright.sync_api import expect

from bookings import links, services
from bookings.models import Booking, BookingStatus
from tests.bookings.factories import SessionFactory
from tests.bookings.helpers import person
from tests.browser.test_accounts import sign_in
from tests.courses.factories import CoursePageFactory
from tests.people.conftest import PASSWORD, activate_totp, totp_code
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL = "jo.waiting@fellside.example.org"


def test_full_session_waiting_list_someone_cancels_offer_accepted(live_server, page, check_a11y):
    session = SessionFactory(course=CoursePageFactory(title="CSE full-day workshop"), capacity=1)
    holder = person()
    held = services.book_session(holder, session)
    me = person(email=EMAIL)
    sign_in(page, live_server.url, EMAIL)

    page.goto(f"{live_server.url}/sessions/{session.uid}/")
    page.get_by_role("link", name="Join the waiting list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Join the waiting list")
    check_a11y(page)

    page.get_by_label("Access or reasonable-adjustment needs (optional)").fill("A hearing loop, please.")
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are on the waiting list, number 1")
    check_a11y(page)

    services.cancel_booking(held, by=holder)

    page.goto(live_server.url + "/profile/training/")
    expect(page.get_by_text("Place offered")).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name=f"Accept the place on {session.when}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accept the offered place")
    check_a11y(page)

    page.get_by_role("button", name="Accept the place").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Place booked")
    check_a11y(page)
    assert Booking.objects.get(user=me, session=session).status == BookingStatus.CONFIRMED

    page.get_by_role("link", name="Cancel this booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your booking")
    check_a11y(page)
    page.get_by_role("link", name="No, keep it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your training")
    assert Booking.objects.get(user=me, session=session).status == BookingStatus.CONFIRMED


def test_a_lead_approves_a_request_from_the_email_link(live_server, page, check_a11y):
    agency = AgencyFactory(name="Fellside Children's Services")
    lead = AgencyLeadershipFactory(agency=agency, user=person(email="lena.lead@fellside.example.org")).user
    secret = activate_totp(lead)
    session = SessionFactory(course=CoursePageFactory(title="CSE specialist workshop", requires_lead_approval=True))
    booking = services.book_session(person(agency=agency, full_name="Sam Staff"), session)
    approve_url, _ = links.approval_urls(booking, live_server.url)

    page.goto(approve_url)
    page.get_by_label("Work email address").fill(lead.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Approve Sam Staff’s request")
    check_a11y(page)

    page.get_by_role("button", name="Approve the request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agency lead")
    expect(page.get_by_text("Approved Sam Staff’s request")).to_be_visible()
    check_a11y(page)
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED
