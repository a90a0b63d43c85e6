"""What the booking desk reads: a session's people in the four lists the training team works
from, the verdict on adding someone by hand, and the session list's minimum-numbers warning.

Reads only; every change the desk makes is a verb in ``bookings.services``.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from bookings import services
from bookings.choices import BookingStatus, SessionStatus
from bookings.rules import booking_check, is_late, late_cancellation_cutoff
from lscb_training.dates import local
from records.eligibility import eligibility


@dataclass
class SessionPeople:
    """A session's bookings, each with its person, agency and job role joined: ``confirmed``
    (and attended or not, once marked), ``awaiting_approval``, ``waiting`` (the waiting list in
    queue order, then the people offered a place, with their deadlines) and ``cancelled`` (late
    cancellations marked by ``cancelled_late``)."""

    confirmed: list = field(default_factory=list)
    awaiting_approval: list = field(default_factory=list)
    waiting: list = field(default_factory=list)
    offered: list = field(default_factory=list)
    cancelled: list = field(default_factory=list)


_LIST_OF_STATUS = {
    BookingStatus.CONFIRMED: "confirmed",
    BookingStatus.ATTENDED: "confirmed",
    BookingStatus.DID_NOT_ATTEND: "confirmed",
    BookingStatus.AWAITING_APPROVAL: "awaiting_approval",
    BookingStatus.WAITLISTED: "waiting",
    BookingStatus.OFFERED: "offered",
    BookingStatus.CANCELLED: "cancelled",
}


def session_people(session, now=None):
    """The session's people in their lists, after settling its offers: two queries when nothing
    is due, whatever the number of people."""
    bookings = services.session_bookings(session, now=now).select_related(
        "user__job_role", "agency", "eligibility_exception__granted_by"
    )
    people = SessionPeople()
    for booking in bookings.order_by("created_at", "id"):
        name = _LIST_OF_STATUS.get(booking.status)
        if name:
            getattr(people, name).append(booking)
    people.confirmed.sort(key=lambda booking: (booking.user.full_name.casefold(), booking.pk))
    people.waiting.sort(key=lambda booking: (booking.waitlisted_at is None, booking.waitlisted_at, booking.pk))
    for position, booking in enumerate(people.waiting, 1):
        booking.waiting_position = position
    people.offered.sort(key=lambda booking: (booking.offer_expires_at, booking.pk))
    people.cancelled.sort(key=lambda booking: (booking.cancelled_at or booking.created_at, booking.pk), reverse=True)
    return people


@dataclass(frozen=True)
class Verdict:
    """Whether a person may be booked on a session by hand: ``reasons`` the person may not (empty:
    they may), and whether the administrator may override them with a reason (only when every
    reason is the course's eligibility, which an individual exception sets aside)."""

    reasons: tuple
    overridable: bool

    @property
    def may_book(self):
        return not self.reasons


def verdict(person, session, now=None):
    """``bookings.rules.booking_check``'s answer, and whether an exception could override it
    (``services.book_by_hand`` applies the same test under the lock)."""
    now = now or timezone.now()
    reasons = booking_check(person, session, now, for_themselves=False).reasons
    course_reasons = {(r.code, r.message) for r in eligibility(person, session.course, on=local(now).date()).reasons}
    overridable = bool(reasons) and all((r.code, r.message) in course_reasons for r in reasons)
    return Verdict(reasons=tuple(reasons), overridable=overridable)


def may_fill_from_waiting_list(session, now=None):
    """Whether "fill from the waiting list" applies: after the cut-off, before the start."""
    now = now or timezone.now()
    return session.status == SessionStatus.SCHEDULED and is_late(session, now) and now < session.starts_at


def cutoff(session):
    return late_cancellation_cutoff(session)


def below_minimum(session, now=None):
    """True when a scheduled session with minimum numbers has fewer confirmed people than that
    and starts within ``BOOKING_MINIMUM_WARNING_DAYS``: the team may decide to cancel it.

    Reads ``confirmed_count`` as ``Session.objects.with_availability()`` annotates it, so a list
    of sessions costs no query per row.
    """
    now = now or timezone.now()
    if session.minimum_places is None or session.status != SessionStatus.SCHEDULED or session.starts_at <= now:
        return False
    if session.starts_at - now > timedelta(days=settings.BOOKING_MINIMUM_WARNING_DAYS):
        return False
    return session.confirmed_count < session.minimum_places
