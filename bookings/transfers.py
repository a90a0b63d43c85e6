"""Moving a booking to another date of the same course: which dates it may go to, and who may
move it. ``bookings.services.transfer_booking`` obeys these under the sessions' locks; the
person's transfer page and the administrators' "Move booking" page ask them before showing a
choice.

A person moves their own booking only when the partnership cancelled its session (the email
link and the button on My bookings); an administrator may move any booking still held on a
session that has not started.
"""

from django.utils import timezone

from bookings.choices import ACTIVE_BOOKING_STATUSES, SessionStatus
from bookings.models import Session
from records.eligibility import Reason


def other_dates(booking, now=None):
    """The course's other sessions still to come and going ahead, soonest first, with their
    availability annotated (a fixed number of queries whatever their number)."""
    now = now or timezone.now()
    return (
        Session.objects.filter(course_id=booking.session.course_id, status=SessionStatus.SCHEDULED)
        .upcoming(now)
        .exclude(pk=booking.session_id)
        .with_availability()
        .order_by("starts_at", "id")
    )


def may_transfer_own(booking):
    """Whether the person may move this booking themselves: the partnership cancelled its
    session and the booking has not been moved or ended since."""
    return booking.cancelled_by_partnership and booking.status in ACTIVE_BOOKING_STATUSES


def move_refusal(booking, to_session, now=None):
    """Why ``booking`` cannot be moved to ``to_session`` whoever asks, or None. The person's own
    eligibility and the target's places are ``bookings.rules.booking_check``'s, asked by the verb."""
    now = now or timezone.now()
    if booking.status not in ACTIVE_BOOKING_STATUSES:
        return Reason("not_active", f"This booking cannot be moved: it is {booking.get_status_display().lower()}.")
    if to_session.pk == booking.session_id:
        return Reason("same_session", "Choose a different date: the booking is already on this one.")
    if to_session.course_id != booking.session.course_id:
        return Reason("other_course", "A booking can only be moved to another date of the same course.")
    if booking.session.status != SessionStatus.CANCELLED and now >= booking.session.starts_at:
        return Reason("started", "The session has started, so the booking can no longer be moved.")
    return None
