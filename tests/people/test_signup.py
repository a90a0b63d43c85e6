"""Sign-up: what it asks for, what it creates, and how it refuses bad input."""

import re

import pytest
from allauth.account.models import EmailAddress

from django.core import mail

from people.models import RoleHistory, Sector, User
from tests.people.factories import AgencyFactory, JobRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/accounts/signup/"


@pytest.fixture
def agency():
    return AgencyFactory(name="Fellside Children's Services")


@pytest.fixture
def job_role():
    return JobRoleFactory(name="Social worker", code="social-worker")


@pytest.fixture
def answers(agency, job_role):
    return {
        "full_name": "Zoë Ångström-O'Neill",
        "email": "Zoe.Angstrom@fellside.example.org",
        "agency": str(agency.pk),
        "job_role": str(job_role.pk),
        "team": "Carlisle North",
        "line_manager_name": "Sam Patel",
        "line_manager_email": "sam.patel@fellside.example.org",
        "password1": "purple-fell-walking-42",
        "password2": "purple-fell-walking-42",
    }


def test_signup_asks_for_name_email_agency_role_team_manager_then_password(client, agency, job_role):
    html = client.get(SIGNUP_URL).content.decode()

    names = re.findall(r'<(?:input|select)[^>]* name="([a-z_0-9]+)"', html)
    fields = [name for name in names if name not in ("csrfmiddlewaretoken",)]
    assert fields == [
        "full_name",
        "email",
        "agency",
        "job_role",
        "team",
        "line_manager_name",
        "line_manager_email",
        "password1",
        "password2",
    ]


def test_signup_offers_only_active_agencies_and_roles(client, agency, job_role):
    AgencyFactory(name="Closed Trust", is_active=False)
    JobRoleFactory(name="Retired role", is_active=False)

    html = client.get(SIGNUP_URL).content.decode()

    assert "Fellside Children&#x27;s Services" in html
    assert "Social worker" in html
    assert "Closed Trust" not in html
    assert "Retired role" not in html


def test_signup_creates_the_person_with_their_details_and_sends_a_verification_email(client, answers, agency, job_role):
    response = client.post(SIGNUP_URL, answers)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    person = User.objects.get(email="zoe.angstrom@fellside.example.org")
    assert person.full_name == "Zoë Ångström-O'Neill"
    assert (person.agency, person.job_role) == (agency, job_role)
    assert person.team == "Carlisle North"
    assert (person.line_manager_name, person.line_manager_email) == ("Sam Patel", "sam.patel@fellside.example.org")
    assert not EmailAddress.objects.get(user=person).verified
    assert RoleHistory.objects.filter(user=person, agency=agency, job_role=job_role, ended_on=None).count() == 1
    assert len(mail.outbox) == 1
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_signup_sent_page_tells_the_person_to_check_their_email(client, answers):
    response = client.post(SIGNUP_URL, answers, follow=True)

    assert "Check your email" in response.content.decode()


def test_signup_with_a_registered_email_creates_nothing_and_emails_the_owner(client, answers):
    owner = UserFactory(email="zoe.angstrom@fellside.example.org", full_name="Original Owner")

    response = client.post(SIGNUP_URL, answers, follow=True)

    # allauth prevents account enumeration: the page is the same as for a new address, and
    # the owner of the address is told by email that they already have an account.
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    assert "If you already have an account with that address" in response.content.decode()
    assert User.objects.count() == 1
    owner.refresh_from_db()
    assert owner.full_name == "Original Owner"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["zoe.angstrom@fellside.example.org"]
    assert mail.outbox[0].subject == "CSE Training: You already have an account"
    assert "/accounts/password/reset/" in mail.outbox[0].body


@pytest.mark.parametrize("posted_id", ["999999", "not-a-number", ""])
def test_signup_with_an_unknown_agency_says_choose_from_the_list_and_creates_nothing(client, answers, posted_id):
    answers["agency"] = posted_id

    response = client.post(SIGNUP_URL, answers)

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_agency"' in html
    assert ("Choose your agency from the list" if posted_id else "Choose your agency") in html
    assert not User.objects.exists()
    assert mail.outbox == []


def test_signup_with_an_inactive_agency_is_refused(client, answers):
    answers["agency"] = str(AgencyFactory(name="Closed Trust", is_active=False).pk)

    response = client.post(SIGNUP_URL, answers)

    assert "Choose your agency from the list" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize("posted_id", ["999999", "'; drop table people_user; --"])
def test_signup_with_an_unknown_job_role_says_choose_from_the_list_and_creates_nothing(client, answers, posted_id):
    answers["job_role"] = posted_id

    response = client.post(SIGNUP_URL, answers)

    assert response.status_code == 200
    assert "Choose your job role from the list" in response.content.decode()
    assert not User.objects.exists()


def test_signup_with_an_inactive_job_role_is_refused(client, answers):
    answers["job_role"] = str(JobRoleFactory(name="Retired role", is_active=False).pk)

    response = client.post(SIGNUP_URL, answers)

    assert "Choose your job role from the list" in response.content.decode()
    assert not User.objects.exists()


def test_signup_without_a_name_shows_the_error_in_the_summary_and_beside_the_field(client, answers):
    answers["full_name"] = ""

    response = client.post(SIGNUP_URL, answers)

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'class="error-summary" role="alert"', html)
    assert '<a href="#id_full_name">Enter your full name</a>' in html
    assert 'id="id_full_name_error"' in html
    assert re.search(r'<input[^>]*aria-describedby="[^"]*id_full_name_error[^"]*"', html)
    assert not User.objects.exists()


def test_signup_keeps_what_was_typed_when_it_refuses(client, answers):
    answers["full_name"] = ""

    html = client.post(SIGNUP_URL, answers).content.decode()

    assert 'value="Carlisle North"' in html
    assert 'value="Zoe.Angstrom@fellside.example.org"' in html or 'value="zoe.angstrom@fellside.example.org"' in html


def test_signup_without_an_email_is_refused(client, answers):
    answers["email"] = ""

    response = client.post(SIGNUP_URL, answers)

    assert '<a href="#id_email">Enter your work email address</a>' in response.content.decode()
    assert not User.objects.exists()


def test_signup_with_a_badly_formed_email_is_refused(client, answers):
    answers["email"] = "zoe at fellside"

    response = client.post(SIGNUP_URL, answers)

    assert "Enter an email address in the right format" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("password", "reason"),
    [("short1", "too short"), ("password123", "too common"), ("48213974652", "entirely numeric")],
)
def test_signup_with_a_weak_password_says_why_and_creates_nothing(client, answers, password, reason):
    answers["password1"] = answers["password2"] = password

    response = client.post(SIGNUP_URL, answers)

    html = response.content.decode()
    assert reason in html
    assert 'href="#id_password1"' in html
    assert not User.objects.exists()


def test_signup_with_passwords_that_differ_is_refused(client, answers):
    answers["password2"] = "something-else-entirely-9"

    response = client.post(SIGNUP_URL, answers)

    assert "You must type the same password each time" in response.content.decode()
    assert not User.objects.exists()


def test_signup_with_a_badly_formed_line_manager_email_is_refused(client, answers):
    answers["line_manager_email"] = "sam at fellside"

    response = client.post(SIGNUP_URL, answers)

    assert "line manager" in response.content.decode()
    assert 'href="#id_line_manager_email"' in response.content.decode()
    assert not User.objects.exists()


def test_signup_groups_agencies_by_sector(client, agency):
    AgencyFactory(name="Fellside Constabulary", sector=Sector.POLICE)

    html = client.get(SIGNUP_URL).content.decode()

    assert re.search(r'<optgroup label="Police">\s*<option value="\d+">Fellside Constabulary</option>', html)
    assert re.search(r'<optgroup label="Children&#x27;s Services">', html)
