"""``manage.py reconcile_bookings``: reports every session whose places-taken count disagrees
with its bookings. It changes nothing; it exits with status 1 if any session drifted, so a
monitor or CI notices."""

from django.core.management.base import BaseCommand

from bookings.models import Session


class Command(BaseCommand):
    help = "Report sessions whose places-taken count disagrees with their bookings (exit 1 if any)."

    def handle(self, *args, **options):
        drifted = list(Session.objects.with_place_drift().order_by("starts_at", "id"))
        for session in drifted:
            self.stdout.write(
                f"Session {session.pk} ({session}): places taken says {session.places_taken}, "
                f"but {session.rows_holding_places} bookings hold a place."
            )
        if drifted:
            self.stderr.write(f"{len(drifted)} session(s) drifted.")
            raise SystemExit(1)
        self.stdout.write("Every session's places taken agrees with its bookings.")
