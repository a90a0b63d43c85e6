"""The ledger's rule: what a late cancellation, a no-show or leaving early costs the person's
agency. ``bookings.services`` makes and changes the entries (``cancel_booking``,
``mark_register``, ``waive_entry``, ``mark_invoiced``); the report and the leads' page read them.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings

from bookings.models import LedgerEntry
from lscb_training.dates import LONDON


def fee_for(course, agency):
    """The amount charged: £0 for an agency that is not charged (statutory partners), else the
    course's own fee, else ``BOOKING_DEFAULT_FEE``."""
    if agency is not None and agency.charges_waived:
        return Decimal("0.00")
    if course.no_show_fee is not None:
        return course.no_show_fee
    return Decimal(settings.BOOKING_DEFAULT_FEE)


def new_entry(booking, session, reason):
    """An unsaved entry for ``booking`` (its person and the agency they booked from)."""
    return LedgerEntry(
        booking=booking,
        # The objects, not their keys: the audit log labels each entry with the person's name.
        person=booking.user,
        agency=booking.agency,
        session=session,
        reason=reason,
        amount=fee_for(session.course, booking.agency),
    )


def period(first_day=None, last_day=None):
    """``(start, end)`` datetimes for ``LedgerEntry.objects.in_period``: from the start of
    ``first_day`` to the end of ``last_day`` in London, both days included; None where not given,
    and for the last day a date can be (the day after it would overflow: no end, as asked)."""
    start = datetime.combine(first_day, time(), tzinfo=LONDON) if first_day else None
    end = None
    if last_day and last_day < date.max:
        end = datetime.combine(last_day + timedelta(days=1), time(), tzinfo=LONDON)
    return start, end
