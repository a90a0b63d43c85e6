import pytest

from courses.models import CourseFormat, CoursePage, TrainingLevelPage
from tests.courses.factories import (
    CoursePageFactory,
    TrainingLevelPageFactory,
    training_index,
    training_level,
)
from tests.people.factories import JobRoleFactory

pytestmark = pytest.mark.django_db


def test_course_factory_builds_a_published_course_under_level_one_of_the_training_section():
    course = CoursePageFactory()

    assert course.live
    assert course.get_parent().specific == training_level(1)
    assert training_level(1).get_parent().specific == training_index()
    assert course.url == f"/training/level-1/{course.slug}/"


def test_course_factory_saves_topics_roles_and_prerequisites():
    level3 = TrainingLevelPageFactory(number=3)
    level4 = TrainingLevelPageFactory(number=4)
    workshop = CoursePageFactory(level=level3, format=CourseFormat.FULL_DAY)
    role = JobRoleFactory(code="iro")

    course = CoursePageFactory(
        level=level4, topics=["cse", "met"], eligible_job_roles=[role], prerequisites=[(workshop, 36)]
    )

    course = CoursePage.objects.get(pk=course.pk)
    assert sorted(course.topics.names()) == ["cse", "met"]
    assert list(course.eligible_job_roles.all()) == [role]
    assert [(p.required_course_id, p.within_months) for p in course.prerequisites.all()] == [(workshop.pk, 36)]
    assert TrainingLevelPage.objects.count() == 2
