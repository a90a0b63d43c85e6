"""Course and level pages cost a signed-in person the same number of queries however many
courses, prerequisites and completions there are (see tests/courses/test_query_counts.py)."""

import datetime

import pytest

from tests.courses.factories import CoursePageFactory, TrainingLevelPageFactory
from tests.courses.test_query_counts import count_queries, site_settings  # noqa: F401 - the fixture
from tests.people.factories import JobRoleFactory, UserFactory
from tests.records.factories import CompletionFactory, EligibilityExceptionFactory

pytestmark = pytest.mark.django_db

# The anonymous pages' budget (15), plus the session, the person, the user bar's permission
# checks and eligibility's batch (21 and 22 measured on the level and course pages).
MAX_QUERIES = 22


@pytest.fixture
def teacher():
    return UserFactory(job_role=JobRoleFactory(code="teacher", name="Teacher"))


def build(person, level_number, courses, prerequisites, completions_each):
    """A level of ``courses`` courses for specialists, each needing ``prerequisites`` earlier
    courses that ``person`` completed ``completions_each`` times (some long ago), one exception."""
    specialists = [JobRoleFactory(), JobRoleFactory()]
    TrainingLevelPageFactory(number=level_number - 1)
    required = [CoursePageFactory(parent=None) for _ in range(prerequisites)]
    for course in required:
        for n in range(completions_each):
            CompletionFactory(user=person, course=course, completed_on=datetime.date(2015 + n, 1, 1))
    level = TrainingLevelPageFactory(number=level_number)
    pages = [
        CoursePageFactory(
            level=level, eligible_job_roles=specialists, prerequisites=[(course, 24) for course in required]
        )
        for _ in range(courses)
    ]
    EligibilityExceptionFactory(person=person, course=pages[-1])
    return level, pages[0]


def test_a_signed_in_persons_level_and_course_pages_cost_the_same_whatever_they_hold(client, teacher):
    small_level, small_course = build(teacher, 2, courses=1, prerequisites=1, completions_each=1)
    large_level, large_course = build(teacher, 4, courses=12, prerequisites=6, completions_each=5)
    client.force_login(teacher)

    small = [count_queries(client, small_level.url), count_queries(client, small_course.url)]
    large = [count_queries(client, large_level.url), count_queries(client, large_course.url)]

    assert small == large
    assert max(large) <= MAX_QUERIES
