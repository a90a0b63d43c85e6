"""Confirming one import from several requests at once imports it once: threads on a real,
committed database (``race_database``, as the booking concurrency tests use), on whichever
engine the suite runs on."""

import datetime

import pytest

from django.utils import timezone

from records.imports import read_upload
from records.models import Completion, ImportBatch
from records.services import ImportRefused, import_completions, preview_import
from tests.bookings.test_concurrency import race, race_database, test_database  # noqa: F401 - fixtures
from tests.courses.factories import CoursePageFactory
from tests.people.factories import UserFactory
from tests.records.test_imports import csv_file

pytestmark = pytest.mark.usefixtures("race_database")

CLICKS = 5
ROWS = 20


def confirm(batch_pk):
    try:
        return import_completions(ImportBatch.objects.get(pk=batch_pk), by=None).imported_count
    except ImportRefused:
        return "refused"


def test_five_confirmations_at_once_import_the_file_once():
    course = CoursePageFactory(slug="cse-awareness")
    day = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    people = [UserFactory() for _ in range(ROWS)]
    rows = read_upload(
        csv_file(*(f"{someone.email},cse-awareness,{day},passed,,P{n}" for n, someone in enumerate(people)))
    )
    batch = preview_import(rows, "completions.csv", None)

    results = race(confirm, [batch.pk] * CLICKS)

    assert sorted(results, key=str) == [ROWS] + ["refused"] * (CLICKS - 1)
    assert Completion.objects.filter(course=course).count() == ROWS
    batch.refresh_from_db()
    assert (batch.imported_count, batch.already_count) == (ROWS, 0)
