"""A person's status against a requirement, computed from completions as the clock moves
(compliance.status.with_status, the one function every page, export and reminder uses)."""

import datetime

import pytest
import time_machine

from django.utils import timezone

from compliance.status import ComplianceStatus, applies_to, due_dates, requirements_for, with_status
from courses.models import CourseFormat
from elearning.services import enrol
from people.models import Sector, User
from records.choices import CompletionSource
from records.services import record_completion
from tests.bookings.factories import BookingFactory, SessionFactory
from tests.compliance.factories import ExemptionFactory, RequirementFactory
from tests.courses.factories import CoursePageFactory, TrainingLevelPageFactory
from tests.elearning.factories import ModuleFactory
from tests.people.factories import AgencyFactory, JobRoleFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_a_fixed_day")]

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def course():
    return CoursePageFactory()


@pytest.fixture
def requirement(course):
    return RequirementFactory(courses=[course])


@pytest.fixture
def person():
    return UserFactory(role_started_on=datetime.date(2019, 1, 1))


def status(person, requirement, today=None):
    return with_status(User.objects.filter(pk=person.pk), requirement, today=today).get().compliance_status


def complete(person, course, on):
    return record_completion(person, course, on, CompletionSource.ATTENDANCE)


def test_never_completed_is_not_started(person, requirement):
    assert status(person, requirement) == ComplianceStatus.NOT_STARTED


def test_completed_recently_is_compliant_until_the_renewal(person, requirement, course):
    complete(person, course, datetime.date(2025, 1, 10))
    row = with_status(User.objects.filter(pk=person.pk), requirement).get()
    assert row.compliance_status == ComplianceStatus.COMPLIANT
    assert due_dates(row, requirement) == datetime.date(2028, 1, 10)


def test_within_sixty_days_of_lapsing_is_expiring_soon(person, requirement, course):
    complete(person, course, datetime.date(2023, 8, 1))  # lapses 1 August 2026, 47 days on
    assert status(person, requirement) == ComplianceStatus.EXPIRING


def test_lapsed_is_expired_from_the_day_it_lapses(person, requirement, course):
    complete(person, course, datetime.date(2023, 6, 15))
    assert status(person, requirement) == ComplianceStatus.EXPIRED
    assert status(person, requirement, today=TODAY - datetime.timedelta(days=1)) == ComplianceStatus.EXPIRING


def test_the_status_moves_with_the_clock(person, requirement, course):
    complete(person, course, datetime.date(2025, 6, 1))
    assert status(person, requirement) == ComplianceStatus.COMPLIANT
    with time_machine.travel(datetime.datetime(2028, 5, 1, 10, 0, tzinfo=datetime.UTC), tick=False):
        assert status(person, requirement) == ComplianceStatus.EXPIRING
    with time_machine.travel(datetime.datetime(2028, 6, 2, 10, 0, tzinfo=datetime.UTC), tick=False):
        assert status(person, requirement) == ComplianceStatus.EXPIRED


def test_a_new_completion_makes_an_expired_person_compliant(person, requirement, course):
    complete(person, course, datetime.date(2020, 1, 1))
    assert status(person, requirement) == ComplianceStatus.EXPIRED
    complete(person, course, datetime.date(2026, 6, 1))
    assert status(person, requirement) == ComplianceStatus.COMPLIANT


def test_a_requirement_done_once_never_lapses(person, course):
    once = RequirementFactory(courses=[course], renewal_months=None)
    complete(person, course, datetime.date(2010, 1, 1))
    assert status(person, once) == ComplianceStatus.COMPLIANT


def test_a_new_starter_has_the_grace_period_from_the_role_start(requirement):
    starter = UserFactory(role_started_on=datetime.date(2026, 5, 1))
    row = with_status(User.objects.filter(pk=starter.pk), requirement).get()
    assert row.compliance_status == ComplianceStatus.NEW_STARTER
    assert due_dates(row, requirement) == datetime.date(2026, 8, 1)
    with time_machine.travel(datetime.datetime(2026, 8, 2, 10, 0, tzinfo=datetime.UTC), tick=False):
        assert status(starter, requirement) == ComplianceStatus.NOT_STARTED


def test_a_new_requirement_gives_everyone_the_grace_period(person, course):
    new = RequirementFactory(courses=[course], takes_effect_on=datetime.date(2026, 6, 1))
    assert status(person, new) == ComplianceStatus.NEW_STARTER


def test_an_exemption_counts_as_compliant_while_it_runs(person, requirement):
    ExemptionFactory(person=person, requirement=requirement, ends_on=datetime.date(2026, 7, 1))
    assert status(person, requirement) == ComplianceStatus.COMPLIANT
    assert status(person, requirement, today=datetime.date(2026, 7, 1)) == ComplianceStatus.NOT_STARTED


def test_any_of_the_courses_meets_it(person):
    e_learning, workshop = CoursePageFactory(), CoursePageFactory()
    either = RequirementFactory(courses=[e_learning, workshop])
    complete(person, workshop, datetime.date(2026, 1, 1))
    assert status(person, either) == ComplianceStatus.COMPLIANT


def test_a_minimum_level_is_met_by_any_course_at_or_above_it(person):
    TrainingLevelPageFactory(number=2)
    level_three = TrainingLevelPageFactory(number=3)
    at_least_two = RequirementFactory(minimum_level=2)
    complete(person, CoursePageFactory(level=level_three), datetime.date(2026, 1, 1))
    assert status(person, at_least_two) == ComplianceStatus.COMPLIANT


def test_a_course_below_the_minimum_level_does_not_meet_it(person):
    at_least_two = RequirementFactory(minimum_level=2)
    complete(person, CoursePageFactory(), datetime.date(2026, 1, 1))  # level 1
    assert status(person, at_least_two) == ComplianceStatus.NOT_STARTED


def test_an_upcoming_booking_is_noted_as_booked(person, requirement, course):
    BookingFactory(user=person, session=SessionFactory(course=course, days_ahead=20))
    row = with_status(User.objects.filter(pk=person.pk), requirement).get()
    assert row.booked and row.compliance_status == ComplianceStatus.NOT_STARTED


def test_e_learning_under_way_is_noted_as_booked(person):
    module = ModuleFactory(course=CoursePageFactory(format=CourseFormat.E_LEARNING))
    requirement = RequirementFactory(courses=[module.course])
    enrol(person, module)
    assert with_status(User.objects.filter(pk=person.pk), requirement).get().booked


def test_it_covers_only_the_job_roles_it_names(course):
    investigator, teacher = JobRoleFactory(), JobRoleFactory()
    for_investigators = RequirementFactory(courses=[course], job_roles=[investigator])
    people = [UserFactory(job_role=investigator), UserFactory(job_role=teacher)]
    assert list(applies_to(for_investigators, User.objects.all())) == people[:1]


def test_the_agency_requirement_wins_over_the_partnerships_for_the_same_course(course):
    police = AgencyFactory(sector=Sector.POLICE)
    partnership = RequirementFactory(courses=[course], renewal_months=36)
    for_police = RequirementFactory(courses=[course], renewal_months=12, agency=police)
    officer, nurse = UserFactory(agency=police), UserFactory(agency=AgencyFactory(sector=Sector.HEALTH))
    assert requirements_for(officer) == [for_police]
    assert requirements_for(nurse) == [partnership]


def test_the_sector_requirement_wins_over_the_partnerships(course):
    police = AgencyFactory(sector=Sector.POLICE)
    RequirementFactory(courses=[course])
    for_sector = RequirementFactory(courses=[course], sector=Sector.POLICE)
    assert requirements_for(UserFactory(agency=police)) == [for_sector]


def test_requirements_for_different_courses_both_apply(course):
    other = RequirementFactory(courses=[CoursePageFactory()])
    requirement = RequirementFactory(courses=[course])
    assert set(requirements_for(UserFactory())) == {requirement, other}


def test_a_requirement_not_yet_in_effect_applies_to_nobody(person, course):
    future = RequirementFactory(courses=[course], takes_effect_on=timezone.localdate() + datetime.timedelta(days=5))
    assert not applies_to(future, User.objects.all()).exists()


def test_the_status_of_many_people_is_one_query(requirement, course, django_assert_num_queries):
    people = [UserFactory(role_started_on=datetime.date(2019, 1, 1)) for _ in range(12)]
    for number, person in enumerate(people):
        complete(person, course, datetime.date(2016 + number % 10, 3, 1))
    annotated = with_status(User.objects.all(), requirement)
    with django_assert_num_queries(1):
        statuses = {row.compliance_status for row in annotated}
    assert statuses >= {ComplianceStatus.COMPLIANT, ComplianceStatus.EXPIRED}


def test_a_completion_at_a_months_end_is_expired_on_the_day_it_lapses(person, course):
    every_six_months = RequirementFactory(courses=[course], renewal_months=6)
    complete(person, course, datetime.date(2025, 8, 31))  # lapses 28 February 2026 (no 31st)
    row = with_status(User.objects.filter(pk=person.pk), every_six_months, today=datetime.date(2026, 2, 28)).get()
    assert due_dates(row, every_six_months) == datetime.date(2026, 2, 28)
    assert row.compliance_status == ComplianceStatus.EXPIRED
    day_before = datetime.date(2026, 2, 27)
    assert status(person, every_six_months, today=day_before) == ComplianceStatus.EXPIRING


def test_a_completion_at_a_months_end_is_expiring_from_the_window_before_its_lapse(person, course):
    every_six_months = RequirementFactory(courses=[course], renewal_months=6, expiring_window_days=0)
    complete(person, course, datetime.date(2025, 8, 30))  # lapses 28 February 2026
    assert status(person, every_six_months, today=datetime.date(2026, 2, 27)) == ComplianceStatus.COMPLIANT
    assert status(person, every_six_months, today=datetime.date(2026, 2, 28)) == ComplianceStatus.EXPIRED


def test_a_new_starter_whose_role_started_at_a_months_end_is_not_started_on_the_day_due(course):
    six_months = RequirementFactory(courses=[course], grace_months=6)
    starter = UserFactory(role_started_on=datetime.date(2025, 8, 31))
    day_before = datetime.date(2026, 2, 27)
    row = with_status(User.objects.filter(pk=starter.pk), six_months, today=day_before).get()
    assert row.compliance_status == ComplianceStatus.NEW_STARTER
    assert due_dates(row, six_months) == datetime.date(2026, 2, 28)
    assert status(starter, six_months, today=datetime.date(2026, 2, 28)) == ComplianceStatus.NOT_STARTED
