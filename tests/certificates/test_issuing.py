"""Certificates are issued with the completions they prove, in the same transaction; a renewal
supersedes the earlier one; revocation is audited and can be undone."""

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import override_settings

from wagtail.models import ModelLogEntry

from certificates.codes import ALPHABET, normalise
from certificates.models import Certificate, CertificateKind
from certificates.services import issue_certificates, restore_certificate, revoke_certificate
from elearning.services import start_attempt, submit_attempt
from records.choices import CompletionSource
from records.services import record_completion, record_completions, withdraw_completion
from tests.courses.factories import CoursePageFactory
from tests.elearning.factories import right_answers, wrong_answers
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def person():
    return UserFactory()


@pytest.fixture
def course():
    return CoursePageFactory(validity_months=36)


def complete(person, course, days_ago=10, source=CompletionSource.ATTENDANCE):
    return record_completion(person, course, TODAY - datetime.timedelta(days=days_ago), source)


def test_a_completion_gets_its_certificate_in_the_same_transaction(person, course):
    with transaction.atomic():
        completion = complete(person, course)
        certificate = Certificate.objects.get(completion=completion)
    assert certificate.person == person and certificate.course == course
    assert certificate.completed_on == completion.completed_on
    assert certificate.expires_on == completion.expires_on


def test_attendance_earns_a_certificate_of_attendance(person, course):
    assert complete(person, course).certificate.kind == CertificateKind.ATTENDANCE


def test_an_e_learning_pass_earns_a_certificate_of_completion_and_a_fail_none(ready):
    attempt = start_attempt(ready)
    submit_attempt(attempt, wrong_answers(attempt))
    assert not Certificate.objects.exists()
    attempt = start_attempt(ready)
    submit_attempt(attempt, right_answers(attempt))
    assert Certificate.objects.get().kind == CertificateKind.COMPLETION


def test_an_imported_completion_earns_none_unless_the_setting_says_so(person, course):
    complete(person, course, source=CompletionSource.IMPORT)
    assert not Certificate.objects.exists()
    with override_settings(CERTIFICATE_SOURCES={"import"}):
        complete(person, course, days_ago=20, source=CompletionSource.IMPORT)
    assert Certificate.objects.count() == 1


def test_a_register_issues_every_certificate_in_a_fixed_number_of_queries(course, django_assert_max_num_queries):
    few, many = [UserFactory() for _ in range(2)], [UserFactory() for _ in range(12)]
    other = CoursePageFactory()
    with django_assert_max_num_queries(12) as few_queries:
        record_completions(few, course, TODAY, CompletionSource.ATTENDANCE)
    with django_assert_max_num_queries(12) as many_queries:
        record_completions(many, other, TODAY, CompletionSource.ATTENDANCE)
    assert len(few_queries) == len(many_queries)
    assert Certificate.objects.count() == 14


def test_codes_are_readable_unguessable_and_unique(person):
    courses = [CoursePageFactory() for _ in range(5)]
    codes = [complete(person, course).certificate.code for course in courses]
    assert len(set(codes)) == 5
    for code in codes:
        prefix, first, second = code.split("-")
        assert prefix == "CSE" and len(first + second) == 8
        assert all(character in ALPHABET for character in first + second)


def test_typed_codes_are_normalised():
    assert normalise("  cse 7k3q 9xmd ") == "CSE-7K3Q-9XMD"
    assert normalise("7K3Q-9XMD") == "CSE-7K3Q-9XMD"
    assert normalise("CSE-7K3Q-9XM0") == normalise("cse-7k3q-9xmo")
    assert normalise("CSE-7K3Q") is None
    assert normalise("'; drop table") is None
    assert normalise("x" * 1000) is None


def test_completing_the_course_again_supersedes_the_earlier_certificate(person, course):
    first = complete(person, course, days_ago=800).certificate
    second = complete(person, course, days_ago=10).certificate
    first.refresh_from_db()
    assert first.superseded_by == second
    assert second.superseded_by is None
    assert Certificate.objects.count() == 2  # history is kept


def test_an_older_completion_recorded_later_does_not_supersede_the_newer(person, course):
    newer = complete(person, course, days_ago=10).certificate
    older = complete(person, course, days_ago=800).certificate
    newer.refresh_from_db()
    older.refresh_from_db()
    assert older.superseded_by == newer and newer.superseded_by is None


def test_revoking_needs_a_reason_and_is_audited(person, course):
    certificate = complete(person, course).certificate
    administrator = UserFactory()
    with pytest.raises(ValidationError):
        revoke_certificate(certificate, administrator, "  ")
    revoke_certificate(certificate, administrator, "Issued for the wrong person")
    certificate.refresh_from_db()
    assert certificate.revoked_by == administrator and certificate.revoked_reason == "Issued for the wrong person"
    assert ModelLogEntry.objects.filter(action="certificates.revoke").count() == 1


def test_revoking_twice_is_refused(person, course):
    certificate = complete(person, course).certificate
    revoke_certificate(certificate, None, "Wrong person")
    with pytest.raises(ValidationError, match="already revoked"):
        revoke_certificate(certificate, None, "Again")


def test_restoring_undoes_a_revocation(person, course):
    certificate = complete(person, course).certificate
    revoke_certificate(certificate, None, "Wrong person")
    assert restore_certificate(certificate, None)
    certificate.refresh_from_db()
    assert certificate.revoked_at is None and certificate.revoked_reason == ""
    assert not restore_certificate(certificate, None)


def test_revoking_the_latest_puts_the_earlier_back_in_force(person, course):
    first = complete(person, course, days_ago=800).certificate
    second = complete(person, course, days_ago=10).certificate
    revoke_certificate(second, None, "Marked in error")
    first.refresh_from_db()
    assert first.superseded_by is None


def test_a_withdrawn_completion_revokes_its_certificate_and_keeps_it(person, course):
    completion = complete(person, course)
    code = completion.certificate.code
    withdraw_completion(completion, by=person, reason="Did not attend after all")
    certificate = Certificate.objects.get(code=code)
    assert certificate.completion is None
    assert certificate.revoked_at is not None
    assert "Did not attend after all" in certificate.revoked_reason


def test_issuing_for_completions_that_earn_none_does_nothing(person, course):
    completion = complete(person, course, source=CompletionSource.IMPORT)
    assert issue_certificates([completion]) == []


def test_completions_from_before_certificates_get_theirs_from_the_migration(person, course):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("certificates.migrations.0002_issue_for_existing_completions")
    older, newer = complete(person, course, days_ago=800), complete(person, course, days_ago=10)
    complete(person, CoursePageFactory(), source=CompletionSource.IMPORT)
    Certificate.objects.all().delete()  # as they were before this app

    migration.issue(apps, None)

    assert Certificate.objects.count() == 2
    newest = Certificate.objects.get(completion=newer)
    assert Certificate.objects.get(completion=older).superseded_by == newest
    assert newest.superseded_by is None
