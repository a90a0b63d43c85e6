"""The demo's sessions seeder on a site with no workshop courses yet (kept apart from
test_demo.py, whose module-wide rows include courses)."""

import pytest

from bookings.models import Session, Venue
from demo import sessions as demo

pytestmark = pytest.mark.django_db


def test_demo_without_workshop_courses_adds_venues_only_and_says_so():
    messages = []

    demo.seed(messages.append)

    assert Venue.objects.exists() and not Session.objects.exists()
    assert "No workshop courses yet" in messages[0]
