"""The monthly snapshot (compliance.snapshots, manage.py take_compliance_snapshot): one row per
agency and requirement written for it, the same figures as counts() on the first of the month,
and running it twice changes nothing."""

import datetime

import pytest

from django.core.management import CommandError, call_command

from compliance.models import Snapshot
from compliance.snapshots import take_snapshot
from compliance.staff import counts
from people.models import Sector
from records.choices import CompletionSource
from records.services import record_completion
from tests.compliance.factories import RequirementFactory
from tests.courses.factories import CoursePageFactory
from tests.people.factories import AgencyFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_a_fixed_day")]

FIRST = datetime.date(2026, 6, 1)


@pytest.fixture
def course():
    return CoursePageFactory()


@pytest.fixture
def requirement(course):
    return RequirementFactory(courses=[course])


def staff(agency, n, course=None, completed_on=None):
    people = [UserFactory(agency=agency, role_started_on=datetime.date(2019, 1, 1)) for _ in range(n)]
    for person in people if course else []:
        record_completion(person, course, completed_on, CompletionSource.ATTENDANCE)
    return people


def test_a_snapshot_holds_the_counts_of_the_first_of_the_month(requirement, course):
    agency, other = AgencyFactory(), AgencyFactory()
    staff(agency, 2, course, datetime.date(2025, 1, 1))
    # Completed after the first of the month: not yet counted on the first.
    staff(agency, 1, course, datetime.date(2026, 6, 10))
    staff(agency, 1, course, datetime.date(2023, 7, 1))
    staff(other, 2)

    assert take_snapshot() == 2

    for each in (agency, other):
        row = Snapshot.objects.get(agency=each, requirement=requirement)
        expected = counts([each], requirement, FIRST)
        assert row.month == FIRST
        assert {key: getattr(row, key) for key in expected if key != "total"} == {
            key: value for key, value in expected.items() if key != "total"
        }
        assert row.total == expected["total"]
    mine = Snapshot.objects.get(agency=agency)
    assert (mine.compliant, mine.expiring, mine.not_started) == (2, 1, 1)


def test_taking_it_twice_changes_nothing(requirement, course):
    agency = AgencyFactory()
    staff(agency, 2, course, datetime.date(2025, 1, 1))
    take_snapshot()
    before = list(Snapshot.objects.values())

    take_snapshot()

    assert list(Snapshot.objects.values()) == before


def test_a_requirement_for_another_sector_gets_no_row_for_the_agency(course):
    RequirementFactory(courses=[course], sector=Sector.POLICE)
    AgencyFactory(sector=Sector.CHILDRENS_SERVICES)

    assert take_snapshot() == 0
    assert not Snapshot.objects.exists()


def test_the_command_takes_an_earlier_month_and_says_so(requirement, capsys):
    staff(AgencyFactory(), 1)

    call_command("take_compliance_snapshot", "--month", "2026-03")

    assert Snapshot.objects.get().month == datetime.date(2026, 3, 1)
    assert "Snapshot of March 2026: 1 rows." in capsys.readouterr().out


def test_the_command_refuses_a_month_it_cannot_read():
    with pytest.raises(CommandError, match="2026-05"):
        call_command("take_compliance_snapshot", "--month", "May")


def test_a_snapshot_is_a_fixed_number_of_queries(requirement, django_assert_max_num_queries):
    for _ in range(3):
        staff(AgencyFactory(), 2)
    with django_assert_max_num_queries(8):
        take_snapshot()
