"""Signed-in staff clients. The MFA middleware sends staff without an authenticator to set one
up, so every admin test starts from someone who has activated TOTP."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from django.contrib.auth.models import Group

from people.staff_access import TRAINING_ADMINISTRATORS
from tests.people.factories import UserFactory


def signed_in_with_mfa(client, user):
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    return client


@pytest.fixture
def superuser_client(client):
    return signed_in_with_mfa(client, UserFactory(is_staff=True, is_superuser=True))


@pytest.fixture
def administrator_client(client):
    """A training administrator (in the group, not a superuser)."""
    administrator = UserFactory()
    administrator.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    return signed_in_with_mfa(client, administrator)
