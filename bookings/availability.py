"""The one rule for what a session's availability is, as every page shows it.

``availability(session)`` returns facts (a code, the places left, when booking opens), never
words: ``bookings.templatetags.session_tags`` turns the code into a label and a colour. Places
come from ``session.places_taken``, the count ``bookings.services`` keeps (so pages and the
services agree); the waiting list from the ``waitlisted_count`` annotation that
``Session.objects.with_availability()`` adds, so a list of sessions costs no extra query per row.
On a session without it, it counts (one query) rather than guessing.
"""

import enum
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from bookings.choices import BookingStatus, SessionStatus


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
    places_left: int = 0
    opens_at: datetime | None = None

    @property
    def can_book(self):
        """A newcomer can ask for a place (confirmed or on the waiting list) right now."""
        return self.code in (AvailabilityCode.PLACES_LEFT, AvailabilityCode.WAITING_LIST)


def waiting_count(session):
    """How many people wait for a place on ``session``: the ``waitlisted_count`` annotation, or
    one query, kept on the session so the rules and the services that read it again pay once."""
    count = getattr(session, "waitlisted_count", None)
    if count is None:
        count = session.waitlisted_count = session.bookings.filter(status=BookingStatus.WAITLISTED).count()
    return count


def availability(session, now=None):
    """Cancelled, then the booking window, then places, then the waiting list.

    While anyone is on the waiting list a freed place belongs to them, not to a newcomer, so a
    session with people waiting is shown as "Waiting list" even if a place has just come free.
    """
    now = now or timezone.now()
    if session.status == SessionStatus.CANCELLED:
        return Availability(AvailabilityCode.CANCELLED)
    if session.booking_opens_at and now < session.booking_opens_at:
        return Availability(AvailabilityCode.NOT_OPEN, opens_at=session.booking_opens_at)
    closes_at = session.booking_closes_at or session.starts_at
    if now >= closes_at:
        return Availability(AvailabilityCode.CLOSED)
    waitlisted = waiting_count(session)
    places_left = max(session.capacity - session.places_taken, 0)
    if places_left and not waitlisted:
        return Availability(AvailabilityCode.PLACES_LEFT, places_left)
    if waitlisted < session.waiting_list_size:
        return Availability(AvailabilityCode.WAITING_LIST)
    return Availability(AvailabilityCode.FULL)
