"""``manage.py seed_demo``: load the demo partnership, its people and its content.

Each module in ``SEEDERS`` provides ``seed(log)``; they run in the order below, inside one
transaction, so a failure leaves the database as it was. Every seeder only adds what is missing,
so running the command again changes nothing (``make run`` runs it each time).

``--host`` and ``--port`` are where ``runserver`` serves (``make run`` passes its ``HOST`` and
``PORT``): the printed sign-in links use them, and so does the default Wagtail Site while it still
has Wagtail's default address (``demo.site.set_site_address``).
"""

import time
from importlib import import_module

from django.core import mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from wagtail.models import Site

from demo.people import logins_table
from demo.site import browser_address, set_site_address

# Later apps depend on earlier ones (courses name job roles, bookings name courses; e-learning
# draws its learners from those without an imported completion; compliance tops up the
# completions the others made to the mix its dashboard shows).
SEEDERS = [
    "demo.people",
    "demo.site",
    "demo.catalogue",
    "demo.records",
    "demo.elearning",
    "demo.sessions",
    "demo.registers",
    "demo.compliance",
]

# Where `make run` serves unless told otherwise (the Makefile's HOST and PORT).
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class Command(BaseCommand):
    help = "Load the demo data (safe to repeat). With --logins, only print the demo sign-ins."

    def add_arguments(self, parser):
        parser.add_argument("--logins", action="store_true", help="Print the demo sign-ins and change nothing.")
        parser.add_argument(
            "--host", default=DEFAULT_HOST, help=f"The host runserver listens on (default {DEFAULT_HOST})."
        )
        parser.add_argument(
            "--port", type=int, default=DEFAULT_PORT, help=f"The port runserver listens on (default {DEFAULT_PORT})."
        )

    def handle(self, *args, logins=False, host=DEFAULT_HOST, port=DEFAULT_PORT, **options):
        hostname, port = browser_address(host, port)
        served_url = Site(hostname=hostname, port=port).root_url
        if logins:
            self.stdout.write(logins_table(served_url))
            return
        started = time.monotonic()
        # The demo's bookings are made through the booking services, which email the people
        # they concern; those people are made up, so the emails are kept in memory, not printed
        # or sent (each is still recorded as sent, so no job sends it later).
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            mail.outbox = []
            with transaction.atomic():
                for path in SEEDERS:
                    self.stdout.write(f"{path}:")
                    import_module(path).seed(lambda message: self.stdout.write(f"  {message}"))
                root_url, changed = set_site_address(hostname, port)
            kept = len(mail.outbox)
        if kept:
            emails = "1 booking email" if kept == 1 else f"{kept} booking emails"
            self.stdout.write(f"{emails} to the demo's people were written and not sent.")
        if changed:
            self.stdout.write(f"Site address set to {root_url} (the admin's Settings > Sites).")
        elif root_url != served_url:
            self.stdout.write(
                self.style.WARNING(
                    f"The Site's address is {root_url}, not {served_url}: links in emails use it. "
                    "Change it in the admin, under Settings > Sites."
                )
            )
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f}s."))
