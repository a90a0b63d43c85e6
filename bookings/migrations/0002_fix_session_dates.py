"""Makes existing sessions fit the date rules that 0003 puts in the database.

A booking window that closes after the session starts is cleared: booking then closes at the
start, which is what the rule says and what people already saw (bookings.availability stops
at the start). Nothing else has a safe automatic fix, so a session whose dates make no sense
stops the migration with its id, to be corrected in the admin first.
"""

from datetime import UTC, datetime, timedelta

from django.db import migrations
from django.db.models import F, Q

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
AFTER_LATEST = datetime(2100, 1, 1, tzinfo=UTC)
LONGEST = timedelta(days=3)
YEAR = timedelta(days=366)


def fix_session_dates(apps, schema_editor):
    Session = apps.get_model("bookings", "Session")
    Session.objects.filter(booking_closes_at__gt=F("starts_at")).update(booking_closes_at=None)
    impossible = Session.objects.filter(
        Q(starts_at__lt=EARLIEST)
        | Q(ends_at__gte=AFTER_LATEST)
        | Q(ends_at__gt=F("starts_at") + LONGEST)
        | Q(booking_opens_at__gte=F("starts_at"))
        | Q(booking_opens_at__lt=F("starts_at") - YEAR)
        | Q(booking_closes_at__lt=F("starts_at") - YEAR)
    ).values_list("pk", flat=True)
    if impossible:
        ids = ", ".join(str(pk) for pk in impossible)
        raise RuntimeError(
            f"Sessions {ids} have dates outside what the site now accepts (2000 to 2099, at most 3 days long, "
            "booking in the year before the start). Correct them in the admin, then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [("bookings", "0001_initial")]

    operations = [migrations.RunPython(fix_session_dates, migrations.RunPython.noop)]
