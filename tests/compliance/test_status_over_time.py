"""One person's statuses as the clock moves through a working life: a completion ages, lapses,
is excused, and the person changes role and then agency; what is required follows their role
history, and the grace period runs from each new role's start (compliance.status.statuses_of)."""

import datetime

import pytest
import time_machine

from compliance.exemptions import grant_exemption
from compliance.status import ComplianceStatus, statuses_of
from records.choices import CompletionSource
from records.services import record_completion
from tests.compliance.factories import RequirementFactory
from tests.courses.factories import CoursePageFactory
from tests.people.factories import AgencyFactory, JobRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def at(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC), tick=False)


def statuses(person):
    return {requirement.title: row.compliance_status for requirement, row in statuses_of(person)}


def test_statuses_follow_completions_exemptions_and_moves_between_roles_and_agencies():
    awareness, investigation = CoursePageFactory(), CoursePageFactory()
    fellside, eden = AgencyFactory(name="Fellside"), AgencyFactory(name="Eden")
    officer, investigator = JobRoleFactory(name="Officer"), JobRoleFactory(name="Investigator")
    RequirementFactory(title="Awareness", courses=[awareness], agency=fellside)
    RequirementFactory(title="Investigation", courses=[investigation], job_roles=[investigator], grace_months=3)

    with at(datetime.date(2026, 1, 10)):
        person = UserFactory(agency=fellside, job_role=officer, role_started_on=datetime.date(2020, 1, 1))
        assert statuses(person) == {"Awareness": ComplianceStatus.NOT_STARTED}
        record_completion(person, awareness, datetime.date(2024, 1, 1), CompletionSource.ATTENDANCE)
        assert statuses(person) == {"Awareness": ComplianceStatus.COMPLIANT}

    with at(datetime.date(2026, 11, 20)):
        assert statuses(person) == {"Awareness": ComplianceStatus.EXPIRING}

    with at(datetime.date(2027, 1, 1)):
        assert statuses(person) == {"Awareness": ComplianceStatus.EXPIRED}
        requirement = next(requirement for requirement, _ in statuses_of(person))
        grant_exemption(person, requirement, "Career break", datetime.date(2027, 3, 1), granted_by=None)
        assert statuses(person) == {"Awareness": ComplianceStatus.COMPLIANT}

    with at(datetime.date(2027, 3, 1)):
        assert statuses(person) == {"Awareness": ComplianceStatus.EXPIRED}

    with at(datetime.date(2027, 3, 10)):
        person.refresh_from_db()
        person.job_role = investigator
        person.role_started_on = datetime.date(2027, 3, 10)
        person.save()
        assert statuses(person) == {
            "Awareness": ComplianceStatus.EXPIRED,
            "Investigation": ComplianceStatus.NEW_STARTER,
        }

    with at(datetime.date(2027, 6, 11)):
        assert statuses(person)["Investigation"] == ComplianceStatus.NOT_STARTED
        record_completion(person, awareness, datetime.date(2027, 6, 11), CompletionSource.E_LEARNING)
        assert statuses(person)["Awareness"] == ComplianceStatus.COMPLIANT

    with at(datetime.date(2027, 7, 1)):
        person.refresh_from_db()
        person.agency = eden
        person.role_started_on = datetime.date(2027, 7, 1)
        person.save()
        # Fellside's own requirement no longer applies; the investigators' one does, from the
        # new role's start: a new starter again.
        assert statuses(person) == {"Investigation": ComplianceStatus.NEW_STARTER}
        # ... and the record of the past is kept: on a day in Fellside, Fellside's applied.
        assert {r.title for r, _ in statuses_of(person, datetime.date(2027, 6, 30))} == {"Awareness", "Investigation"}
