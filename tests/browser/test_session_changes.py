"""Session changes in the browser: an administrator cancels a session in the admin; a delegate
moves to another date from the email's link; a line manager hands a place to a colleague from
the confirmation email's link; an administrator opens "Move booking". Axe checks every page."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from django.contrib.auth.models import Group
from django.core import mail

from bookings import services
from bookings.models import Booking, BookingStatus, SessionStatus
from people.staff_access import TRAINING_ADMINISTRATORS
from tests.bookings.factories import SessionFactory
from tests.bookings.helpers import person
from tests.browser.test_accounts import sign_in
from tests.courses.factories import CoursePageFactory
from tests.people.conftest import PASSWORD, activate_totp, totp_code
from tests.people.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DELEGATE = "dee.delegate@fellside.example.org"


def link_in(to, subject_start, pattern):
    message = [m for m in mail.outbox if to in m.to and m.subject.startswith(subject_start)][-1]
    url = re.search(pattern, message.body).group(0)
    return urlsplit(url).path


def sign_in_with_totp(page, base_url, user):
    secret = activate_totp(user)
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Work email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()


def administrator():
    someone = UserFactory(email="ali.admin@lscb.example.org", full_name="Ali Admin")
    someone.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    return someone


def test_an_administrator_cancels_and_the_delegate_moves_to_another_date_from_the_email(live_server, page, check_a11y):
    course = CoursePageFactory(title="CSE Awareness for Practitioners")
    cancelled = SessionFactory(course=course, days_ahead=20)
    other = SessionFactory(course=course, days_ahead=40)
    booking = services.book_session(person(email=DELEGATE, full_name="Dee Delegate"), cancelled)

    sign_in_with_totp(page, live_server.url, administrator())
    page.goto(f"{live_server.url}/admin/bookings/sessions/cancel/{cancelled.pk}/")
    check_a11y(page)
    page.get_by_role("button", name="Yes, cancel this session").click()
    expect(page.locator("li.success")).to_contain_text(f"Cancelled {cancelled.course.title}")
    cancelled.refresh_from_db()
    assert cancelled.status == SessionStatus.CANCELLED

    page.context.clear_cookies()
    sign_in(page, live_server.url, DELEGATE)
    page.goto(live_server.url + link_in(DELEGATE, "Session cancelled", r"https?://\S+/move/\S+/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Move to another date")
    check_a11y(page)
    page.get_by_role("button", name=re.compile("Move to this date")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Place booked")
    check_a11y(page)

    page.goto(live_server.url + "/profile/training/")
    expect(page.get_by_role("link", name=other.when, exact=True)).to_be_visible()
    check_a11y(page)
    assert Booking.objects.get(pk=booking.pk).moved_to.session == other


def test_a_line_manager_hands_a_place_to_a_colleague_from_the_confirmation_email(live_server, page, check_a11y):
    agency = AgencyFactory(name="Fellside Children's Services")
    manager = UserFactory(email="lee.manager@agency.example.org", full_name="Lee Manager")
    colleague = person(agency=agency, full_name="Cara Colleague")
    booking = services.book_session(person(agency=agency, email=DELEGATE, full_name="Dee Delegate"), SessionFactory())

    sign_in(page, live_server.url, manager.email)
    page.goto(live_server.url + link_in(DELEGATE, "Place confirmed", r"https?://\S+/hand-on/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hand Dee Delegate’s place to a colleague")
    check_a11y(page)
    page.get_by_label("Your colleague’s work email address").fill("someone@elsewhere.example.org")
    page.get_by_role("button", name="Hand the place on").click()
    expect(page.get_by_text("Nobody with that email address has an account here.")).to_be_visible()
    check_a11y(page)

    page.get_by_label("Your colleague’s work email address").fill(colleague.email)
    page.get_by_role("button", name="Hand the place on").click()
    expect(page.get_by_text("has been handed to Cara Colleague")).to_be_visible()
    check_a11y(page)
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.SUBSTITUTED


def test_the_administrators_move_and_hand_on_pages_pass_axe(live_server, page, check_a11y):
    course = CoursePageFactory(title="CSE Awareness for Practitioners")
    booking = services.book_session(person(), SessionFactory(course=course))
    SessionFactory(course=course)

    sign_in_with_totp(page, live_server.url, administrator())
    page.goto(f"{live_server.url}/admin/bookings/changes/move/{booking.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Move booking")
    check_a11y(page)
    page.goto(f"{live_server.url}/admin/bookings/changes/substitute/{booking.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hand the place to a colleague")
    check_a11y(page)
