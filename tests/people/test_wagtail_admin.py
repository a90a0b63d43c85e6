"""The Wagtail admin screens for agencies, job roles and agency leads."""

import datetime

import pytest
from allauth.account.models import EmailAddress

from django.utils.html import escape

from people.models import Agency, AgencyLeadership, Sector, User
from tests.people.conftest import activate_totp
from tests.people.factories import AgencyFactory, JobRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client, training_administrators):
    """A Training administrator (not a superuser) with MFA, signed in."""
    administrator = UserFactory()
    administrator.groups.add(training_administrators)
    activate_totp(administrator)
    client.force_login(administrator)
    return administrator


@pytest.fixture
def superuser(client):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    activate_totp(superuser)
    client.force_login(superuser)
    return superuser


def test_a_training_administrator_lists_agencies_with_their_sector(client, administrator):
    AgencyFactory(name="Fellside Constabulary", sector=Sector.POLICE)

    response = client.get("/admin/agencies/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Fellside Constabulary" in html
    assert "Police" in html


def test_agencies_can_be_filtered_by_sector(client, administrator):
    AgencyFactory(name="Fellside Constabulary", sector=Sector.POLICE)
    AgencyFactory(name="Fellside Hospitals Trust", sector=Sector.HEALTH)

    html = client.get("/admin/agencies/?sector=police").content.decode()

    assert "Fellside Constabulary" in html
    assert "Fellside Hospitals Trust" not in html


def test_a_training_administrator_adds_an_agency(client, administrator):
    response = client.post(
        "/admin/agencies/new/", {"name": "Eden Youth Project", "sector": Sector.THIRD_SECTOR, "is_active": "on"}
    )

    assert response.status_code == 302
    assert Agency.objects.get(name="Eden Youth Project").sector == Sector.THIRD_SECTOR


def test_a_training_administrator_lists_job_roles(client, administrator):
    JobRoleFactory(name="Independent Reviewing Officer", code="iro")

    html = client.get("/admin/job_roles/").content.decode()

    assert "Independent Reviewing Officer" in html
    assert "iro" in html


def test_a_training_administrator_makes_someone_an_agency_lead(client, administrator):
    person, agency = UserFactory(), AgencyFactory(name="Fellside Constabulary")

    response = client.post("/admin/agency_leads/new/", {"user": person.pk, "agency": agency.pk})

    assert response.status_code == 302
    assert AgencyLeadership.objects.filter(user=person, agency=agency).exists()
    assert person.is_agency_lead


def test_making_someone_lead_of_the_same_agency_twice_is_refused(client, administrator):
    person, agency = UserFactory(), AgencyFactory()
    AgencyLeadership.objects.create(user=person, agency=agency)

    response = client.post("/admin/agency_leads/new/", {"user": person.pk, "agency": agency.pk})

    assert response.status_code == 200
    assert AgencyLeadership.objects.count() == 1


def test_the_person_chooser_finds_people_by_name(client, administrator):
    UserFactory(full_name="Priya Oduya")
    UserFactory(full_name="Tom Hart")

    html = client.get("/admin/person_chooser/results/?q=oduya").content.decode()

    assert "Priya Oduya" in html
    assert "Tom Hart" not in html


def test_a_learner_cannot_list_agencies(client):
    client.force_login(UserFactory())

    response = client.get("/admin/agencies/")

    assert response.status_code == 403


@pytest.mark.parametrize("page", ["index", "edit", "add"])
def test_the_wagtail_user_admin_opens_for_a_superuser_with_mfa(client, superuser, page):
    other = UserFactory(full_name="Rhona Fell")
    url = {"index": "/admin/users/", "edit": f"/admin/users/edit/{other.pk}/", "add": "/admin/users/new/"}[page]

    response = client.get(url)

    assert response.status_code == 200


def test_the_user_admin_edits_a_persons_full_name_agency_and_role(client, superuser):
    person = UserFactory(full_name="Rhona Fell")
    new_agency, new_role = AgencyFactory(name="Fellside Health"), JobRoleFactory(name="School nurse")

    response = client.post(
        f"/admin/users/edit/{person.pk}/",
        {
            "email": person.email,
            "full_name": "Rhona Fell-Walker",
            "agency": new_agency.pk,
            "job_role": new_role.pk,
            "role_started_on": "2026-10-01",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.full_name, person.agency, person.job_role) == ("Rhona Fell-Walker", new_agency, new_role)
    assert person.role_history.filter(ended_on=None).get().job_role == new_role


def test_the_user_admin_refuses_a_role_start_date_in_the_future(client, superuser):
    person = UserFactory(role_started_on=datetime.date(2024, 3, 1))

    response = client.post(
        f"/admin/users/edit/{person.pk}/",
        {
            "email": person.email,
            "full_name": person.full_name,
            "agency": person.agency.pk,
            "job_role": person.job_role.pk,
            "role_started_on": "2099-01-01",
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert "must be today or in the past" in response.content.decode()
    person.refresh_from_db()
    assert person.role_started_on == datetime.date(2024, 3, 1)


def test_changing_a_persons_email_in_the_admin_makes_it_their_sign_in_address_to_verify(client, superuser):
    person = UserFactory(email="old.address@agency.example.org")

    response = client.post(
        f"/admin/users/edit/{person.pk}/",
        {
            "email": "new.address@agency.example.org",
            "full_name": person.full_name,
            "agency": person.agency.pk,
            "job_role": person.job_role.pk,
            "role_started_on": "2026-10-01",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    addresses = list(EmailAddress.objects.filter(user=person).values_list("email", "primary", "verified"))
    assert addresses == [("new.address@agency.example.org", True, False)]


def test_the_user_admin_does_not_ask_for_first_and_last_names_or_passwords(client, superuser):
    html = client.get("/admin/users/new/").content.decode()

    assert 'name="full_name"' in html
    assert 'name="first_name"' not in html
    assert 'name="password1"' not in html


def test_a_person_added_in_the_admin_sets_their_own_password(client, superuser):
    agency, role = AgencyFactory(), JobRoleFactory()

    response = client.post(
        "/admin/users/new/",
        {
            "email": "new.starter@fellside.example.org",
            "full_name": "New Starter",
            "agency": agency.pk,
            "job_role": role.pk,
        },
    )

    assert response.status_code == 302
    person = User.objects.get(email="new.starter@fellside.example.org")
    assert person.full_name == "New Starter"
    assert not person.has_usable_password()


def test_a_training_administrator_cannot_make_anyone_a_superuser(client, administrator):
    person = UserFactory()

    response = client.post(
        f"/admin/users/edit/{person.pk}/",
        {"email": person.email, "full_name": "Renamed Person", "is_active": "on", "is_superuser": "on"},
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Renamed Person"
    assert not person.is_superuser


def test_a_training_administrator_cannot_edit_a_superuser(client, administrator):
    superuser = UserFactory(is_superuser=True, email="root@lscb.example.org")

    client.post(f"/admin/users/edit/{superuser.pk}/", {"email": "taken-over@example.org", "full_name": "X"})

    superuser.refresh_from_db()
    assert superuser.email == "root@lscb.example.org"
    assert client.get(f"/admin/users/edit/{superuser.pk}/").status_code != 200


@pytest.mark.parametrize("group", ["99999999999999999999", "-1", "abc"])
def test_the_user_list_treats_an_impossible_group_filter_as_a_bad_choice(client, administrator, group):
    # SQLite cannot hold an id past 64 bits and raised OverflowError (a 500) in Wagtail's filter.
    UserFactory(full_name="Jess Armstrong")

    response = client.get("/admin/users/", {"group": group})

    assert response.status_code == 200
    assert "Jess Armstrong" in response.content.decode()


def test_the_user_list_still_filters_by_a_real_group(client, administrator, training_administrators):
    UserFactory(full_name="Jess Armstrong")

    response = client.get("/admin/users/", {"group": training_administrators.pk})

    html = response.content.decode()
    assert response.status_code == 200
    assert escape(administrator.full_name) in html
    assert "Jess Armstrong" not in html
