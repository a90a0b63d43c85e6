"""Template tags for sessions: ``{% load session_tags %}``.

``session|session_when`` words a session's time; ``availability_label`` and
``availability_class`` turn the availability rule's code into the words and the colour a page
shows (the rule in ``bookings.availability`` returns facts, never words). ``session|session_url``
and ``session|session_calendar_url`` are a session's page and calendar file.
"""

import uuid

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html, format_html_join

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


_PLACEHOLDER = str(uuid.UUID(int=0))
_url_parts = {}


def _session_url(name, session):
    # A list of sessions links each one twice: reversing the URL pattern per row was a tenth of
    # the What's on page. The pattern is reversed once per URL configuration and filled in.
    key = (name, get_urlconf(), get_script_prefix())
    if key not in _url_parts:
        _url_parts[key] = reverse(name, args=[_PLACEHOLDER]).split(_PLACEHOLDER)
    before, after = _url_parts[key]
    return f"{before}{session.uid}{after}"


@register.filter
def session_url(session):
    return _session_url("bookings:session_detail", session)


@register.filter
def session_calendar_url(session):
    return _session_url("bookings:session_calendar", session)


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


_ROW = (
    '<tr><td class="session-list__when"><a href="{}">{}</a></td>{}'
    '<td data-label="Venue">{}</td><td data-label="Area">{}</td>'
    '<td data-label="Places"><strong class="tag {}">{}</strong></td>'
    '<td class="session-list__calendar"><a href="{}">Add to calendar'
    '<span class="visually-hidden">: {}, {}</span></a></td></tr>'
)


@register.simple_tag(takes_context=True)
def session_rows(context, sessions, show_course=False):
    """The rows of ``bookings/includes/session_list.html``, one per session.

    Written here rather than as a template loop: rendering twenty rows through the template
    engine (a dozen variable lookups, filters and links each) was a third of the What's on
    page. Each course's page URL is found once.
    """
    request = context.get("request")
    course_urls = {}

    def course_cell(session):
        if not show_course:
            return ""
        course = session.course
        if course.pk not in course_urls:
            course_urls[course.pk] = course.get_url(request) or ""
        level = getattr(session, "level_number", None)
        level_hint = format_html('<br><span class="hint">Level {}</span>', level) if level else ""
        return format_html(
            '<td data-label="Course"><a href="{}">{}</a>{}</td>', course_urls[course.pk], course.title, level_hint
        )

    def row(session):
        availability = session.availability
        return (
            session_url(session),
            session_when(session),
            course_cell(session),
            session.venue.name,
            session.venue.get_area_display(),
            TAG_CLASSES[availability.code],
            label_for(availability),
            session_calendar_url(session),
            session.course.title,
            format_date(session.starts_at),
        )

    return format_html_join("\n", _ROW, (row(session) for session in sessions))
