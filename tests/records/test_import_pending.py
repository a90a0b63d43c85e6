"""Rows for people with no account yet, kept on request and recorded once someone signs up with
that work email and confirms it."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress

from django.core import mail
from django.utils import timezone

from records.choices import CompletionSource, RowOutcome
from records.imports import read_upload
from records.models import Completion, PendingCompletion
from records.services import import_completions, preview_import
from tests.courses.factories import CoursePageFactory
from tests.people.factories import AgencyFactory, JobRoleFactory, UserFactory
from tests.records.test_imports import csv_file

pytestmark = pytest.mark.django_db

LAST_MONTH = timezone.localdate() - datetime.timedelta(days=30)
ROW = f"Rhona.Fell@Fellside.example.org,cse-awareness,{LAST_MONTH.isoformat()},passed,92,PRV-9"


@pytest.fixture
def course():
    return CoursePageFactory(title="CSE awareness", slug="cse-awareness", validity_months=36)


@pytest.fixture
def administrator():
    return UserFactory(full_name="Ada Admin")


def import_file(by, *lines, keep_unknown=True):
    batch = preview_import(read_upload(csv_file(*lines)), "completions.csv", by, keep_unknown=keep_unknown)
    return import_completions(batch, by=by)


def sign_up_and_confirm(client, email):
    client.post(
        "/accounts/signup/",
        {
            "full_name": "Rhona Fell",
            "email": email,
            "agency": AgencyFactory().pk,
            "job_role": JobRoleFactory().pk,
            "password1": "purple-fell-walking-42",
            "password2": "purple-fell-walking-42",
        },
    )
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body).group(1)
    return client.post(link)


def test_an_unknown_email_is_kept_for_sign_up_when_asked(course, administrator):
    batch = import_file(administrator, ROW)

    assert batch.rows[0]["outcome"] == RowOutcome.PENDING
    kept = PendingCompletion.objects.get()
    assert (kept.email, kept.course, kept.completed_on, kept.score) == (
        "rhona.fell@fellside.example.org",
        course,
        LAST_MONTH,
        92,
    )
    assert batch.pending_count == 1
    assert not Completion.objects.exists()


def test_keeping_the_same_file_twice_keeps_one_row(course, administrator):
    import_file(administrator, ROW)

    again = import_file(administrator, ROW)

    assert again.rows[0]["outcome"] == RowOutcome.ALREADY_IMPORTED
    assert PendingCompletion.objects.count() == 1


def test_the_kept_completion_is_recorded_when_the_person_signs_up_and_confirms_their_email(
    client, course, administrator
):
    batch = import_file(administrator, ROW)

    sign_up_and_confirm(client, "rhona.fell@FELLSIDE.example.org")

    completion = Completion.objects.get()
    assert completion.user.email == "rhona.fell@fellside.example.org"
    assert (completion.course, completion.completed_on, completion.source) == (
        course,
        LAST_MONTH,
        CompletionSource.IMPORT,
    )
    assert (completion.score, completion.reference, completion.import_batch) == (92, "PRV-9", batch)
    kept = PendingCompletion.objects.get()
    assert kept.matched_at is not None
    assert kept.completion == completion


def test_signing_up_without_confirming_records_nothing(client, course, administrator):
    import_file(administrator, ROW)

    client.post(
        "/accounts/signup/",
        {
            "full_name": "Rhona Fell",
            "email": "rhona.fell@fellside.example.org",
            "agency": AgencyFactory().pk,
            "job_role": JobRoleFactory().pk,
            "password1": "purple-fell-walking-42",
            "password2": "purple-fell-walking-42",
        },
    )

    assert not EmailAddress.objects.get(email="rhona.fell@fellside.example.org").verified
    assert not Completion.objects.exists()


def test_a_kept_completion_of_a_course_unpublished_since_is_still_recorded(client, course, administrator):
    import_file(administrator, ROW)
    course.unpublish()

    sign_up_and_confirm(client, "rhona.fell@fellside.example.org")

    assert Completion.objects.get().course == course


def test_without_the_option_an_unknown_email_is_an_error_and_nothing_is_kept(course, administrator):
    batch = import_file(administrator, ROW, keep_unknown=False)

    assert batch.rows[0]["outcome"] == RowOutcome.ERROR
    assert not PendingCompletion.objects.exists()


def test_a_person_who_already_has_an_account_gets_the_completion_at_once_not_kept(course, administrator):
    person = UserFactory(email="rhona.fell@fellside.example.org")

    import_file(administrator, ROW)

    assert Completion.objects.get().user == person
    assert not PendingCompletion.objects.exists()
