"""The compliance app's periodic work: ``manage.py run_compliance_jobs`` runs each job in ``JOBS``
once. Each takes ``today`` and returns a line saying what it did; each is idempotent and safe on
two servers at once (``compliance.reminders``)."""

from compliance.reminders import send_expiry_reminders, send_weekly_digests


def send_reminders(today=None):
    """Queues the reminders before and on the day a required completion lapses, each once."""
    return f"Queued {send_expiry_reminders(today=today)} expiry reminder(s)."


def send_digests(today=None):
    """Queues this week's digest for each agency lead who has not had it."""
    return f"Queued {send_weekly_digests(today=today)} weekly digest(s)."


JOBS = [send_reminders, send_digests]
