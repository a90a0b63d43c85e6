"""Venues, dated sessions of workshop courses, and the bookings that fill them.

Interface for the rest of the app and the apps above it:

- ``Session.objects`` is a ``SessionQuerySet``: ``published()`` (live courses only),
  ``upcoming(now=None)``, ``for_level(level)`` (a ``TrainingLevelPage`` or its number),
  ``in_area(area)``, ``in_month(year, month)`` (a Europe/London month), ``with_topic(slug)``,
  ``with_level_number()`` and ``with_availability()`` (booking counts annotated and course and
  venue joined, so a list of any length costs a fixed number of queries).
- ``session.places_taken`` counts the bookings holding a place (confirmed, awaiting approval,
  offered); only ``bookings.services`` changes it, with a conditional UPDATE, and the database
  refuses a count above capacity. ``manage.py reconcile_bookings`` checks it against the rows.
  A session's capacity, once it exists, changes only through ``services.change_capacity``;
  ``Session.save()`` writes neither.
- ``session.availability`` is the one availability rule (``bookings.availability``): an object
  with ``code``, ``places_left`` and ``opens_at``; ``{% load session_tags %}`` words it
  (``availability_label``, ``availability_class``). Use it on every page that shows places.
- ``session.when`` is the date and time as shown everywhere ("Tuesday 14 March 2027, 9:30am to
  12:30pm"); in templates ``{% load session_tags %}{{ session|session_when }}``.
- ``next_sessions_by_course(courses, limit=3)`` gives ``{course_id: [sessions]}`` in one query.
- ``{% include "bookings/includes/session_list.html" with sessions=... %}`` renders a list.
- ``session.uid`` is the stable calendar UID; ``session.sequence`` rises whenever the time,
  venue or status changes, in ``Session.save()`` (every edit path saves; never ``update()``
  those fields), and for sessions not yet over when their venue's name or address changes, in
  ``Venue.save()``.
"""

import secrets
import uuid
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from bookings.availability import availability
from bookings.choices import (
    ACTIVE_BOOKING_STATUSES,
    PLACE_HOLDING_STATUSES,
    Area,
    Attendance,
    BookingStatus,
    SessionStatus,
)
from courses.models import CoursePage, CourseTopic, level_number_of
from lscb_training.dates import LONDON, format_date, format_when
from lscb_training.text import TextCleaningMixin

__all__ = [
    "Area",
    "Booking",
    "BookingStatus",
    "CalendarToken",
    "Session",
    "SessionStatus",
    "Venue",
    "next_sessions_by_course",
]

# What a session's dates can mean to the partnership. The database holds the outer bounds on
# every write path (an import, the shell), far inside the years where a time-zone conversion
# overflows (a session in 9999 once made every calendar file fail); ``Session.clean`` holds the
# tighter, moving limit that people see.
EARLIEST_SESSION_YEAR = 2000
SESSION_YEARS_AHEAD = 5
LATEST_STORED_YEAR = 2099
LONGEST_SESSION = timedelta(days=3)
EARLIEST_BOOKING = timedelta(days=366)  # booking opens or closes at most a year before the start


class Venue(TextCleaningMixin):
    name = models.CharField(max_length=200)
    address = models.TextField(help_text="The street address, one line per row, without the postcode.")
    postcode = models.CharField(max_length=10, blank=True)
    area = models.CharField(max_length=20, choices=Area.choices)
    accessibility_notes = models.TextField(blank=True, help_text="Step-free access, hearing loops, toilets.")
    parking_notes = models.TextField(blank=True)
    online_joining_note = models.TextField(
        blank=True, help_text="For online venues: how delegates join (the link itself goes in the booking email)."
    )
    updated_at = models.DateTimeField(auto_now=True)

    # A session's calendar LOCATION is made of these; changing one changes entries people hold.
    CALENDAR_FIELDS = ("name", "address", "postcode")

    class Meta:
        ordering = ["name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._loaded_calendar = self._calendar_state()

    def __str__(self):
        return f"{self.name} ({self.get_area_display()})"

    def save(self, *args, **kwargs):
        moved = not self._state.adding and self._calendar_state() != self._loaded_calendar
        super().save(*args, **kwargs)
        self._loaded_calendar = self._calendar_state()
        if moved:
            # One UPDATE for every session not yet over: saving each would cost a query per
            # session, and only SEQUENCE and the change time move (Session.save's rule is about
            # the session's own fields).
            Session.objects.filter(venue=self, ends_at__gte=timezone.now()).update(
                sequence=F("sequence") + 1, updated_at=timezone.now()
            )

    def _calendar_state(self):
        return tuple(self.__dict__.get(name) for name in self.CALENDAR_FIELDS)

    @property
    def full_address(self):
        """Name, address lines and postcode on one line, as a calendar LOCATION wants."""
        return self.one_line(self.name, self.address, self.postcode)

    @staticmethod
    def one_line(name, address, postcode):
        """``full_address`` from the three values, for callers that read them without a Venue."""
        parts = [name, *(line.strip() for line in address.splitlines()), postcode]
        return ", ".join(part for part in parts if part)


def _booking_count(status):
    bookings = (
        Booking.objects.filter(session=OuterRef("pk"), status=status)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(bookings, output_field=models.IntegerField()), Value(0))


class SessionQuerySet(models.QuerySet):
    def published(self):
        """Sessions of courses that are live on the site."""
        return self.filter(course__live=True)

    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now())

    def ended_since(self, moment):
        """Sessions still running or to come, and those that ended at or after ``moment``."""
        return self.filter(ends_at__gte=moment)

    def scheduled(self):
        return self.filter(status=SessionStatus.SCHEDULED)

    def for_level(self, level):
        """Sessions of courses under a level: a ``TrainingLevelPage`` or its number."""
        return self.filter(course__in=CoursePage.objects.at_level(level).values("pk"))

    def in_area(self, area):
        return self.filter(venue__area=area)

    def in_month(self, year, month):
        """Sessions starting in a calendar month as the partnership sees it (Europe/London)."""
        start = datetime(year, month, 1, tzinfo=LONDON)
        end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=LONDON)
        return self.filter(starts_at__gte=start, starts_at__lt=end)

    def with_topic(self, slug):
        return self.filter(Exists(CourseTopic.objects.filter(content_object=OuterRef("course"), tag__slug=slug)))

    def with_level_number(self):
        """Annotates ``level_number`` (the course's level) without a query per row."""
        return self.annotate(level_number=level_number_of("course__path"))

    def with_availability(self):
        """Annotates the counts ``availability`` needs (the waiting list; places come from
        ``places_taken``) and the confirmed count, and joins course and venue."""
        return self.select_related("course", "venue").annotate(
            confirmed_count=_booking_count(BookingStatus.CONFIRMED),
            waitlisted_count=_booking_count(BookingStatus.WAITLISTED),
        )

    def with_place_drift(self):
        """Sessions whose ``places_taken`` disagrees with their place-holding bookings, each with
        ``rows_holding_places`` annotated (``manage.py reconcile_bookings``)."""
        holding = (
            Booking.objects.filter(session=OuterRef("pk"), status__in=PLACE_HOLDING_STATUSES)
            .order_by()
            .values("session")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            self.annotate(rows_holding_places=Coalesce(Subquery(holding, output_field=models.IntegerField()), Value(0)))
            .exclude(rows_holding_places=F("places_taken"))
            .select_related("course")
        )


class Session(TextCleaningMixin):
    """One dated run of a workshop course at a venue."""

    course = models.ForeignKey("courses.CoursePage", on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends")
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="sessions")
    capacity = models.PositiveIntegerField(validators=[MinValueValidator(1)], help_text="Confirmed places.")
    # Changed only by bookings.services, with a conditional UPDATE, never by a form.
    places_taken = models.PositiveIntegerField(default=0, editable=False)
    waiting_list_size = models.PositiveIntegerField(
        default=10, help_text="How many people may wait for a place. 0 means no waiting list."
    )
    trainers = models.CharField("trainer name(s)", max_length=300, blank=True)
    booking_opens_at = models.DateTimeField(
        "booking opens", null=True, blank=True, help_text="Leave empty to open booking now."
    )
    booking_closes_at = models.DateTimeField(
        "booking closes", null=True, blank=True, help_text="Leave empty to take bookings until the session starts."
    )
    status = models.CharField(max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    delegate_notes = models.TextField(
        "notes for delegates", blank=True, help_text="Shown on the site and in calendar files: what to bring."
    )
    minimum_places = models.PositiveIntegerField(
        "minimum numbers",
        null=True,
        blank=True,
        help_text="Fewest confirmed people for the session to run. The session list warns when it is below this "
        "close to the date. Leave empty for no minimum.",
    )
    # When its time or venue last changed for the people booked (bookings.services.reschedule_session):
    # a place booked before then may be cancelled without it counting as late.
    rescheduled_at = models.DateTimeField(null=True, blank=True, editable=False)
    uid = models.UUIDField("calendar UID", default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField("calendar sequence", default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    # Changing any of these changes the calendar entry people already hold.
    CALENDAR_FIELDS = ("starts_at", "ends_at", "venue_id", "status")
    # Written only by bookings.services once the session exists, never by save().
    SERVICE_FIELDS = ("places_taken", "capacity")

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="session_capacity_positive"),
            models.CheckConstraint(
                condition=Q(places_taken__lte=F("capacity")), name="session_never_more_places_taken_than_capacity"
            ),
            models.CheckConstraint(
                condition=Q(booking_opens_at__isnull=True)
                | Q(booking_closes_at__isnull=True)
                | Q(booking_closes_at__gte=F("booking_opens_at")),
                name="session_booking_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(starts_at__gte=datetime(EARLIEST_SESSION_YEAR, 1, 1, tzinfo=UTC))
                & Q(ends_at__lt=datetime(LATEST_STORED_YEAR + 1, 1, 1, tzinfo=UTC)),
                name="session_dates_within_supported_years",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__lte=F("starts_at") + LONGEST_SESSION), name="session_lasts_at_most_3_days"
            ),
            models.CheckConstraint(
                condition=Q(booking_opens_at__isnull=True)
                | (Q(booking_opens_at__lt=F("starts_at")) & Q(booking_opens_at__gte=F("starts_at") - EARLIEST_BOOKING)),
                name="session_booking_opens_in_the_year_before_start",
            ),
            models.CheckConstraint(
                condition=Q(booking_closes_at__isnull=True)
                | (
                    Q(booking_closes_at__lte=F("starts_at"))
                    & Q(booking_closes_at__gte=F("starts_at") - EARLIEST_BOOKING)
                ),
                name="session_booking_closes_in_the_year_before_start",
            ),
        ]
        # updated_at: the calendar files' change stamp reads its maximum on every fetch.
        indexes = [models.Index(fields=["status", "starts_at"]), models.Index(fields=["updated_at"])]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._loaded_calendar = self._calendar_state()

    def __str__(self):
        return f"{self.course.title}, {self.when}"

    def save(self, *args, **kwargs):
        # The one place SEQUENCE rises: the admin forms, the cancel action, the demo and the
        # bookings.services all save(), so calendars see every change of time or place.
        if not self._state.adding and self._calendar_state() != self._loaded_calendar:
            self.sequence += 1
            if "update_fields" in kwargs and kwargs["update_fields"] is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "sequence", "updated_at"}
        if not self._state.adding and kwargs.get("update_fields") is None:
            # places_taken and capacity belong to bookings.services, which change them while the
            # session is locked (change_capacity refuses a capacity below the places taken and
            # offers new places): an admin form holding an older copy must not write them back.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.SERVICE_FIELDS
            ]
        super().save(*args, **kwargs)
        self._loaded_calendar = self._calendar_state()

    def clean(self):
        errors = {}
        for name in ("starts_at", "ends_at", "booking_opens_at", "booking_closes_at"):
            message = _year_out_of_range(getattr(self, name))
            if message:
                errors[name] = message
        if self.course_id and self.course.is_e_learning:
            errors["course"] = "E-learning courses are taken online, not on a date. Choose a workshop course."
        if errors:
            # The rules below compare these dates; with one out of range they would only repeat it.
            raise ValidationError(errors)
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The session must end after it starts."
        elif self.starts_at and self.ends_at and self.ends_at - self.starts_at > LONGEST_SESSION:
            errors["ends_at"] = f"The session must end within {LONGEST_SESSION.days} days of its start."
        if self.booking_opens_at and self.booking_closes_at and self.booking_closes_at < self.booking_opens_at:
            errors["booking_closes_at"] = "Booking must close after it opens."
        elif self.starts_at and self.booking_closes_at and self.booking_closes_at > self.starts_at:
            errors["booking_closes_at"] = "Booking must close by the time the session starts."
        elif self.starts_at and self.booking_closes_at and self.booking_closes_at < self.starts_at - EARLIEST_BOOKING:
            errors["booking_closes_at"] = "Booking must close no more than a year before the session starts."
        if self.starts_at and self.booking_opens_at and self.booking_opens_at >= self.starts_at:
            errors["booking_opens_at"] = "Booking must open before the session starts."
        elif self.starts_at and self.booking_opens_at and self.booking_opens_at < self.starts_at - EARLIEST_BOOKING:
            errors["booking_opens_at"] = "Booking must open no more than a year before the session starts."
        if self._state.adding and self.starts_at and self.starts_at < timezone.now():
            errors["starts_at"] = "A new session must start in the future."
        if errors:
            raise ValidationError(errors)

    def _calendar_state(self):
        # __dict__ rather than getattr: a deferred field must not cost a query per instance.
        return tuple(self.__dict__.get(name) for name in self.CALENDAR_FIELDS)

    @property
    def availability(self):
        return availability(self)

    @property
    def when(self):
        return format_when(self.starts_at, self.ends_at)

    @property
    def is_cancelled(self):
        return self.status == SessionStatus.CANCELLED


def _year_out_of_range(value):
    """A plain message if ``value`` (a datetime or None) is outside the years a session can be in."""
    if value is None:
        return None
    # The year as given, not converted: converting a year-1 or year-9999 time can overflow, and
    # an hour either side of New Year does not change which years make sense.
    year, latest = value.year, timezone.localdate().year + SESSION_YEARS_AHEAD
    if year < EARLIEST_SESSION_YEAR:
        return f"Enter a date in {EARLIEST_SESSION_YEAR} or later."
    if year > latest:
        return f"Enter a date in {latest} or earlier."
    return None


def next_sessions_by_course(courses, limit=3, now=None, include_cancelled=False):
    """The next ``limit`` upcoming, not cancelled sessions of each course, in one query.

    Returns ``{course_id: [session, ...]}`` with availability annotated, and on each session
    ``upcoming_count``, how many there are in all (cancelled ones too if ``include_cancelled``);
    courses without any upcoming session are absent.
    """
    course_ids = [getattr(course, "pk", course) for course in courses]
    sessions = Session.objects.filter(course_id__in=course_ids).upcoming(now)
    if not include_cancelled:
        sessions = sessions.scheduled()
    sessions = (
        sessions.with_availability()
        .annotate(
            position=Window(RowNumber(), partition_by=[F("course_id")], order_by=[F("starts_at"), F("id")]),
            upcoming_count=Window(Count("id"), partition_by=[F("course_id")]),
        )
        .filter(position__lte=limit)
        .order_by("course_id", "starts_at", "id")
    )
    result = {}
    for session in sessions:
        result.setdefault(session.course_id, []).append(session)
    return result


class BookingQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_BOOKING_STATUSES)

    def confirmed(self):
        return self.filter(status=BookingStatus.CONFIRMED)

    def waitlisted(self):
        """The waiting list in queue order: first come, first offered."""
        return self.filter(status=BookingStatus.WAITLISTED).order_by("waitlisted_at", "id")

    def holding_places(self):
        """The bookings that ``Session.places_taken`` counts."""
        return self.filter(status__in=PLACE_HOLDING_STATUSES)

    def offered(self):
        return self.filter(status=BookingStatus.OFFERED)

    def awaiting_approval(self):
        return self.filter(status=BookingStatus.AWAITING_APPROVAL)

    def to_decide(self):
        """Requests a lead can still decide: awaiting approval on a session going ahead (on a
        cancelled one there is nothing to decide, and the request is kept as it was)."""
        return self.awaiting_approval().filter(session__status=SessionStatus.SCHEDULED)

    def upcoming(self, now=None):
        return self.filter(session__starts_at__gt=now or timezone.now())

    def for_person(self, person):
        return self.filter(user=person)

    def over(self, now=None):
        """Bookings that are history: sessions gone by, and cancelled, declined, moved or handed
        on places whatever the date. A booking still holding or waiting for a place on a session
        not yet ended is not."""
        return self.exclude(Q(status__in=ACTIVE_BOOKING_STATUSES) & Q(session__ends_at__gte=now or timezone.now()))

    def led_by(self, lead):
        """Bookings an agency lead may see: made by people of the agencies they lead, nobody else's."""
        return self.filter(agency__leaderships__user=lead).distinct()

    def with_waiting_position(self):
        """Annotates ``waiting_position``: 1 for the first person waiting on the session, and so
        on, in queue order (``waitlisted``); 0 for a booking not on the waiting list. One query."""
        ahead = (
            Booking.objects.filter(session=OuterRef("session"), status=BookingStatus.WAITLISTED)
            .filter(
                Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
                | Q(waitlisted_at=OuterRef("waitlisted_at"), id__lte=OuterRef("id"))
            )
            .order_by()
            .values("session")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            waiting_position=Case(
                When(status=BookingStatus.WAITLISTED, then=Coalesce(Subquery(ahead), Value(0))),
                default=Value(0),
                output_field=models.IntegerField(),
            )
        )


class Booking(models.Model):
    """A person's place on a session. Its state changes are verbs in ``bookings.services``."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="bookings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookings")
    # The person's agency when they booked: its leads approve the request, and a late
    # cancellation counts against it even if the person moves on.
    agency = models.ForeignKey("people.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=20, choices=BookingStatus.choices, default=BookingStatus.CONFIRMED)
    waitlisted_at = models.DateTimeField(
        null=True, blank=True, help_text="When the person joined the waiting list; the queue is in this order."
    )
    access_needs = models.TextField("access or reasonable-adjustment needs", blank=True)
    line_manager_name = models.CharField(max_length=200, blank=True)
    line_manager_email = models.EmailField(blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True, help_text="An offered place is held until then.")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_late = models.BooleanField(default=False, help_text="Cancelled inside the late-cancellation cut-off.")
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approval_requested_at = models.DateTimeField(
        null=True, blank=True, help_text="When the request went to the agency's leads; undecided ones are released."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    # The SEQUENCE of this person's calendar invite; it rises on every change that re-sends it,
    # and an offer link signed with it stops working once the offer is answered.
    sequence = models.PositiveIntegerField(default=0)
    # Which reminders went out ("7d", "1d"): written by bookings.notices.
    reminders_sent = models.JSONField(default=list, blank=True)
    # The completion that attending this session recorded (records.services.record_completion).
    # The producer points down at it; a completion knows nothing of bookings.
    completion = models.ForeignKey(
        "records.Completion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The individual exception (records.services.grant_exception) that set aside a reason the
    # course would have refused the person for, when they booked; kept if it is later withdrawn,
    # so the booking still says why it was allowed. An exception knows nothing of bookings.
    eligibility_exception = models.ForeignKey(
        "records.EligibilityException", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The partnership cancelled the session: never late, never charged (bookings.services.cancel_session).
    cancelled_by_partnership = models.BooleanField(default=False)
    # The booking that took this one's place on another session (bookings.services.transfer_booking).
    moved_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The colleague's booking that took this place (bookings.services.substitute_booking).
    substituted_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The register (bookings.services.mark_register): blank until the person is marked.
    attendance = models.CharField(max_length=20, choices=Attendance.choices, blank=True)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    minutes_late = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(status__in=ACTIVE_BOOKING_STATUSES),
                name="one_active_booking_per_person_and_session",
            ),
            models.CheckConstraint(
                condition=~Q(status=BookingStatus.OFFERED) | Q(offer_expires_at__isnull=False),
                name="offered_booking_has_an_expiry",
            ),
        ]
        # settle_offers looks for overdue offers on every read of a session's bookings.
        indexes = [models.Index(fields=["status", "offer_expires_at"])]

    def __str__(self):
        return f"{self.user} on {self.session_id}: {self.get_status_display()}"

    @property
    def exception_note(self):
        """The individual exception this booking was made under, in plain words, or "": "Booked
        under an individual exception granted by Sam Lee on Monday 1 March 2027: Covering the
        specialist team." Shown to the person, their agency's leads and in the audit log."""
        exception = self.eligibility_exception
        if exception is None:
            return ""
        granter = exception.granted_by
        by = (granter.full_name or granter.email) if granter else "the training team"
        reason = exception.reason.strip()
        if not reason.endswith((".", "!", "?")):
            reason += "."
        note = f"Booked under an individual exception granted by {by} on {format_date(exception.granted_at)}: {reason}"
        if exception.revoked_at:
            note += f" The exception was withdrawn on {format_date(exception.revoked_at)}."
        return note


class CalendarToken(models.Model):
    """The secret in a person's personal calendar feed URL. Resetting it (a new token) makes
    the old URL stop working."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Calendar feed of {self.user}"


# The notices' own models (what was sent, the editable wording), registered with this app.
from bookings.notice_models import EmailTemplate, SentNotice  # noqa: E402, F401

# The ledger and the booking blocks (bookings.ledger, bookings.attendance), registered with this app.
from bookings.register_models import BookingBlockLift, LedgerEntry  # noqa: E402, F401
