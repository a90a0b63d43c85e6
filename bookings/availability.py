"""The one rule for what a session's availability is, as every page shows it.

``availability(session)`` works from the ``confirmed_count`` and ``waitlisted_count``
annotations that ``Session.objects.with_availability()`` adds, so a list of sessions costs no
extra query per row. On a session without them it counts (two queries) rather than guessing.
"""

import enum
from dataclasses import dataclass

from django.utils import timezone

from bookings.dates import format_date


class AvailabilityCode(enum.StrEnum):
    PLACES_LEFT = "places_left"
    WAITING_LIST = "waiting_list"
    FULL = "full"
    NOT_OPEN = "not_open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Availability:
    code: AvailabilityCode
    label: str
    tag_class: str
    places_left: int = 0

    @property
    def can_book(self):
        """A newcomer can ask for a place (confirmed or on the waiting list) right now."""
        return self.code in (AvailabilityCode.PLACES_LEFT, AvailabilityCode.WAITING_LIST)

    def __str__(self):
        return self.label


def _counts(session):
    confirmed = getattr(session, "confirmed_count", None)
    waitlisted = getattr(session, "waitlisted_count", None)
    if confirmed is None or waitlisted is None:
        from bookings.models import BookingStatus

        confirmed = session.bookings.filter(status=BookingStatus.CONFIRMED).count()
        waitlisted = session.bookings.filter(status=BookingStatus.WAITLISTED).count()
    return confirmed, waitlisted


def availability(session, now=None):
    """Cancelled, then the booking window, then places, then the waiting list.

    While anyone is on the waiting list a freed place belongs to them, not to a newcomer, so a
    session with people waiting is shown as "Waiting list" even if a place has just come free.
    """
    from bookings.models import SessionStatus

    now = now or timezone.now()
    if session.status == SessionStatus.CANCELLED:
        return Availability(AvailabilityCode.CANCELLED, "Cancelled", "tag--grey")
    if session.booking_opens_at and now < session.booking_opens_at:
        return Availability(
            AvailabilityCode.NOT_OPEN, f"Booking opens {format_date(session.booking_opens_at)}", "tag--grey"
        )
    closes_at = session.booking_closes_at or session.starts_at
    if now >= closes_at:
        return Availability(AvailabilityCode.CLOSED, "Booking closed", "tag--grey")
    confirmed, waitlisted = _counts(session)
    places_left = max(session.capacity - confirmed, 0)
    if places_left and not waitlisted:
        label = "1 place left" if places_left == 1 else f"{places_left} places left"
        return Availability(AvailabilityCode.PLACES_LEFT, label, "tag--green", places_left)
    if waitlisted < session.waiting_list_size:
        return Availability(AvailabilityCode.WAITING_LIST, "Waiting list", "tag--yellow")
    return Availability(AvailabilityCode.FULL, "Full", "tag--red")
