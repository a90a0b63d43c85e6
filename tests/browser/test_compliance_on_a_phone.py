"""A lead on a phone (320px wide) with only a keyboard: the staff list fits the screen, and
"remind selected" is reached and used with Tab, Space and Enter, every control showing where
the focus is; the reminders go (line managers copied when ticked) and the lead is back on the
list as they left it."""

import datetime

import pytest
from playwright.sync_api import expect

from django.core import mail

from tests.browser.sessions import sign_in_with_mfa
from tests.browser.test_pages_on_a_phone import assert_no_sideways_scrolling
from tests.compliance.factories import RequirementFactory
from tests.courses.factories import CoursePageFactory
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, JobRoleFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def lead_page(page, live_server):
    RequirementFactory(title="CSE awareness", courses=[CoursePageFactory(title="CSE awareness")])
    police = AgencyFactory(name="Fellside Police")
    role = JobRoleFactory(name="Police community support officer (PCSO)")
    long_ago = datetime.date.today().replace(year=datetime.date.today().year - 6)
    for name, manager in [("Ann Ashworth", "sergeant.north@fellside-police.example.org"), ("Ben Bowness", "")]:
        UserFactory(
            full_name=name,
            email=f"{name.lower().replace(' ', '.')}@fellside-police.example.org",
            agency=police,
            job_role=role,
            team="North Area (Carlisle and Eden)",
            role_started_on=long_ago,
            line_manager_email=manager,
        )
    UserFactory(full_name="Cat Cowper", agency=police, job_role=role, team="South", role_started_on=long_ago)
    lead = AgencyLeadershipFactory(agency=police).user
    sign_in_with_mfa(page, live_server.url, lead)
    page.set_viewport_size({"width": 320, "height": 640})
    return page


def tab_to(page, name):
    """Presses Tab until the focused control is called ``name``; fails if it never is."""
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return (e.labels && e.labels[0] ? e.labels[0].innerText : e.innerText || '').trim(); }"
        )
        if focused == name:
            style = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert style != "none", f"{name}: no visible focus"
            return
    pytest.fail(f"Tab never reached {name!r}")


def test_a_lead_on_a_phone_reminds_two_people_by_keyboard_and_returns_to_the_same_list(
    live_server, lead_page, check_a11y
):
    lead_page.goto(f"{live_server.url}/leads/")
    lead_page.get_by_role("link", name="Training compliance").click()
    lead_page.get_by_role("link", name="Staff list", exact=True).click()
    lead_page.get_by_label("Team").select_option(label="North Area (Carlisle and Eden)")
    lead_page.get_by_role("button", name="Apply filters").click()
    expect(lead_page.get_by_role("status")).to_have_text("2 people match these filters.")
    assert_no_sideways_scrolling(lead_page)
    check_a11y(lead_page)

    tab_to(lead_page, "Select Ann Ashworth")
    lead_page.keyboard.press("Space")
    tab_to(lead_page, "Select Ben Bowness")
    lead_page.keyboard.press("Space")
    tab_to(lead_page, "Copy their line managers")
    lead_page.keyboard.press("Space")
    tab_to(lead_page, "Send reminders")
    lead_page.keyboard.press("Enter")

    expect(lead_page.get_by_text("Reminder emailed to 2 people about “CSE awareness”.")).to_be_visible()
    expect(lead_page.locator("#results-count")).to_have_text("2 people match these filters.")
    assert "team=North" in lead_page.url
    assert {message.to[0]: message.cc for message in mail.outbox} == {
        "ann.ashworth@fellside-police.example.org": ["sergeant.north@fellside-police.example.org"],
        "ben.bowness@fellside-police.example.org": [],
    }
    assert_no_sideways_scrolling(lead_page)
    check_a11y(lead_page)
