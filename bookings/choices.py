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
    CANCELLED = "cancelled", "Cancelled"
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


ACTIVE_BOOKING_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.WAITLISTED)


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
