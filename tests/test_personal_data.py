"""Personal data stays with the people allowed to see it.

Profile and training are the signed-in person's own (no id in the URL to tamper with). The admin
screens that list people, agency leads and sessions refuse a learner and an agency lead who is
not a training administrator, even one with two-factor authentication. Public pages and calendar
files carry nobody's name or email address.
"""

import pytest

from django.utils.html import escape

from tests.bookings.factories import SessionFactory
from tests.people.conftest import activate_totp
from tests.people.factories import AgencyLeadershipFactory, UserFactory

pytestmark = pytest.mark.django_db

OTHER_EMAIL = "morgan.other@fellside-police.example.org"


@pytest.fixture
def other_person():
    return UserFactory(
        full_name="Morgan Otherperson",
        email=OTHER_EMAIL,
        team="Eden safeguarding hub",
        line_manager_name="Quinlan Manager",
        line_manager_email="quinlan.manager@fellside-police.example.org",
    )


def assert_shows_nothing_of(response, person):
    html = response.content.decode()
    for value in (person.email, person.full_name, person.team, person.line_manager_email):
        assert value not in html
        assert escape(value) not in html


def signed_in_learner(client):
    client.force_login(UserFactory())


def signed_in_agency_lead_with_mfa(client):
    lead = AgencyLeadershipFactory().user
    activate_totp(lead)
    client.force_login(lead)


@pytest.mark.parametrize("path", ["/profile/", "/profile/training/"])
def test_profile_and_training_show_only_the_signed_in_persons_own_details(client, other_person, path):
    me = UserFactory(full_name="Ada Brown")
    client.force_login(me)

    response = client.get(path)

    assert response.status_code == 200
    assert "Ada Brown" in response.content.decode()
    assert_shows_nothing_of(response, other_person)


@pytest.mark.parametrize("sign_in", [signed_in_learner, signed_in_agency_lead_with_mfa], ids=["learner", "agency-lead"])
@pytest.mark.parametrize(
    "path",
    [
        "/admin/users/",
        "/admin/users/edit/{person}/",
        "/admin/users/?q=Morgan",
        "/admin/person_chooser/",
        "/admin/person_chooser/results/?q=Morgan",
        "/admin/agency_leads/",
        "/admin/agency_leads/edit/{leadership}/",
        "/admin/bookings/sessions/",
        "/admin/bookings/sessions/edit/{session}/",
        "/django-admin/people/user/",
        "/django-admin/people/user/{person}/change/",
    ],
)
def test_admin_screens_with_personal_data_refuse_a_learner_and_an_agency_lead(client, other_person, sign_in, path):
    leadership = AgencyLeadershipFactory(user=other_person)
    session = SessionFactory(trainers="Morgan Otherperson")
    sign_in(client)

    response = client.get(path.format(person=other_person.pk, leadership=leadership.pk, session=session.pk))

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith(("/accounts/", "/admin/login/", "/django-admin/login/"))
    assert_shows_nothing_of(response, other_person)


def test_public_pages_and_calendar_files_show_no_ones_personal_details(client, other_person):
    AgencyLeadershipFactory(user=other_person)
    session = SessionFactory(delegate_notes="Bring a pen.")

    for path in [
        "/",
        "/whats-on/",
        "/whats-on/calendar.ics",
        session.course.url,
        session.course.get_parent().url,
        f"/sessions/{session.uid}/",
        f"/sessions/{session.uid}/calendar.ics",
        "/search/?q=Morgan",
        "/search/?q=fellside-police",
        "/forums/resources/?q=Morgan",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_shows_nothing_of(response, other_person)
