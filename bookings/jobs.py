"""The booking app's periodic work: ``manage.py run_booking_jobs`` runs each job in ``JOBS`` once.

Each job takes ``now`` and returns a line saying what it did. Every job is idempotent and safe
on two servers at once: it changes a session only while holding its lock, and re-checks each
booking after taking it, so a second run finds nothing left to do. The reminders come from
``bookings.notices``.
"""

from bookings.notices import send_due_reminders
from bookings.services import release_undecided, settle_offers


def settle_all_offers(now=None):
    """Expires overdue offers and offers free places to the people waiting, everywhere."""
    return f"Offers settled on {settle_offers(now=now)} session(s)."


def release_undecided_requests(now=None):
    """Releases requests no lead decided in time, offering their places on."""
    return f"Released {release_undecided(now=now)} undecided request(s)."


def send_reminders(now=None):
    """Queues the 7-day and 1-day reminders now due, each once (``bookings.notices``)."""
    return f"Queued {send_due_reminders(now=now)} reminder(s)."


JOBS = [settle_all_offers, release_undecided_requests, send_reminders]
