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

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from wagtail.log_actions import get_active_log_context
from wagtail.models import ModelLogEntry

from bookings.availability import waiting_count
from bookings.choices import PLACE_HOLDING_STATUSES, BookingEvent, BookingReasonCode, BookingStatus, SessionStatus
from bookings.models import Booking, CalendarToken, Session
from bookings.rules import booking_check, cancellation, cutoff_before, is_late, offer_closed, offer_deadline
from bookings.signals import booking_changed
from bookings.substitution import colleague_reasons, may_substitute, place_refusal
from bookings.transfers import move_refusal
from bookings.working_days import add_working_days
from lscb_training.dates import format_when
from people.models import AgencyLeadership
from records.eligibility import Reason

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
    check = booking_check(person, current, now)
    if check.reasons or missing_line_manager:
        raise BookingRefused([*check.reasons, *missing_line_manager])
    with locked_session(session.pk) as session:
        check = booking_check(person, session, now)
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
