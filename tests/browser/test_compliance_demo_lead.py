"""The issue's acceptance journey on the demo data: the demo police lead signs in with their
password and an authenticator code, reads the compliance dashboard (chart and table), filters
the staff list to those expired, downloads it as CSV (the same people), and opens one person's
training record. Axe checks every page visited, the chart among them."""

import csv
import io
import pathlib
import re

import pytest
from playwright.sync_api import expect

from demo import catalogue, people, records
from demo import compliance as demo_compliance
from demo.data.people import DEMO_PASSWORD
from people.models import User
from tests.browser.test_accounts import sign_in
from tests.people.conftest import activate_totp, totp_code

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LEAD = "mark.bewley@fellside-police.example.org"


@pytest.fixture
def demo():
    for seeder in (people, catalogue, records, demo_compliance):
        seeder.seed(lambda message: None)
    return activate_totp(User.objects.get(email=LEAD))


def test_the_demo_police_lead_reads_the_dashboard_filters_expired_exports_and_opens_a_record(
    live_server, page, check_a11y, demo
):
    sign_in(page, live_server.url, LEAD, DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your authentication code")
    page.get_by_label("Code").fill(totp_code(demo))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")

    page.goto(f"{live_server.url}/leads/")
    page.get_by_role("link", name="Training compliance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training compliance: Fellside Constabulary")
    expect(page.get_by_role("img", name=re.compile(": staff by status")).first).to_be_visible()
    expect(page.get_by_role("table").first).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="Staff list", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff list: Fellside Constabulary")
    check_a11y(page)
    page.get_by_label("Status").select_option(label="Expired")
    page.get_by_role("button", name="Apply filters").click()
    counted = page.get_by_role("status").filter(has_text="these filters")
    expect(counted).to_have_text(re.compile(r"\d+ (person matches|people match) these filters"))
    expired = int(counted.inner_text().split()[0])
    assert expired > 0
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(min(expired, 50))
    for status in page.get_by_role("table").locator("tbody tr td strong.tag").all_inner_texts():
        assert status == "Expired"
    check_a11y(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV file of the staff list").click()
    exported = list(csv.reader(io.StringIO(pathlib.Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    header, body = exported[0], exported[1:]
    assert len(body) == expired
    status_column = header.index("Status")
    assert {row[status_column] for row in body} == {"Expired"}

    first = rows.first.get_by_role("link").first
    name = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("heading", name="Requirements")).to_be_visible()
    expect(page.get_by_text("Expired").first).to_be_visible()
    check_a11y(page)
