"""Agencies, job roles and email addresses that differ only in capitals are one thing, and the
password check knows the person's full name."""

import pytest

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from people.models import Agency, JobRole, Sector, User
from tests.people.conftest import PASSWORD, sign_in
from tests.people.factories import AgencyFactory, JobRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

AGENCY_TAKEN = "There is already an agency with this name, perhaps in different capitals"
EMAIL_TAKEN = "There is already an account with this email address"


def test_the_admin_refuses_an_agency_differing_only_in_capitals(administrator_client):
    AgencyFactory(name="Fellside Constabulary")

    response = administrator_client.post(
        "/admin/agencies/new/", {"name": "FELLSIDE CONSTABULARY", "sector": Sector.POLICE, "is_active": "on"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [AGENCY_TAKEN]
    assert Agency.objects.filter(name__iexact="Fellside Constabulary").count() == 1


def test_renaming_an_agency_to_another_in_other_capitals_is_refused(administrator_client):
    AgencyFactory(name="Fellside Constabulary")
    other = AgencyFactory(name="Eden Youth Project")

    response = administrator_client.post(
        f"/admin/agencies/edit/{other.pk}/", {"name": "fellside constabulary", "sector": Sector.POLICE}
    )

    assert response.context["form"].errors["name"] == [AGENCY_TAKEN]
    other.refresh_from_db()
    assert other.name == "Eden Youth Project"


def test_an_agency_may_change_the_capitals_of_its_own_name(administrator_client):
    agency = AgencyFactory(name="Fellside constabulary")

    response = administrator_client.post(
        f"/admin/agencies/edit/{agency.pk}/", {"name": "Fellside  Constabulary ", "sector": Sector.POLICE}
    )

    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.name == "Fellside Constabulary"


def test_the_admin_refuses_a_job_role_differing_only_in_capitals(administrator_client):
    JobRoleFactory(name="School nurse", code="school-nurse")

    response = administrator_client.post(
        "/admin/job_roles/new/", {"name": "SCHOOL NURSE", "code": "school-nurse-2", "is_active": "on"}
    )

    assert response.context["form"].errors["name"] == [
        "There is already a job role with this name, perhaps in different capitals"
    ]
    assert JobRole.objects.filter(name__iexact="School nurse").count() == 1


@pytest.mark.parametrize("model_factory", [AgencyFactory, JobRoleFactory])
def test_the_database_refuses_names_differing_only_in_capitals(model_factory):
    existing = model_factory(name="Fellside Constabulary")

    with pytest.raises(IntegrityError), transaction.atomic():
        model_factory.build(name="FELLSIDE CONSTABULARY").save()

    assert existing.pk


def new_person(email, **fields):
    return {"email": email, "full_name": "New Starter", **fields}


def test_the_admin_refuses_a_new_person_whose_email_differs_only_in_capitals(superuser_client):
    UserFactory(email="jess.armstrong@fellside.example.org")

    response = superuser_client.post("/admin/users/new/", new_person("Jess.Armstrong@Fellside.example.org"))

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [EMAIL_TAKEN]
    assert User.objects.filter(email__iexact="jess.armstrong@fellside.example.org").count() == 1


def test_the_admin_refuses_the_same_email_in_the_same_capitals_in_the_same_words(superuser_client):
    UserFactory(email="jess.armstrong@fellside.example.org")

    response = superuser_client.post("/admin/users/new/", new_person("jess.armstrong@fellside.example.org"))

    assert response.context["form"].errors["email"] == [EMAIL_TAKEN]


def test_the_admin_refuses_changing_an_email_to_another_persons_in_other_capitals(superuser_client):
    UserFactory(email="jess.armstrong@fellside.example.org")
    person = UserFactory(email="sam.pattinson@fellside.example.org")

    response = superuser_client.post(
        f"/admin/users/edit/{person.pk}/",
        new_person(
            "JESS.ARMSTRONG@fellside.example.org",
            full_name=person.full_name,
            agency=person.agency_id,
            job_role=person.job_role_id,
            role_started_on=person.role_started_on.isoformat(),
            is_active="on",
        ),
    )

    assert response.context["form"].errors["email"] == [EMAIL_TAKEN]
    person.refresh_from_db()
    assert person.email == "sam.pattinson@fellside.example.org"


def test_an_email_added_in_the_admin_is_kept_in_lower_case(superuser_client):
    response = superuser_client.post("/admin/users/new/", new_person("New.Starter@Fellside.example.org"))

    assert response.status_code == 302
    assert User.objects.filter(email="new.starter@fellside.example.org").exists()


def test_signing_up_with_a_registered_email_in_other_capitals_creates_nothing(client):
    UserFactory(email="jess.armstrong@fellside.example.org")
    agency, role = AgencyFactory(), JobRoleFactory()

    client.post(
        "/accounts/signup/",
        {
            "full_name": "Jess Armstrong",
            "email": "JESS.ARMSTRONG@FELLSIDE.EXAMPLE.ORG",
            "agency": agency.pk,
            "job_role": role.pk,
            "password1": "purple-fell-walking-42",
            "password2": "purple-fell-walking-42",
        },
    )

    assert User.objects.count() == 1


def test_the_database_refuses_an_email_in_capitals():
    person = UserFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=person.pk).update(email="Person@Agency.example.org")


def test_saving_a_person_keeps_their_email_in_lower_case():
    person = UserFactory(email="Mixed.Case@Agency.example.org")

    person.refresh_from_db()
    assert person.email == "mixed.case@agency.example.org"


def test_signup_refuses_a_password_close_to_the_persons_full_name(client):
    agency, role = AgencyFactory(), JobRoleFactory()

    response = client.post(
        "/accounts/signup/",
        {
            "full_name": "Rhona Fellwalker",
            "email": "r.f@cumbria-health.example.org",
            "agency": agency.pk,
            "job_role": role.pk,
            "password1": "RhonaFellwalker",
            "password2": "RhonaFellwalker",
        },
    )

    assert response.status_code == 200
    assert "too similar to the full name" in response.content.decode()
    assert not User.objects.exists()


def test_a_new_password_close_to_the_persons_full_name_is_refused(client):
    person = UserFactory(full_name="Rhona Fellwalker")
    sign_in(client, person)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "fellwalker-rhona", "password2": "fellwalker-rhona"},
    )

    assert response.status_code == 200
    assert "too similar to the full name" in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


@pytest.mark.parametrize("password", ["rhonafellwalker1", "Fellwalker", "cumbriahealth"])
def test_the_password_check_compares_the_full_name_and_email(password):
    person = User(full_name="Rhona Fellwalker", email="rhona.f@cumbria-health.example.org")

    with pytest.raises(ValidationError):
        validate_password(password, person)
