"""Administrators write requirements in the Wagtail admin and read each in plain words."""

import pytest

from compliance.models import Requirement
from people.models import Sector
from tests.compliance.factories import RequirementFactory
from tests.courses.factories import CoursePageFactory
from tests.people.factories import AgencyFactory, JobRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

REQUIREMENTS = "/admin/compliance_requirement/"


def test_an_administrator_adds_a_requirement(administrator_client):
    police = AgencyFactory(name="Fellside Constabulary", sector=Sector.POLICE)
    officer = JobRoleFactory(name="Response officer")
    course = CoursePageFactory(title="CSE Level 2 workshop")
    response = administrator_client.post(
        f"{REQUIREMENTS}new/",
        {
            "title": "CSE for response officers",
            "agency": police.pk,
            "sector": "",
            "job_roles": [officer.pk],
            "courses": [course.pk],
            "minimum_level": "",
            "renewal_months": "36",
            "expiring_window_days": "60",
            "grace_months": "3",
            "takes_effect_on": "2026-01-01",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    requirement = Requirement.objects.get()
    assert requirement.in_plain_words() == (
        "Fellside Constabulary — Response officer — must complete CSE Level 2 workshop every 36 months; "
        "new starters have 3 months"
    )


def test_an_agency_and_a_sector_together_are_refused_in_words(administrator_client):
    response = administrator_client.post(
        f"{REQUIREMENTS}new/",
        {
            "title": "Both",
            "agency": AgencyFactory().pk,
            "sector": Sector.POLICE,
            "expiring_window_days": "60",
            "grace_months": "3",
            "takes_effect_on": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert "Choose an agency or a sector, not both." in response.content.decode()
    assert not Requirement.objects.exists()


def test_a_renewal_period_past_any_working_life_is_refused_in_words(administrator_client):
    # 30,000 months back from today is before year 1: every status would fail to work out.
    response = administrator_client.post(
        f"{REQUIREMENTS}new/",
        {
            "title": "Too long",
            "courses": [CoursePageFactory().pk],
            "renewal_months": "30000",
            "expiring_window_days": "60",
            "grace_months": "3",
            "takes_effect_on": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert "Enter 120 months (10 years) or fewer" in response.content.decode()
    assert not Requirement.objects.exists()


def test_the_list_reads_each_requirement_in_plain_words(administrator_client):
    RequirementFactory(courses=[CoursePageFactory(title="CSE e-learning")], renewal_months=None, grace_months=1)
    response = administrator_client.get(REQUIREMENTS)
    assert "Everyone — must complete CSE e-learning once; new starters have 1 month" in response.content.decode()


def test_a_requirement_for_job_roles_in_every_agency_reads_any_agency_not_everyone():
    role = JobRoleFactory(name="Youth worker")
    requirement = RequirementFactory(courses=[CoursePageFactory(title="CSE e-learning")], renewal_months=None)
    requirement.job_roles.add(role)
    assert requirement.in_plain_words().startswith("Any agency — Youth worker — must complete CSE e-learning once")


def test_the_edit_form_reads_the_saved_requirement_in_plain_words(administrator_client):
    requirement = RequirementFactory(courses=[CoursePageFactory(title="CSE e-learning")], renewal_months=None)
    edit = administrator_client.get(f"{REQUIREMENTS}edit/{requirement.pk}/").content.decode()
    assert "Everyone — must complete CSE e-learning once; new starters have 3 months." in edit
    assert "In plain words" not in administrator_client.get(f"{REQUIREMENTS}new/").content.decode()


def test_a_learner_cannot_open_the_requirements(client):
    client.force_login(UserFactory())
    assert client.get(REQUIREMENTS).status_code in (302, 403)
    assert not Requirement.objects.exists()
