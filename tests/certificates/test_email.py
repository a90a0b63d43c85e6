"""A certificate is emailed to its holder when it is issued: a link to the certificate's page,
not the PDF attached; after the transaction commits, through the background task; once only."""

import datetime

import pytest

from django.core import mail
from django.db import transaction

from certificates.models import Certificate
from certificates.notices import send_issued_emails
from certificates.services import revoke_certificate
from records.choices import CompletionSource
from records.services import record_completion, record_completions
from tests.certificates.factories import issue
from tests.courses.factories import CoursePageFactory
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def holder():
    return UserFactory(full_name="Zoë Ångström-O’Neill", email="zoe@fellside.example.org")


@pytest.fixture
def course():
    return CoursePageFactory(title="CSE Awareness for Practitioners", validity_months=36)


def certificate_emails():
    return [message for message in mail.outbox if message.subject.startswith("Your certificate")]


def test_an_issued_certificate_is_emailed_to_its_holder_with_a_link(holder, course, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue(holder, course)
    [message] = certificate_emails()
    assert message.to == ["zoe@fellside.example.org"]
    assert message.subject == "Your certificate: CSE Awareness for Practitioners"
    assert "Dear Zoë Ångström-O’Neill" in message.body
    assert f"http://localhost/certificates/{certificate.code}/" in message.body
    assert "http://localhost/verify/" in message.body
    html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
    assert f'href="http://localhost/certificates/{certificate.code}/"' in html
    assert "Zoë Ångström-O&#x27;Neill" in html or "Zoë Ångström-O’Neill" in html


def test_the_email_carries_no_attachment(holder, course, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issue(holder, course)
    [message] = certificate_emails()
    assert message.attachments == []


def test_nothing_is_sent_before_the_transaction_commits(holder, course, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        issue(holder, course)
    assert certificate_emails() == []
    assert len(callbacks) == 1


def test_a_completion_rolled_back_emails_nobody(holder, course, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                issue(holder, course)
                raise RuntimeError("the register failed after recording")
        except RuntimeError:
            pass
    assert certificate_emails() == []


def test_a_register_emails_each_person_once(course, django_capture_on_commit_callbacks):
    people = [UserFactory() for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        record_completions(people, course, TODAY, CompletionSource.ATTENDANCE)
    assert sorted(message.to[0] for message in certificate_emails()) == sorted(person.email for person in people)


def test_the_task_run_again_sends_nothing_twice(holder, course, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue(holder, course)
    assert send_issued_emails.call(certificate_ids=[certificate.pk]) == 0
    assert len(certificate_emails()) == 1
    certificate.refresh_from_db()
    assert certificate.notified_at is not None


def test_a_failed_send_is_sent_on_the_retry(holder, course, django_capture_on_commit_callbacks, monkeypatch):
    def refuse(**email):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("certificates.notices.deliver_email", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        issue(holder, course)  # the task fails (the worker logs it); the certificate stands
    certificate = Certificate.objects.get(person=holder)
    assert certificate.notified_at is None
    assert certificate_emails() == []
    monkeypatch.undo()
    assert send_issued_emails.call(certificate_ids=[certificate.pk]) == 1


def test_a_certificate_revoked_before_the_email_goes_is_not_announced(holder, course):
    certificate = issue(holder, course)  # the test's transaction never commits: nothing sent yet
    revoke_certificate(certificate, UserFactory(), "Marked in error")
    assert send_issued_emails.call(certificate_ids=[certificate.pk]) == 0
    assert certificate_emails() == []


def test_a_completion_that_earns_no_certificate_sends_nothing(holder, course, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record_completion(holder, course, TODAY, CompletionSource.IMPORT)
    assert certificate_emails() == []
