"""Authenticator secrets (TOTP keys, recovery-code seeds) encrypted at rest.

allauth stores them in the clear unless its MFA adapter encrypts them; anyone holding a copy of
the database or a backup could then mint codes for every administrator and agency lead. They
are encrypted with Fernet under a key derived from SECRET_KEY, and read with SECRET_KEY or any
key in SECRET_KEY_FALLBACKS, so the secret key can be rotated the way Django rotates it:
put the old key in SECRET_KEY_FALLBACKS, run ``manage.py reencrypt_mfa_secrets``, then drop it.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.encoding import force_bytes

# A Fernet token is version byte 0x80 then a 64-bit timestamp whose top 32 bits are zero until
# the year 2106: in base64 it always begins like this. TOTP keys (base32, upper case) and
# recovery seeds (hex) never do, which tells a secret stored before encryption from a token.
FERNET_TOKEN_START = "gAAAAA"  # noqa: S105 (a format marker, not a secret)

# The admin-only fields of allauth's Authenticator.data that hold secrets.
SECRET_FIELDS = ("secret", "seed")
SECRET_LIST_FIELDS = ("migrated_codes",)


def _fernet(secret_key):
    key = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"lscb-training",
        info=b"allauth mfa authenticator secrets",
    ).derive(force_bytes(secret_key))
    return Fernet(base64.urlsafe_b64encode(key))


def _keys():
    return MultiFernet([_fernet(key) for key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]])


def encrypt(text):
    return _keys().encrypt(text.encode()).decode()


def decrypt(token):
    try:
        return _keys().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "An authenticator secret cannot be decrypted with SECRET_KEY or SECRET_KEY_FALLBACKS: "
            "was SECRET_KEY changed without keeping the old one in SECRET_KEY_FALLBACKS?"
        ) from None


def reencrypt(value):
    """The value under the current key, whether it was under an old key or stored in the clear."""
    if value.startswith(FERNET_TOKEN_START):
        return _keys().rotate(value.encode()).decode()
    return encrypt(value)


def reencrypt_data(data):
    """A copy of an Authenticator's ``data`` with every secret in it under the current key."""
    data = dict(data)
    for field in SECRET_FIELDS:
        if field in data:
            data[field] = reencrypt(data[field])
    for field in SECRET_LIST_FIELDS:
        if field in data:
            data[field] = [reencrypt(value) for value in data[field]]
    return data


def reencrypt_all(authenticator_model):
    """Re-encrypts every authenticator; takes the model so a data migration can pass its own."""
    changed = 0
    for authenticator in authenticator_model.objects.all().iterator():
        data = reencrypt_data(authenticator.data)
        if data != authenticator.data:
            authenticator_model.objects.filter(pk=authenticator.pk).update(data=data)
            changed += 1
    return changed
