"""Calendar files (RFC 5545) for sessions: the public feed and one session's download.

Public by design, so they carry nothing personal: no trainer contact details, no attendees.
Each session keeps one ``UID`` for life (its ``uid`` at a fixed domain, never a URL) and its
``SEQUENCE`` rises with every change of time, place or status, so calendar programs update
the entry they already hold instead of adding a second one.
"""

from datetime import timedelta

from icalendar import Calendar, Event

from django.conf import settings
from django.utils import timezone

from bookings.choices import SessionStatus

# Part of every UID. Fixed: changing it would duplicate every entry in every subscriber's calendar.
UID_DOMAIN = getattr(settings, "CALENDAR_UID_DOMAIN", "training.lscb.example.org")
PRODID = "-//Cumbria LSCP//CSE Training//EN"


def session_uid(session):
    return f"{session.uid}@{UID_DOMAIN}"


def session_event(session, request, dtstamp):
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", dtstamp)
    event.add("dtstart", timezone.localtime(session.starts_at))
    event.add("dtend", timezone.localtime(session.ends_at))
    event.add("summary", session.course.title)
    event.add("location", session.venue.full_address)
    event.add("url", session.course.get_full_url(request))
    event.add("sequence", session.sequence)
    event.add("status", "CANCELLED" if session.status == SessionStatus.CANCELLED else "CONFIRMED")
    description = [session.course.summary, session.delegate_notes, session.venue.online_joining_note]
    event.add("description", "\n\n".join(part.strip() for part in description if part and part.strip()))
    return event


def build_calendar(sessions, request, name=None):
    """A VCALENDAR with one VEVENT per session and a compact Europe/London VTIMEZONE."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    dtstamp = timezone.now().replace(microsecond=0)
    sessions = list(sessions)
    for session in sessions:
        calendar.add_component(session_event(session, request, dtstamp))
    if sessions:
        # Only the transitions the events need, not 1970 to 2038 (add_missing_timezones' default).
        first = min(timezone.localdate(s.starts_at) for s in sessions) - timedelta(days=366)
        last = max(timezone.localdate(s.ends_at) for s in sessions) + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()
