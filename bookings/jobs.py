"""The periodic booking work that ``manage.py run_booking_jobs`` runs, each job once per run.

Every job is idempotent and safe on two servers at once.
"""

from bookings.notices import send_due_reminders

JOBS = [send_due_reminders]
