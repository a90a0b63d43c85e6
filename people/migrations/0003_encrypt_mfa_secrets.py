from django.db import migrations

from people.mfa_secrets import decrypt_data, reencrypt_all

# The migration uses the live encryption code on purpose: what it writes must be what the MFA
# adapter reads.


def encrypt_secrets_stored_in_the_clear(apps, schema_editor):
    reencrypt_all(apps.get_model("mfa", "Authenticator"))


def decrypt_secrets(apps, schema_editor):
    """Rolling back to code without the encrypting adapter needs the secrets in the clear again."""
    reencrypt_all(apps.get_model("mfa", "Authenticator"), transform=decrypt_data)


class Migration(migrations.Migration):
    """Authenticators set up before secrets were encrypted get their secrets encrypted."""

    dependencies = [
        ("people", "0002_role_start_date_validation"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [
        migrations.RunPython(encrypt_secrets_stored_in_the_clear, decrypt_secrets, elidable=True),
    ]
