"""The bookings app's enumerations, apart from the models so the rules that read them (the
availability rule, the calendar) need not import the models."""

import enum

from django.db import models


class Area(models.TextChoices):
    CARLISLE = "carlisle", "Carlisle"
    ALLERDALE = "allerdale", "Allerdale"
    COPELAND = "copeland", "Copeland"
    EDEN = "eden", "Eden"
    SOUTH_LAKELAND = "south_lakeland", "South Lakeland"
    BARROW = "barrow", "Barrow-in-Furness"
    ONLINE = "online", "Online"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    WAITLISTED = "waitlisted", "On the waiting list"
    OFFERED = "offered", "Place offered"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    CANCELLED = "cancelled", "Cancelled"
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    SUBSTITUTED = "substituted", "Substituted"


class BookingReasonCode(models.TextChoices):
    """Why a person may not book a session, beyond the course's eligibility (``bookings.rules``)."""

    EMAIL_NOT_VERIFIED = "email_not_verified", "Email address not confirmed"
    ACCOUNT_INACTIVE = "account_inactive", "Account not active"
    SESSION_CANCELLED = "session_cancelled", "Session cancelled"
    SESSION_STARTED = "session_started", "Session started or over"
    NOT_OPEN = "not_open", "Booking not open yet"
    CLOSED = "closed", "Booking closed"
    ALREADY_BOOKED = "already_booked", "Already booked on this session"
    BOOKED_ON_ANOTHER_DATE = "booked_on_another_date", "Already booked on another date of this course"
    OVERLAPPING_BOOKING = "overlapping_booking", "Booked on another session at the same time"
    FULL = "full", "Session and waiting list full"
    NO_LINE_MANAGER = "no_line_manager", "No line manager named"
    NO_AGENCY = "no_agency", "No agency to approve a request"
    NO_AGENCY_LEAD = "no_agency_lead", "No agency lead to approve a request"
    NO_SHOWS = "no_shows", "Did not attend three sessions in 12 months"


# One of these per person and session (a conditional unique constraint on Booking).
ACTIVE_BOOKING_STATUSES = (
    BookingStatus.CONFIRMED,
    BookingStatus.WAITLISTED,
    BookingStatus.OFFERED,
    BookingStatus.AWAITING_APPROVAL,
)
# The bookings that hold one of the session's places: ``Session.places_taken`` counts these
# (an offered place is held for the person offered it; a request awaiting approval holds one).
PLACE_HOLDING_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.AWAITING_APPROVAL, BookingStatus.OFFERED)


class BookingEvent(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    OFFERED = "offered"
    OFFER_EXPIRED = "offer_expired"
    OFFER_DECLINED = "offer_declined"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    DECLINED = "declined"
    RELEASED = "released"
    CANCELLED = "cancelled"
    SESSION_CANCELLED = "session_cancelled"
    DID_NOT_ATTEND = "did_not_attend"
    LEFT_EARLY = "left_early"
    MOVED = "moved"
    SUBSTITUTED = "substituted"
    RESCHEDULED = "rescheduled"


# The register (bookings.attendance) and the ledger (bookings.ledger).


class Attendance(models.TextChoices):
    """How a confirmed person was marked on the register; blank on the booking until marked."""

    ATTENDED = "attended", "Attended"
    ARRIVED_LATE = "arrived_late", "Arrived late"
    LEFT_EARLY = "left_early", "Left early"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


class LedgerReason(models.TextChoices):
    LATE_CANCELLATION = "late_cancellation", "Late cancellation"
    NO_SHOW = "no_show", "Did not attend"
    LEFT_EARLY = "left_early", "Left early"


class LedgerStatus(models.TextChoices):
    DUE = "due", "Due"
    WAIVED = "waived", "Waived"
    INVOICED = "invoiced", "Invoiced"
