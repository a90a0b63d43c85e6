"""The admin lists completions read-only and grants and revokes exceptions through the services."""

import pytest

from wagtail.models import ModelLogEntry

from records.models import Completion, EligibilityException
from records.services import revoke_exception
from tests.courses.factories import CoursePageFactory
from tests.people.factories import UserFactory
from tests.records.factories import CompletionFactory, EligibilityExceptionFactory

pytestmark = pytest.mark.django_db

COMPLETIONS = "/admin/records/completions/"
EXCEPTIONS = "/admin/records/exceptions/"


def test_an_administrator_lists_completions_and_inspects_one(administrator_client):
    person, course = UserFactory(full_name="Ada Brown"), CoursePageFactory(title="CSE awareness")
    completion = CompletionFactory(user=person, course=course)

    listing = administrator_client.get(COMPLETIONS)
    inspect = administrator_client.get(f"{COMPLETIONS}inspect/{completion.pk}/")

    assert listing.status_code == 200
    assert "Ada Brown" in listing.content.decode()
    assert "CSE awareness" in listing.content.decode()
    assert inspect.status_code == 200


@pytest.mark.parametrize("path", ["new/", "edit/{pk}/", "delete/{pk}/"])
def test_the_completion_admin_has_no_screen_to_create_edit_or_delete_one(superuser_client, path):
    completion = CompletionFactory()

    response = superuser_client.post(COMPLETIONS + path.format(pk=completion.pk), {"source": "manual"})

    assert response.status_code == 404  # only record_completion writes them
    assert Completion.objects.filter(pk=completion.pk).exists()


def test_the_completion_list_offers_no_add_button(superuser_client):
    CompletionFactory()

    html = superuser_client.get(COMPLETIONS).content.decode()

    assert f'href="{COMPLETIONS}new/"' not in html


def test_an_administrator_grants_an_exception_which_is_recorded_and_audited(administrator_client):
    person, course = UserFactory(), CoursePageFactory()

    response = administrator_client.post(
        f"{EXCEPTIONS}new/", {"person": person.pk, "course": course.pk, "reason": "Acting IRO until March."}
    )

    assert response.status_code == 302
    exception = EligibilityException.objects.get()
    assert (exception.person, exception.course, exception.reason) == (person, course, "Acting IRO until March.")
    assert exception.granted_by.pk == int(administrator_client.session["_auth_user_id"])
    assert ModelLogEntry.objects.for_instance(exception).filter(action="records.grant_exception").exists()


def test_an_exception_without_a_reason_is_refused_with_a_message_and_nothing_is_granted(administrator_client):
    person, course = UserFactory(), CoursePageFactory()

    response = administrator_client.post(f"{EXCEPTIONS}new/", {"person": person.pk, "course": course.pk, "reason": ""})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not EligibilityException.objects.exists()


def test_a_second_exception_for_the_same_person_and_course_is_refused_in_words(administrator_client):
    exception = EligibilityExceptionFactory()

    response = administrator_client.post(
        f"{EXCEPTIONS}new/", {"person": exception.person.pk, "course": exception.course.pk, "reason": "Again."}
    )

    assert response.status_code == 200
    assert "already has an exception for" in response.content.decode()
    assert EligibilityException.objects.count() == 1


@pytest.mark.parametrize("path", ["edit/{pk}/", "delete/{pk}/"])
def test_the_exception_admin_has_no_screen_to_edit_or_delete_one(superuser_client, path):
    exception = EligibilityExceptionFactory()

    response = superuser_client.post(EXCEPTIONS + path.format(pk=exception.pk), {"reason": "Changed."})

    assert response.status_code == 404  # revoke one and grant another
    assert EligibilityException.objects.filter(pk=exception.pk).exists()


def test_an_administrator_revokes_an_exception_after_being_asked(administrator_client):
    exception = EligibilityExceptionFactory(reason="Covering a caseload.")
    url = f"{EXCEPTIONS}revoke/{exception.pk}/"

    question = administrator_client.get(url)
    response = administrator_client.post(url)

    assert "Covering a caseload." in question.content.decode()
    assert response.status_code == 302
    exception.refresh_from_db()
    assert exception.revoked_at is not None
    assert ModelLogEntry.objects.for_instance(exception).filter(action="records.revoke_exception").exists()


def test_a_learner_cannot_open_the_records_admin(client):
    client.force_login(UserFactory())

    for path in (COMPLETIONS, EXCEPTIONS, f"{EXCEPTIONS}new/"):
        assert client.get(path).status_code in (302, 403)


def test_the_exception_list_shows_who_granted_each_and_offers_revoke_for_those_in_force(administrator_client):
    granter = UserFactory(full_name="Alison Graham")
    active = EligibilityExceptionFactory(granted_by=granter, reason="Acting IRO.")
    revoked = EligibilityExceptionFactory(granted_by=granter)
    revoke_exception(revoked, revoked_by=granter)

    html = administrator_client.get(EXCEPTIONS).content.decode()

    assert "Alison Graham" in html
    assert "Acting IRO." in html
    assert f"{EXCEPTIONS}revoke/{active.pk}/" in html
    assert f"{EXCEPTIONS}revoke/{revoked.pk}/" not in html


def test_the_records_admin_screens_that_remain_open_without_links_to_those_removed(superuser_client):
    completion, exception = CompletionFactory(), EligibilityExceptionFactory()

    for base, pk in [(COMPLETIONS, completion.pk), (EXCEPTIONS, exception.pk)]:
        for path in ["", "inspect/{pk}/"]:
            response = superuser_client.get(base + path.format(pk=pk))

            assert response.status_code == 200, base + path
            assert f"{base}edit/" not in response.content.decode()
            assert f"{base}delete/" not in response.content.decode()
