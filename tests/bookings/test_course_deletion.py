import pytest

from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse

from wagtail.models import Page

from bookings.models import Session
from courses.models import CoursePage
from tests.bookings.factories import SessionFactory
from tests.courses.factories import CoursePageFactory

pytestmark = pytest.mark.django_db


def test_deleting_a_course_with_sessions_is_refused_with_a_reason_and_nothing_is_deleted(superuser_client):
    session = SessionFactory()

    response = superuser_client.post(reverse("wagtailadmin_pages:delete", args=[session.course.pk]), follow=True)

    assert response.status_code == 200
    assert "cannot be deleted because 1 session belong to it" in response.content.decode()
    assert CoursePage.objects.filter(pk=session.course.pk).exists()
    assert Session.objects.filter(pk=session.pk).exists()


def test_deleting_the_level_above_a_course_with_sessions_is_refused(superuser_client):
    session = SessionFactory()
    level = session.course.get_parent()

    response = superuser_client.post(reverse("wagtailadmin_pages:delete", args=[level.pk]), follow=True)

    assert response.status_code == 200
    assert Page.objects.filter(pk=level.pk).exists()


def test_bulk_deleting_a_course_with_sessions_is_refused(superuser_client):
    session = SessionFactory()
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])

    response = superuser_client.post(f"{url}?id={session.course.pk}")

    # Wagtail's own reference index may refuse first (once it has indexed the session), with
    # its own wording; either way the administrator is told and nothing is deleted.
    assert response.status_code == 302
    assert any(message.level == messages.ERROR for message in get_messages(response.wsgi_request))
    assert CoursePage.objects.filter(pk=session.course.pk).exists()


def test_a_course_without_sessions_can_still_be_deleted(superuser_client):
    course = CoursePageFactory()

    superuser_client.post(reverse("wagtailadmin_pages:delete", args=[course.pk]))

    assert not CoursePage.objects.filter(pk=course.pk).exists()
