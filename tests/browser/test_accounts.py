"""Accounts in a real browser: sign up, confirm the email, sign in, profile, two-factor set-up.

Every page visited is checked with axe-core (WCAG 2.0/2.1/2.2 A and AA).
"""

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from playwright.sync_api import expect

from django.core import mail

from people.models import User
from tests.people.conftest import PASSWORD, activate_totp, totp_code
from tests.people.factories import AgencyFactory, JobRoleFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sign_in(page, base_url, email, password=PASSWORD):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Work email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_sign_up_confirm_the_email_sign_in_and_see_the_profile(live_server, page, check_a11y):
    AgencyFactory(name="Fellside Children's Services")
    JobRoleFactory(name="Social worker", code="social-worker")
    page.goto(live_server.url + "/")
    check_a11y(page)

    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    check_a11y(page)
    page.get_by_label("Full name").fill("Zoë Ångström-O'Neill")
    page.get_by_label("Work email address").fill("zoe@fellside.example.org")
    page.get_by_label("Agency").select_option(label="Fellside Children's Services")
    page.get_by_label("Job role").select_option(label="Social worker")
    page.get_by_label("Team (optional)").fill("Carlisle North")
    page.get_by_label("Line manager's name (optional)").fill("Sam Patel")
    page.get_by_label("Line manager's email address (optional)").fill("sam@fellside.example.org")
    page.get_by_label("Create a password").fill("purple-fell-walking-42")
    page.get_by_label("Confirm your password").fill("purple-fell-walking-42")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    check_a11y(page)
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)

    # A fresh browser session, as if the person opened the email on another day.
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    check_a11y(page)
    page.get_by_role("button", name="Confirm email address").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    check_a11y(page)
    sign_in(page, live_server.url, "zoe@fellside.example.org", "purple-fell-walking-42")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(page.get_by_label("Full name")).to_have_value("Zoë Ångström-O'Neill")
    expect(page.get_by_label("Agency")).to_have_value(str(User.objects.get().agency_id))
    check_a11y(page)
    page.get_by_role("link", name="Your training").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your training")
    check_a11y(page)


def test_a_refused_sign_up_shows_the_error_summary_and_passes_axe(live_server, page, check_a11y):
    AgencyFactory()
    JobRoleFactory()
    page.goto(live_server.url + "/accounts/signup/")

    page.get_by_role("button", name="Create account").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Enter your full name").click()
    expect(page.get_by_label("Full name")).to_be_focused()
    check_a11y(page)


def test_setting_up_two_factor_authentication(live_server, page, check_a11y):
    person = UserFactory()
    sign_in(page, live_server.url, person.email)

    page.goto(live_server.url + "/accounts/2fa/")
    check_a11y(page)
    page.goto(live_server.url + "/accounts/2fa/totp/activate/")
    if "/accounts/reauthenticate/" in page.url:
        check_a11y(page)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    check_a11y(page)
    secret = page.locator("#authenticator_secret").inner_text()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    check_a11y(page)
    assert person.authenticator_set.count() == 2  # TOTP and recovery codes


def test_signing_in_with_two_factor_authentication_and_its_account_pages(live_server, page, check_a11y):
    person = UserFactory()
    secret = activate_totp(person)
    RecoveryCodes.activate(person)

    sign_in(page, live_server.url, person.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your authentication code")
    check_a11y(page)
    page.get_by_label("Code").fill("000000" if totp_code(secret) != "000000" else "111111")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Incorrect code.")
    check_a11y(page)
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")

    for path in [
        "/accounts/2fa/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/recovery-codes/generate/",
        "/accounts/2fa/totp/deactivate/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/logout/",
    ]:
        page.goto(live_server.url + path)
        if "/reauthenticate/" in page.url:
            check_a11y(page)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Confirm").click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check_a11y(page)


def test_password_reset_pages(live_server, page, check_a11y):
    person = UserFactory()
    page.goto(live_server.url + "/accounts/password/reset/")
    check_a11y(page)
    page.get_by_label("Work email address").fill(person.email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    check_a11y(page)

    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    check_a11y(page)
    page.get_by_label("New password", exact=True).fill("a-brand-new-fell-walk-7")
    page.get_by_label("Confirm your new password").fill("a-brand-new-fell-walk-7")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been changed")
    check_a11y(page)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has expired or is not valid")
    check_a11y(page)
