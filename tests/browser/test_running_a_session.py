"""Running a session, end to end in the browser (issue 10's acceptance): an administrator cancels
a session; a delegate moves to another date from the email's link; on the day the administrator
marks that date's register (everyone attended, then the exceptions: one late within the grace,
one no-show); the delegate's "Your training" shows the completion and when it expires; the
no-show is in the agency's ledger, its lead sees it, and the administrator waives it with a
reason. Axe checks every page visited, the admin's included."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from django.core import mail
from django.utils import timezone

from bookings import services
from bookings.models import Booking, LedgerEntry, Session, SessionStatus
from lscb_training.dates import format_short_date
from records.models import Completion
from tests.bookings.factories import SessionFactory
from tests.bookings.helpers import person
from tests.browser.test_session_changes import administrator, link_in
from tests.courses.factories import CoursePageFactory
from tests.people.conftest import PASSWORD, activate_totp, totp_code
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DELEGATE = "dee.delegate@fellside.example.org"
COURSE = "CSE Awareness for Practitioners"


def sign_in(page, base_url, user, check_a11y, two_factor=False):
    """Through the real sign-in (and code) pages, each checked, to the profile it lands on."""
    secret = activate_totp(user) if two_factor else None
    page.goto(base_url + "/accounts/login/")
    check_a11y(page)
    page.get_by_label("Work email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if two_factor:
        expect(page.get_by_label("Code")).to_be_visible()
        check_a11y(page)
        page.get_by_label("Code").fill(totp_code(secret))
        page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(base_url + "/profile/")
    check_a11y(page)


def session_row(page, session):
    """The admin session list's row for ``session`` (both dates are of the same course)."""
    return page.get_by_role("row").filter(has_text=session.when)


def open_session_action(page, session, action):
    session_row(page, session).get_by_role("button", name=re.compile("More options")).click()
    page.get_by_role("link", name=action).click()


def test_cancel_move_mark_the_register_see_the_completion_and_waive_the_no_show(
    live_server, page, browser, browser_context_args, check_a11y
):
    agency = AgencyFactory(name="Fellside Children’s Services")
    course = CoursePageFactory(title=COURSE, validity_months=36)
    cancelled = SessionFactory(course=course, days_ahead=20)
    new_date = SessionFactory(course=course, days_ahead=40)
    dee = person(agency=agency, email=DELEGATE, full_name="Dee Delegate")
    services.book_session(dee, cancelled)
    services.book_session(person(agency=agency, full_name="Lateef Late"), new_date)
    nia = services.book_session(person(agency=agency, full_name="Nia Noshow"), new_date).user
    lead = AgencyLeadershipFactory(agency=agency, user=person(email="lena.lead@fellside.example.org")).user

    # The administrator cancels the first date from the session list.
    sign_in(page, live_server.url, administrator(), check_a11y, two_factor=True)
    page.goto(live_server.url + "/admin/bookings/sessions/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sessions")
    check_a11y(page)
    open_session_action(page, cancelled, "Cancel session")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cancel session")
    check_a11y(page)
    page.get_by_role("button", name="Yes, cancel this session").click()
    expect(page.locator("li.success")).to_contain_text(f"Cancelled {cancelled}")
    check_a11y(page)
    assert Session.objects.get(pk=cancelled.pk).status == SessionStatus.CANCELLED

    # The delegate follows the cancellation email's link and moves to the other date.
    delegate = browser.new_page(**browser_context_args)
    sign_in(delegate, live_server.url, dee, check_a11y)
    delegate.goto(live_server.url + link_in(DELEGATE, "Session cancelled", r"https?://\S+/move/\S+/"))
    expect(delegate.get_by_role("heading", level=1)).to_have_text("Move to another date")
    check_a11y(delegate)
    delegate.get_by_role("button", name=re.compile("Move to this date")).click()
    expect(delegate.get_by_role("heading", level=1)).to_have_text("Place booked")
    check_a11y(delegate)
    assert Booking.objects.get(user=dee, session=new_date).status == "confirmed"

    # The day comes: the new date's session began an hour ago, so its register is open.
    now = timezone.now()
    Session.objects.filter(pk=new_date.pk).update(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=2))
    new_date.refresh_from_db()

    page.goto(live_server.url + "/admin/bookings/sessions/")
    check_a11y(page)
    open_session_action(page, new_date, "Booking desk")
    expect(page.get_by_role("heading", name="Confirmed (3)")).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name="Register", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Register")
    check_a11y(page)

    page.get_by_role("button", name="Mark everyone not yet marked as attended").click()
    expect(page.locator("li.success")).to_contain_text("Register saved: 3 marked, 3 completions recorded.")
    check_a11y(page)

    page.get_by_label("Attendance of Lateef Late").select_option(label="Arrived late")
    page.get_by_label("Minutes late, Lateef Late").fill("20")
    page.get_by_label("Attendance of Nia Noshow").select_option(label="Did not attend")
    page.get_by_label("Reason for any correction").fill("Lateef came 20 minutes late; Nia did not come.")
    page.get_by_role("button", name="Save register").click()
    expect(page.locator("li.success")).to_contain_text("Register saved: 2 corrected, 1 completion withdrawn.")
    check_a11y(page)
    assert set(Completion.objects.filter(course=course).values_list("user__full_name", flat=True)) == {
        "Dee Delegate",
        "Lateef Late",
    }
    told = [m for m in mail.outbox if m.to == [nia.email] and m.subject == f"You did not attend: {COURSE}"]
    assert [m.cc for m in told] == [["lee.manager@agency.example.org"]]

    # The delegate sees the completion on "Your training", with when it expires.
    completion = Completion.objects.get(user=dee, course=course)
    delegate.get_by_role("navigation", name="Main").get_by_role("link", name="Your training").click()
    expect(delegate.get_by_role("heading", level=1)).to_have_text("Your training")
    completed = delegate.get_by_role("row").filter(has_text=COURSE).filter(has_text="Attended a session")
    expect(completed).to_contain_text(format_short_date(completion.expires_on))
    check_a11y(delegate)
    assert completion.expires_on > completion.completed_on

    # The agency's lead sees the no-show charged to the agency.
    lead_page = browser.new_page(**browser_context_args)
    sign_in(lead_page, live_server.url, lead, check_a11y, two_factor=True)
    lead_page.goto(live_server.url + "/leads/")
    check_a11y(lead_page)
    lead_page.get_by_role("link", name=re.compile("Charges to your agency")).click()
    expect(lead_page.get_by_role("heading", level=1)).to_have_text("Charges to your agency")
    charge = lead_page.get_by_role("row").filter(has_text="Nia Noshow")
    expect(charge).to_contain_text("Did not attend")
    expect(charge).to_contain_text("Due")
    check_a11y(lead_page)

    # The administrator finds it in the agency's ledger and waives it with a reason.
    page.get_by_role("link", name="Charges ledger").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Charges ledger")
    check_a11y(page)
    page.get_by_label("Agency").select_option(label=agency.name)
    page.get_by_role("button", name="Show charges").click()
    expect(page.get_by_role("row").filter(has_text="Nia Noshow")).to_contain_text("£60.00")
    check_a11y(page)
    page.get_by_role("link", name="Waive the charge for Nia Noshow").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Waive a charge")
    check_a11y(page)
    page.get_by_label("Reason for waiving").fill("Sickness her line manager told us of that morning")
    page.get_by_role("button", name="Waive the charge").click()
    expect(page.locator("li.success")).to_contain_text("Charge waived for Nia Noshow.")
    waived = page.get_by_role("row").filter(has_text="Nia Noshow")
    expect(waived).to_contain_text("Waived")
    expect(waived).to_contain_text("Sickness her line manager told us of that morning")
    check_a11y(page)

    lead_page.reload()
    expect(lead_page.get_by_role("row").filter(has_text="Nia Noshow")).to_contain_text("Waived")
    check_a11y(lead_page)
    entry = LedgerEntry.objects.get(person=nia)
    assert (entry.status, entry.waive_reason) == ("waived", "Sickness her line manager told us of that morning")
