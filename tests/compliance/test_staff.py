"""An agency's staff on a day (compliance.staff): people by their role history, roster entries
without an account, leavers out; the counts equal the rows of the staff list under any filter."""

import datetime

import pytest

from compliance.models import RosterEntry
from compliance.staff import Filters, breakdown, counts, staff_list
from compliance.status import ComplianceStatus, requirements_for
from records.choices import CompletionSource
from records.services import record_completion
from tests.compliance.factories import RequirementFactory
from tests.courses.factories import CoursePageFactory
from tests.people.factories import AgencyFactory, JobRoleFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_a_fixed_day")]

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def course():
    return CoursePageFactory()


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def requirement(course):
    return RequirementFactory(courses=[course])


def person(agency, role=None, started=datetime.date(2019, 1, 1), **extra):
    return UserFactory(agency=agency, job_role=role or JobRoleFactory(), role_started_on=started, **extra)


def emails(rows):
    return sorted(row["work_email"] for row in rows)


def test_the_staff_list_has_the_agencys_people_and_its_roster_without_accounts(agency, requirement):
    member = person(agency)
    person(AgencyFactory())
    RosterEntry.objects.create(agency=agency, email="new.person@agency.example.org", full_name="New Person")
    rows = list(staff_list([agency], requirement, TODAY))
    assert emails(rows) == sorted([member.email, "new.person@agency.example.org"])
    roster_row = next(row for row in rows if row["kind"] == "roster")
    assert roster_row["status"] == ComplianceStatus.NOT_STARTED


def test_a_roster_entry_with_a_recent_start_is_a_new_starter(agency, requirement):
    RosterEntry.objects.create(
        agency=agency, email="starter@agency.example.org", full_name="Starter", started_on=datetime.date(2026, 5, 1)
    )
    (row,) = staff_list([agency], requirement, TODAY)
    assert row["status"] == ComplianceStatus.NEW_STARTER


def test_a_leaving_date_takes_a_person_out_of_the_figures_from_that_day(agency, requirement):
    member = person(agency)
    RosterEntry.objects.create(
        agency=agency, email=member.email, full_name="x", person=member, leaves_on=datetime.date(2026, 7, 1)
    )
    assert counts([agency], requirement, TODAY)["total"] == 1
    assert counts([agency], requirement, datetime.date(2026, 7, 1))["total"] == 0


def test_the_roster_team_is_the_persons_team(agency, requirement):
    member = person(agency, team="Own words")
    RosterEntry.objects.create(agency=agency, email=member.email, full_name="x", person=member, team="North")
    (row,) = staff_list([agency], requirement, TODAY)
    assert row["team_name"] == "North"


def test_counts_equal_the_rows_of_the_staff_list_under_every_filter(agency, requirement, course):
    role, other_role = JobRoleFactory(), JobRoleFactory()
    done = person(agency, role, team="North", full_name="Alice Done")
    record_completion(done, course, datetime.date(2025, 1, 1), CompletionSource.ATTENDANCE)
    lapsed = person(agency, other_role, team="South", full_name="Bob Lapsed")
    record_completion(lapsed, course, datetime.date(2022, 1, 1), CompletionSource.ATTENDANCE)
    person(agency, role, team="South", full_name="Carol Never")
    person(agency, role, started=datetime.date(2026, 5, 1), full_name="Dan New")
    RosterEntry.objects.create(agency=agency, email="eve@agency.example.org", full_name="Eve Roster", team="North")
    filters = [Filters()]
    filters += [Filters(status=status) for status in ComplianceStatus.values]
    filters += [Filters(job_role=role.pk), Filters(team="North"), Filters(search="bob")]
    filters += [Filters(search="agency.example")]
    filters += [Filters(status=ComplianceStatus.NOT_STARTED, team="North")]
    for chosen in filters:
        rows = list(staff_list([agency], requirement, TODAY, chosen))
        figures = counts([agency], requirement, TODAY, chosen)
        assert figures["total"] == len(rows), chosen
        for status in ComplianceStatus.values:
            assert figures[status] == sum(row["status"] == status for row in rows), (chosen, status)
    assert counts([agency], requirement, TODAY)["total"] == 5


def test_the_breakdown_by_team_adds_up_to_the_counts(agency, requirement):
    person(agency, team="North")
    person(agency, team="South")
    RosterEntry.objects.create(agency=agency, email="eve@agency.example.org", full_name="Eve", team="North")
    groups = dict(breakdown([agency], requirement, TODAY, "team"))
    assert groups["North"]["total"] == 2
    assert groups["South"]["total"] == 1


def test_a_move_to_a_role_a_requirement_names_brings_it_in_from_that_day(agency, course):
    investigator = JobRoleFactory(name="Investigator")
    requirement = RequirementFactory(courses=[course], job_roles=[investigator])
    member = person(agency, started=datetime.date(2020, 1, 1))
    member.job_role = investigator
    member.role_started_on = datetime.date(2026, 6, 1)
    member.save()
    assert counts([agency], requirement, datetime.date(2026, 5, 31))["total"] == 0
    (row,) = staff_list([agency], requirement, TODAY)
    # The grace period runs from the new role's start, not from joining the agency.
    assert row["status"] == ComplianceStatus.NEW_STARTER
    assert requirements_for(member, datetime.date(2026, 5, 31)) == []
    assert requirements_for(member, TODAY) == [requirement]


def test_a_move_between_agencies_changes_which_agencys_figures_count_them(agency, requirement):
    member = person(agency, started=datetime.date(2020, 1, 1))
    elsewhere = AgencyFactory()
    member.agency = elsewhere
    member.role_started_on = datetime.date(2026, 6, 1)
    member.save()
    assert counts([agency], requirement, datetime.date(2026, 5, 31))["total"] == 1
    assert counts([agency], requirement, TODAY)["total"] == 0
    assert counts([elsewhere], requirement, TODAY)["total"] == 1


def test_the_staff_list_sorts_by_status_across_both_halves(agency, requirement, course):
    done = person(agency, full_name="Alice Done")
    record_completion(done, course, datetime.date(2025, 1, 1), CompletionSource.ATTENDANCE)
    RosterEntry.objects.create(agency=agency, email="zed@agency.example.org", full_name="Zed Roster")
    rows = list(staff_list([agency], requirement, TODAY, sort="status"))
    assert [row["name"] for row in rows] == ["Zed Roster", "Alice Done"]


def test_a_roster_entry_linked_to_an_account_in_no_agency_counts_with_that_accounts_training(
    agency, requirement, course
):
    administrator = UserFactory(agency=None, job_role=None, email="admin.person@agency.example.org")
    record_completion(administrator, course, datetime.date(2025, 1, 1), CompletionSource.ATTENDANCE)
    RosterEntry.objects.create(agency=agency, email=administrator.email, full_name="Admin Person", person=administrator)
    (row,) = staff_list([agency], requirement, TODAY)
    assert (row["kind"], row["status"]) == ("roster", ComplianceStatus.COMPLIANT)


def test_a_roster_entry_linked_to_an_account_in_the_agency_counts_once(agency, requirement):
    member = person(agency)
    RosterEntry.objects.create(agency=agency, email=member.email, full_name="x", person=member)
    assert counts([agency], requirement, TODAY)["total"] == 1


@pytest.mark.parametrize("sort", ["completed", "-completed"])
def test_people_who_never_completed_it_come_last_by_completion_date_either_way(agency, requirement, course, sort):
    older, newer = person(agency, full_name="Olive Older"), person(agency, full_name="Nina Newer")
    record_completion(older, course, datetime.date(2024, 1, 1), CompletionSource.ATTENDANCE)
    record_completion(newer, course, datetime.date(2025, 1, 1), CompletionSource.ATTENDANCE)
    person(agency, full_name="Ned Never")
    RosterEntry.objects.create(agency=agency, email="rory@agency.example.org", full_name="Rory Roster")
    names = [row["name"] for row in staff_list([agency], requirement, TODAY, sort=sort)]
    done = ["Olive Older", "Nina Newer"] if sort == "completed" else ["Nina Newer", "Olive Older"]
    assert names == [*done, "Ned Never", "Rory Roster"]


def test_people_with_no_job_role_come_last_by_job_role(agency, requirement):
    person(agency, role=JobRoleFactory(name="Detective"), full_name="Dee Detective")
    RosterEntry.objects.create(agency=agency, email="nora@agency.example.org", full_name="Nora Norole")
    names = [row["name"] for row in staff_list([agency], requirement, TODAY, sort="role")]
    assert names == ["Dee Detective", "Nora Norole"]
