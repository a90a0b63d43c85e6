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
import uuid
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from icalendar import Calendar, Event, Timezone, vDDDTypes, vDuration, vInt, vText, vUri

from django.conf import settings
from django.db import connection
from django.db.models import F, Func, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from wagtail.models import Page, PageLogEntry

from bookings.choices import BookingStatus, SessionStatus
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


def clean_text(value):
    """A TEXT value without the control characters RFC 5545 forbids (pasted from Word, say)."""
    return strip_control_characters(value or "").strip()


class ChangeStamp:
    """The latest change to anything a calendar file shows, read from the database.

    ``token`` changes whenever a session or venue is saved, a session is added or deleted, or a
    page is published, unpublished, moved or deleted (Wagtail logs each action), so it keys the
    cache on every app server alike; ``last_modified`` is the latest of those times.
    """

    def __init__(self, values):
        self.token = "|".join(str(value) for value in values)
        times = [value for value in values if isinstance(value, datetime)]
        self.last_modified = max(times, default=datetime(2000, 1, 1, tzinfo=UTC)).replace(microsecond=0)


def _latest(queryset, field):
    # MAX() rather than ORDER BY ... LIMIT 1: both engines answer it from an index on the column.
    return Subquery(queryset.order_by().annotate(latest=Func(F(field), function="MAX")).values("latest"))


def _count(queryset):
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"))


def _stamp_query():
    """Latest changes and row counts of sessions, venues and pages (counts catch deletions), as
    columns of Wagtail's root page, the one row every site has."""
    return (
        Page.objects.filter(depth=1)
        .order_by()
        .values_list(
            _latest(Session.objects.all(), "updated_at"),
            _count(Session.objects.all()),
            _latest(Venue.objects.all(), "updated_at"),
            _latest(Page.objects.all(), "last_published_at"),
            _count(Page.objects.live()),
            _latest(PageLogEntry.objects.all(), "timestamp"),
        )[:1]
    )


# Compiled once per database engine: compiling the six subqueries costs more than running them,
# and the stamp is read on every fetch of a calendar file.
_stamp_sql = {}


def _as_utc(value):
    # The raw cursor gives SQLite's text, not a datetime (the ORM's converters are skipped).
    if isinstance(value, str):
        value = parse_datetime(value)
    if isinstance(value, datetime) and timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value


def change_stamp():
    """The ``ChangeStamp`` of the database as it stands, in one query."""
    if connection.vendor not in _stamp_sql:
        _stamp_sql[connection.vendor] = _stamp_query().query.sql_with_params()
    sql, params = _stamp_sql[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone() or ()
    return ChangeStamp([_as_utc(value) for value in row])


def feed_window_start(now=None):
    """Sessions that ended after this stay in the feed: midnight in London, ``KEEP_ENDED_FOR`` ago.

    Whole days, so the feed's body changes at most once a day without a change in the database.
    """
    today = timezone.localdate(now, LONDON)
    return datetime(today.year, today.month, today.day, tzinfo=LONDON) - KEEP_ENDED_FOR


class Entry(NamedTuple):
    """What one VEVENT shows of a session, its course and its venue: plain values, so a feed of
    1,000 sessions reads rows instead of building 1,000 sessions, pages and venues."""

    uid: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    status: str
    sequence: int
    updated_at: datetime
    delegate_notes: str
    course_id: int
    course_title: str
    course_summary: str
    course_published_at: datetime | None
    venue_name: str
    venue_address: str
    venue_postcode: str
    venue_online_joining_note: str
    venue_updated_at: datetime

    @classmethod
    def of(cls, session):
        course, venue = session.course, session.venue
        return cls(
            session.uid,
            session.starts_at,
            session.ends_at,
            session.status,
            session.sequence,
            session.updated_at,
            session.delegate_notes,
            course.pk,
            course.title,
            course.summary,
            course.last_published_at,
            venue.name,
            venue.address,
            venue.postcode,
            venue.online_joining_note,
            venue.updated_at,
        )


_ENTRY_COLUMNS = [
    "uid",
    "starts_at",
    "ends_at",
    "status",
    "sequence",
    "updated_at",
    "delegate_notes",
    "course_id",
    "course__title",
    "course__summary",
    "course__last_published_at",
    "venue__name",
    "venue__address",
    "venue__postcode",
    "venue__online_joining_note",
    "venue__updated_at",
]


def feed_entries(level=None, now=None):
    """The feed's sessions, as ``Entry`` rows in one query: published, not ended before the window
    (cancelled ones included), optionally of one level."""
    sessions = Session.objects.published().ended_since(feed_window_start(now))
    if level is not None:
        sessions = sessions.for_level(level)
    return [Entry(*row) for row in sessions.order_by("starts_at", "id").values_list(*_ENTRY_COLUMNS)]


class Links:
    """Absolute links on the host the calendar was fetched from (not the Wagtail Site record)."""

    def __init__(self, request, entries=()):
        self.base = f"{request.scheme}://{request.get_host()}"
        sample = Session.uid.field.default()
        # One reversal, then string work per session: a feed of 1,000 sessions reverses once.
        self._session_path = reverse("bookings:session_detail", args=[sample]).replace(str(sample), "{}")
        # Course pages only for cancelled sessions (their "other dates" link): one query or none.
        course_ids = {entry.course_id for entry in entries if entry.status == SessionStatus.CANCELLED}
        fallback = self.base + reverse("bookings:whats_on")
        self._course_urls = dict.fromkeys(course_ids, fallback)
        for page in Page.objects.filter(pk__in=course_ids) if course_ids else ():
            url = page.get_url(request)
            if url:
                self._course_urls[page.pk] = url if "://" in url else self.base + url

    def session(self, entry):
        return self.base + self._session_path.format(entry.uid)

    def course(self, entry):
        return self._course_urls[entry.course_id]


def last_changed(entry):
    """When anything this session's entry shows last changed: the session, its venue or its course."""
    times = [entry.updated_at, entry.venue_updated_at, entry.course_published_at]
    return max(t for t in times if t).astimezone(UTC).replace(microsecond=0)


def session_event(entry, links, transparent=False):
    """One VEVENT. Properties are set as icalendar's own types rather than through ``add()``,
    which infers each type anew: the same bytes, for a third less of a feed's cold build."""
    cancelled = entry.status == SessionStatus.CANCELLED
    title = clean_text(entry.course_title)
    page = links.session(entry)
    changed = vDDDTypes(last_changed(entry))
    parts = []
    if cancelled:
        parts.append(f"Cancelled: this session will not run. Other dates for this course: {links.course(entry)}")
    parts += [entry.course_summary, entry.delegate_notes, entry.venue_online_joining_note]
    parts.append(f"Details: {page}")
    event = Event()
    event["UID"] = vText(f"{entry.uid}@{UID_DOMAIN}")
    event["DTSTAMP"] = changed
    event["LAST-MODIFIED"] = changed
    event["DTSTART"] = vDDDTypes(local(entry.starts_at))
    event["DTEND"] = vDDDTypes(local(entry.ends_at))
    event["SUMMARY"] = vText(f"Cancelled: {title}" if cancelled else title)
    event["LOCATION"] = vText(clean_text(Venue.one_line(entry.venue_name, entry.venue_address, entry.venue_postcode)))
    event["URL"] = vUri(page)
    event["SEQUENCE"] = vInt(entry.sequence)
    event["STATUS"] = vText("CANCELLED" if cancelled else "CONFIRMED")
    if transparent:
        # A catalogue of dates, not the subscriber's own appointments: never shown as busy.
        event["TRANSP"] = vText("TRANSPARENT")
    event["DESCRIPTION"] = vText("\n\n".join(text for text in map(clean_text, parts) if text))
    return event


def build_calendar(entries, links, name=None, description=None, transparent=False):
    """A VCALENDAR with the fixed Europe/London VTIMEZONE and one VEVENT per ``Entry``, as bytes."""
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
    for entry in entries:
        calendar.add_component(session_event(entry, links, transparent=transparent))
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
    entries = feed_entries(level)
    return build_calendar(
        entries,
        Links(request, entries),
        name=feed_name(level),
        description=FEED_DESCRIPTION,
        transparent=True,
    )


def build_session_file(request, session):
    entry = Entry.of(session)
    return build_calendar([entry], Links(request, [entry]))


PERSONAL_FEED_NAME = "My CSE training"
PERSONAL_FEED_DESCRIPTION = "The sessions you have a confirmed place on. Keep this address private."


def personal_feed_entries(person, now=None):
    """The sessions ``person`` holds a confirmed place on, not ended before the feed's window,
    as ``Entry`` rows in one query."""
    sessions = Session.objects.filter(bookings__user=person, bookings__status=BookingStatus.CONFIRMED).ended_since(
        feed_window_start(now)
    )
    return [Entry(*row) for row in sessions.order_by("starts_at", "id").values_list(*_ENTRY_COLUMNS)]


def build_personal_feed(request, person):
    """The person's own feed: the public entries of their sessions (the same UIDs, so an entry
    updates in place), shown as busy; nothing about the person beyond which sessions they hold."""
    entries = personal_feed_entries(person)
    links = Links(request, entries)
    return build_calendar(entries, links, name=PERSONAL_FEED_NAME, description=PERSONAL_FEED_DESCRIPTION)
