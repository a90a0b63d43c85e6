"""Template tags for sessions: ``{% load session_tags %}``.

``session|session_when`` words a session's time; ``availability_label`` and
``availability_class`` turn the availability rule's code into the words and the colour a page
shows (the rule in ``bookings.availability`` returns facts, never words).
"""

from django import template

from bookings.availability import AvailabilityCode
from lscb_training.dates import format_date, format_when

register = template.Library()

TAG_CLASSES = {
    AvailabilityCode.PLACES_LEFT: "tag--green",
    AvailabilityCode.WAITING_LIST: "tag--yellow",
    AvailabilityCode.FULL: "tag--red",
    AvailabilityCode.NOT_OPEN: "tag--grey",
    AvailabilityCode.CLOSED: "tag--grey",
    AvailabilityCode.CANCELLED: "tag--grey",
}


@register.filter
def session_when(session):
    """'Tuesday 14 March 2027, 9:30am to 12:30pm' in Europe/London."""
    return format_when(session.starts_at, session.ends_at)


def label_for(availability):
    """The words for an availability: "3 places left", "Booking opens Monday 5 April 2027"."""
    code = availability.code
    if code == AvailabilityCode.PLACES_LEFT:
        left = availability.places_left
        return "1 place left" if left == 1 else f"{left} places left"
    if code == AvailabilityCode.NOT_OPEN:
        return f"Booking opens {format_date(availability.opens_at)}"
    return {
        AvailabilityCode.WAITING_LIST: "Waiting list",
        AvailabilityCode.FULL: "Full",
        AvailabilityCode.CLOSED: "Booking closed",
        AvailabilityCode.CANCELLED: "Cancelled",
    }[code]


@register.filter
def availability_label(availability):
    return label_for(availability)


@register.filter
def availability_class(availability):
    return TAG_CLASSES[availability.code]
