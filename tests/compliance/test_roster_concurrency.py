"""Confirming one roster upload from several requests at once changes the roster once: threads
on a real, committed database (``race_database``, as the booking concurrency tests use), on
whichever engine the suite runs on."""

import pytest

from compliance.models import RosterEntry, RosterUpload
from compliance.services import RosterRefused, confirm_roster, preview_roster
from tests.bookings.test_concurrency import race, race_database, test_database  # noqa: F401 - fixtures
from tests.compliance.test_rosters import csv_file
from tests.people.factories import AgencyFactory

pytestmark = pytest.mark.usefixtures("race_database")

CLICKS = 5
ROWS = 20


def confirm(upload_pk):
    try:
        return confirm_roster(RosterUpload.objects.get(pk=upload_pk), by=None).added_count
    except RosterRefused:
        return "refused"


def test_five_confirmations_at_once_change_the_roster_once():
    agency = AgencyFactory()
    upload = preview_roster(agency, csv_file(*(f"Person {n},p{n}@x.org,,,," for n in range(ROWS))), None)

    results = race(confirm, [upload.pk] * CLICKS)

    assert sorted(results, key=str) == [ROWS] + ["refused"] * (CLICKS - 1)
    assert RosterEntry.objects.filter(agency=agency).count() == ROWS
