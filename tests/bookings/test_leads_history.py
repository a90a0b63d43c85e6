"""Their staff's past bookings on /leads/history/: what happened to each, their agencies' only,
filtered by agency and name, a page at a time, in a fixed number of queries."""

from datetime import timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bookings import services
from bookings.attendance import Mark
from bookings.choices import Attendance, BookingStatus
from bookings.lead_views import HISTORY_PER_PAGE
from tests.bookings.factories import BookingFactory, SessionFactory
from tests.bookings.helpers import person, session_at
from tests.people.conftest import activate_totp
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, UserFactory

pytestmark = pytest.mark.django_db

HISTORY = "/leads/history/"


@pytest.fixture
def agency():
    return AgencyFactory(name="Fellside Children’s Services")


@pytest.fixture
def lead(client, agency):
    someone = AgencyLeadershipFactory(agency=agency, user=person(full_name="Lena Lead")).user
    activate_totp(someone)
    client.force_login(someone)
    return someone


@pytest.fixture
def admin():
    return UserFactory(is_superuser=True)


def past_session(days=1):
    return session_at(timezone.now().replace(microsecond=0) - timedelta(days=days))


def marked(someone, attendance, admin, minutes_late=None, session=None):
    """``someone``'s confirmed place on a session gone by, marked on the register."""
    session = session or past_session()
    booking = BookingFactory(session=session, user=someone, agency=someone.agency)
    services.mark_register(session, [Mark(booking.pk, attendance, minutes_late)], by=admin)
    return booking


def page(client, **params):
    response = client.get(HISTORY, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_history_shows_what_the_register_says(client, lead, agency, admin):
    marked(person(full_name="Ruth Lowther", agency=agency), Attendance.DID_NOT_ATTEND, admin)
    marked(person(full_name="Amos Tyson", agency=agency), Attendance.ARRIVED_LATE, admin, minutes_late=10)
    html = page(client)
    assert "Ruth Lowther" in html
    assert "Did not attend" in html
    assert "Arrived late (10 minutes)" in html


def test_a_past_booking_not_yet_marked_says_so(client, lead, agency):
    BookingFactory(session=past_session(), user=person(agency=agency), agency=agency)
    assert "Not yet marked on the register" in page(client)


def test_the_history_shows_a_late_cancellation(client, lead, agency):
    BookingFactory(
        user=person(full_name="Ruth Lowther", agency=agency),
        agency=agency,
        status=BookingStatus.CANCELLED,
        cancelled_at=timezone.now(),
        cancelled_late=True,
    )
    assert "Cancelled late" in page(client)


def test_the_history_shows_a_session_cancelled_by_the_partnership_and_the_move(client, lead, agency):
    booking = services.book_session(person(agency=agency), SessionFactory(days_ahead=20))
    services.cancel_session(booking.session)
    booking.refresh_from_db()
    services.transfer_booking(booking, SessionFactory(course=booking.session.course, days_ahead=30), by=None)
    html = page(client)
    assert "Session cancelled by the partnership; moved to" in html


def test_the_history_shows_a_place_handed_to_a_colleague(client, lead, agency, admin):
    booking = services.book_session(person(agency=agency), SessionFactory())
    services.substitute_booking(booking, person(full_name="Cora Colleague", agency=agency), by=admin)
    assert "Handed to Cora Colleague" in page(client)


def test_an_upcoming_booking_is_not_history(client, lead, agency):
    BookingFactory(session=SessionFactory(), user=person(full_name="Ruth Lowther", agency=agency), agency=agency)
    assert "Ruth Lowther" not in page(client)


def test_a_lead_of_another_agency_sees_none_of_their_history(client, agency, admin):
    marked(person(full_name="Ruth Lowther", agency=agency), Attendance.DID_NOT_ATTEND, admin)
    BookingFactory(user=person(full_name="Amos Tyson", agency=agency), agency=agency, status=BookingStatus.CANCELLED)
    other = AgencyLeadershipFactory(agency=AgencyFactory(), user=person()).user
    activate_totp(other)
    client.force_login(other)
    html = page(client)
    assert "Ruth Lowther" not in html
    assert "Amos Tyson" not in html
    assert "No past bookings." in html


def test_a_learner_is_refused_the_history(client, agency, admin):
    marked(person(agency=agency), Attendance.ATTENDED, admin)
    client.force_login(person(agency=agency))
    assert client.get(HISTORY).status_code == 403


def test_a_lead_of_two_agencies_filters_by_one(client, lead, agency, admin):
    second = AgencyFactory(name="Eden Youth Service")
    AgencyLeadershipFactory(agency=second, user=lead)
    marked(person(full_name="Ruth Lowther", agency=agency), Attendance.ATTENDED, admin)
    marked(person(full_name="Amos Tyson", agency=second), Attendance.ATTENDED, admin)
    assert "Amos Tyson" in page(client)
    html = page(client, agency=second.pk)
    assert "Amos Tyson" in html
    assert "Ruth Lowther" not in html


def test_another_agencys_id_in_the_link_is_not_applied_and_shows_nothing_of_theirs(client, lead, agency, admin):
    elsewhere = AgencyFactory()
    marked(person(full_name="Oswin Other", agency=elsewhere), Attendance.ATTENDED, admin)
    AgencyLeadershipFactory(agency=AgencyFactory(), user=lead)
    html = page(client, agency=elsewhere.pk)
    assert "is not one of the choices, so it was not applied" in html
    assert "Oswin Other" not in html


def test_the_history_filters_by_name(client, lead, agency, admin):
    marked(person(full_name="Ruth Lowther", agency=agency), Attendance.ATTENDED, admin)
    marked(person(full_name="Amos Tyson", agency=agency), Attendance.ATTENDED, admin)
    html = page(client, name="lowth")
    assert "Ruth Lowther" in html
    assert "Amos Tyson" not in html


def test_the_history_comes_a_page_at_a_time_keeping_the_filters(client, lead, agency):
    session = session_at(timezone.now().replace(microsecond=0) - timedelta(days=1), capacity=HISTORY_PER_PAGE + 1)
    for number in range(HISTORY_PER_PAGE + 1):
        BookingFactory(session=session, user=person(full_name=f"Staff {number:02d}", agency=agency), agency=agency)
    first = page(client, name="Staff")
    assert f"{HISTORY_PER_PAGE + 1} bookings match these filters, showing 1 to {HISTORY_PER_PAGE}" in first
    assert "?name=Staff&amp;page=2" in first
    second = page(client, name="Staff", page=2)
    assert second.count("Not yet marked on the register") == 1


def test_the_history_costs_the_same_queries_whatever_the_rows(client, lead, agency, admin):
    def queries():
        client.get(HISTORY)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(HISTORY).status_code == 200
        return len(captured)

    def add_history():
        marked(person(agency=agency), Attendance.ATTENDED, admin)
        booking = services.book_session(person(agency=agency), SessionFactory())
        services.substitute_booking(booking, person(agency=agency), by=admin)

    add_history()
    small = queries()
    for _ in range(5):
        add_history()
    large = queries()

    assert small == large


def test_the_leads_page_links_to_the_history(client, lead):
    assert HISTORY in client.get("/leads/").content.decode()
