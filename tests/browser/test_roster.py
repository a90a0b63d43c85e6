"""An agency lead's staff list in a real browser: a file that cannot be read is reported, a good
one previewed and confirmed, and every page on the way passes axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.sessions import sign_in_with_mfa
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, JobRoleFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STAFF_LIST = (
    "Name,Work email,Job role,Team,Start date,Leaving date\n"
    "Ruth Lowther,ruth.lowther@fellside.example.org,Social worker,East,14/03/2026,\n"
    "Amos Tyson,,Social worker,East,,\n"
)


@pytest.fixture
def agency():
    return AgencyFactory(name="Fellside Children’s Services")


@pytest.fixture
def lead_page(page, live_server, agency):
    JobRoleFactory(name="Social worker", code="social-worker")
    lead = UserFactory(full_name="Lena Lead")
    AgencyLeadershipFactory(agency=agency, user=lead)
    sign_in_with_mfa(page, live_server.url, lead)
    return page


def test_a_lead_uploads_previews_and_confirms_a_staff_list(live_server, lead_page, agency, check_a11y, tmp_path):
    lead_page.goto(f"{live_server.url}/leads/compliance/{agency.pk}/roster/")
    expect(lead_page.get_by_text("Nobody is on the staff list yet.")).to_be_visible()
    check_a11y(lead_page)

    bad = tmp_path / "staff.pdf"
    bad.write_bytes(b"%PDF-1.4")
    lead_page.get_by_label("Staff list", exact=True).set_input_files(str(bad))
    lead_page.get_by_role("button", name="Upload and preview").click()
    expect(lead_page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_a11y(lead_page)

    good = tmp_path / "staff.csv"
    good.write_text(STAFF_LIST, encoding="utf-8")
    lead_page.get_by_label("Staff list", exact=True).set_input_files(str(good))
    lead_page.get_by_role("button", name="Upload and preview").click()
    expect(lead_page.get_by_role("heading", name="Check the staff list before you confirm")).to_be_visible()
    expect(lead_page.get_by_text("The work email is missing.")).to_be_visible()
    check_a11y(lead_page)

    lead_page.get_by_role("button", name="Confirm: add 1 and update 0").click()
    expect(lead_page.get_by_text("1 person added")).to_be_visible()
    check_a11y(lead_page)

    lead_page.get_by_role("link", name="Back to uploading your staff list").click()
    expect(lead_page.get_by_role("cell", name="Ruth Lowther")).to_be_visible()
    check_a11y(lead_page)
