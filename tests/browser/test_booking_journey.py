"""A full session: a person joins its waiting list, someone cancels, the freed place is offered
to them by email, and they accept it from the email's link; then they look at cancelling and
keep the place. An offer nobody answers passes to the next person waiting. An agency lead
approves a request from the email's link, signing in with two-factor on the way. Axe checks
every booking page visited."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from django.core import mail

from bookings import services
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
    expect(page.get_by_role("link", name="Join the waiting list")).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name="Join the waiting list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Join the waiting list")
    check_a11y(page)

    page.get_by_label("Access or reasonable-adjustment needs (optional)").fill("A hearing loop, please.")
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are on the waiting list, number 1")
    check_a11y(page)

    services.cancel_booking(held, by=holder)

    page.goto(on_live_server(live_server, link_in_email(EMAIL, "A place is free for you", "accept")))
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
    expect(page.get_by_role("cell", name="Confirmed")).to_be_visible()
    check_a11y(page)
    assert Booking.objects.get(user=me, session=session).status == BookingStatus.CONFIRMED


def test_an_offer_nobody_answers_passes_to_the_next_person_waiting(live_server, page, check_a11y):
    session = SessionFactory(course=CoursePageFactory(title="CSE awareness"), capacity=1, days_ahead=20)
    holder = person()
    held = services.book_session(holder, session)
    first = services.book_session(person(email="first.waiting@fellside.example.org"), session)
    services.book_session(person(email=EMAIL), session)
    services.cancel_booking(held, by=holder)
    first.refresh_from_db()
    assert first.status == BookingStatus.OFFERED

    # The offer's window passes: the periodic job (or any visit to the session) settles it.
    services.settle_offers(session, now=first.offer_expires_at + timedelta(minutes=1))

    assert [m.subject for m in mail.outbox if "first.waiting@" in m.to[0]][-1].startswith("Offer ended")
    sign_in(page, live_server.url, EMAIL)
    page.goto(on_live_server(live_server, link_in_email(EMAIL, "A place is free for you", "accept")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Accept the offered place")
    check_a11y(page)
    page.get_by_role("button", name="Accept the place").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Place booked")
    check_a11y(page)
    statuses = dict(Booking.objects.filter(session=session).values_list("user__email", "status"))
    assert statuses[EMAIL] == BookingStatus.CONFIRMED
    assert statuses["first.waiting@fellside.example.org"] not in (BookingStatus.OFFERED, BookingStatus.CONFIRMED)


def link_in_email(to, subject_start, action):
    """The link to ``action`` in the latest email to ``to`` whose subject starts so."""
    message = [m for m in mail.outbox if to in m.to and m.subject.startswith(subject_start)][-1]
    return re.search(rf"https?://\S+/{action}/", message.body).group(0)


def on_live_server(live_server, url):
    """The emailed link on the test's live server (emails name the Site's own host)."""
    parts = urlsplit(url)
    return live_server.url + parts.path + (f"?{parts.query}" if parts.query else "")


def test_a_lead_approves_a_request_from_the_email_link(live_server, page, check_a11y):
    agency = AgencyFactory(name="Fellside Children's Services")
    lead = AgencyLeadershipFactory(agency=agency, user=person(email="lena.lead@fellside.example.org")).user
    secret = activate_totp(lead)
    session = SessionFactory(course=CoursePageFactory(title="CSE specialist workshop", requires_lead_approval=True))
    booking = services.book_session(person(agency=agency, full_name="Sam Staff"), session)

    page.goto(on_live_server(live_server, link_in_email(lead.email, "Approval needed", "approve")))
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
