"""Course and level pages tell a signed-in person whether they may take a course, and why not,
before any booking exists; anonymous visitors see who a course is for and a prompt to sign in."""

import datetime

import pytest

from django.utils.html import escape

from bookings.models import Booking
from records.choices import CompletionSource
from records.services import record_completion
from tests.courses.factories import CoursePageFactory, training_level
from tests.people.factories import JobRoleFactory, UserFactory
from tests.records.factories import EligibilityExceptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def specialist_roles():
    return [
        JobRoleFactory(code="social-worker", name="Front-line social worker"),
        JobRoleFactory(code="iro", name="Independent Reviewing Officer (IRO)"),
    ]


@pytest.fixture
def level3():
    return training_level(3)


@pytest.fixture
def full_day(level3):
    return CoursePageFactory(title="CSE full-day workshop", level=level3)


@pytest.fixture
def specialist_course(specialist_roles, full_day):
    return CoursePageFactory(
        title="CSE specialist workshop",
        level=training_level(4),
        eligible_job_roles=specialist_roles,
        prerequisites=[(full_day, 36)],
    )


@pytest.fixture
def teacher():
    return UserFactory(job_role=JobRoleFactory(code="teacher", name="Teacher"))


def page_text(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_signed_in_person_who_may_take_a_course_is_told_so(client, full_day, teacher):
    client.force_login(teacher)

    html = page_text(client, full_day)

    assert "Can you take this course?" in html
    assert "You can take this course." in html


def test_a_signed_in_person_sees_every_reason_before_any_booking_exists(client, specialist_course, specialist_roles):
    person = UserFactory(job_role=JobRoleFactory(code="youth-worker", name="Youth worker"))
    client.force_login(person)

    html = page_text(client, specialist_course)

    assert not Booking.objects.exists()
    assert "You cannot take this course." in html
    assert escape("Your profile says: Youth worker.") in html
    assert escape("Complete “CSE full-day workshop” first.") in html
    assert "You can take this course." not in html


def test_a_teacher_on_a_level_4_course_is_told_why_not_and_pointed_to_the_level_that_suits_them(
    client, specialist_course, teacher, level3
):
    client.force_login(teacher)

    html = page_text(client, specialist_course)

    assert (
        escape(
            "This course is only for these job roles: Front-line social worker and Independent Reviewing Officer "
            "(IRO). "
            "Your profile says: Teacher."
        )
        in html
    )
    assert f'<a href="{level3.url}">See the courses at Level 3, which suit your role</a>' in html


def test_the_level_4_page_tells_a_teacher_why_not_and_links_to_the_level_that_suits_them(
    client, specialist_course, teacher, level3
):
    client.force_login(teacher)

    html = page_text(client, training_level(4))

    assert "You cannot take this course</strong>" in html
    assert escape("Your profile says: Teacher.") in html
    assert f'<a href="{level3.url}">See the courses at Level 3, which suit your role</a>' in html


def test_a_level_page_tells_a_signed_in_person_which_courses_they_may_take(client, full_day, teacher):
    client.force_login(teacher)

    html = page_text(client, training_level(3))

    assert "You can take this course" in html


def test_a_lapsed_prerequisite_is_shown_with_the_date_it_lapsed(client, specialist_course, full_day, specialist_roles):
    social_worker = UserFactory(job_role=specialist_roles[0])
    record_completion(social_worker, full_day, datetime.date(2020, 3, 3), CompletionSource.ATTENDANCE)
    client.force_login(social_worker)

    html = page_text(client, specialist_course)

    assert "it lapsed on 3 March 2023" in html
    assert f'<a href="{full_day.url}">' in html


def test_someone_whose_role_may_take_the_course_is_told_they_cannot_take_it_yet(
    client, specialist_course, specialist_roles, full_day
):
    client.force_login(UserFactory(job_role=specialist_roles[0]))

    html = page_text(client, specialist_course)

    assert "You cannot take this course yet." in html
    assert f'<a href="{full_day.url}">Go to “CSE full-day workshop”</a>' in html


def test_a_person_without_a_job_role_is_pointed_to_their_profile(client, specialist_course):
    client.force_login(UserFactory(job_role=None))

    html = page_text(client, specialist_course)

    assert '<a href="/profile/">Add your job role to your profile</a>' in html


def test_a_person_with_an_exception_sees_that_they_may_take_the_course_and_why(client, specialist_course, teacher):
    EligibilityExceptionFactory(person=teacher, course=specialist_course, reason="Seconded to the MET team.")
    client.force_login(teacher)

    html = page_text(client, specialist_course)

    assert "You can take this course." in html
    assert "Seconded to the MET team." in html
    assert "You cannot take this course" not in html


def test_a_person_with_an_exception_is_told_what_it_sets_aside(client, specialist_course, teacher):
    EligibilityExceptionFactory(person=teacher, course=specialist_course, reason="Seconded to the MET team.")
    client.force_login(teacher)

    html = page_text(client, specialist_course)

    assert "The exception sets aside:" in html
    assert escape("Your profile says: Teacher.") in html


def test_an_anonymous_visitor_sees_who_the_course_is_for_and_a_prompt_to_sign_in(client, specialist_course):
    html = page_text(client, specialist_course)

    assert (
        "This course is only for the job roles under “Who may book”, once they have completed the courses under "
        "“Complete first”."
    ) in html
    assert "<li>Independent Reviewing Officer (IRO)</li>" in html
    assert f'<a href="/accounts/login/?next={specialist_course.url}">Sign in to see whether you can book</a>' in html
    assert "You cannot take this course" not in html


def test_an_anonymous_visitor_is_told_a_course_open_to_everyone_is_for_all_professionals(client, full_day):
    html = page_text(client, full_day)

    assert "This course is for all professionals." in html
