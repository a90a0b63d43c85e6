"""``manage.py take_compliance_snapshot``: this month's compliance figures, one row per agency and
requirement (``compliance.snapshots.take_snapshot``), for the partnership overview's trend.

Run it early on the first day of each month from cron (docs/operations.md). Running it again,
or on two servers at once, leaves the same rows. ``--month 2026-05`` takes (or retakes) an
earlier month, worked out from the completions dated by its first day.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from compliance.snapshots import take_snapshot
from lscb_training.dates import format_month


class Command(BaseCommand):
    help = "Store each agency's compliance figures for the first day of this month (or --month YYYY-MM)."

    def add_arguments(self, parser):
        parser.add_argument("--month", metavar="YYYY-MM", help="Take the snapshot of this month instead.")

    def handle(self, *args, month=None, **options):
        day = None
        if month:
            try:
                day = datetime.datetime.strptime(month, "%Y-%m").date()
            except ValueError as error:
                raise CommandError(f"--month must look like 2026-05, not {month!r}") from error
        written = take_snapshot(day)
        label = day or timezone.localdate()
        self.stdout.write(f"Snapshot of {format_month(label.year, label.month)}: {written} rows.")
