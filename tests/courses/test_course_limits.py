"""A course page refuses settings that make no sense: negative CPD hours, a validity of 0
months, a late-cancellation cut-off over 30 working days, and prerequisites that could never be
met (itself, or a loop of courses)."""

from decimal import Decimal

import pytest

from django.db import IntegrityError, transaction
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from courses.models import CoursePage, CoursePrerequisite
from tests.courses.factories import CoursePageFactory

pytestmark = pytest.mark.django_db


def edit_course(client, course, prerequisites=(), **changes):
    """Publishes the course's edit form with ``changes``; ``prerequisites`` are (course, months)."""
    fields = {
        "title": course.title,
        "slug": course.slug,
        "summary": course.summary,
        "learning_outcomes": rich_text(course.learning_outcomes),
        "format": course.format,
        "duration": course.duration,
        "cpd_hours": str(course.cpd_hours or ""),
        "validity_months": str(course.validity_months or ""),
        "audience": rich_text(course.audience),
        "topics": "",
        "prerequisites": inline_formset(
            [{"required_course": str(required.pk), "within_months": months} for required, months in prerequisites]
        ),
        **changes,
    }
    url = reverse("wagtailadmin_pages:edit", args=[course.pk])
    return client.post(url, {**nested_form_data(fields), "action-publish": "action-publish"})


def prerequisite_errors(response):
    formset = response.context["form"].formsets["prerequisites"]
    return [message for form in formset.forms for message in form.errors.get("required_course", [])]


@pytest.fixture
def course():
    return CoursePageFactory(title="CSE awareness workshop", cpd_hours=3, validity_months=36)


def test_the_edit_form_still_publishes_a_sensible_course(superuser_client, course):
    needed = CoursePageFactory(title="CSE basics")

    response = edit_course(superuser_client, course, prerequisites=[(needed, "12")], cpd_hours="2.5")

    assert response.status_code == 302
    course.refresh_from_db()
    assert course.cpd_hours == Decimal("2.5")
    assert [(row.required_course, row.within_months) for row in course.prerequisites.all()] == [(needed, 12)]


@pytest.mark.parametrize("hours", ["-3", "0"])
def test_cpd_hours_of_zero_or_less_are_refused(superuser_client, course, hours):
    response = edit_course(superuser_client, course, cpd_hours=hours)

    assert response.context["form"].errors["cpd_hours"] == ["Enter CPD hours greater than 0, or leave it empty"]
    course.refresh_from_db()
    assert course.cpd_hours == 3


def test_a_validity_of_0_months_is_refused_rather_than_read_as_does_not_expire(superuser_client, course):
    response = edit_course(superuser_client, course, validity_months="0")

    assert response.context["form"].errors["validity_months"] == [
        "Enter 1 month or more, or leave it empty if it does not expire"
    ]
    course.refresh_from_db()
    assert course.validity_months == 36


def test_an_administrator_sets_the_courses_own_late_cancellation_cut_off(superuser_client, course):
    editor = superuser_client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content.decode()

    response = edit_course(superuser_client, course, late_cancellation_working_days="10")

    assert "Leave empty for the site-wide default of 3 working days." in editor
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.late_cancellation_working_days == 10


def test_a_late_cancellation_cut_off_over_30_working_days_is_refused(superuser_client, course):
    response = edit_course(superuser_client, course, late_cancellation_working_days="31")

    assert response.context["form"].errors["late_cancellation_working_days"] == [
        "Enter 30 working days or fewer, or leave it empty"
    ]
    course.refresh_from_db()
    assert course.late_cancellation_working_days is None


def test_a_prerequisite_needed_within_0_months_is_refused(superuser_client, course):
    response = edit_course(superuser_client, course, prerequisites=[(CoursePageFactory(), "0")])

    formset = response.context["form"].formsets["prerequisites"]
    assert formset.forms[0].errors["within_months"] == ["Enter 1 month or more, or leave it empty for any time"]
    assert not CoursePrerequisite.objects.exists()


def test_a_course_cannot_be_its_own_prerequisite(superuser_client, course):
    response = edit_course(superuser_client, course, prerequisites=[(course, "")])

    assert response.status_code == 200
    assert prerequisite_errors(response) == ["A course cannot need itself first. Choose a different course."]
    assert not CoursePrerequisite.objects.exists()


def test_a_prerequisite_that_needs_this_course_first_is_refused(superuser_client, course):
    follow_on = CoursePageFactory(title="CSE follow-on", prerequisites=[(course, None)])

    response = edit_course(superuser_client, course, prerequisites=[(follow_on, "")])

    assert prerequisite_errors(response) == [
        "“CSE follow-on” already needs this course first, directly or through another course, so it cannot "
        "also come before it. Choose a different course."
    ]
    assert list(course.prerequisites.all()) == []


def test_a_longer_loop_of_prerequisites_is_refused(superuser_client, course):
    second = CoursePageFactory(title="Second step", prerequisites=[(course, None)])
    third = CoursePageFactory(title="Third step", prerequisites=[(second, None)])

    response = edit_course(superuser_client, course, prerequisites=[(third, "")])

    assert len(prerequisite_errors(response)) == 1
    assert list(CoursePage.objects.get(pk=course.pk).prerequisites.all()) == []


def test_a_shared_prerequisite_is_not_a_loop(superuser_client, course):
    basics = CoursePageFactory(title="CSE basics")
    CoursePageFactory(title="Another workshop", prerequisites=[(basics, None)])

    response = edit_course(superuser_client, course, prerequisites=[(basics, "")])

    assert response.status_code == 302
    assert [row.required_course for row in course.prerequisites.all()] == [basics]


@pytest.mark.parametrize(
    ("field", "value"), [("cpd_hours", Decimal("-1")), ("cpd_hours", Decimal("0")), ("validity_months", 0)]
)
def test_the_database_refuses_nonsense_course_settings(course, field, value):
    CoursePage.objects.filter(pk=course.pk).update(**{field: None})

    with pytest.raises(IntegrityError), transaction.atomic():
        CoursePage.objects.filter(pk=course.pk).update(**{field: value})


def test_the_database_refuses_a_course_as_its_own_prerequisite(course):
    with pytest.raises(IntegrityError), transaction.atomic():
        CoursePrerequisite.objects.create(course=course, required_course=course)


def test_a_course_pasted_with_control_characters_is_stored_without_them():
    # The title and summary become every calendar event's SUMMARY and DESCRIPTION; Word's
    # manual line break (U+000B) made calendar parsers reject a whole feed.
    course = CoursePageFactory(title="CSE\x0b awareness\x01", summary="Spot\x07 the signs.\x0bAct on them.")

    course.full_clean()

    assert course.title == "CSE\n awareness"
    assert course.summary == "Spot the signs.\nAct on them."
