from allauth.mfa.models import Authenticator

from django.core.management.base import BaseCommand
from django.db import transaction

from people.mfa_secrets import reencrypt_all


class Command(BaseCommand):
    help = (
        "Re-encrypts every authenticator secret under the current SECRET_KEY. Run it after "
        "rotating SECRET_KEY (old key in SECRET_KEY_FALLBACKS), before dropping the old key."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            changed = reencrypt_all(Authenticator)
        self.stdout.write(f"Re-encrypted the secrets of {changed} authenticator(s).")
