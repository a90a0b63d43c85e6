"""The eligibility rule: every reason a person may not take a course, in plain words."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from records.choices import CompletionSource, ReasonCode
from records.eligibility import eligibility, eligibility_for_courses, join_names
from records.services import record_completion, revoke_exception
from tests.courses.factories import CoursePageFactory, TrainingLevelPageFactory, training_level
from tests.people.factories import JobRoleFactory, UserFactory
from tests.records.factories import CompletionFactory, EligibilityExceptionFactory

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 6, 1)


@pytest.fixture
def specialist_roles():
    return [
        JobRoleFactory(code="social-worker", name="Front-line social worker"),
        JobRoleFactory(code="child-abuse-investigator", name="Specialist child abuse investigator"),
        JobRoleFactory(code="iro", name="Independent Reviewing Officer (IRO)"),
    ]


@pytest.fixture
def teacher():
    return UserFactory(job_role=JobRoleFactory(code="teacher", name="Teacher"))


@pytest.fixture
def full_day():
    return CoursePageFactory(title="CSE full-day workshop", level=training_level(3))


@pytest.fixture
def specialist_course(specialist_roles, full_day):
    return CoursePageFactory(
        title="CSE specialist workshop",
        level=training_level(4),
        eligible_job_roles=specialist_roles,
        prerequisites=[(full_day, 24)],
    )


def completed(person, course, on):
    return record_completion(person, course, on, CompletionSource.ATTENDANCE)


def test_a_course_for_everyone_without_prerequisites_may_be_taken_by_anyone(teacher):
    result = eligibility(teacher, CoursePageFactory())

    assert result.may_take
    assert result.reasons == ()


def test_a_role_that_is_not_eligible_is_refused_naming_the_roles_and_the_profiles_role(teacher, specialist_roles):
    course = CoursePageFactory(eligible_job_roles=specialist_roles)

    result = eligibility(teacher, course)

    assert not result.may_take
    [reason] = result.reasons
    assert reason.code == ReasonCode.JOB_ROLE_NOT_ELIGIBLE
    assert reason.message == (
        "This course is only for these job roles: Front-line social worker, Independent Reviewing Officer (IRO) "
        "and Specialist child abuse investigator. Your profile says: Teacher."
    )


def test_an_eligible_role_is_not_refused(specialist_roles, specialist_course, full_day):
    social_worker = UserFactory(job_role=specialist_roles[0])
    completed(social_worker, full_day, ON - datetime.timedelta(days=100))

    assert eligibility(social_worker, specialist_course, on=ON).may_take


def test_a_role_refusal_points_to_the_highest_level_below_whose_courses_the_role_may_take(teacher, specialist_roles):
    level2, level3, level4 = training_level(2), training_level(3), training_level(4)
    CoursePageFactory(level=level2)  # for everyone
    CoursePageFactory(level=level3, eligible_job_roles=specialist_roles)  # not for teachers
    course = CoursePageFactory(level=level4, eligible_job_roles=specialist_roles)

    [reason] = eligibility(teacher, course).reasons

    assert reason.page == level2


def test_a_role_refusal_points_to_a_level_with_a_course_named_for_the_role(teacher, specialist_roles):
    level3 = training_level(3)
    CoursePageFactory(level=level3, eligible_job_roles=[teacher.job_role])
    course = CoursePageFactory(level=training_level(4), eligible_job_roles=specialist_roles)

    [reason] = eligibility(teacher, course).reasons

    assert reason.page == level3


def test_a_role_refusal_points_nowhere_when_no_level_below_suits(teacher, specialist_roles):
    course = CoursePageFactory(level=training_level(1), eligible_job_roles=specialist_roles)

    [reason] = eligibility(teacher, course).reasons

    assert reason.page is None


def test_no_job_role_on_the_profile_is_its_own_reason_pointing_to_the_profile(specialist_roles):
    person = UserFactory(job_role=None)
    course = CoursePageFactory(eligible_job_roles=specialist_roles)

    [reason] = eligibility(person, course).reasons

    assert reason.code == ReasonCode.NO_JOB_ROLE
    assert reason.points_to_profile
    assert "Your profile does not say what your job role is" in reason.message


def test_no_job_role_is_no_reason_for_a_course_open_to_everyone():
    assert eligibility(UserFactory(job_role=None), CoursePageFactory()).may_take


def test_a_prerequisite_not_completed_says_to_complete_it_first_and_points_to_it(teacher, full_day):
    course = CoursePageFactory(prerequisites=[(full_day, None)])

    [reason] = eligibility(teacher, course).reasons

    assert reason.code == ReasonCode.PREREQUISITE_MISSING
    assert reason.message == "Complete “CSE full-day workshop” first."
    assert reason.page == full_day


def test_a_prerequisite_completed_too_long_ago_says_when_and_the_date_it_lapsed(teacher, full_day):
    course = CoursePageFactory(prerequisites=[(full_day, 24)])
    completed(teacher, full_day, datetime.date(2022, 3, 3))

    [reason] = eligibility(teacher, course, on=datetime.date(2024, 3, 3)).reasons

    assert reason.code == ReasonCode.PREREQUISITE_LAPSED
    assert reason.lapsed_on == datetime.date(2024, 3, 3)
    assert reason.message == (
        "You completed “CSE full-day workshop” on 3 March 2022, but it must have been within 24 months: "
        "it lapsed on 3 March 2024. Complete it again first."
    )
    assert reason.page == full_day


def test_a_prerequisite_completed_within_the_time_allowed_counts(teacher, full_day):
    course = CoursePageFactory(prerequisites=[(full_day, 24)])
    completed(teacher, full_day, datetime.date(2022, 3, 3))

    assert eligibility(teacher, course, on=datetime.date(2024, 3, 2)).may_take


def test_the_latest_completion_of_a_prerequisite_is_the_one_that_counts(teacher, full_day):
    course = CoursePageFactory(prerequisites=[(full_day, 24)])
    completed(teacher, full_day, datetime.date(2020, 1, 10))
    completed(teacher, full_day, datetime.date(2025, 5, 1))

    assert eligibility(teacher, course, on=ON).may_take


def test_a_prerequisite_without_a_time_limit_counts_however_long_ago(teacher, full_day):
    course = CoursePageFactory(prerequisites=[(full_day, None)])
    completed(teacher, full_day, datetime.date(2010, 1, 1))

    assert eligibility(teacher, course, on=ON).may_take


def test_a_completion_after_the_day_asked_about_does_not_count(teacher, full_day):
    course = CoursePageFactory(prerequisites=[(full_day, None)])
    completed(teacher, full_day, datetime.date(2026, 7, 1))

    assert not eligibility(teacher, course, on=ON).may_take


def test_every_reason_is_given_at_once_in_words(teacher, specialist_roles, full_day):
    second = CoursePageFactory(title="CSE awareness")
    specialist_course = CoursePageFactory(
        level=training_level(4), eligible_job_roles=specialist_roles, prerequisites=[(full_day, 24), (second, None)]
    )
    completed(teacher, full_day, datetime.date(2022, 3, 3))

    result = eligibility(teacher, specialist_course, on=ON)

    assert [reason.code for reason in result.reasons] == [
        ReasonCode.JOB_ROLE_NOT_ELIGIBLE,
        ReasonCode.PREREQUISITE_LAPSED,
        ReasonCode.PREREQUISITE_MISSING,
    ]
    assert "Your profile says: Teacher." in result.reasons[0].message
    assert "it lapsed on 3 March 2024" in result.reasons[1].message
    assert result.reasons[2].message == "Complete “CSE awareness” first."


def test_an_exception_overrides_every_reason_and_keeps_its_reason(teacher, specialist_course):
    exception = EligibilityExceptionFactory(
        person=teacher, course=specialist_course, reason="Seconded to the MET team."
    )

    result = eligibility(teacher, specialist_course)

    assert result.may_take
    assert result.exception == exception
    assert result.exception.reason == "Seconded to the MET team."
    assert len(result.reasons) == 2  # still said, so the page can show what was set aside


def test_an_exception_for_someone_else_or_another_course_does_not_apply(teacher, specialist_course):
    EligibilityExceptionFactory(course=specialist_course)
    EligibilityExceptionFactory(person=teacher)

    assert not eligibility(teacher, specialist_course).may_take


def test_a_revoked_exception_no_longer_overrides(teacher, specialist_course):
    exception = EligibilityExceptionFactory(person=teacher, course=specialist_course)
    revoke_exception(exception, revoked_by=UserFactory())

    assert not eligibility(teacher, specialist_course).may_take


def count_batch_queries(person, courses):
    person = type(person).objects.get(pk=person.pk)  # nothing cached on the person
    with CaptureQueriesContext(connection) as queries:
        eligibility_for_courses(person, courses, on=ON)
    return len(queries)


def test_the_batch_costs_the_same_queries_for_few_or_many_courses(teacher, specialist_roles):
    TrainingLevelPageFactory(number=2)
    few_level, many_level = training_level(3), training_level(4)
    required = [CoursePageFactory(level=training_level(1)) for _ in range(6)]
    for course in required:
        CompletionFactory(user=teacher, course=course, completed_on=datetime.date(2020, 1, 1))
    few = [
        CoursePageFactory(level=few_level, eligible_job_roles=specialist_roles, prerequisites=[(required[0], 12)])
        for _ in range(2)
    ]
    many = [
        CoursePageFactory(
            level=many_level, eligible_job_roles=specialist_roles, prerequisites=[(c, 12) for c in required]
        )
        for _ in range(12)
    ]

    assert count_batch_queries(teacher, few) == count_batch_queries(teacher, many) <= 6


@pytest.mark.parametrize(
    ("names", "joined"),
    [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")],
)
def test_names_are_joined_as_a_person_would_write_them(names, joined):
    assert join_names(names) == joined
