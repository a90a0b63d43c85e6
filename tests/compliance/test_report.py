"""The printable compliance summary of one agency (/leads/compliance/<id>/report.pdf): a dated
PDF with the agency's name and figures per requirement and team, for its lead and training
administrators only."""

import datetime
import io

import pytest
from pypdf import PdfReader

from django.contrib.auth.models import Group

from compliance.models import RosterEntry
from people.models import Sector
from people.staff_access import TRAINING_ADMINISTRATORS
from records.choices import CompletionSource
from records.services import record_completion
from tests.compliance.factories import RequirementFactory
from tests.courses.factories import CoursePageFactory
from tests.people.conftest import activate_totp
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_a_fixed_day")]


@pytest.fixture
def agency():
    return AgencyFactory(name="Fellside Children’s Services", sector=Sector.CHILDRENS_SERVICES)


@pytest.fixture
def course():
    return CoursePageFactory(title="CSE awareness")


@pytest.fixture
def requirement(course):
    return RequirementFactory(title="CSE awareness every three years", courses=[course])


def signed_in(client, user):
    activate_totp(user)
    client.force_login(user)
    return user


@pytest.fixture
def lead(client, agency):
    return signed_in(client, AgencyLeadershipFactory(agency=agency, user=UserFactory(agency=agency)).user)


def url(agency):
    return f"/leads/compliance/{agency.pk}/report.pdf"


def text_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def staff(agency, team, completed_on=None, course=None):
    person = UserFactory(agency=agency, team=team, role_started_on=datetime.date(2019, 1, 1))
    if completed_on:
        record_completion(person, course, completed_on, CompletionSource.ATTENDANCE)
    return person


def test_the_report_names_the_agency_the_date_and_the_figures(client, lead, agency, requirement, course):
    lead.team = "Duty"
    lead.save()
    staff(agency, "North", datetime.date(2025, 1, 1), course)
    staff(agency, "North", datetime.date(2023, 7, 1), course)
    staff(agency, "South", datetime.date(2022, 1, 1), course)
    RosterEntry.objects.create(agency=agency, email="new@fellside.example.org", full_name="Roster Only", team="South")

    text = text_of(client.get(url(agency)))

    assert "Training compliance: Fellside Children’s Services" in text
    assert "Monday 15 June 2026" in text
    assert "CSE awareness every three years" in text
    # Two in date (compliant and expiring), one expired, the roster entry not started, and the
    # lead, who has just started.
    assert "2 of 5 staff in date (40%)" in text
    assert "Compliant 1 20%" in text
    assert "Expiring soon 1 20%" in text
    assert "Expired 1 20%" in text
    assert "Not started 1 20%" in text
    assert "New starter 1 20%" in text
    assert "North 1 1 0 0 0 2 100%" in text
    assert "South 0 0 1 1 0 2 0%" in text
    assert "Duty 0 0 0 0 1 1 0%" in text
    assert "What each status means" in text


def test_the_report_file_is_named_after_the_agency_and_the_day(client, lead, agency, requirement):
    response = client.get(url(agency))
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="compliance-fellside-childrens-services-2026-06-15.pdf"'
    )


def test_the_report_uses_the_shipped_font(client, lead, agency, requirement):
    reader = PdfReader(io.BytesIO(client.get(url(agency)).content))
    fonts = {str(font["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert any("DejaVuSerif" in font for font in fonts)


def test_a_requirement_for_another_sector_is_left_out(client, lead, agency, requirement, course):
    RequirementFactory(title="Police investigators’ training", courses=[course], sector=Sector.POLICE)
    text = text_of(client.get(url(agency)))
    assert "CSE awareness every three years" in text
    assert "Police investigators" not in text


def test_a_training_administrator_may_print_any_agency(client, agency, requirement):
    administrator = UserFactory()
    administrator.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    signed_in(client, administrator)
    assert "Fellside Children’s Services" in text_of(client.get(url(agency)))


def test_another_agency_s_lead_gets_404(client, agency, requirement):
    other = AgencyFactory(name="Fellside Police")
    signed_in(client, AgencyLeadershipFactory(agency=other, user=UserFactory(agency=other)).user)
    assert client.get(url(agency)).status_code == 404


def test_a_learner_gets_404(client, agency):
    client.force_login(UserFactory(agency=agency))
    assert client.get(url(agency)).status_code == 404


@pytest.mark.parametrize("agency_id", ["99999999", "99999999999999999999"])
def test_an_agency_that_does_not_exist_is_404(client, lead, agency_id):
    assert client.get(f"/leads/compliance/{agency_id}/report.pdf").status_code == 404
    assert client.post(f"/leads/compliance/{agency_id}/remind/").status_code == 404


def test_the_report_is_a_fixed_number_of_queries(
    client, lead, agency, requirement, course, django_assert_max_num_queries
):
    for team in ("North", "South", "East"):
        staff(agency, team, datetime.date(2025, 1, 1), course)
    RequirementFactory(courses=[course], agency=agency)
    with django_assert_max_num_queries(30) as captured:
        client.get(url(agency))
    few = len(captured)
    for team in ("West", "Central", "Coast", "Fells"):
        staff(agency, team, datetime.date(2025, 1, 1), course)
    with django_assert_max_num_queries(few):
        client.get(url(agency))
