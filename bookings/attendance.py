"""The register's rules: when it opens, which marks count as attending (and so record a
completion), which are charged, and the block after three no-shows. ``bookings.services``
obeys them under the session's lock (``mark_register``); the register page and
``bookings.rules.booking_check`` ask them too, so each rule lives here once.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from bookings.choices import Attendance, BookingReasonCode, LedgerReason, SessionStatus
from bookings.models import Booking, BookingBlockLift
from lscb_training.dates import format_date, format_time
from records.eligibility import Reason

NO_SHOWS_TO_BLOCK = 3
NO_SHOW_WINDOW = timedelta(days=365)

NO_SHOWS_MESSAGE = (
    "You cannot book for yourself at the moment: you did not attend three sessions in the last "
    "12 months. Speak to your line manager or the training team."
)


@dataclass(frozen=True)
class Mark:
    """One line of a register: the booking, how the person was marked and, for someone who
    arrived late, by how many minutes."""

    booking_id: int
    attendance: str
    minutes_late: int | None = None


def register_refusal(session, now=None):
    """Why the session's register cannot be marked now (a ``Reason``), or None: it opens when
    the session starts, and a cancelled session has none."""
    now = now or timezone.now()
    if session.status == SessionStatus.CANCELLED:
        return Reason(BookingReasonCode.SESSION_CANCELLED, "This session was cancelled, so it has no register.")
    if now < session.starts_at:
        opens = session.starts_at
        return Reason("register_not_open", f"The register opens at {format_time(opens)} on {format_date(opens)}.")
    return None


def mark_problem(mark, name):
    """What is wrong with one mark, in words, or None."""
    if mark.attendance not in Attendance.values:
        return f"Choose how {name} attended."
    if mark.attendance == Attendance.ARRIVED_LATE:
        if mark.minutes_late is None:
            return f"Enter how many minutes late {name} arrived."
        if not 0 < mark.minutes_late <= 24 * 60:
            return f"Enter how many minutes late {name} arrived, as a number from 1 to 1440."
    return None


def counts_as_attended(attendance, minutes_late=None):
    """Attended, or arrived late within ``BOOKING_LATE_GRACE_MINUTES``: the completion is recorded."""
    if attendance == Attendance.ATTENDED:
        return True
    return (
        attendance == Attendance.ARRIVED_LATE
        and minutes_late is not None
        and minutes_late <= settings.BOOKING_LATE_GRACE_MINUTES
    )


def charge_for(attendance):
    """The ledger reason a mark is charged for, or None: no-shows and leaving early."""
    return {
        Attendance.DID_NOT_ATTEND: LedgerReason.NO_SHOW,
        Attendance.LEFT_EARLY: LedgerReason.LEFT_EARLY,
    }.get(attendance)


def no_show_block(person, now=None):
    """The reason ``person`` may not book for themselves, or None: three no-shows at sessions
    that started in the last 12 months, and since an administrator last lifted a block. One query."""
    now = now or timezone.now()
    window_start = now - NO_SHOW_WINDOW
    last_lift = BookingBlockLift.objects.filter(person=person).order_by("-lifted_at").values("lifted_at")[:1]
    count = (
        Booking.objects.filter(user=person, attendance=Attendance.DID_NOT_ATTEND)
        .filter(session__starts_at__gt=window_start, session__starts_at__lte=now)
        .filter(session__starts_at__gt=Coalesce(Subquery(last_lift), Value(window_start)))
        .count()
    )
    if count >= NO_SHOWS_TO_BLOCK:
        return Reason(BookingReasonCode.NO_SHOWS, NO_SHOWS_MESSAGE)
    return None
