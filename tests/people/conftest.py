import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value

from django.contrib.auth.models import Group

from people.staff_access import TRAINING_ADMINISTRATORS

PASSWORD = "correct-horse-battery"  # what UserFactory gives everyone


def totp_code(secret, offset=0):
    """The code an authenticator app would show now (or ``offset`` periods away)."""
    return f"{hotp_value(secret, int(time.time()) // 30 + offset):06d}"


def activate_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def sign_in(client, user, password=PASSWORD):
    """Sign in through allauth's real form, as a person would."""
    return client.post("/accounts/login/", {"login": user.email, "password": password})


def reauthenticate(client, password=PASSWORD):
    """allauth asks for the password again before security settings change (TOTP set-up)."""
    return client.post("/accounts/reauthenticate/", {"password": password})


@pytest.fixture
def training_administrators():
    return Group.objects.get(name=TRAINING_ADMINISTRATORS)
