import pytest

from bookings.models import Booking, Session, SessionStatus, Venue
from courses.models import CourseFormat
from demo import sessions as demo
from tests.courses.factories import CoursePageFactory, training_level
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshops():
    UserFactory.create_batch(30)
    CoursePageFactory(level=training_level(1), format=CourseFormat.E_LEARNING)
    return [
        CoursePageFactory(level=training_level(2), format=CourseFormat.HALF_DAY),
        CoursePageFactory(level=training_level(3), format=CourseFormat.FULL_DAY),
        CoursePageFactory(level=training_level(4), format=CourseFormat.FULL_DAY),
    ]


def test_demo_seeds_thirty_or_more_upcoming_workshop_sessions_in_every_area(workshops):
    demo.seed(lambda message: None)

    sessions = Session.objects.upcoming()
    assert sessions.count() >= 30
    assert set(sessions.values_list("course", flat=True)) == {course.pk for course in workshops}
    assert Venue.objects.values("area").distinct().count() == 7


def test_demo_has_full_cancelled_and_not_yet_open_sessions(workshops):
    demo.seed(lambda message: None)

    codes = {session.availability.code for session in Session.objects.upcoming().with_availability()}
    assert {"full", "waiting_list", "cancelled", "not_open", "places_left"} <= codes
    assert Session.objects.filter(status=SessionStatus.CANCELLED).exists()


def test_demo_fills_sessions_with_real_bookings_within_capacity(workshops):
    demo.seed(lambda message: None)

    for session in Session.objects.with_availability():
        assert session.confirmed_count <= session.capacity
        assert session.waitlisted_count <= session.waiting_list_size
    assert Booking.objects.exists()


def test_running_the_demo_again_creates_nothing_new(workshops):
    demo.seed(lambda message: None)
    counts = (Venue.objects.count(), Session.objects.count(), Booking.objects.count())

    demo.seed(lambda message: None)

    assert (Venue.objects.count(), Session.objects.count(), Booking.objects.count()) == counts


def test_demo_without_workshop_courses_adds_venues_only_and_says_so():
    messages = []

    demo.seed(messages.append)

    assert Venue.objects.exists() and not Session.objects.exists()
    assert "No workshop courses yet" in messages[0]
