from django.db import migrations


def encrypt_secrets_stored_in_the_clear(apps, schema_editor):
    from people.mfa_secrets import reencrypt_all

    reencrypt_all(apps.get_model("mfa", "Authenticator"))


class Migration(migrations.Migration):
    """Authenticators set up before secrets were encrypted get their secrets encrypted."""

    dependencies = [
        ("people", "0002_role_start_date_validation"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [
        migrations.RunPython(encrypt_secrets_stored_in_the_clear, migrations.RunPython.noop, elidable=True),
    ]
