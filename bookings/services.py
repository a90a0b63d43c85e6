"""State changes of sessions and bookings: one verb each, called by every view, admin screen,
command and task that needs it, so a rule, its audit log entry and its notices live in one place.

Every verb that changes a session's places works the same way (pretix's locking, here per
session): inside ``transaction.atomic()`` it locks the session row (PostgreSQL
``SELECT ... FOR UPDATE`` with a short ``lock_timeout``; SQLite's IMMEDIATE transactions already
let one writer in at a time), re-reads the session and the booking, re-checks the rules, claims or
frees a place with a conditional UPDATE of ``Session.places_taken`` (the database's check
constraint refuses more than capacity whatever happens), writes Wagtail's audit log and, once the
transaction commits, sends ``bookings.signals.booking_changed`` (``bookings.notices`` emails it).

Refusals raise ``BookingRefused`` with every reason in words and change nothing; a lock not
granted in time raises ``BookingBusy`` ("busy, please try again").

A freed place (a cancellation, a declined or expired offer, a declined or released request, a
raised capacity) is offered to the first person waiting, until the late-cancellation cut-off;
``settle_offers`` expires overdue offers and offers on, and runs first in every verb and read
of a session's bookings, so expiry never depends on a timer alone.
"""

from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from wagtail.log_actions import get_active_log_context
from wagtail.models import ModelLogEntry

from bookings import attendance as register_rules
from bookings.availability import waiting_count
from bookings.choices import (
    PLACE_HOLDING_STATUSES,
    Attendance,
    BookingEvent,
    BookingReasonCode,
    BookingStatus,
    LedgerReason,
    LedgerStatus,
    SessionStatus,
)
from bookings.ledger import new_entry
from bookings.models import Booking, BookingBlockLift, CalendarToken, LedgerEntry, Session
from bookings.rules import (
    booking_check,
    cancellation,
    cutoff_before,
    is_late,
    late_cancellation_cutoff,
    offer_closed,
    offer_deadline,
)
from bookings.signals import booking_changed
from bookings.substitution import colleague_reasons, may_substitute, place_refusal
from bookings.transfers import move_refusal
from bookings.working_days import add_working_days
from lscb_training.dates import format_date, format_when, local
from people.models import AgencyLeadership
from records.choices import CompletionSource
from records.eligibility import Reason, eligibility
from records.services import grant_exception, record_completions, withdraw_completion

# Audit log actions, registered in bookings.wagtail_hooks.
BOOK = "bookings.book"
CANCEL = "bookings.cancel"
OFFER = "bookings.offer"
ACCEPT_OFFER = "bookings.accept_offer"
DECLINE_OFFER = "bookings.decline_offer"
EXPIRE_OFFER = "bookings.expire_offer"
APPROVE = "bookings.approve"
DECLINE = "bookings.decline"
RELEASE = "bookings.release"
CHANGE_CAPACITY = "bookings.change_capacity"
CANCEL_SESSION = "bookings.cancel_session"
RESET_CALENDAR_TOKEN = "bookings.reset_calendar_token"  # noqa: S105 - an audit action, not a secret
MOVE_IN_WAITING_LIST = "bookings.move_in_waiting_list"
OFFER_OUT_OF_TURN = "bookings.offer_out_of_turn"
FILL_FROM_WAITING_LIST = "bookings.fill_from_waiting_list"
MARK_ATTENDANCE = "bookings.mark_attendance"
CORRECT_ATTENDANCE = "bookings.correct_attendance"
CHARGE = "bookings.charge"
WAIVE = "bookings.waive"
INVOICE = "bookings.invoice"
LIFT_BOOKING_BLOCK = "bookings.lift_booking_block"
ADD_WALK_IN = "bookings.add_walk_in"
TRANSFER = "bookings.transfer"
SUBSTITUTE = "bookings.substitute"
RESCHEDULE = "bookings.reschedule"


class BookingRefused(Exception):  # noqa: N818 - a refusal, not a fault
    """The change was refused and nothing changed; ``reasons`` says why, in plain words."""

    def __init__(self, reasons):
        self.reasons = [reason if isinstance(reason, Reason) else Reason("refused", str(reason)) for reason in reasons]
        super().__init__(" ".join(reason.message for reason in self.reasons))

    @property
    def messages(self):
        return [reason.message for reason in self.reasons]


class BookingBusy(Exception):  # noqa: N818 - the words people see: "busy, please try again"
    """Another booking of the same session held the lock too long: try again in a moment."""


_NO_LINE_MANAGER = Reason(
    BookingReasonCode.NO_LINE_MANAGER,
    "Enter your line manager’s name and email address: your profile does not have them.",
)


def _refuse(code, message):
    raise BookingRefused([Reason(code, message)])


@contextmanager
def locked_session(session_pk):
    """A transaction holding the session's row lock; yields the session as it is now.

    On PostgreSQL a lock not granted within ``BOOKING_LOCK_TIMEOUT`` (and on SQLite a write lock
    not granted within the connection's timeout) raises ``BookingBusy``.
    """
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('lock_timeout', %s, true)", [settings.BOOKING_LOCK_TIMEOUT])
            session = Session.objects.select_for_update(of=("self",)).select_related("course").get(pk=session_pk)
            yield session
    except OperationalError as error:
        if _is_lock_timeout(error):
            raise BookingBusy("Many people are booking this session right now. Please try again.") from error
        raise


@contextmanager
def _settled_and_locked(session_pk, now):
    """Where every verb starts: the session's lapsed offers settled (any read or write of a
    session's bookings settles first, so nobody acts on an offer that has ended), then the
    session locked as ``locked_session`` locks it."""
    settle_offers(Session(pk=session_pk), now=now)
    with locked_session(session_pk) as session:
        yield session


def _is_lock_timeout(error):
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) == "55P03":  # lock_not_available
        return True
    return "database is locked" in str(error)


def _claim_place(session):
    """Takes one of the session's places if one is free: True if it did."""
    claimed = Session.objects.filter(pk=session.pk, places_taken__lt=F("capacity")).update(
        places_taken=F("places_taken") + 1
    )
    if claimed:
        session.places_taken += 1
    return bool(claimed)


def _free_place(session):
    freed = Session.objects.filter(pk=session.pk, places_taken__gt=0).update(places_taken=F("places_taken") - 1)
    if freed:
        session.places_taken -= 1


def log(instance, action, user=None, data=None):
    """Writes Wagtail's audit log entry for ``instance``, as ``wagtail.log_actions.log`` does
    (the request's user and log context), in one INSERT: ``ModelLogEntry.save`` validates the
    row first, a query per foreign key, and the verbs log while they hold the session's lock."""
    context = get_active_log_context()
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
                object_id=str(instance.pk),
                label=str(instance),
                action=action,
                data=data or {},
                timestamp=timezone.now(),
                user=user or context.user,
                uuid=context.uuid,
            )
        ]
    )


def log_many(instances, action, user=None, data_of=None):
    """``log`` for many instances in one INSERT (a register of any size); ``data_of(instance)``
    gives each entry's data."""
    context = get_active_log_context()
    now = timezone.now()
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
                object_id=str(instance.pk),
                label=str(instance),
                action=action,
                data=data_of(instance) if data_of else {},
                timestamp=now,
                user=user or context.user,
                uuid=context.uuid,
            )
            for instance in instances
        ]
    )


def _announce(booking, event, by, **extra):
    """Sends ``booking_changed`` once the transaction commits (never for a change rolled back)."""
    transaction.on_commit(lambda: booking_changed.send(sender=Booking, booking=booking, event=event, by=by, **extra))


def _locked_booking(booking, session):
    """The booking as it is now, on the locked session (so the rules read that session)."""
    booking = Booking.objects.select_related("user").get(pk=booking.pk, session=session)
    booking.session = session
    return booking


def _user_or_none(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


# Booking


def book_session(person, session, *, access_needs="", line_manager_name="", line_manager_email="", by=None, now=None):
    """Books ``person`` on ``session`` and returns the booking.

    A place is confirmed while one is free and nobody is waiting (or, for a course that needs a
    lead's approval, held awaiting approval); otherwise the person joins the waiting list while
    it has room. The line manager comes from the profile unless given. Raises
    ``BookingRefused`` with every reason (``bookings.rules``) or ``BookingBusy``.
    """
    now = now or timezone.now()
    by = _user_or_none(by) or person
    line_manager_name = (line_manager_name or "").strip() or person.line_manager_name
    line_manager_email = (line_manager_email or "").strip() or person.line_manager_email
    missing_line_manager = [] if line_manager_name and line_manager_email else [_NO_LINE_MANAGER]
    settle_offers(session, now=now)
    # Checked first without the lock: most people a busy session refuses (full, not eligible)
    # then never queue for it, so the lock is held only by bookings that may succeed. The same
    # check runs again under the lock, where the answer is final. The session is read afresh,
    # so a caller's copy with old counts cannot refuse a place that is free.
    current = Session.objects.select_related("course").get(pk=session.pk)
    for_themselves = by.pk == person.pk
    check = booking_check(person, current, now, for_themselves=for_themselves)
    if check.reasons or missing_line_manager:
        raise BookingRefused([*check.reasons, *missing_line_manager])
    with locked_session(session.pk) as session:
        check = booking_check(person, session, now, for_themselves=for_themselves)
        if check.reasons:
            raise BookingRefused(check.reasons)
        needs_approval = session.course.requires_lead_approval
        if not waiting_count(session) and _claim_place(session):
            status = BookingStatus.AWAITING_APPROVAL if needs_approval else BookingStatus.CONFIRMED
        else:
            # booking_check found room on the waiting list, under the lock.
            status = BookingStatus.WAITLISTED
        try:
            booking = Booking.objects.create(
                session=session,
                user=person,
                agency_id=person.agency_id,
                status=status,
                # The clock read under the lock, so the queue is in the order people joined it.
                waitlisted_at=max(now, timezone.now()) if status == BookingStatus.WAITLISTED else None,
                approval_requested_at=now if status == BookingStatus.AWAITING_APPROVAL else None,
                access_needs=(access_needs or "").strip(),
                line_manager_name=line_manager_name,
                line_manager_email=line_manager_email,
                # Only an exception that set a reason aside: one held by someone the course
                # would take anyway changed nothing about this booking.
                eligibility_exception=check.exception if check.set_aside else None,
            )
        except IntegrityError:
            # The same person in another tab, between our check and our insert. The refusal
            # leaves the transaction, which rolls back, place claimed above and all (so no
            # savepoint is needed around the insert).
            _refuse(BookingReasonCode.ALREADY_BOOKED, "You have already booked this session.")
        log(booking, BOOK, user=by, data={"status": status, "session": session.pk, "exception": booking.exception_note})
        _announce(booking, BookingEvent(status), by)
    return booking


def cancel_booking(booking, *, by, now=None):
    """Cancels a booking, an offer or a waiting-list place, as ``bookings.rules.cancellation``
    allows (until the session starts; not on a cancelled session).

    A confirmed place (or one awaiting approval) cancelled inside the late-cancellation cut-off
    is recorded as late. The freed place is offered on. Returns the booking.
    """
    now = now or timezone.now()
    by = _user_or_none(by)
    with _settled_and_locked(booking.session_id, now) as session:
        booking = _locked_booking(booking, session)
        allowed = cancellation(booking, now)
        if not allowed.may_cancel:
            raise BookingRefused([allowed.reason])
        was = booking.status
        late = allowed.late
        _end(booking, cancelled_by=by, now=now, late=late)
        log(booking, CANCEL, user=by, data={"late": late})
        if late:
            _charge(booking, session, LedgerReason.LATE_CANCELLATION)
        # What it was: only a confirmed place had a calendar invite and its line manager's copy.
        _announce(booking, BookingEvent.CANCELLED, by, late=late, was=was)
        if was in PLACE_HOLDING_STATUSES:
            _free_place(session)
            _offer_free_places(session, now)
    return booking


def _end(booking, *, now, cancelled_by=None, late=False, fields=()):
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    booking.cancelled_by = cancelled_by
    booking.cancelled_late = late
    booking.offer_expires_at = None
    booking.sequence += 1
    booking.save(
        update_fields=[
            "status",
            "cancelled_at",
            "cancelled_by",
            "cancelled_late",
            "offer_expires_at",
            "sequence",
            "updated_at",
            *fields,
        ]
    )


# Offers


def accept_offer(booking, *, by, now=None):
    """Takes up an offered place: confirmed (awaiting approval if the course needs it)."""
    now = now or timezone.now()
    by = _user_or_none(by)
    with _settled_and_locked(booking.session_id, now) as session:
        booking = _locked_booking(booking, session)
        _check_open_offer(booking, now)
        needs_approval = session.course.requires_lead_approval
        booking.status = BookingStatus.AWAITING_APPROVAL if needs_approval else BookingStatus.CONFIRMED
        booking.approval_requested_at = now if needs_approval else None
        booking.offer_expires_at = None
        booking.sequence += 1
        booking.save(update_fields=["status", "approval_requested_at", "offer_expires_at", "sequence", "updated_at"])
        log(booking, ACCEPT_OFFER, user=by)
        _announce(booking, BookingEvent(booking.status), by)
    return booking


def decline_offer(booking, *, by, now=None):
    """Turns down an offered place; it is offered to the next person waiting."""
    now = now or timezone.now()
    by = _user_or_none(by)
    with _settled_and_locked(booking.session_id, now) as session:
        booking = _locked_booking(booking, session)
        _check_open_offer(booking, now)
        _end(booking, cancelled_by=by, now=now)
        log(booking, DECLINE_OFFER, user=by)
        _announce(booking, BookingEvent.OFFER_DECLINED, by)
        _free_place(session)
        _offer_free_places(session, now)
    return booking


def _check_open_offer(booking, now):
    closed = offer_closed(booking, now)
    if closed is not None:
        raise BookingRefused([closed])


def settle_offers(session=None, now=None, *, sessions=None):
    """Expires overdue offers and offers free places to the people waiting, in order.

    For one session, for a page's ``sessions`` (a list or a QuerySet), or (neither: the periodic
    job) every session with something due. Costs one query when nothing is due. A cancelled
    session is left as it is: its offers are closed (``bookings.rules.offer_closed``), nobody is
    offered a place on it, and nobody is told an offer on it lapsed after being told it will
    not run. Returns how many sessions it settled.
    """
    now = now or timezone.now()
    overdue = Booking.objects.filter(session=OuterRef("pk"), status=BookingStatus.OFFERED, offer_expires_at__lte=now)
    waiting = Booking.objects.filter(session=OuterRef("pk"), status=BookingStatus.WAITLISTED)
    candidates = (
        Session.objects.scheduled()
        .annotate(has_overdue=Exists(overdue))
        .filter(Q(has_overdue=True) | (Exists(waiting) & Q(places_taken__lt=F("capacity"), starts_at__gt=now)))
    )
    if session is not None:
        candidates = candidates.filter(pk=session.pk)
    if sessions is not None:
        pks = sessions.values("pk") if isinstance(sessions, QuerySet) else [listed.pk for listed in sessions]
        candidates = candidates.filter(pk__in=pks)
    # After the late-cancellation cut-off a free place waits for an administrator: such a
    # session is due only when an offer has lapsed (the cut-off is in working days, not SQL).
    due = [
        pk
        for pk, has_overdue, starts_at, course_days in candidates.values_list(
            "pk", "has_overdue", "starts_at", "course__late_cancellation_working_days"
        )
        if has_overdue or now < cutoff_before(starts_at, course_days)
    ]
    settled = 0
    for pk in due:
        try:
            with locked_session(pk) as locked:
                if locked.status == SessionStatus.CANCELLED:
                    continue  # cancelled since the look above
                for offer in (
                    locked.bookings.offered().filter(offer_expires_at__lte=now).order_by("offer_expires_at", "id")
                ):
                    _end(offer, now=now)
                    _free_place(locked)
                    log(offer, EXPIRE_OFFER, user=None)
                    _announce(offer, BookingEvent.OFFER_EXPIRED, None)
                _offer_free_places(locked, now)
        except BookingBusy:
            # Someone else holds the session (a booking, or another server settling it): the
            # next read or the periodic job settles it. A page that only reads must not fail.
            continue
        settled += 1
    return settled


def _offer_free_places(session, now):
    """Offers each free place to the next person waiting, while offers are still made."""
    if session.status == SessionStatus.CANCELLED or now >= session.starts_at or is_late(session, now):
        return
    for booking in session.bookings.waitlisted().select_related("user"):
        if not _claim_place(session):
            break
        booking.status = BookingStatus.OFFERED
        booking.offer_expires_at = offer_deadline(session, now)
        booking.sequence += 1
        booking.save(update_fields=["status", "offer_expires_at", "sequence", "updated_at"])
        log(booking, OFFER, user=None, data={"expires": booking.offer_expires_at.isoformat()})
        _announce(booking, BookingEvent.OFFERED, None)


# Capacity


def change_capacity(session, capacity, *, by, now=None):
    """Sets the session's capacity; new places are offered to the people waiting.

    Refused, with the number, below the places already held.
    """
    now = now or timezone.now()
    with _settled_and_locked(session.pk, now) as locked:
        if capacity < 1:
            _refuse("capacity", "Enter a capacity of 1 or more.")
        if capacity < locked.places_taken:
            _refuse(
                "capacity",
                f"{locked.places_taken} places are taken (confirmed, offered or awaiting approval), "
                f"so the capacity cannot be lower than {locked.places_taken}.",
            )
        before = locked.capacity
        Session.objects.filter(pk=locked.pk, places_taken__lte=capacity).update(capacity=capacity, updated_at=now)
        locked.capacity = capacity
        log(locked, CHANGE_CAPACITY, user=_user_or_none(by), data={"from": before, "to": capacity})
        _offer_free_places(locked, now)
    session.capacity, session.places_taken = locked.capacity, locked.places_taken
    return locked


# The booking desk: an administrator's changes to a session's people, each with its reason.


def book_by_hand(person, session, *, by, reason="", now=None):
    """An administrator books ``person`` on ``session`` and returns the booking.

    The verdict is ``bookings.rules.booking_check``'s, as for the person themselves. A refusal
    for the course's eligibility alone (``records.eligibility``: role, prerequisites) may be
    overridden with a ``reason``, which becomes the person's individual exception for the course
    (``records.services.grant_exception``) in the same transaction as the booking, so a booking
    refused for another reason (full, already booked, closed) leaves no exception behind. Every
    other reason still refuses: the desk changes capacity or the window first.
    """
    now = now or timezone.now()
    reason = (reason or "").strip()
    check = booking_check(person, session, now, for_themselves=False)
    if check.reasons and reason:
        overridable = {(r.code, r.message) for r in eligibility(person, session.course, on=local(now).date()).reasons}
        others = [r for r in check.reasons if (r.code, r.message) not in overridable]
        if others:
            raise BookingRefused(others)
        with transaction.atomic():
            try:
                grant_exception(person, session.course, reason, granted_by=_user_or_none(by))
            except ValidationError as error:
                raise BookingRefused(
                    [message for messages in error.message_dict.values() for message in messages]
                ) from None
            return book_session(person, session, by=by, now=now)
    if check.reasons:
        raise BookingRefused(check.reasons)
    return book_session(person, session, by=by, now=now)


def _reason_given(reason):
    reason = (reason or "").strip()
    if not reason:
        _refuse("reason", "Enter the reason for the change.")
    return reason


def _waiting(booking, session, now):
    booking = _locked_booking(booking, session)
    if booking.status != BookingStatus.WAITLISTED:
        _refuse("not_waiting", f"{booking.user} is not on the waiting list.")
    if session.status == SessionStatus.CANCELLED:
        _refuse(BookingReasonCode.SESSION_CANCELLED, "The session has been cancelled.")
    if now >= session.starts_at:
        _refuse(BookingReasonCode.SESSION_STARTED, "The session has started, so the waiting list is closed.")
    return booking


def move_in_waiting_list(booking, position, *, by, reason, now=None):
    """Moves a person waiting to ``position`` (1 is next to be offered) on the waiting list.

    The queue is in ``waitlisted_at`` order, so the people waiting swap their join times: the
    same times, now in the new order (each kept strictly after the one before). One UPDATE.
    Refused, changing nothing, without a reason or with a position outside the list.
    """
    now = now or timezone.now()
    reason = _reason_given(reason)
    with _settled_and_locked(booking.session_id, now) as session:
        booking = _waiting(booking, session, now)
        queue = list(session.bookings.waitlisted())
        if not 1 <= position <= len(queue):
            _refuse("position", f"Enter a position from 1 to {len(queue)}.")
        before = next(n for n, waiting in enumerate(queue, 1) if waiting.pk == booking.pk)
        times = [waiting.waitlisted_at or now for waiting in queue]
        queue.remove(next(waiting for waiting in queue if waiting.pk == booking.pk))
        queue.insert(position - 1, booking)
        previous = None
        for waiting, joined in zip(queue, sorted(times), strict=True):
            waiting.waitlisted_at = (
                joined if previous is None or joined > previous else previous + timedelta(microseconds=1)
            )
            previous = waiting.waitlisted_at
        Booking.objects.bulk_update(queue, ["waitlisted_at"])
        log(
            booking,
            MOVE_IN_WAITING_LIST,
            user=_user_or_none(by),
            data={"from": before, "to": position, "reason": reason},
        )
    return booking


def offer_out_of_turn(booking, *, by, reason, now=None):
    """Offers a free place to a person waiting, ahead of those before them (for example to keep
    a mix of agencies), with the reason in the audit log. The offer lasts as any offer does.

    Refused, changing nothing, without a reason or when no place is free (raise the capacity
    first: before the cut-off a free place goes to the first person waiting at once).
    """
    now = now or timezone.now()
    reason = _reason_given(reason)
    with _settled_and_locked(booking.session_id, now) as session:
        booking = _waiting(booking, session, now)
        if not _claim_place(session):
            _refuse(
                BookingReasonCode.FULL,
                f"{_all_places_taken(session)}, so there is no place to offer now. Move them to number 1 on the "
                "waiting list and the next place that comes free is theirs.",
            )
        booking.status = BookingStatus.OFFERED
        booking.offer_expires_at = offer_deadline(session, now)
        booking.sequence += 1
        booking.save(update_fields=["status", "offer_expires_at", "sequence", "updated_at"])
        log(
            booking,
            OFFER_OUT_OF_TURN,
            user=_user_or_none(by),
            data={"expires": booking.offer_expires_at.isoformat(), "reason": reason},
        )
        _announce(booking, BookingEvent.OFFERED, _user_or_none(by))
    return booking


def _all_places_taken(session):
    return "The only place is taken" if session.capacity == 1 else f"All {session.capacity} places are taken"


def fill_from_waiting_list(session, *, by, now=None):
    """After the late-cancellation cut-off, when free places are no longer offered, confirms
    the people waiting, in order, into the free places and tells each of them. Returns the
    bookings confirmed.

    Refused, changing nothing, before the cut-off (places are offered then), once the session
    has started or been cancelled, or when no place is free or nobody is waiting.
    """
    now = now or timezone.now()
    with _settled_and_locked(session.pk, now) as locked:
        if locked.status == SessionStatus.CANCELLED:
            _refuse(BookingReasonCode.SESSION_CANCELLED, "The session has been cancelled.")
        if now >= locked.starts_at:
            _refuse(BookingReasonCode.SESSION_STARTED, "The session has started.")
        if not is_late(locked, now):
            _refuse(
                "before_cutoff",
                "Free places are still offered to the people waiting, one by one, until the cut-off on "
                f"{format_date(late_cancellation_cutoff(locked))}.",
            )
        free = locked.capacity - locked.places_taken
        waiting = list(locked.bookings.waitlisted().select_related("user")[: max(free, 0)])
        if free <= 0:
            _refuse(BookingReasonCode.FULL, f"{_all_places_taken(locked)}.")
        if not waiting:
            _refuse("nobody_waiting", "Nobody is waiting.")
        claimed = Session.objects.filter(pk=locked.pk, places_taken__lte=F("capacity") - len(waiting)).update(
            places_taken=F("places_taken") + len(waiting)
        )
        if not claimed:
            _refuse(BookingReasonCode.FULL, "The places were taken meanwhile. Reload the page.")
        locked.places_taken += len(waiting)
        for booking in waiting:
            booking.status = BookingStatus.CONFIRMED
            booking.sequence += 1
            booking.updated_at = now
        Booking.objects.bulk_update(waiting, ["status", "sequence", "updated_at"])
        user = _user_or_none(by)
        for booking in waiting:
            log(booking, FILL_FROM_WAITING_LIST, user=user)
            _announce(booking, BookingEvent.CONFIRMED, user)
    session.places_taken = locked.places_taken
    return waiting


# Lead approval


def approve_booking(booking, *, by, now=None):
    """A lead of the person's agency confirms a place awaiting approval."""
    now = now or timezone.now()
    with _settled_and_locked(booking.session_id, now) as session:
        booking = _locked_booking(booking, session)
        _check_decision(booking, session, by, now)
        booking.status = BookingStatus.CONFIRMED
        booking.decided_by, booking.decided_at = by, now
        booking.sequence += 1
        booking.save(update_fields=["status", "decided_by", "decided_at", "sequence", "updated_at"])
        log(booking, APPROVE, user=by)
        _announce(booking, BookingEvent.APPROVED, by)
    return booking


def decline_booking(booking, *, by, reason="", now=None):
    """A lead of the person's agency turns down a request; the place is offered on."""
    now = now or timezone.now()
    with _settled_and_locked(booking.session_id, now) as session:
        booking = _locked_booking(booking, session)
        _check_decision(booking, session, by, now)
        booking.decided_by, booking.decided_at = by, now
        booking.decline_reason = (reason or "").strip()
        _end(booking, now=now, fields=("decided_by", "decided_at", "decline_reason"))
        log(booking, DECLINE, user=by, data={"reason": booking.decline_reason})
        _announce(booking, BookingEvent.DECLINED, by, reason=booking.decline_reason)
        _free_place(session)
        _offer_free_places(session, now)
    return booking


def _check_decision(booking, session, by, now):
    if booking.status != BookingStatus.AWAITING_APPROVAL:
        _refuse("decided", "This request has already been decided or withdrawn.")
    if not may_decide(by, booking):
        _refuse("not_lead", "Only a lead of the person’s agency can decide this request.")
    if session.status == SessionStatus.CANCELLED:
        _refuse(BookingReasonCode.SESSION_CANCELLED, "The session has been cancelled, so there is nothing to decide.")
    if now >= session.starts_at:
        _refuse(BookingReasonCode.SESSION_STARTED, "The session has started, so the request can no longer be decided.")


def may_decide(user, booking):
    """Whether ``user`` leads the agency the person booked from, and is not that person."""
    if user is None or not getattr(user, "is_authenticated", False) or booking.agency_id is None:
        return False
    if user.pk == booking.user_id:
        return False
    return AgencyLeadership.objects.filter(user=user, agency_id=booking.agency_id).exists()


def approval_deadline(booking):
    """When an undecided request is released: ``BOOKING_APPROVAL_WORKING_DAYS`` working days on."""
    return add_working_days(booking.approval_requested_at, settings.BOOKING_APPROVAL_WORKING_DAYS)


def release_undecided(now=None):
    """Releases requests left undecided past their deadline (or until their session started);
    each freed place is offered on. Returns how many were released."""
    now = now or timezone.now()
    # A request on a cancelled session is left as it is, as its offers are: the person has been
    # told the session will not run, and "not decided in time" would only confuse them.
    candidates = Booking.objects.to_decide().select_related("session")
    due = [
        booking
        for booking in candidates
        if booking.approval_requested_at is None
        or approval_deadline(booking) <= now
        or booking.session.starts_at <= now
    ]
    released = 0
    for candidate in due:
        with _settled_and_locked(candidate.session_id, now) as session:
            booking = _locked_booking(candidate, session)
            if booking.status != BookingStatus.AWAITING_APPROVAL or session.status == SessionStatus.CANCELLED:
                continue  # decided or released meanwhile (another server), or the session cancelled
            _end(booking, now=now)
            log(booking, RELEASE, user=None)
            _announce(booking, BookingEvent.RELEASED, None)
            _free_place(session)
            _offer_free_places(session, now)
            released += 1
    return released


# Sessions


def cancel_session(session, by=None, now=None):
    """Cancels a session, logged against ``by`` in the Wagtail audit log.

    Its calendar entry becomes STATUS:CANCELLED with a higher SEQUENCE (``Session.save``); each
    person holding or waiting for a place is told (``SESSION_CANCELLED``), their bookings kept as
    they were so "My bookings" shows the cancelled date. An open offer closes with it
    (``bookings.rules.offer_closed``): its email link stops working (the booking's SEQUENCE
    rises), it cannot be accepted, and ``settle_offers`` leaves the session alone from now on.
    Returns ``False``, changing nothing, if it was already cancelled (a double submit).
    """
    now = now or timezone.now()
    with _settled_and_locked(session.pk, now) as locked:
        if locked.status == SessionStatus.CANCELLED:
            return False
        locked.status = SessionStatus.CANCELLED
        locked.save()
        log(instance=locked, action=CANCEL_SESSION, user=_user_or_none(by))
        for booking in locked.bookings.active().select_related("user"):
            booking.sequence += 1
            # Never late and never charged; the person may move to another date (transfer_booking).
            booking.cancelled_by_partnership = True
            booking.save(update_fields=["sequence", "cancelled_by_partnership", "updated_at"])
            _announce(booking, BookingEvent.SESSION_CANCELLED, _user_or_none(by))
    session.status, session.sequence = locked.status, locked.sequence
    return True


def transfer_booking(booking, to_session, *, by, join_waiting_list=False, now=None):
    """Moves ``booking`` to ``to_session``, another date of the same course, and returns the new
    booking: the person's own move after the partnership cancelled the session
    (``bookings.transfers.may_transfer_own``), or an administrator's "Move booking".

    The old booking ends (not late, never charged) pointing at the new one; its place is freed
    and offered on. The new one is checked as a booking is (``booking_check``): a confirmed
    place stays confirmed, anything else is booked as ``book_session`` would. With no free place
    the move is refused unless ``join_waiting_list``. The person is told twice: the old date
    leaves their calendar (``MOVED``), the new one arrives with its invite.
    """
    now = now or timezone.now()
    by = _user_or_none(by)
    # Checked first without the locks too: a move to the same session would lock it twice.
    refusal = move_refusal(booking, to_session, now)
    if refusal is not None:
        raise BookingRefused([refusal])
    settle_offers(booking.session, now=now)
    settle_offers(to_session, now=now)
    # Both sessions locked, always in the same order, so two moves in opposite directions
    # cannot wait for each other.
    first, second = sorted({booking.session_id, to_session.pk})
    with locked_session(first) as one, locked_session(second) as other:
        locked = {one.pk: one, other.pk: other}
        source, target = locked[booking.session_id], locked[to_session.pk]
        booking = _locked_booking(booking, source)
        refusal = move_refusal(booking, target, now)
        if refusal is not None:
            raise BookingRefused([refusal])
        was = booking.status
        # Ended first, so its own date does not count as "already booked on another date".
        _end(booking, cancelled_by=by, now=now)
        if was in PLACE_HOLDING_STATUSES:
            _free_place(source)
        check = booking_check(booking.user, target, now)
        if check.reasons:
            raise BookingRefused(check.reasons)
        needs_approval = target.course.requires_lead_approval and was != BookingStatus.CONFIRMED
        if not waiting_count(target) and _claim_place(target):
            status = BookingStatus.AWAITING_APPROVAL if needs_approval else BookingStatus.CONFIRMED
        elif join_waiting_list:
            status = BookingStatus.WAITLISTED
        else:
            _refuse(BookingReasonCode.FULL, f"{target.course.title} on {target.when} has no free place.")
        moved = Booking.objects.create(
            session=target,
            user=booking.user,
            agency_id=booking.agency_id,
            status=status,
            waitlisted_at=max(now, timezone.now()) if status == BookingStatus.WAITLISTED else None,
            approval_requested_at=now if status == BookingStatus.AWAITING_APPROVAL else None,
            access_needs=booking.access_needs,
            line_manager_name=booking.line_manager_name,
            line_manager_email=booking.line_manager_email,
            eligibility_exception=check.exception if check.set_aside else booking.eligibility_exception,
        )
        booking.moved_to = moved
        booking.save(update_fields=["moved_to", "updated_at"])
        log(booking, TRANSFER, user=by, data={"from": source.pk, "to": target.pk, "booking": moved.pk})
        _announce(booking, BookingEvent.MOVED, by, was=was, new_when=target.when)
        _announce(moved, BookingEvent(status), by)
        _offer_free_places(source, now)
    return moved


def substitute_booking(booking, colleague, *, by, now=None):
    """Hands ``booking``'s confirmed place to ``colleague`` of the same agency, up to the
    session's start, and returns the colleague's booking (``bookings.substitution``: the line
    manager on the booking, a lead of its agency or an administrator may).

    The place changes hands without being freed, so nobody waiting takes it and
    ``places_taken`` does not move. The original booking becomes SUBSTITUTED (never late, never
    charged, not "did not attend") and leaves the person's calendar; the colleague is sent the
    confirmation with the invite. Refused, with every reason and nothing changed, otherwise.
    """
    now = now or timezone.now()
    by = _user_or_none(by)
    with _settled_and_locked(booking.session_id, now) as session:
        booking = _locked_booking(booking, session)
        if not may_substitute(by, booking):
            _refuse("not_allowed", "Only the person’s line manager, an agency lead or the training team can do this.")
        refusal = place_refusal(booking, now)
        if refusal is not None:
            raise BookingRefused([refusal])
        reasons, check = colleague_reasons(booking, colleague, now)
        if reasons:
            raise BookingRefused(reasons)
        substitute = Booking.objects.create(
            session=session,
            user=colleague,
            agency_id=colleague.agency_id,
            status=BookingStatus.CONFIRMED,
            line_manager_name=colleague.line_manager_name or booking.line_manager_name,
            line_manager_email=colleague.line_manager_email or booking.line_manager_email,
            eligibility_exception=check.exception if check.set_aside else None,
        )
        booking.status = BookingStatus.SUBSTITUTED
        booking.substituted_by = substitute
        booking.sequence += 1
        booking.save(update_fields=["status", "substituted_by", "sequence", "updated_at"])
        name = colleague.full_name or colleague.email
        log(booking, SUBSTITUTE, user=by, data={"to": colleague.pk, "booking": substitute.pk, "name": name})
        _announce(booking, BookingEvent.SUBSTITUTED, by, was=BookingStatus.CONFIRMED, substitute_name=name)
        _announce(substitute, BookingEvent.CONFIRMED, by)
    return substitute


def reschedule_session(session, *, was_starts_at, was_ends_at, was_venue, by=None, now=None):
    """Tells everyone holding or waiting for a place on ``session`` that its time or venue
    changed (from the ``was_`` values; the session is already saved with the new ones, which
    raised its calendar SEQUENCE): each is sent a plain-words summary, and those with a
    confirmed place the updated invite (same UID, higher SEQUENCE). ``rescheduled_at`` is set,
    so a place booked before the change is never late to cancel (``bookings.rules.cancellation``).
    Returns how many people were told; 0, changing nothing, if neither time nor venue changed.
    """
    now = now or timezone.now()
    by = _user_or_none(by)
    with _settled_and_locked(session.pk, now) as locked:
        changes = _what_changed(locked, was_starts_at, was_ends_at, was_venue)
        if not changes or locked.status == SessionStatus.CANCELLED:
            return 0
        locked.rescheduled_at = now
        locked.save(update_fields=["rescheduled_at", "updated_at"])
        log(locked, RESCHEDULE, user=by, data={"changes": changes})
        told = 0
        for booking in locked.bookings.active().select_related("user"):
            booking.sequence += 1
            booking.save(update_fields=["sequence", "updated_at"])
            _announce(booking, BookingEvent.RESCHEDULED, by, changes=changes)
            told += 1
    session.rescheduled_at = locked.rescheduled_at
    return told


def _what_changed(session, was_starts_at, was_ends_at, was_venue):
    """The changes people are told, one plain sentence each."""
    changes = []
    if (was_starts_at, was_ends_at) != (session.starts_at, session.ends_at):
        changes.append(
            f"The date and time: it was {format_when(was_starts_at, was_ends_at)}, it is now {session.when}."
        )
    if was_venue is not None and was_venue.pk != session.venue_id:
        changes.append(f"The venue: it was {was_venue.full_address}, it is now {session.venue.full_address}.")
    return changes


# The personal calendar feed


def calendar_token(person):
    """The secret of ``person``'s personal calendar feed, made on first use."""
    token, _ = CalendarToken.objects.get_or_create(user=person)
    return token.token


def reset_calendar_token(person):
    """A new secret for ``person``'s feed: the old URL stops working. Returns the new token."""
    with transaction.atomic():
        CalendarToken.objects.filter(user=person).delete()
        token = CalendarToken.objects.create(user=person)
        log(token, RESET_CALENDAR_TOKEN, user=person)
    return token.token


# Reading a session's bookings


def session_bookings(session, now=None):
    """The session's bookings after settling its offers (the first step of every read)."""
    settle_offers(session, now=now)
    return session.bookings.all()


# The register and the ledger (rules in bookings.attendance and bookings.ledger)


class RegisterSaved:
    """What ``mark_register`` changed: the bookings marked for the first time, the corrections,
    and the completions recorded and withdrawn."""

    def __init__(self, marked=(), corrected=(), recorded=0, withdrawn=0):
        self.marked, self.corrected = list(marked), list(corrected)
        self.recorded, self.withdrawn = recorded, withdrawn

    @property
    def changed(self):
        return bool(self.marked or self.corrected)


def mark_register(session, marks, *, by, reason="", now=None):
    """Saves the session's register: each ``bookings.attendance.Mark`` (a confirmed booking and
    how the person attended) in one transaction and a fixed number of queries however many
    people there are.

    Attended, and arrived late within the grace (``bookings.attendance.counts_as_attended``),
    records the person's completion of the course (source "attendance"); a no-show or leaving
    early is charged to the agency (``bookings.ledger``) and the person is emailed, their line
    manager copied. A mark that changes an earlier one is a correction and needs ``reason``:
    one from attended to anything else withdraws the completion it recorded, and the ledger
    entry follows the mark while it is still due (a waived or invoiced entry is left as it is).
    Marking what is already marked changes nothing.

    Refused, changing nothing, before the session starts, on a cancelled session, for a booking
    that is not a confirmed place on this session, and for a correction without a reason.
    Returns a ``RegisterSaved``.
    """
    now = now or timezone.now()
    by = _user_or_none(by)
    reason = (reason or "").strip()
    marks = {mark.booking_id: mark for mark in marks}
    with _settled_and_locked(session.pk, now) as locked:
        refusal = register_rules.register_refusal(locked, now)
        if refusal is not None:
            raise BookingRefused([refusal])
        bookings = list(
            locked.bookings.confirmed().filter(pk__in=list(marks)).select_related("user", "agency", "completion")
        )
        if len(bookings) != len(marks):
            missing = len(marks) - len(bookings)
            _refuse(
                "not_booked",
                f"{missing} of the people marked {'is' if missing == 1 else 'are'} not booked on this session with "
                "a confirmed place. Only confirmed places can be marked.",
            )
        problems = [
            problem
            for booking in bookings
            if (problem := register_rules.mark_problem(marks[booking.pk], booking.user.full_name or booking.user.email))
        ]
        if problems:
            raise BookingRefused(problems)
        changed = [
            booking
            for booking in bookings
            if (booking.attendance, booking.minutes_late) != (marks[booking.pk].attendance, _minutes(marks[booking.pk]))
        ]
        corrected = [booking for booking in changed if booking.attendance]
        if corrected and not reason:
            _refuse("reason", "Enter the reason for correcting the register.")
        if not changed:
            return RegisterSaved()

        before = {booking.pk: (booking.attendance, booking.minutes_late) for booking in changed}
        for booking in changed:
            mark = marks[booking.pk]
            booking.attendance, booking.minutes_late = mark.attendance, _minutes(mark)
            booking.attendance_marked_at, booking.attendance_marked_by = now, by
            booking.session = locked

        withdrawn = 0
        for booking in changed:
            if booking.completion is not None and not register_rules.counts_as_attended(
                booking.attendance, booking.minutes_late
            ):
                # Only a completion this register recorded: one from e-learning the same day stays.
                if booking.completion.source == CompletionSource.ATTENDANCE:
                    withdraw_completion(booking.completion, by=by, reason=reason)
                    withdrawn += 1
                booking.completion = None
        to_complete = [
            booking
            for booking in changed
            if booking.completion is None
            and register_rules.counts_as_attended(booking.attendance, booking.minutes_late)
        ]
        recorded = record_completions(
            [booking.user for booking in to_complete],
            locked.course,
            timezone.localtime(locked.starts_at).date(),
            CompletionSource.ATTENDANCE,
            recorded_by=by,
        )
        for booking in to_complete:
            booking.completion = recorded[booking.user_id]
        Booking.objects.bulk_update(
            changed,
            ["attendance", "minutes_late", "attendance_marked_at", "attendance_marked_by", "completion", "updated_at"],
        )
        _charge_register(changed, locked)
        log_many(
            [booking for booking in changed if booking.pk not in {b.pk for b in corrected}],
            MARK_ATTENDANCE,
            user=by,
            data_of=lambda booking: {"attendance": booking.attendance, "minutes_late": booking.minutes_late},
        )
        log_many(
            corrected,
            CORRECT_ATTENDANCE,
            user=by,
            data_of=lambda booking: {
                "from": before[booking.pk][0],
                "attendance": booking.attendance,
                "minutes_late": booking.minutes_late,
                "reason": reason,
            },
        )
        for booking in changed:
            event = {
                Attendance.DID_NOT_ATTEND: BookingEvent.DID_NOT_ATTEND,
                Attendance.LEFT_EARLY: BookingEvent.LEFT_EARLY,
            }.get(booking.attendance)
            if event is not None and before[booking.pk][0] != booking.attendance:
                _announce(booking, event, by)
    return RegisterSaved(
        marked=[booking for booking in changed if booking not in corrected],
        corrected=corrected,
        recorded=len(to_complete),
        withdrawn=withdrawn,
    )


def _minutes(mark):
    return mark.minutes_late if mark.attendance == Attendance.ARRIVED_LATE else None


def _charge_register(bookings, session):
    """The ledger follows the register: an entry for each no-show and leaving early, moved or
    removed by a correction while it is still due. A fixed number of queries."""
    entries = {entry.booking_id: entry for entry in LedgerEntry.objects.filter(booking__in=bookings)}
    new, moved, dropped = [], [], []
    for booking in bookings:
        reason = register_rules.charge_for(booking.attendance)
        entry = entries.get(booking.pk)
        if entry is None:
            if reason is not None:
                new.append(new_entry(booking, session, reason))
        elif entry.status == LedgerStatus.DUE and entry.reason != reason:
            if reason is None:
                dropped.append(entry)
            else:
                entry.reason = reason
                moved.append(entry)
    LedgerEntry.objects.bulk_create(new)
    if moved:
        LedgerEntry.objects.bulk_update(moved, ["reason"])
    if dropped:
        LedgerEntry.objects.filter(pk__in=[entry.pk for entry in dropped]).delete()
    if new:
        # bulk_create sets keys on PostgreSQL and SQLite alike (RETURNING).
        log_many(new, CHARGE, data_of=lambda entry: {"reason": entry.reason, "amount": str(entry.amount)})


def _charge(booking, session, reason):
    entry = new_entry(booking, session, reason)
    entry.save()
    log(entry, CHARGE, data={"reason": reason, "amount": str(entry.amount)})
    return entry


def waive_entry(entry, *, by, reason, now=None):
    """Waives a ledger entry that is due (for example sickness the manager told us of), with the
    reason. Refused, changing nothing, without a reason or once waived or invoiced."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        _refuse("reason", "Enter the reason for waiving the charge.")
    with transaction.atomic():
        updated = LedgerEntry.objects.filter(pk=entry.pk, status=LedgerStatus.DUE).update(
            status=LedgerStatus.WAIVED, waive_reason=reason, waived_by=_user_or_none(by), waived_at=now
        )
        if not updated:
            _refuse("not_due", "This charge has already been waived or invoiced.")
        entry.refresh_from_db()
        log(entry, WAIVE, user=_user_or_none(by), data={"reason": reason})
    return entry


def mark_invoiced(entries, *, by, now=None):
    """Marks the due entries among ``entries`` (a QuerySet) as invoiced; returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        # Only the entries' own rows are locked: a report's joins (the agency is nullable) cannot be.
        due = list(entries.filter(status=LedgerStatus.DUE).select_related(None).select_for_update(of=("self",)))
        LedgerEntry.objects.filter(pk__in=[entry.pk for entry in due]).update(
            status=LedgerStatus.INVOICED, invoiced_at=now
        )
        log_many(due, INVOICE, user=_user_or_none(by))
    return len(due)


def lift_booking_block(person, *, by, reason, now=None):
    """Lets a person blocked after three no-shows book for themselves again; no-shows before
    now no longer count. Refused, changing nothing, without a reason."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        _refuse("reason", "Enter the reason for lifting the block.")
    with transaction.atomic():
        lift = BookingBlockLift.objects.create(person=person, reason=reason, lifted_by=_user_or_none(by), lifted_at=now)
        log(lift, LIFT_BOOKING_BLOCK, user=_user_or_none(by), data={"reason": reason, "person": person.pk})
    return lift


def add_walk_in(session, person, *, by, reason="", now=None):
    """Gives someone who turned up without a place a confirmed booking, once the register is
    open, so they can be marked; returns the booking.

    The course's eligibility is checked: a refusal is overridden only with ``reason``, which
    becomes the person's individual exception (``records.services.grant_exception``). A walk-in
    takes one of the session's places: on a full session the capacity is raised first
    (``change_capacity``), so the places taken never exceed it. No invite is sent: the session
    has started. Refused, changing nothing, before the start, on a cancelled session, for
    someone already holding a place on it, for a refusal without a reason and on a full session.
    """
    now = now or timezone.now()
    by = _user_or_none(by)
    reason = (reason or "").strip()
    with _settled_and_locked(session.pk, now) as locked:
        refusal = register_rules.register_refusal(locked, now)
        if refusal is not None:
            raise BookingRefused([refusal])
        if locked.bookings.active().filter(user=person).exists():
            _refuse(
                BookingReasonCode.ALREADY_BOOKED,
                f"{person.full_name or person.email} is already booked on this session.",
            )
        verdict = eligibility(person, locked.course, on=timezone.localtime(now).date())
        exception = verdict.exception
        if verdict.reasons and exception is None:
            if not reason:
                raise BookingRefused(
                    [
                        *verdict.reasons,
                        Reason("reason", "Enter the reason to add them anyway: it is kept as their exception."),
                    ]
                )
            try:
                exception = grant_exception(person, locked.course, reason, granted_by=by)
            except ValidationError as error:
                _refuse("reason", " ".join(error.messages))
        if not _claim_place(locked):
            _refuse(
                BookingReasonCode.FULL,
                f"All {locked.capacity} places are taken. Raise the capacity on the session first, then add them.",
            )
        booking = Booking.objects.create(
            session=locked,
            user=person,
            agency_id=person.agency_id,
            status=BookingStatus.CONFIRMED,
            line_manager_name=person.line_manager_name,
            line_manager_email=person.line_manager_email,
            eligibility_exception=exception if verdict.reasons else None,
        )
        log(booking, ADD_WALK_IN, user=by, data={"exception": booking.exception_note})
    return booking
