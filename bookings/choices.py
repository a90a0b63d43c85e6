"""The bookings app's enumerations, apart from the models so the rules that read them (the
availability rule, the calendar) need not import the models."""

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
