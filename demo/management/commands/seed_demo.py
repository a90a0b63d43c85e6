"""``manage.py seed_demo``: load the demo partnership, its people and its content.

Each app that has demo data provides a module with ``seed(log)``; they run in the order below,
inside one transaction, so a failure leaves the database as it was. Every seeder only adds
what is missing, so running the command again changes nothing (``make run`` runs it each time).
"""

import time
from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from demo.people import logins_table

# Later apps depend on earlier ones (courses name job roles, bookings name courses).
SEEDERS = [
    "demo.people",
    "demo.site",
    "demo.catalogue",
    "demo.records",
    "demo.sessions",
]


class Command(BaseCommand):
    help = "Load the demo data (safe to repeat). With --logins, only print the demo sign-ins."

    def add_arguments(self, parser):
        parser.add_argument("--logins", action="store_true", help="Print the demo sign-ins and change nothing.")

    def handle(self, *args, logins=False, **options):
        if logins:
            self.stdout.write(logins_table())
            return
        started = time.monotonic()
        with transaction.atomic():
            for path in SEEDERS:
                self.stdout.write(f"{path}:")
                import_module(path).seed(lambda message: self.stdout.write(f"  {message}"))
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f}s."))
