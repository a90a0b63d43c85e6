"""Calendar files (RFC 5545) for sessions: the public feed and one session's download.

Public by design, so they carry nothing personal: no trainer contact details, no attendees.
Each session keeps one ``UID`` for life (its ``uid`` at a fixed domain, never a URL) and its
``SEQUENCE`` rises with every change of time, place or status, so calendar programs update
the entry they already hold instead of adding a second one.

Written for Outlook for Windows, Google Calendar and Apple Calendar, not only for parsers:

- one fixed Europe/London VTIMEZONE with yearly RRULEs (Outlook reads the rule, not RDATE
  lists), in every file, including a feed with no events;
- a cancelled session says so in SUMMARY and DESCRIPTION as well as STATUS (Outlook ignores
  STATUS), with a link to the course's other dates;
- links are built from the request's host, and repeated in DESCRIPTION (what Google and Outlook
  show);
- DTSTAMP and LAST-MODIFIED are when the session last changed, so an unchanged feed is the same
  bytes, and ``change_stamp`` (read from the database, so every app server agrees) gives the
  feed's ETag, Last-Modified and the cache key of its serialised body.
"""

import hashlib
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, Timezone, vDuration

from django.conf import settings
from django.db.models import F, Func, Subquery
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, PageLogEntry

from bookings.choices import SessionStatus
from bookings.models import Session, Venue
from lscb_training.dates import LONDON, local
from lscb_training.text import strip_control_characters

# Part of every UID. Fixed: changing it would duplicate every entry in every subscriber's calendar.
UID_DOMAIN = getattr(settings, "CALENDAR_UID_DOMAIN", "training.lscb.example.org")
PRODID = "-//LSCB CSE Training//Sessions calendar//EN"

# A session stays in the feed this long after it ends, so it does not vanish from subscribers'
# calendars the moment it starts (nor a cancelled one the moment it would have).
KEEP_ENDED_FOR = timedelta(days=90)
# How often calendar apps are asked to refetch (REFRESH-INTERVAL and Outlook's X-PUBLISHED-TTL).
REFRESH_EVERY = timedelta(hours=1)
# Serialised feeds are kept this long at most; a change in the database changes the key first.
CACHE_SECONDS = 24 * 60 * 60

FEED_NAME = "CSE training: what's on"
FEED_DESCRIPTION = (
    "Dates of multi-agency child sexual exploitation training. Changes and cancellations "
    "appear here; cancelled sessions stay, marked as cancelled."
)

# Europe/London since 1996 (EU rules): BST from 01:00 UTC on the last Sunday of March (01:00
# GMT), GMT from 01:00 UTC on the last Sunday of October (02:00 BST). Each DTSTART is local
# time in the offset in force before the change, as RFC 5545 section 3.6.5 requires.
LONDON_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/London
BEGIN:DAYLIGHT
TZNAME:BST
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
DTSTART:19970330T010000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZNAME:GMT
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
DTSTART:19961027T020000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""
_LONDON_TIMEZONE = Timezone.from_ical(LONDON_VTIMEZONE)


def session_uid(session):
    return f"{session.uid}@{UID_DOMAIN}"


def clean_text(value):
    """A TEXT value without the control characters RFC 5545 forbids (pasted from Word, say)."""
    return strip_control_characters(value or "").strip()


class ChangeStamp:
    """The latest change to anything a calendar file shows, read from the database.

    ``token`` changes whenever a session, venue or page is saved, added or deleted, a page is
    published, unpublished or moved (Wagtail logs each action), so it keys the cache on every
    app server alike; ``last_modified`` is the latest of those times.
    """

    def __init__(self, values):
        self.token = "|".join(str(value) for value in values)
        times = [value for value in values if isinstance(value, datetime)]
        self.last_modified = max(times, default=datetime(2000, 1, 1, tzinfo=UTC)).replace(microsecond=0)


def _latest(queryset, field):
    return Subquery(queryset.order_by(F(field).desc(nulls_last=True)).values(field)[:1])


def _count(queryset):
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"))


def change_stamp():
    """One query: latest changes and row counts of sessions, venues and pages (counts catch deletions).

    Read as columns of Wagtail's root page, the one row every site has.
    """
    values = (
        Page.objects.filter(depth=1)
        .annotate(
            session_changed=_latest(Session.objects.all(), "updated_at"),
            sessions=_count(Session.objects.all()),
            venue_changed=_latest(Venue.objects.all(), "updated_at"),
            page_published=_latest(Page.objects.all(), "last_published_at"),
            live_pages=_count(Page.objects.live()),
            page_logged=_latest(PageLogEntry.objects.all(), "timestamp"),
        )
        .values_list("session_changed", "sessions", "venue_changed", "page_published", "live_pages", "page_logged")
        .first()
    )
    return ChangeStamp(values or ())


def feed_window_start(now=None):
    """Sessions that ended after this stay in the feed: midnight in London, ``KEEP_ENDED_FOR`` ago.

    Whole days, so the feed's body changes at most once a day without a change in the database.
    """
    today = timezone.localdate(now, LONDON)
    return datetime(today.year, today.month, today.day, tzinfo=LONDON) - KEEP_ENDED_FOR


def feed_sessions(level=None, now=None):
    """The sessions of the feed: published, not ended before the window, optionally of one level."""
    sessions = Session.objects.published().ended_since(feed_window_start(now))
    if level is not None:
        sessions = sessions.for_level(level)
    return sessions.select_related("course", "venue").order_by("starts_at", "id")


class Links:
    """Absolute links on the host the calendar was fetched from (not the Wagtail Site record)."""

    def __init__(self, request):
        self.base = f"{request.scheme}://{request.get_host()}"
        self.request = request
        sample = Session.uid.field.default()
        # One reversal, then string work per session: a feed of 1,000 sessions reverses once.
        self._session_path = reverse("bookings:session_detail", args=[sample]).replace(str(sample), "{}")
        self._course_urls = {}

    def session(self, session):
        return self.base + self._session_path.format(session.uid)

    def course(self, course):
        if course.pk not in self._course_urls:
            url = course.get_url(self.request) or reverse("bookings:whats_on")
            self._course_urls[course.pk] = url if "://" in url else self.base + url
        return self._course_urls[course.pk]


def last_changed(session):
    """When anything this session's entry shows last changed: the session, its venue or its course."""
    times = [session.updated_at, session.venue.updated_at, session.course.last_published_at]
    return max(t for t in times if t).astimezone(UTC).replace(microsecond=0)


def session_event(session, links, transparent=False):
    cancelled = session.status == SessionStatus.CANCELLED
    title = clean_text(session.course.title)
    page = links.session(session)
    changed = last_changed(session)
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    event.add("dtstart", local(session.starts_at))
    event.add("dtend", local(session.ends_at))
    event.add("summary", f"Cancelled: {title}" if cancelled else title)
    event.add("location", clean_text(session.venue.full_address))
    event.add("url", page)
    event.add("sequence", session.sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if transparent:
        # A catalogue of dates, not the subscriber's own appointments: never shown as busy.
        event.add("transp", "TRANSPARENT")
    parts = []
    if cancelled:
        parts.append(
            f"Cancelled: this session will not run. Other dates for this course: {links.course(session.course)}"
        )
    parts += [session.course.summary, session.delegate_notes, session.venue.online_joining_note]
    parts.append(f"Details: {page}")
    event.add("description", "\n\n".join(text for text in map(clean_text, parts) if text))
    return event


def build_calendar(sessions, links, name=None, description=None, transparent=False):
    """A VCALENDAR with the fixed Europe/London VTIMEZONE and one VEVENT per session, as bytes."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", "Europe/London")
        calendar.add("refresh-interval", vDuration(REFRESH_EVERY), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(REFRESH_EVERY))
    if description:
        calendar.add("description", description)
        calendar.add("x-wr-caldesc", description)
    calendar.add_component(_LONDON_TIMEZONE)
    for session in sessions:
        calendar.add_component(session_event(session, links, transparent=transparent))
    return calendar.to_ical()


def feed_name(level=None):
    return FEED_NAME if level is None else f"CSE training: level {level}"


def feed_filename(level=None):
    return "whats-on.ics" if level is None else f"whats-on-level-{level}.ics"


def feed_tag(request, stamp, level=None, now=None):
    """What the feed's body depends on, hashed: the data, the day (the window), the host, the level."""
    parts = [stamp.token, feed_window_start(now).isoformat(), request.scheme, request.get_host(), str(level)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def build_feed(request, level=None):
    return build_calendar(
        feed_sessions(level),
        Links(request),
        name=feed_name(level),
        description=FEED_DESCRIPTION,
        transparent=True,
    )


def build_session_file(request, session):
    return build_calendar([session], Links(request))
