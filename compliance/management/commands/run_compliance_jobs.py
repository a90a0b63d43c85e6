"""``manage.py run_compliance_jobs``: every periodic compliance job, once (``compliance.jobs.JOBS``).

Run it daily, or more often, from cron or a systemd timer (docs/operations.md); running it twice,
or on two servers at once, sends nothing more than running it once. ``--every SECONDS`` keeps
running it, as ``make run`` does in development.
"""

import time

from django.core.management.base import BaseCommand

from compliance.jobs import JOBS


class Command(BaseCommand):
    help = "Run every compliance job once: expiry reminders to learners, weekly digests to agency leads."

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
