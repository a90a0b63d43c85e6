"""The demo's past registers (``demo.registers``), seeded once for the module: completions from
attendance, charges (one waived) and a person blocked after three no-shows, all made through
the services; running the seeder again adds nothing."""

import pytest

from django.utils import timezone

from bookings.attendance import no_show_block
from bookings.choices import LedgerStatus
from bookings.models import LedgerEntry, Session
from courses.models import CourseFormat
from demo import registers as demo
from people.models import User
from records.models import Completion
from tests.bookings.factories import VenueFactory
from tests.conftest import shared_rows
from tests.courses.factories import CoursePageFactory, training_level
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with shared_rows(django_db_blocker):
        UserFactory.create_batch(20, line_manager_name="Lee Manager", line_manager_email="lee@agency.example.org")
        for number in (2, 3):
            CoursePageFactory(level=training_level(number), format=CourseFormat.HALF_DAY)
        VenueFactory()
        demo.seed(lambda message: None)
        yield


def test_the_demo_has_past_sessions_with_registers_and_completions_from_attendance(seeded):
    past = Session.objects.filter(ends_at__lt=timezone.now())
    assert past.count() == 3
    assert Completion.objects.filter(source="attendance").count() >= 12


def test_the_demo_has_charges_one_of_them_waived_with_a_reason(seeded):
    assert LedgerEntry.objects.filter(status=LedgerStatus.DUE).exists()
    assert LedgerEntry.objects.get(status=LedgerStatus.WAIVED).waive_reason


def test_the_demo_has_someone_blocked_after_three_no_shows(seeded):
    absentee = LedgerEntry.objects.filter(reason="no_show").values_list("person", flat=True)
    blocked = [pk for pk in set(absentee) if no_show_block(User.objects.get(pk=pk))]
    assert len(blocked) == 1


def test_seeding_again_adds_nothing(seeded):
    before = (Session.objects.count(), LedgerEntry.objects.count(), Completion.objects.count())
    demo.seed(lambda message: None)
    assert (Session.objects.count(), LedgerEntry.objects.count(), Completion.objects.count()) == before
