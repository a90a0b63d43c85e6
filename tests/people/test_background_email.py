"""Account emails leave the request through the background task queue."""

import pytest
from django_tasks_db.models import DBTaskResult

from django.core import mail
from django.core.management import call_command

from tests.people.factories import AgencyFactory, JobRoleFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def database_queue(settings):
    """The production arrangement: "background" is the database queue a worker drains."""
    settings.TASKS = {**settings.TASKS, "background": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def sign_up(client):
    return client.post(
        "/accounts/signup/",
        {
            "full_name": "Ruth Lowther",
            "email": "ruth.lowther@fellside.example.org",
            "agency": AgencyFactory().pk,
            "job_role": JobRoleFactory().pk,
            "password1": "purple-fell-walking-42",
            "password2": "purple-fell-walking-42",
        },
    )


def test_the_verification_email_is_queued_not_sent_during_the_request(client, database_queue):
    response = sign_up(client)

    assert response.status_code == 302
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(task_path="lscb_training.tasks.send_email").count() == 1


def test_the_worker_sends_the_queued_verification_email(client, database_queue):
    sign_up(client)

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--backend", "background")

    assert [message.to for message in mail.outbox] == [["ruth.lowther@fellside.example.org"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
