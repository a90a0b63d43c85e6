"""Signed-in staff clients (the MFA middleware sends staff without an authenticator to set one
up, so every admin test starts from someone who has activated TOTP), and rows shared by a
module's tests (``shared_rows``)."""

from contextlib import contextmanager

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction

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


@contextmanager
def shared_rows(django_db_blocker):
    """A transaction open for a module's tests, rolled back after the last of them.

    For a module-scoped fixture whose rows are slow to make (the whole demo): it makes them once
    inside this block and yields, and each test (``django_db`` as usual) runs in a savepoint
    inside it, so what one test changes is gone before the next. The module must hold only
    tests that want those rows: a test there without the fixture would see them too.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            cache.clear()  # Wagtail and the catalogue cache what the rolled-back rows said
