"""The profile page: a person sees and edits their own details; role changes keep history."""

import datetime

import pytest

from django.utils import timezone

from people.models import ROLE_START_YEARS_BACK, RoleHistory
from tests.people.factories import AgencyFactory, JobRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = "/profile/"


@pytest.fixture
def person(client):
    person = UserFactory(
        full_name="Ada Brown",
        agency=AgencyFactory(name="Fellside Police"),
        job_role=JobRoleFactory(name="Response officer"),
        role_started_on=datetime.date(2024, 3, 1),
    )
    client.force_login(person)
    return person


def details(person, **changes):
    answers = {
        "full_name": person.full_name,
        "agency": person.agency_id,
        "job_role": person.job_role_id,
        "team": person.team,
        "line_manager_name": person.line_manager_name,
        "line_manager_email": person.line_manager_email,
        "role_started_on": person.role_started_on.isoformat(),
    }
    return {**answers, **changes}


def test_profile_shows_the_persons_details_and_links_to_account_settings(client, person):
    html = client.get(PROFILE_URL).content.decode()

    assert 'value="Ada Brown"' in html
    assert person.email in html
    assert 'href="/accounts/email/"' in html
    assert 'href="/accounts/password/change/"' in html
    assert 'href="/accounts/2fa/"' in html
    assert "Your role history" in html


def test_someone_signed_out_is_sent_to_sign_in_for_the_profile(client):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_editing_details_saves_them(client, person):
    response = client.post(
        PROFILE_URL,
        details(person, full_name="Ada Brown-Smith", team="Eden CID", line_manager_email="boss@police.example.org"),
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Ada Brown-Smith"
    assert person.team == "Eden CID"
    assert person.line_manager_email == "boss@police.example.org"


def test_changing_job_role_keeps_the_old_role_in_the_history_and_shows_both(client, person):
    new_role = JobRoleFactory(name="Specialist child abuse investigator")

    client.post(PROFILE_URL, details(person, job_role=new_role.pk, role_started_on="2026-09-01"))

    person.refresh_from_db()
    assert person.job_role == new_role
    history = list(RoleHistory.objects.filter(user=person).order_by("started_on"))
    assert [(row.job_role.name, row.started_on, row.ended_on) for row in history] == [
        ("Response officer", datetime.date(2024, 3, 1), datetime.date(2026, 9, 1)),
        ("Specialist child abuse investigator", datetime.date(2026, 9, 1), None),
    ]
    html = client.get(PROFILE_URL).content.decode()
    assert "Response officer" in html
    assert "Specialist child abuse investigator" in html
    assert "1 September 2026" in html


def test_changing_role_without_a_new_start_date_is_refused_and_changes_nothing(client, person):
    new_agency = AgencyFactory(name="Fellside Health")

    response = client.post(PROFILE_URL, details(person, agency=new_agency.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_role_started_on"' in html
    assert "give the date the new role started" in html
    person.refresh_from_db()
    assert person.agency.name == "Fellside Police"
    assert RoleHistory.objects.filter(user=person).count() == 1


def test_a_start_date_in_the_future_is_refused(client, person):
    response = client.post(PROFILE_URL, details(person, role_started_on="2099-01-01"))

    assert "must be today or in the past" in response.content.decode()
    person.refresh_from_db()
    assert person.role_started_on == datetime.date(2024, 3, 1)


def test_a_start_date_from_before_anyone_now_working_began_is_refused(client, person):
    response = client.post(PROFILE_URL, details(person, role_started_on="0001-01-01"))

    earliest_year = timezone.localdate().year - ROLE_START_YEARS_BACK
    assert f"must be in {earliest_year} or later" in response.content.decode()
    person.refresh_from_db()
    assert person.role_started_on == datetime.date(2024, 3, 1)


def test_a_start_date_that_is_not_a_date_is_refused(client, person):
    response = client.post(PROFILE_URL, details(person, role_started_on="31/02/2025"))

    assert response.status_code == 200
    assert 'href="#id_role_started_on"' in response.content.decode()


@pytest.mark.parametrize("field", ["agency", "job_role"])
@pytest.mark.parametrize("posted", ["999999", "abc"])
def test_an_unknown_agency_or_role_is_refused_and_changes_nothing(client, person, field, posted):
    response = client.post(PROFILE_URL, details(person, **{field: posted, "role_started_on": "2026-09-01"}))

    assert response.status_code == 200
    assert "from the list" in response.content.decode()
    person.refresh_from_db()
    assert (person.agency.name, person.job_role.name) == ("Fellside Police", "Response officer")


def test_a_person_keeps_an_agency_that_has_since_been_retired(client, person):
    person.agency.is_active = False
    person.agency.save()

    response = client.post(PROFILE_URL, details(person, team="Kendal"))

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.team == "Kendal"


def test_a_person_cannot_move_into_a_retired_agency(client, person):
    retired = AgencyFactory(name="Old Trust", is_active=False)

    response = client.post(PROFILE_URL, details(person, agency=retired.pk, role_started_on="2026-09-01"))

    assert "Choose your agency from the list" in response.content.decode()
    person.refresh_from_db()
    assert person.agency.name == "Fellside Police"


def test_a_refused_edit_does_not_show_the_unsaved_name_in_the_header(client, person):
    response = client.post(PROFILE_URL, details(person, full_name="Mallory", role_started_on="2099-01-01"))

    assert "Signed in as Ada Brown" in response.content.decode()
