"""What a signed-in person can do about one session, as the course page, the session page and
the booking form show it: the button ("Book a place", "Join the waiting list", "Request a place
(needs approval)") or every reason they may not book (``bookings.rules.booking_check``)."""

import enum
from dataclasses import dataclass

from bookings.availability import AvailabilityCode
from bookings.rules import BookingCheck, booking_check


class ActionKind(enum.StrEnum):
    BOOK = "book"
    JOIN_WAITING_LIST = "join_waiting_list"
    REQUEST = "request"
    REFUSED = "refused"


LABELS = {
    ActionKind.BOOK: "Book a place",
    ActionKind.JOIN_WAITING_LIST: "Join the waiting list",
    ActionKind.REQUEST: "Request a place (needs approval)",
}


@dataclass(frozen=True)
class BookingAction:
    session: object
    kind: ActionKind
    check: BookingCheck

    @property
    def label(self):
        return LABELS.get(self.kind, "")

    @property
    def reasons(self):
        return self.check.reasons


def kind_for(session, check):
    if not check.may_book:
        return ActionKind.REFUSED
    if session.availability.code != AvailabilityCode.PLACES_LEFT:
        # A free place goes to the people waiting first; booking_check found room on the list.
        return ActionKind.JOIN_WAITING_LIST
    if session.course.requires_lead_approval:
        return ActionKind.REQUEST
    return ActionKind.BOOK


def booking_action(person, session, now=None):
    check = booking_check(person, session, now)
    return BookingAction(session, kind_for(session, check), check)
