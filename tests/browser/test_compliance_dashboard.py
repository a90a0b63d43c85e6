"""An agency lead's compliance pages in a real browser: from the leads' page to the dashboard,
a count to the staff list it counts, and on to a person's record, each passing axe."""

import datetime

import pytest
from playwright.sync_api import expect

from records.choices import CompletionSource
from records.services import record_completion
from tests.browser.sessions import sign_in_with_mfa
from tests.browser.test_content_security_policy import policy_refusals
from tests.compliance.factories import RequirementFactory
from tests.courses.factories import CoursePageFactory
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, JobRoleFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def lead_page(page, live_server):
    course = CoursePageFactory(title="CSE awareness")
    RequirementFactory(title="CSE awareness for everyone", courses=[course])
    fellside = AgencyFactory(name="Fellside Police")
    role = JobRoleFactory(name="Response officer")
    long_ago = datetime.date.today().replace(year=datetime.date.today().year - 6)
    done = UserFactory(full_name="Cara Compliant", agency=fellside, job_role=role, role_started_on=long_ago)
    record_completion(done, course, datetime.date.today() - datetime.timedelta(days=100), CompletionSource.ATTENDANCE)
    UserFactory(full_name="Nat Notstarted", agency=fellside, job_role=role, role_started_on=long_ago, team="North")
    lead = AgencyLeadershipFactory(agency=fellside).user
    sign_in_with_mfa(page, live_server.url, lead)
    return page


def test_a_lead_goes_from_the_dashboard_to_the_people_a_count_counts(live_server, lead_page, check_a11y):
    refusals = policy_refusals(lead_page)
    lead_page.goto(f"{live_server.url}/leads/")
    lead_page.get_by_role("link", name="Training compliance").click()
    expect(lead_page.get_by_role("heading", name="Training compliance: Fellside Police")).to_be_visible()
    expect(lead_page.get_by_role("img", name="CSE awareness for everyone: staff by status")).to_be_visible()
    check_a11y(lead_page)

    lead_page.get_by_role("link", name="1 not started: CSE awareness for everyone").click()
    expect(lead_page.get_by_text("1 person matches these filters.")).to_be_visible()
    expect(lead_page.get_by_role("link", name="Nat Notstarted")).to_be_visible()
    expect(lead_page.get_by_text("Cara Compliant")).to_have_count(0)
    check_a11y(lead_page)

    lead_page.goto(lead_page.url.split("?")[0] + "?job_role=abc")
    expect(lead_page.get_by_text("“abc” is not one of the choices")).to_be_visible()
    lead_page.get_by_role("link", name="Cara Compliant").click()
    expect(lead_page.get_by_role("heading", name="Cara Compliant")).to_be_visible()
    check_a11y(lead_page)
    assert refusals == []
