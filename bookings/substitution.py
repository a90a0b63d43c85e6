"""Handing a confirmed place to a colleague: who may do it, and whether the colleague may take
it. ``bookings.services.substitute_booking`` obeys these under the session's lock; the
substitution pages ask them before showing the form.

Three people may hand on a place: the line manager named on the booking (signed in with that
email address, which the sign-in has confirmed), a lead of the agency the person booked from,
and a training administrator. The colleague must work for the same agency and pass the same
rule as anyone booking (``bookings.rules.booking_check``), except that the place they take is
already held, so a full session or closed booking does not stop them.
"""

from django.utils import timezone

from bookings.choices import BookingReasonCode, BookingStatus, SessionStatus
from bookings.rules import booking_check
from people.models import AgencyLeadership
from people.staff_access import is_training_administrator
from records.eligibility import Reason

# The place is handed over, not claimed: these say nothing about the colleague.
NOT_ABOUT_THE_COLLEAGUE = {BookingReasonCode.FULL, BookingReasonCode.CLOSED}


def is_line_manager_of(user, booking):
    email = (booking.line_manager_email or "").strip().lower()
    return bool(email) and user.email.strip().lower() == email


def leads_agency_of(user, booking):
    return (
        booking.agency_id is not None
        and AgencyLeadership.objects.filter(user=user, agency_id=booking.agency_id).exists()
    )


def may_substitute(user, booking):
    """Whether ``user`` may hand ``booking``'s place to a colleague (never the person themselves)."""
    if user is None or not getattr(user, "is_authenticated", False) or user.pk == booking.user_id:
        return False
    return is_training_administrator(user) or is_line_manager_of(user, booking) or leads_agency_of(user, booking)


def place_refusal(booking, now=None):
    """Why ``booking``'s place cannot be handed on now, whoever to, or None."""
    now = now or timezone.now()
    if booking.status != BookingStatus.CONFIRMED:
        status = booking.get_status_display().lower()
        return Reason("not_confirmed", f"Only a confirmed place can be handed to a colleague. This one is {status}.")
    if booking.session.status == SessionStatus.CANCELLED:
        return Reason(BookingReasonCode.SESSION_CANCELLED, "The session has been cancelled.")
    if now >= booking.session.starts_at:
        return Reason(
            BookingReasonCode.SESSION_STARTED, "The session has started, so the place can no longer be handed on."
        )
    return None


def colleague_reasons(booking, colleague, now=None):
    """Every reason ``colleague`` may not take ``booking``'s place (empty: they may), and the
    ``BookingCheck`` that found them (for the exception it may have set aside)."""
    now = now or timezone.now()
    if colleague.pk == booking.user_id:
        return [Reason("same_person", "Choose a colleague: this is the person who has the place.")], None
    if colleague.agency_id is None or colleague.agency_id != booking.agency_id:
        return [Reason("other_agency", "A place can only be handed to a colleague from the same agency.")], None
    check = booking_check(colleague, booking.session, now)
    return [reason for reason in check.reasons if reason.code not in NOT_ABOUT_THE_COLLEAGUE], check
