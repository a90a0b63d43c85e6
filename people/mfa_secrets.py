"""Authenticator secrets (TOTP keys, recovery-code seeds) encrypted at rest.

allauth stores them in the clear unless its MFA adapter encrypts them; anyone holding a copy of
the database or a backup could then mint codes for every administrator and agency lead. They
are encrypted with Fernet under a key derived from SECRET_KEY, and read with SECRET_KEY or any
key in SECRET_KEY_FALLBACKS, so the secret key can be rotated the way Django rotates it:
put the old key in SECRET_KEY_FALLBACKS, run ``manage.py reencrypt_mfa_secrets``, then drop it.
"""

import base64
import logging

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils.encoding import force_bytes

logger = logging.getLogger(__name__)

UNAVAILABLE_MESSAGE = (
    "Two-factor sign-in is not working at the moment because of a problem on our side. "
    "Try again later, or contact the training team."
)

# A Fernet token is version byte 0x80 then a 64-bit timestamp whose top 32 bits are zero until
# the year 2106: in base64 it always begins like this. TOTP keys (base32, upper case) and
# recovery seeds (hex) never do, which tells a secret stored before encryption from a token.
FERNET_TOKEN_START = "gAAAAA"  # noqa: S105 (a format marker, not a secret)

# The keys of allauth's Authenticator.data that hold secrets.
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


def decrypt(value):
    # A value that is not a token was stored before encryption and not yet migrated (between
    # deploying this code and running the migration): it is read as it is.
    if not value.startswith(FERNET_TOKEN_START):
        return value
    try:
        return _keys().decrypt(value.encode()).decode()
    except InvalidToken:
        logger.critical(
            "An authenticator secret cannot be decrypted with SECRET_KEY or SECRET_KEY_FALLBACKS: "
            "was SECRET_KEY changed without keeping the old one in SECRET_KEY_FALLBACKS?"
        )
        # Raised inside allauth's code form, this is shown beside the code field, not as a 500.
        raise ValidationError(UNAVAILABLE_MESSAGE, code="mfa_unavailable") from None


def reencrypt(value):
    """The value under the current key, whether it was under an old key or stored in the clear."""
    if not value.startswith(FERNET_TOKEN_START):
        return encrypt(value)
    try:
        _fernet(settings.SECRET_KEY).decrypt(value.encode())
        return value  # already under the current key: left as it is
    except InvalidToken:
        pass
    try:
        return _keys().rotate(value.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "An authenticator secret cannot be decrypted with SECRET_KEY or SECRET_KEY_FALLBACKS: "
            "put the old key back in SECRET_KEY_FALLBACKS and run this again."
        ) from None


def _transform_data(data, transform):
    data = dict(data)
    for field in SECRET_FIELDS:
        if field in data:
            data[field] = transform(data[field])
    for field in SECRET_LIST_FIELDS:
        if field in data:
            data[field] = [transform(value) for value in data[field]]
    return data


def reencrypt_data(data):
    """A copy of an Authenticator's ``data`` with every secret in it under the current key."""
    return _transform_data(data, reencrypt)


def decrypt_data(data):
    """A copy of an Authenticator's ``data`` with every secret in the clear (undoing the migration)."""
    return _transform_data(data, decrypt)


def reencrypt_all(authenticator_model, transform=reencrypt_data):
    """Rewrites every authenticator's secrets; returns how many changed.

    Takes the model so a data migration can pass its own. Each row is locked while it is
    rewritten, so a recovery code used meanwhile is not marked unused again.
    """
    changed = 0
    for pk in list(authenticator_model.objects.order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            authenticator = authenticator_model.objects.select_for_update().filter(pk=pk).first()
            if authenticator is None:
                continue  # removed meanwhile
            data = transform(authenticator.data)
            if data != authenticator.data:
                authenticator_model.objects.filter(pk=pk).update(data=data)
                changed += 1
    return changed
