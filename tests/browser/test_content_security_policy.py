"""The Content-Security-Policy in a real browser: public pages run no inline script, and
Wagtail's admin still works under its own policy (Chromium reports every refusal on the console)."""

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from django.contrib.auth.models import Group

from people.staff_access import TRAINING_ADMINISTRATORS
from tests.bookings.factories import SessionFactory
from tests.browser.sessions import sign_in_with_mfa
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def policy_refusals(page):
    refusals = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refusals.append(message.text))
    return refusals


def sign_in_as_administrator(page, base_url):
    administrator = UserFactory()
    administrator.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    sign_in_with_mfa(page, base_url, administrator)


def test_an_inline_script_put_into_a_public_page_does_not_run(live_server, page):
    page.goto(live_server.url + "/")

    with pytest.raises(PlaywrightError, match="violates the following Content Security Policy directive"):
        page.add_script_tag(content="window.injected = true;")

    assert page.evaluate("window.injected") is None


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/users/", "/admin/pages/{course}/edit/", "/admin/bookings/sessions/edit/{session}/"],
)
def test_the_wagtail_admin_runs_its_scripts_under_its_policy(live_server, page, path):
    session = SessionFactory()
    sign_in_as_administrator(page, live_server.url)
    refusals = policy_refusals(page)

    page.goto(live_server.url + path.format(course=session.course.pk, session=session.pk))

    # The sidebar is drawn by the admin's scripts: it keeps "sidebar-loading" until they run.
    expect(page.locator("#wagtail-sidebar")).not_to_have_class("sidebar-loading")
    expect(page.locator("#wagtail-sidebar")).to_contain_text("Pages")
    assert refusals == []


@pytest.mark.parametrize("signed_in", [False, True])
def test_public_pages_work_under_the_strict_policy_with_and_without_wagtails_user_bar(live_server, page, signed_in):
    session = SessionFactory()
    if signed_in:
        sign_in_as_administrator(page, live_server.url)
    refusals = policy_refusals(page)

    for path in ("/", session.course.url, f"/sessions/{session.uid}/", "/accounts/login/"):
        page.goto(live_server.url + path)

    if signed_in:
        expect(page.locator("wagtail-userbar")).to_have_count(1)
    assert refusals == []
