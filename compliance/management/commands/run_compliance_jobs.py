"""``manage.py run_compliance_jobs``: every periodic compliance job, once (``compliance.jobs.JOBS``).

Run it daily, or more often, from cron or a systemd timer (docs/operations.md); running it twice,
or on two servers at once, sends nothing more than running it once. ``--every SECONDS`` keeps
running it, as ``make run`` does in development.
"""

from compliance.jobs import JOBS
from lscb_training.jobs_command import JobsCommand


class Command(JobsCommand):
    help = "Run every compliance job once: expiry reminders to learners, weekly digests to agency leads."
    jobs = JOBS
