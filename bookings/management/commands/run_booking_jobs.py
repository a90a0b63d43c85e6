"""``manage.py run_booking_jobs``: every periodic booking job, once (``bookings.jobs.JOBS``).

Run it every few minutes from cron or a systemd timer (docs/operations.md); running it twice,
or on two servers at once, changes nothing more than running it once.
"""

from django.core.management.base import BaseCommand

from bookings.jobs import JOBS


class Command(BaseCommand):
    help = "Run every due booking job once: expire offers and offer on, release undecided requests, reminders."

    def handle(self, *args, **options):
        for job in JOBS:
            self.stdout.write(f"{job.__name__}: {job()}")
