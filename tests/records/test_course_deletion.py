"""A course with recorded completions cannot be deleted (its people's records are kept)."""

import pytest

from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse

from wagtail.models import Page

from courses.models import CoursePage
from records.models import Completion
from tests.records.factories import CompletionFactory

pytestmark = pytest.mark.django_db


def test_deleting_a_course_with_completions_is_refused_with_a_reason_and_nothing_is_deleted(superuser_client):
    completion = CompletionFactory()

    response = superuser_client.post(reverse("wagtailadmin_pages:delete", args=[completion.course.pk]), follow=True)

    assert response.status_code == 200
    assert "cannot be deleted because 1 completion of it is recorded" in response.content.decode()
    assert CoursePage.objects.filter(pk=completion.course.pk).exists()
    assert Completion.objects.filter(pk=completion.pk).exists()


def test_deleting_the_level_above_a_course_with_completions_is_refused(superuser_client):
    level = CompletionFactory().course.get_parent()

    response = superuser_client.post(reverse("wagtailadmin_pages:delete", args=[level.pk]), follow=True)

    assert response.status_code == 200
    assert Page.objects.filter(pk=level.pk).exists()


def test_bulk_deleting_a_course_with_completions_is_refused(superuser_client):
    completion = CompletionFactory()
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])

    response = superuser_client.post(f"{url}?id={completion.course.pk}")

    assert response.status_code == 302
    assert any(message.level == messages.ERROR for message in get_messages(response.wsgi_request))
    assert CoursePage.objects.filter(pk=completion.course.pk).exists()
