"""Who may book a session: one call that says "may book" or gives every reason not, in words.

``booking_reasons(person, session)`` is read by the course and session pages before anyone
clicks, and re-checked by ``bookings.services`` after the session is locked, so a forced POST
meets the same reasons. It adds the booking's own reasons to the course's eligibility
(``records.eligibility``): an account that cannot book, the booking window, the session's state,
a request for approval that no lead could give, places already held, and a full session and
waiting list. An individual exception (records) sets aside only the eligibility reasons;
``booking_check`` returns it so the booking can show it.

The other rules about a booking live here too, each in one function that the verbs obey under
the session's lock and the pages ask before showing a button: ``cancellation`` (may it be
cancelled, why not, would it be late and from when) and ``offer_closed`` (can an offered place
still be answered). "Full" is the availability rule's (``bookings.availability``), worded here.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress

from django.conf import settings
from django.utils import timezone

from wagtail.models import Site

from bookings.attendance import no_show_block
from bookings.availability import AvailabilityCode, availability
from bookings.choices import (
    ACTIVE_BOOKING_STATUSES,
    PLACE_HOLDING_STATUSES,
    BookingReasonCode,
    BookingStatus,
    SessionStatus,
)
from bookings.models import Booking
from bookings.working_days import start_of_working_days_before
from lscb_training.dates import format_date, format_time, format_when, local
from lscb_training.models import SiteSettings
from people.models import AgencyLeadership
from records.eligibility import Reason, eligibility
from records.models import EligibilityException


@dataclass(frozen=True)
class BookingCheck:
    """Every reason a person may not book a session (empty: they may), and the individual
    exception that set aside the course's eligibility reasons, if one did."""

    reasons: tuple[Reason, ...]
    exception: EligibilityException | None = None
    set_aside: tuple[Reason, ...] = ()

    @property
    def may_book(self):
        return not self.reasons


def booking_reasons(person, session, now=None):
    """Every reason ``person`` may not book ``session`` now, in the order to deal with them."""
    return list(booking_check(person, session, now).reasons)


def booking_check(person, session, now=None, *, for_themselves=True):
    """``booking_reasons`` with the exception that set reasons aside. ``for_themselves=False``
    when the training team books the person: three no-shows stop a person booking for
    themselves only (they are told to speak to their line manager or the training team)."""
    now = now or timezone.now()
    course_eligibility = eligibility(person, session.course, on=local(now).date())
    no_shows = _no_show_reasons(person, now) if for_themselves else []
    reasons = [*_account_reasons(person), *no_shows, *_session_reasons(session, now)]
    set_aside = ()
    if course_eligibility.exception is None:
        reasons += course_eligibility.reasons
    else:
        set_aside = course_eligibility.reasons
    reasons += _approval_reasons(person, session)
    reasons += _held_place_reasons(person, session, now)
    if not reasons:
        reasons += _place_reasons(session, now)
    return BookingCheck(reasons=tuple(reasons), exception=course_eligibility.exception, set_aside=tuple(set_aside))


def _account_reasons(person):
    reasons = []
    if not person.is_active:
        reasons.append(
            Reason(
                BookingReasonCode.ACCOUNT_INACTIVE,
                "Your account is not active, so you cannot book. Contact the training team.",
            )
        )
    if not EmailAddress.objects.filter(user=person, email__iexact=person.email, verified=True).exists():
        reasons.append(
            Reason(
                BookingReasonCode.EMAIL_NOT_VERIFIED,
                "Confirm your email address before you book: follow the link in the email we sent you.",
            )
        )
    return reasons


def _no_show_reasons(person, now):
    """Three no-shows in 12 months, until an administrator lifts the block (one query)."""
    block = no_show_block(person, now)
    return [block] if block else []


def _session_reasons(session, now):
    if session.status == SessionStatus.CANCELLED:
        return [Reason(BookingReasonCode.SESSION_CANCELLED, "This session has been cancelled.")]
    if now >= session.ends_at:
        return [Reason(BookingReasonCode.SESSION_STARTED, "This session has already taken place.")]
    if now >= session.starts_at:
        return [Reason(BookingReasonCode.SESSION_STARTED, "This session has already started.")]
    if session.booking_opens_at and now < session.booking_opens_at:
        opens = session.booking_opens_at
        return [
            Reason(
                BookingReasonCode.NOT_OPEN,
                f"Booking for this session opens on {format_date(opens)} at {format_time(opens)}.",
            )
        ]
    if session.booking_closes_at and now >= session.booking_closes_at:
        closed = session.booking_closes_at
        return [
            Reason(
                BookingReasonCode.CLOSED,
                f"Booking for this session closed on {format_date(closed)} at {format_time(closed)}.",
            )
        ]
    return []


def deciding_leads(agency_id, person):
    """The leads who may decide a request ``person`` makes from ``agency_id``: its active leads,
    never the person themselves (``bookings.services.may_decide``)."""
    return AgencyLeadership.objects.filter(agency_id=agency_id, user__is_active=True).exclude(user=person)


def _approval_reasons(person, session):
    """A course that needs a lead's approval, asked for by someone no lead could approve: the
    request would wait for nobody and then be released (one query; more only to refuse)."""
    if not session.course.requires_lead_approval:
        return []
    needs = "This workshop needs your agency lead’s approval"
    if person.agency_id is None:
        return [
            Reason(
                BookingReasonCode.NO_AGENCY,
                f"{needs}, and your profile does not say which agency you work for. Add your agency to your "
                f"profile, or ask the training team{_for_help()}",
            )
        ]
    if deciding_leads(person.agency_id, person).exists():
        return []
    if AgencyLeadership.objects.filter(agency_id=person.agency_id, user=person).exists():
        situation = "and you are your agency’s only lead on this site: nobody can approve their own request"
    else:
        situation = "and your agency has no lead on this site yet"
    return [Reason(BookingReasonCode.NO_AGENCY_LEAD, f"{needs}, {situation}. Ask the training team{_for_help()}")]


def _for_help():
    """ ": <address>" with the partnership's contact address (the default site's settings, as
    the booking emails give it), or " for help." where there is none."""
    site = Site.objects.filter(is_default_site=True).first()
    address = SiteSettings.for_site(site).contact_email if site else ""
    return f": {address}" if address else " for help."


def _held_place_reasons(person, session, now):
    """This session already booked, another upcoming date of the course, or a place held on
    another session at an overlapping time (one query)."""
    held = (
        Booking.objects.filter(
            user=person,
            status__in=ACTIVE_BOOKING_STATUSES,
            session__status=SessionStatus.SCHEDULED,
            session__ends_at__gt=now,
        )
        .select_related("session")
        .order_by("session__starts_at", "id")
    )
    reasons = []
    for booking in held:
        other = booking.session
        if other.pk == session.pk:
            reasons.append(
                Reason(
                    BookingReasonCode.ALREADY_BOOKED,
                    f"You have already booked this session: {booking.get_status_display().lower()}.",
                )
            )
        elif other.course_id == session.course_id and other.starts_at > now:
            reasons.append(
                Reason(
                    BookingReasonCode.BOOKED_ON_ANOTHER_DATE,
                    f"You have already booked this course on {format_when(other.starts_at, other.ends_at)}. "
                    "Cancel that booking first if you want this date instead.",
                )
            )
        elif (
            booking.status in PLACE_HOLDING_STATUSES
            and other.starts_at < session.ends_at
            and session.starts_at < other.ends_at
        ):
            reasons.append(
                Reason(
                    BookingReasonCode.OVERLAPPING_BOOKING,
                    f"You have a place on “{other.course.title}” at the same time: "
                    f"{format_when(other.starts_at, other.ends_at)}.",
                )
            )
    return reasons


def _place_reasons(session, now):
    """A session whose places are all held and whose waiting list is full, as the availability
    rule says (one query at most). Only asked once every other reason is clear, so the
    session is scheduled and open for booking and "full" is the only answer left to word."""
    if availability(session, now).code == AvailabilityCode.FULL:
        return [Reason(BookingReasonCode.FULL, "This session is full and so is its waiting list.")]
    return []


@dataclass(frozen=True)
class Cancellation:
    """Whether a booking may be cancelled now: ``reason`` says why not (None: it may), ``late``
    whether cancelling now is a late cancellation, and ``cutoff`` the moment from which it is
    (None for a waiting-list place or an offer, which are never late)."""

    reason: Reason | None = None
    late: bool = False
    cutoff: datetime | None = None

    @property
    def may_cancel(self):
        return self.reason is None


def cancellation(booking, now=None):
    """The one rule for cancelling ``booking``: ``bookings.services.cancel_booking`` obeys it
    under the session's lock, and the pages ask it whether to offer "Cancel" and what to warn.

    A booking, an offer or a waiting-list place can be cancelled until the session starts, not
    once it is over or decided, and not on a cancelled session (nothing is left to cancel, and
    its people have been told). Only a place confirmed or awaiting approval can be late.
    """
    now = now or timezone.now()
    session = booking.session
    if booking.status not in ACTIVE_BOOKING_STATUSES:
        status = booking.get_status_display().lower()
        return Cancellation(Reason("not_active", f"This booking cannot be cancelled: it is {status}."))
    if session.status == SessionStatus.CANCELLED:
        message = "The session has been cancelled, so there is nothing to cancel."
        return Cancellation(Reason(BookingReasonCode.SESSION_CANCELLED, message))
    if now >= session.starts_at:
        message = "The session has started, so the booking cannot be cancelled."
        return Cancellation(Reason(BookingReasonCode.SESSION_STARTED, message))
    if booking.status in (BookingStatus.CONFIRMED, BookingStatus.AWAITING_APPROVAL):
        cutoff = late_cancellation_cutoff(session)
        if changed_since_booked(booking):
            # The partnership moved the date or venue after they booked: never late.
            return Cancellation(cutoff=None)
        return Cancellation(late=now >= cutoff, cutoff=cutoff)
    return Cancellation()


def changed_since_booked(booking):
    """Whether the session's time or venue changed after ``booking`` was made
    (``bookings.services.reschedule_session``)."""
    rescheduled_at = booking.session.rescheduled_at
    return rescheduled_at is not None and booking.created_at is not None and booking.created_at < rescheduled_at


def offer_closed(booking, now=None):
    """Why ``booking``'s offered place can no longer be answered, or None while it is open: the
    offer was answered or has lapsed, or its session has been cancelled or has started. Read by
    ``accept_offer`` and ``decline_offer`` under the lock, and by the pages that show the answer
    buttons."""
    now = now or timezone.now()
    session = booking.session
    if booking.status != BookingStatus.OFFERED:
        return Reason("offer_closed", "This offer is no longer open.")
    if session.status == SessionStatus.CANCELLED:
        return Reason(BookingReasonCode.SESSION_CANCELLED, "This session has been cancelled.")
    if now >= booking.offer_expires_at or now >= session.starts_at:
        return Reason("offer_expired", "This offer has expired.")
    return None


def late_cancellation_cutoff(session):
    """From this moment a cancelled place is late, and a freed place is no longer offered: the
    start of the day the course's cut-off (``CoursePage.late_cancellation_working_days``, else
    the site-wide ``BOOKING_LATE_CANCEL_WORKING_DAYS``) in working days before the session's."""
    return cutoff_before(session.starts_at, session.course.late_cancellation_working_days)


def cutoff_before(starts_at, course_days):
    """``late_cancellation_cutoff`` from a session's start and its course's own cut-off
    (``None`` for the default), for a list of sessions read without their courses."""
    days = settings.BOOKING_LATE_CANCEL_WORKING_DAYS if course_days is None else course_days
    return start_of_working_days_before(starts_at, days)


def is_late(session, now=None):
    return (now or timezone.now()) >= late_cancellation_cutoff(session)


def offer_deadline(session, now):
    """When an offer made ``now`` lapses: ``BOOKING_OFFER_HOURS`` later, never past the start."""
    return min(now + timedelta(hours=settings.BOOKING_OFFER_HOURS), session.starts_at)
