import uuid

import pytest

from bookings.models import Area
from bookings.services import cancel_session
from tests.bookings.factories import BookingFactory, SessionFactory, VenueFactory
from tests.courses.factories import CoursePageFactory

pytestmark = pytest.mark.django_db


def url(session):
    return f"/sessions/{session.uid}/"


def test_session_page_shows_when_where_access_parking_and_places(client):
    venue = VenueFactory(
        name="Fellgate Centre",
        address="Middlegate\nPenrith",
        postcode="CA11 7PT",
        area=Area.EDEN,
        accessibility_notes="Ramp at the side entrance.",
        parking_notes="Bluebell Lane car park.",
    )
    session = SessionFactory(course=CoursePageFactory(title="CSE Awareness"), venue=venue, capacity=5)
    BookingFactory(session=session)

    html = client.get(url(session)).content.decode()

    for text in (
        "CSE Awareness",
        session.when,
        "Fellgate Centre<br>Middlegate<br>Penrith<br>CA11 7PT",
        "Ramp at the side entrance.",
        "Bluebell Lane car park.",
        "4 places left",
        f"/sessions/{session.uid}/calendar.ics",
    ):
        assert text in html


def test_cancelled_session_page_says_so_and_points_to_other_dates(client):
    session = SessionFactory()
    cancel_session(session)

    html = client.get(url(session)).content.decode()

    assert "This session has been cancelled." in html
    assert session.course.url in html


def test_session_list_links_each_date_to_its_session_page(client):
    session = SessionFactory()

    html = client.get("/whats-on/").content.decode()

    assert f'<a href="/sessions/{session.uid}/">{session.when}</a>' in html


def test_unknown_session_page_is_not_found(client):
    assert client.get(f"/sessions/{uuid.uuid4()}/").status_code == 404


def test_session_of_an_unpublished_course_is_not_found(client):
    session = SessionFactory()
    session.course.unpublish()

    assert client.get(url(session)).status_code == 404
