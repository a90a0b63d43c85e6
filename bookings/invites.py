"""A person's own calendar invite for a booked session (RFC 5546, iTIP), sent by email.

Built on the public calendar (``bookings.calendar``): the same VEVENT of the session, the same
fixed Europe/London VTIMEZONE, and a UID made of the session's UID and the person, so the
entry a person holds from their invite never merges with (or replaces) the public feed's.

- ``METHOD:REQUEST`` adds or updates the entry; ``METHOD:CANCEL`` with the same UID and a
  higher SEQUENCE removes it. Calendar programs obey only a higher SEQUENCE.
- ORGANIZER is the partnership (its contact address in SiteSettings), ATTENDEE the person,
  with ``RSVP=FALSE``: the booking is the answer, and nobody reads replies to the organiser.
- An invite carries no secret link (no offer or calendar-feed token): it is forwarded, synced
  and shared with assistants. Its only link is the session's public page.
"""

from datetime import UTC

from icalendar import Calendar, Timezone, vCalAddress, vDDDTypes, vInt, vText

from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page

from bookings.calendar import LONDON_VTIMEZONE, UID_DOMAIN, Entry, Links, clean_text, session_event
from bookings.choices import SessionStatus
from bookings.models import Session

PRODID = "-//LSCB CSE Training//Booking invite//EN"
REQUEST = "REQUEST"
CANCEL = "CANCEL"


class BaseUrlLinks(Links):
    """``bookings.calendar.Links`` for a file made away from any request (an email): links on
    the site's public address instead of the request's host."""

    def __init__(self, base_url, entries=()):
        self.base = base_url.rstrip("/")
        sample = Session.uid.field.default()
        # As in Links: the session path from one reversal, course pages only for cancelled dates.
        self._session_path = reverse("bookings:session_detail", args=[sample]).replace(str(sample), "{}")
        fallback = self.base + reverse("bookings:whats_on")
        course_ids = {entry.course_id for entry in entries if entry.status == SessionStatus.CANCELLED}
        self._course_urls = dict.fromkeys(course_ids, fallback)
        for page in Page.objects.filter(pk__in=course_ids) if course_ids else ():
            url = page.get_url()
            if url:
                self._course_urls[page.pk] = url if "://" in url else self.base + url


def invite_uid(session, person):
    """The UID of ``person``'s entry for ``session``: the session's UID scheme plus the person."""
    return f"{session.uid}-{person.pk}@{UID_DOMAIN}"


def _address(email, name, **params):
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(clean_text(name) or email)
    for key, value in params.items():
        address.params[key.upper()] = vText(value)
    return address


def build_invite(booking, *, method, sequence, organizer_email, organizer_name, base_url, now=None):
    """The invite of ``booking`` as text: ``method`` REQUEST or CANCEL, at ``sequence``."""
    session, person = booking.session, booking.user
    entry = Entry.of(session)
    event = session_event(entry, BaseUrlLinks(base_url, [entry]))
    cancelled = method == CANCEL or session.status == SessionStatus.CANCELLED
    stamp = vDDDTypes((now or timezone.now()).astimezone(UTC).replace(microsecond=0))
    event["UID"] = vText(invite_uid(session, person))
    event["DTSTAMP"] = stamp
    event["SEQUENCE"] = vInt(sequence)
    event["STATUS"] = vText("CANCELLED" if cancelled else "CONFIRMED")
    if cancelled and not str(event["SUMMARY"]).startswith("Cancelled: "):
        event["SUMMARY"] = vText(f"Cancelled: {event['SUMMARY']}")
    event["ORGANIZER"] = _address(organizer_email, organizer_name)
    event["ATTENDEE"] = _address(
        person.email,
        person.full_name,
        role="REQ-PARTICIPANT",
        partstat="DECLINED" if cancelled else "ACCEPTED",
        rsvp="FALSE",
    )

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(Timezone.from_ical(LONDON_VTIMEZONE))
    calendar.add_component(event)
    return calendar.to_ical().decode()


def invite_filename(method):
    return "cancel.ics" if method == CANCEL else "invite.ics"
