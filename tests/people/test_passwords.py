"""Changing and resetting a password: clear messages, nothing changed on bad input."""

import re

import pytest

from django.core import mail

from tests.people.conftest import PASSWORD, sign_in
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_wrong_current_password_is_refused_and_the_password_stays_the_same(client):
    person = UserFactory()
    sign_in(client, person)

    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": "not-my-password",
            "password1": "a-brand-new-fell-walk-7",
            "password2": "a-brand-new-fell-walk-7",
        },
    )

    assert response.status_code == 200
    assert 'href="#id_oldpassword"' in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_changing_the_password_with_the_right_current_one_works(client):
    person = UserFactory()
    sign_in(client, person)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "a-brand-new-fell-walk-7", "password2": "a-brand-new-fell-walk-7"},
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("a-brand-new-fell-walk-7")


def test_a_reset_for_an_unknown_address_looks_the_same_and_sends_no_reset_link(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@fellside.example.org"}, follow=True)

    assert "Check your email" in response.content.decode()
    assert all("/accounts/password/reset/key/" not in message.body for message in mail.outbox)


def test_a_reset_link_works_once_and_then_says_it_is_not_valid(client):
    person = UserFactory()
    client.post("/accounts/password/reset/", {"email": person.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    client.post(form_url, {"password1": "a-brand-new-fell-walk-7", "password2": "a-brand-new-fell-walk-7"})

    again = client.get(link, follow=True)

    assert "This link has expired or is not valid" in again.content.decode()
    person.refresh_from_db()
    assert person.check_password("a-brand-new-fell-walk-7")


def test_a_tampered_reset_link_changes_nothing(client):
    person = UserFactory()

    response = client.post(
        "/accounts/password/reset/key/zz-set-password/",
        {"password1": "a-brand-new-fell-walk-7", "password2": "a-brand-new-fell-walk-7"},
    )

    assert response.status_code == 200
    assert "This link has expired or is not valid" in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
