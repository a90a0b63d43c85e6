"""``manage.py run_booking_jobs``: every periodic booking job, once (``bookings.jobs.JOBS``).

Run it every few minutes from cron or a systemd timer (docs/operations.md); running it twice,
or on two servers at once, changes nothing more than running it once. ``--every SECONDS``
keeps running it, as ``make run`` does in development so the demo behaves like production.
"""

from bookings.jobs import JOBS
from lscb_training.jobs_command import JobsCommand


class Command(JobsCommand):
    help = "Run every due booking job once: expire offers and offer on, release undecided requests, reminders."
    jobs = JOBS
