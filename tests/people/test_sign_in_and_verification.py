"""Signing in, confirming an email address, and what an unverified person may reach."""

import re

import pytest
from allauth.account.models import EmailAddress

from django.core import mail

from tests.people.conftest import PASSWORD, sign_in
from tests.people.factories import AgencyFactory, JobRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def confirmation_link(message):
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


@pytest.fixture
def signed_up(client):
    """A person who has just signed up: their account exists, their address is unconfirmed."""
    agency, role = AgencyFactory(), JobRoleFactory()
    client.post(
        "/accounts/signup/",
        {
            "full_name": "Rhona Fell",
            "email": "rhona.fell@fellside.example.org",
            "agency": agency.pk,
            "job_role": role.pk,
            "password1": "purple-fell-walking-42",
            "password2": "purple-fell-walking-42",
        },
    )
    return EmailAddress.objects.get(email="rhona.fell@fellside.example.org")


def test_sign_in_with_the_right_password_opens_the_profile(client):
    person = UserFactory()

    response = sign_in(client, person)

    assert response.status_code == 302
    assert response["Location"] == "/profile/"
    assert client.get("/profile/").context["user"] == person


def test_sign_in_with_a_wrong_password_says_so_and_signs_nobody_in(client):
    person = UserFactory()

    response = sign_in(client, person, password="not-my-password")

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The email address and/or password you specified are not correct." in html
    assert "_auth_user_id" not in client.session


def test_repeated_wrong_passwords_are_stopped_by_the_rate_limit(client):
    person = UserFactory()
    for _ in range(5):
        sign_in(client, person, password="not-my-password")

    response = sign_in(client, person, password="not-my-password")

    assert response.status_code == 200
    assert "Too many failed login attempts. Try again later." in response.content.decode()


def test_the_right_password_is_refused_while_the_rate_limit_holds(client):
    person = UserFactory()
    for _ in range(6):
        sign_in(client, person, password="not-my-password")

    response = sign_in(client, person, password=PASSWORD)

    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_verification_link_confirms_the_address_and_signs_the_person_in(client, signed_up):
    link = confirmation_link(mail.outbox[0])

    page = client.get(link)
    response = client.post(link)

    assert "Confirm your email address" in page.content.decode()
    assert response.status_code == 302
    signed_up.refresh_from_db()
    assert signed_up.verified
    assert client.get("/profile/training/").status_code == 200


def test_a_verification_link_used_twice_says_it_is_no_longer_valid_and_changes_nothing(client, signed_up):
    link = confirmation_link(mail.outbox[0])
    client.post(link)
    client.post("/accounts/logout/")

    page = client.get(link)
    again = client.post(link)

    assert page.status_code == 200
    assert "This link has expired or is not valid" in page.content.decode()
    assert again.status_code == 404  # a hand-made POST: allauth's "not found", not a 500
    assert EmailAddress.objects.filter(verified=True).count() == 1
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("tamper", [lambda key: key[:-3] + "abc", lambda key: "MQ:not-a-real-key", lambda key: key[5:]])
def test_a_tampered_verification_link_is_refused_clearly(client, signed_up, tamper):
    key = confirmation_link(mail.outbox[0]).split("/")[-2]

    page = client.get(f"/accounts/confirm-email/{tamper(key)}/")
    posted = client.post(f"/accounts/confirm-email/{tamper(key)}/")

    assert page.status_code == 200
    assert "This link has expired or is not valid" in page.content.decode()
    assert posted.status_code == 404
    signed_up.refresh_from_db()
    assert not signed_up.verified


def test_an_unverified_person_cannot_reach_their_training_and_is_told_to_verify(client):
    person = UserFactory(verified=False)
    client.force_login(person)

    response = client.get("/profile/training/")

    html = response.content.decode()
    assert "Confirm your email address first" in html
    assert "The sessions you have booked and the training you have completed" not in html
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [person.email]


def test_an_unverified_person_cannot_sign_in_with_a_password_until_they_confirm(client):
    person = UserFactory(verified=False)

    response = sign_in(client, person)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_a_verified_person_reaches_their_training(client):
    client.force_login(UserFactory())

    response = client.get("/profile/training/")

    assert response.status_code == 200
    assert "The sessions you have booked and the training you have completed" in response.content.decode()


def test_someone_signed_out_is_sent_to_sign_in_for_the_training_area(client):
    response = client.get("/profile/training/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/profile/training/")


def test_signing_in_says_so_in_plain_words(client):
    sign_in(client, UserFactory())

    response = client.get("/profile/")

    assert "You are signed in." in response.content.decode()
