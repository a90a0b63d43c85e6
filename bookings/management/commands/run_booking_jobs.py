"""``manage.py run_booking_jobs``: every periodic booking job, once (``bookings.jobs.JOBS``).

Run it every few minutes from cron or a systemd timer (docs/operations.md); running it twice,
or on two servers at once, changes nothing more than running it once. ``--every SECONDS``
keeps running it, as ``make run`` does in development so the demo behaves like production.
"""

import time

from django.core.management.base import BaseCommand

from bookings.jobs import JOBS


class Command(BaseCommand):
    help = "Run every due booking job once: expire offers and offer on, release undecided requests, reminders."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=int, default=0, metavar="SECONDS", help="Keep running, every SECONDS (development)."
        )

    def handle(self, *args, every=0, **options):
        while True:
            for job in JOBS:
                self.stdout.write(f"{job.__name__}: {job()}")
            if every <= 0:
                return
            time.sleep(every)
