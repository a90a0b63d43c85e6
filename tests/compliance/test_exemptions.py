"""Exemptions: recorded with a reason and an end date, checked, audited, counted as compliant
while they run (compliance.exemptions)."""

import datetime

import pytest
import time_machine

from django.core.exceptions import ValidationError

from compliance.exemptions import end_exemption, grant_exemption
from compliance.models import Exemption
from compliance.staff import counts
from compliance.status import ComplianceStatus
from tests.compliance.factories import RequirementFactory
from tests.courses.factories import CoursePageFactory
from tests.people.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_a_fixed_day")]

EXEMPTIONS = "/admin/compliance_exemption/"


@pytest.fixture
def requirement():
    return RequirementFactory(courses=[CoursePageFactory()])


@pytest.fixture
def person():
    return UserFactory(role_started_on=datetime.date(2019, 1, 1))


def status_of(person, requirement, on):
    figures = counts([person.agency], requirement, on)
    return next(status for status in ComplianceStatus.values if figures[status])


def test_an_exemption_counts_as_compliant_until_its_end_date(person, requirement):
    grant_exemption(person, requirement, "Seconded abroad", datetime.date(2026, 9, 1), granted_by=None)
    assert status_of(person, requirement, datetime.date(2026, 8, 31)) == ComplianceStatus.COMPLIANT
    with time_machine.travel(datetime.datetime(2026, 9, 1, 10, 0, tzinfo=datetime.UTC), tick=False):
        assert status_of(person, requirement, datetime.date(2026, 9, 1)) == ComplianceStatus.NOT_STARTED


@pytest.mark.parametrize(
    ("reason", "ends_on", "field"),
    [
        ("", datetime.date(2026, 9, 1), "reason"),
        ("Leave", datetime.date(2026, 6, 15), "ends_on"),
        ("Leave", datetime.date(2026, 1, 1), "ends_on"),
        ("Leave", datetime.date(2029, 1, 1), "ends_on"),
    ],
)
def test_a_bad_exemption_is_refused_by_field_and_nothing_is_saved(person, requirement, reason, ends_on, field):
    with pytest.raises(ValidationError) as refused:
        grant_exemption(person, requirement, reason, ends_on, granted_by=None)
    assert field in refused.value.message_dict
    assert not Exemption.objects.exists()


def test_ending_an_exemption_returns_the_person_to_their_own_status(person, requirement):
    exemption = grant_exemption(person, requirement, "Leave", datetime.date(2026, 9, 1), granted_by=None)
    assert end_exemption(exemption, ended_by=None) is True
    assert end_exemption(exemption, ended_by=None) is False
    assert status_of(person, requirement, datetime.date(2026, 6, 16)) == ComplianceStatus.NOT_STARTED


def test_an_administrator_records_an_exemption_in_the_admin(administrator_client, person, requirement):
    response = administrator_client.post(
        f"{EXEMPTIONS}new/",
        {
            "person": person.pk,
            "requirement": requirement.pk,
            "reason": "Long-term sick leave",
            "starts_on": "2026-06-15",
            "ends_on": "2026-12-31",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    exemption = Exemption.objects.get()
    assert (exemption.person, exemption.reason, exemption.ends_on) == (
        person,
        "Long-term sick leave",
        datetime.date(2026, 12, 31),
    )
    assert exemption.granted_by.groups.filter(name="Training administrators").exists()


def test_an_end_date_in_the_past_is_refused_beside_the_field_in_the_admin(administrator_client, person, requirement):
    response = administrator_client.post(
        f"{EXEMPTIONS}new/",
        {
            "person": person.pk,
            "requirement": requirement.pk,
            "reason": "Leave",
            "starts_on": "2026-06-15",
            "ends_on": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert "The exemption must end after" in response.content.decode()
    assert not Exemption.objects.exists()
