"""The demo's sessions and bookings (``demo.sessions``), seeded once for the module over a few
factory-made workshop courses and people."""

from dataclasses import dataclass

import pytest

from django.utils import timezone

from wagtail.models import ModelLogEntry

from bookings.models import Booking, BookingStatus, Session, SessionStatus, Venue
from courses.models import CourseFormat
from demo import sessions as demo
from people.models import User
from tests.conftest import shared_rows
from tests.courses.factories import CoursePageFactory, training_level
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@dataclass
class Seeded:
    courses: list
    lead: User


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Workshop courses, people who may book them and an agency lead, with the demo's sessions
    seeded over them once: what a test changes is rolled back before the next."""
    with shared_rows(django_db_blocker):
        # People the booking rules let book: a line manager on the profile, as most demo people have.
        UserFactory.create_batch(30, line_manager_name="Lee Manager", line_manager_email="lee@agency.example.org")
        CoursePageFactory(level=training_level(1), format=CourseFormat.E_LEARNING)
        courses = [
            CoursePageFactory(level=training_level(2), format=CourseFormat.HALF_DAY),
            CoursePageFactory(level=training_level(3), format=CourseFormat.FULL_DAY),
            CoursePageFactory(level=training_level(4), format=CourseFormat.FULL_DAY),
        ]
        # A course that needs a lead's approval, and an agency with a lead and staff to ask.
        agency = AgencyFactory()
        lead = AgencyLeadershipFactory(agency=agency).user
        UserFactory.create_batch(
            12, agency=agency, line_manager_name="Lee Manager", line_manager_email="l@a.example.org"
        )
        courses.append(
            CoursePageFactory(level=training_level(3), format=CourseFormat.HALF_DAY, requires_lead_approval=True)
        )
        demo.seed(lambda message: None)
        yield Seeded(courses=courses, lead=lead)


def test_demo_seeds_thirty_or_more_upcoming_workshop_sessions_in_every_area(seeded):
    sessions = Session.objects.upcoming()

    assert sessions.count() >= 30
    assert set(sessions.values_list("course", flat=True)) == {course.pk for course in seeded.courses}
    assert Venue.objects.values("area").distinct().count() == 7


def test_demo_has_full_cancelled_and_not_yet_open_sessions(seeded):
    codes = {session.availability.code for session in Session.objects.upcoming().with_availability()}

    assert {"full", "waiting_list", "cancelled", "not_open", "places_left"} <= codes
    assert Session.objects.filter(status=SessionStatus.CANCELLED).exists()


def test_demo_cancels_sessions_through_the_service_after_people_booked_them(seeded):
    cancelled = Session.objects.filter(status=SessionStatus.CANCELLED)
    logged = ModelLogEntry.objects.filter(action="bookings.cancel_session").values_list("object_id", flat=True)

    assert {str(pk) for pk in cancelled.values_list("pk", flat=True)} == set(logged)
    assert Booking.objects.filter(session__in=cancelled).exists()


def test_demo_fills_sessions_with_real_bookings_within_capacity(seeded):
    for session in Session.objects.with_availability():
        assert session.confirmed_count <= session.capacity
        assert session.waitlisted_count <= session.waiting_list_size
    assert Booking.objects.exists()


def test_running_the_demo_again_creates_nothing_new(seeded):
    counts = (Venue.objects.count(), Session.objects.count(), Booking.objects.count())

    demo.seed(lambda message: None)

    assert (Venue.objects.count(), Session.objects.count(), Booking.objects.count()) == counts


def test_demo_bookings_are_made_through_the_booking_service_and_agree_with_places_taken(seeded):
    booked = set(Booking.objects.values_list("pk", flat=True))
    logged = ModelLogEntry.objects.filter(action="bookings.book").values_list("object_id", flat=True)

    assert booked and booked == {int(pk) for pk in logged}
    assert not Session.objects.with_place_drift().exists()


def test_demo_has_open_offers_each_for_the_first_person_waiting(seeded):
    offers = list(Booking.objects.offered())

    assert offers
    for offer in offers:
        assert offer.offer_expires_at > timezone.now()
        assert not offer.session.bookings.waitlisted().filter(waitlisted_at__lt=offer.waitlisted_at).exists()


def test_demo_has_requests_awaiting_the_agency_leads_approval(seeded):
    assert Booking.objects.awaiting_approval().led_by(seeded.lead).exists()
    assert Booking.objects.filter(decided_by=seeded.lead, status=BookingStatus.CONFIRMED).exists()
