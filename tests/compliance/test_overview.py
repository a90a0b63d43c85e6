"""The partnership overview (/leads/compliance/partnership/, .csv, .xlsx): every agency side by
side, the share of staff in date per requirement with the numbers, the last 12 months from the
snapshots; for training administrators only."""

import csv
import datetime
import io

import pytest
import time_machine
from openpyxl import load_workbook

from django.contrib.auth.models import Group

from compliance.models import Snapshot
from compliance.snapshots import take_snapshot
from people.models import Sector
from people.staff_access import TRAINING_ADMINISTRATORS
from records.choices import CompletionSource
from records.services import record_completion
from tests.compliance.factories import RequirementFactory
from tests.courses.factories import CoursePageFactory
from tests.people.conftest import activate_totp
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/leads/compliance/partnership/"


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def administrator(client):
    person = UserFactory(agency=None)  # in the business unit: no agency's figures
    person.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    activate_totp(person)
    client.force_login(person)
    return person


@pytest.fixture
def course():
    return CoursePageFactory()


@pytest.fixture
def requirement(course):
    return RequirementFactory(title="CSE awareness", courses=[course])


def staff(agency, course=None, completed_on=None):
    person = UserFactory(agency=agency, role_started_on=datetime.date(2019, 1, 1))
    if completed_on:
        record_completion(person, course, completed_on, CompletionSource.ATTENDANCE)
    return person


@pytest.fixture
def agencies(course):
    """Fellside Police: 3 of 4 in date (compliant, compliant, expiring; one expired). Eden
    Health: 0 of 1."""
    police = AgencyFactory(name="Fellside Police", sector=Sector.POLICE)
    health = AgencyFactory(name="Eden Health", sector=Sector.HEALTH)
    for completed_on in (datetime.date(2025, 1, 1), datetime.date(2024, 9, 1), datetime.date(2023, 7, 1)):
        staff(police, course, completed_on)
    staff(police, course, datetime.date(2022, 1, 1))
    staff(health)
    return police, health


def text(response):
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_every_agency_is_shown_with_its_share_in_date_and_the_numbers(client, administrator, requirement, agencies):
    html = text(client.get(PAGE))
    assert "Fellside Police" in html
    assert '<strong>75%</strong><br><span class="hint">3 of 4</span>' in html
    assert '<strong>0%</strong><br><span class="hint">0 of 1</span>' in html
    # The whole partnership: 3 of 5.
    assert '<strong>60%</strong><br><span class="hint">3 of 5</span>' in html
    assert "expiring soon, because their training is still valid today" in html


def test_a_requirement_for_another_sector_shows_a_dash(client, administrator, requirement, agencies, course):
    RequirementFactory(title="Police investigators", courses=[CoursePageFactory()], sector=Sector.POLICE)
    html = text(client.get(PAGE))
    assert "Police investigators" in html
    assert "Not set for this agency" in html


def test_the_csv_has_the_same_table(client, administrator, requirement, agencies):
    response = client.get("/leads/compliance/partnership.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Agency", "Sector", "CSE awareness: % in date", "CSE awareness: in date", "CSE awareness: staff"]
    assert rows[1:] == [
        ["Eden Health", "Health", "0", "0", "1"],
        ["Fellside Police", "Police", "75", "3", "4"],
        ["Whole partnership", "", "60", "3", "5"],
    ]


def test_an_agency_named_as_a_formula_stays_text_in_the_csv(client, administrator, requirement):
    staff(AgencyFactory(name='=HYPERLINK("x")'))
    rows = list(csv.reader(io.StringIO(client.get("/leads/compliance/partnership.csv").content.decode("utf-8-sig"))))
    assert rows[1][0] == '\'=HYPERLINK("x")'


def test_the_xlsx_has_the_same_table(client, administrator, requirement, agencies):
    response = client.get("/leads/compliance/partnership.xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[2] == ["Fellside Police", "Police", 75, 3, 4]
    assert values[3] == ["Whole partnership", None, 60, 3, 5]


def test_the_trend_shows_each_month_s_snapshot(client, administrator, requirement, agencies, on_a_fixed_day):
    take_snapshot(datetime.date(2026, 5, 1))
    take_snapshot(datetime.date(2026, 6, 1))
    # Too old for the last 12 months.
    Snapshot.objects.create(month=datetime.date(2025, 5, 1), agency=agencies[0], requirement=requirement, compliant=1)
    html = text(client.get(PAGE))
    assert '<th scope="row">May 2026</th>' in html
    assert '<th scope="row">June 2026</th>' in html
    assert "May 2025" not in html
    assert '60%<br><span class="hint">3 of 5</span>' in html
    assert 'aria-label="CSE awareness, staff in date by month: May 2026 60%, June 2026 60%"' in html


def test_without_snapshots_the_page_says_so(client, administrator, requirement):
    assert "No monthly snapshots yet." in text(client.get(PAGE))


@pytest.mark.parametrize("path", [PAGE, "/leads/compliance/partnership.csv", "/leads/compliance/partnership.xlsx"])
def test_an_agency_lead_is_refused(client, path):
    lead = AgencyLeadershipFactory().user
    activate_totp(lead)
    client.force_login(lead)
    assert client.get(path).status_code == 403


def test_a_learner_is_refused(client):
    client.force_login(UserFactory())
    assert client.get(PAGE).status_code == 403


def test_the_overview_is_two_queries_a_requirement(
    client, administrator, course, agencies, django_assert_max_num_queries
):
    RequirementFactory(courses=[course])
    with django_assert_max_num_queries(40) as captured:
        client.get(PAGE)
    few = len(captured)
    RequirementFactory(courses=[CoursePageFactory()])
    for _ in range(3):
        staff(AgencyFactory())
    with django_assert_max_num_queries(few + 2):
        client.get(PAGE)


def test_a_training_administrator_finds_it_in_the_admin_menu(client, administrator):
    assert PAGE in client.get("/admin/").content.decode()
