import pytest

from tests.bookings.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("suffix", ["", "calendar.ics"])
def test_an_upper_case_session_link_finds_the_session(client, suffix):
    session = SessionFactory()

    response = client.get(f"/sessions/{str(session.uid).upper()}/{suffix}")

    assert response.status_code == 200
    assert session.course.title in response.content.decode()
