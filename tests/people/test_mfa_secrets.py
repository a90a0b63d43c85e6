"""Authenticator secrets are encrypted in the database and survive a rotation of SECRET_KEY.

A copy of the database or a backup must not be enough to mint codes for administrators and
agency leads.
"""

from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings

from people.mfa_secrets import decrypt_data, reencrypt_data
from tests.people.conftest import activate_totp, sign_in, totp_code
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db

OLD_KEY = "test-only-not-secret"  # the test settings' SECRET_KEY
NEW_KEY = "a-new-test-only-key-after-rotation"
MFA_AUTHENTICATE_URL = "/accounts/2fa/authenticate/"


def stored_totp(user):
    return Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)


def code_is_accepted(user, code):
    return TOTP(stored_totp(user)).validate_code(code)


def test_a_totp_secret_is_not_stored_in_the_clear():
    user = UserFactory()

    secret = activate_totp(user)

    stored = stored_totp(user).data["secret"]
    assert secret not in stored
    assert stored.startswith("gAAAAA")


def test_a_recovery_code_seed_is_not_stored_in_the_clear():
    user = UserFactory()

    recovery = RecoveryCodes.activate(user)

    stored = recovery.instance.data["seed"]
    assert not all(character in "0123456789abcdef" for character in stored)
    assert stored.startswith("gAAAAA")


def test_the_code_from_the_app_still_signs_in(client):
    user = UserFactory()
    secret = activate_totp(user)
    sign_in(client, user)

    client.post(MFA_AUTHENTICATE_URL, {"code": totp_code(secret)})

    assert client.session.get("_auth_user_id") == str(user.pk)


def test_a_recovery_code_still_signs_in(client):
    user = UserFactory()
    activate_totp(user)
    code = RecoveryCodes.activate(user).get_unused_codes()[0]
    sign_in(client, user)

    client.post(MFA_AUTHENTICATE_URL, {"code": code})

    assert client.session.get("_auth_user_id") == str(user.pk)


def test_codes_still_work_with_a_new_secret_key_while_the_old_one_is_a_fallback():
    user = UserFactory()
    secret = activate_totp(user)

    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[OLD_KEY]):
        assert code_is_accepted(user, totp_code(secret))


def test_after_reencrypting_the_old_key_can_be_dropped():
    user = UserFactory()
    secret = activate_totp(user)

    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[OLD_KEY]):
        call_command("reencrypt_mfa_secrets", stdout=StringIO())
    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[]):
        assert code_is_accepted(user, totp_code(secret))


def test_a_lost_old_key_refuses_sign_in_with_a_clear_message_and_a_critical_log(client, caplog):
    user = UserFactory()
    with override_settings(SECRET_KEY="a-key-since-lost"):
        secret = activate_totp(user)
    sign_in(client, user)

    response = client.post(MFA_AUTHENTICATE_URL, {"code": totp_code(secret)})

    assert response.status_code == 200
    assert "Two-factor sign-in is not working at the moment" in response.content.decode()
    assert client.session.get("_auth_user_id") is None
    assert any(record.levelname == "CRITICAL" and "SECRET_KEY_FALLBACKS" in record.message for record in caplog.records)


def test_reencrypting_leaves_secrets_already_under_the_current_key_alone():
    user = UserFactory()
    activate_totp(user)
    before = stored_totp(user).data
    output = StringIO()

    call_command("reencrypt_mfa_secrets", stdout=output)

    assert "Re-encrypted the secrets of 0 authenticator(s)." in output.getvalue()
    assert stored_totp(user).data == before


def test_reencrypting_without_the_old_key_stops_with_a_clear_error():
    user = UserFactory()
    activate_totp(user)

    with (
        override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[]),
        pytest.raises(ImproperlyConfigured, match="put the old key back in SECRET_KEY_FALLBACKS"),
    ):
        call_command("reencrypt_mfa_secrets", stdout=StringIO())


def test_a_secret_stored_before_encryption_still_works_until_it_is_encrypted():
    user = UserFactory()
    secret = generate_totp_secret()
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": secret})

    assert code_is_accepted(user, totp_code(secret))


def test_reencrypting_encrypts_a_secret_set_up_before_encryption():
    user = UserFactory()
    secret = generate_totp_secret()
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": secret})

    output = StringIO()
    call_command("reencrypt_mfa_secrets", stdout=output)

    assert "Re-encrypted the secrets of 1 authenticator(s)." in output.getvalue()
    assert secret not in stored_totp(user).data["secret"]
    assert code_is_accepted(user, totp_code(secret))


def test_reencrypting_encrypts_recovery_codes_carried_over_from_another_system():
    user = UserFactory()
    Authenticator.objects.create(
        user=user,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "ab" * 40, "used_mask": 0, "migrated_codes": ["48213907", "55120846"]},
    )

    call_command("reencrypt_mfa_secrets", stdout=StringIO())

    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    assert "48213907" not in str(stored.data)
    assert RecoveryCodes(stored).get_unused_codes() == ["48213907", "55120846"]


def test_undoing_the_migration_puts_the_secrets_back_in_the_clear():
    data = {"secret": generate_totp_secret(), "used_mask": 0}

    assert decrypt_data(reencrypt_data(data)) == data
