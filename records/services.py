"""The verbs that change training records. Views, admin screens, commands and the apps above
(attendance in ``bookings``, passing a module in ``elearning``, imports) call these and never
write ``Completion`` or ``EligibilityException`` rows themselves."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from wagtail.log_actions import log

from lscb_training.dates import add_months, format_short_date
from records.choices import CompletionSource
from records.models import Completion, EligibilityException
from records.signals import completion_withdrawn, completions_recorded

GRANT_EXCEPTION = "records.grant_exception"
REVOKE_EXCEPTION = "records.revoke_exception"
WITHDRAW_COMPLETION = "records.withdraw_completion"


def record_completion(person, course, completed_on, source, recorded_by=None, *, score=None, reference=""):
    """Records that ``person`` completed ``course`` on ``completed_on`` and returns the completion.

    The expiry comes from the course's validity now and is stored, so a later change to the
    course leaves this record (and any certificate printed from it) as it was. Recording the same
    person, course and day again returns the completion already there and announces nothing.
    A new completion is announced with ``records.signals.completions_recorded`` inside the
    transaction that writes it.

    ``score`` is a knowledge check's percentage; ``reference`` an outside provider's certificate id.

    Raises ``ValidationError`` for a date in the future, an unknown source or a score outside
    0 to 100, changing nothing.
    """
    _check_completion(completed_on, source)
    if score is not None and not 0 <= score <= 100:
        raise ValidationError(f"A score is a percentage from 0 to 100, not {score}.")
    existing = Completion.objects.filter(user=person, course=course, completed_on=completed_on).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            completion = Completion.objects.create(
                user=person,
                course=course,
                completed_on=completed_on,
                expires_on=_expiry(course, completed_on),
                source=source,
                score=score,
                reference=reference,
                recorded_by=recorded_by,
            )
            completions_recorded.send(sender=Completion, completions=[completion])
    except IntegrityError:
        # Another request recorded the same day between our look and our insert.
        return Completion.objects.get(user=person, course=course, completed_on=completed_on)
    return completion


def record_completions(people, course, completed_on, source, recorded_by=None):
    """``record_completion`` for many people at once (a session's register): the same rules,
    in a fixed number of queries whatever the number of people. Returns ``{person_pk: completion}``.

    The new completions are announced together, inside the transaction that writes them.
    """
    _check_completion(completed_on, source)
    people = list(people)
    if not people:
        return {}

    def recorded():
        rows = Completion.objects.filter(user__in=people, course=course, completed_on=completed_on)
        return {completion.user_id: completion for completion in rows}

    with transaction.atomic():
        by_person = recorded()
        missing = [person for person in people if person.pk not in by_person]
        if missing:
            expires_on = _expiry(course, completed_on)
            # ignore_conflicts: another request may record one of the same days meanwhile; the rows
            # are read back either way, as PostgreSQL gives no keys for ignored inserts.
            Completion.objects.bulk_create(
                [
                    Completion(
                        user=person,
                        course=course,
                        completed_on=completed_on,
                        expires_on=expires_on,
                        source=source,
                        recorded_by=recorded_by,
                    )
                    for person in missing
                ],
                ignore_conflicts=True,
            )
            before = set(by_person)
            by_person = recorded()
            new = [completion for user_id, completion in by_person.items() if user_id not in before]
            if new:
                completions_recorded.send(sender=Completion, completions=new)
    return by_person


def withdraw_completion(completion, by, reason):
    """Withdraws a completion recorded in error (a register corrected from attended to did not
    attend): the row is deleted and Wagtail's audit log keeps who, when, why and what it was.

    Raises ``ValidationError``, changing nothing, when the reason is empty.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for withdrawing the completion."})
    with transaction.atomic():
        completion_withdrawn.send(sender=Completion, completion=completion, by=by, reason=reason)
        log(
            completion,
            WITHDRAW_COMPLETION,
            user=by,
            data={
                "reason": reason,
                "person": completion.user_id,
                "course": completion.course_id,
                "completed_on": completion.completed_on.isoformat(),
                "source": completion.source,
            },
        )
        completion.delete()


def _check_completion(completed_on, source):
    if source not in CompletionSource.values:
        raise ValidationError(f"“{source}” is not a way a completion can be recorded.")
    today = timezone.localdate()
    if completed_on > today:
        raise ValidationError(
            f"A completion cannot be dated in the future: {format_short_date(completed_on)} is after today."
        )


def _expiry(course, completed_on):
    return add_months(completed_on, course.validity_months) if course.validity_months else None


def grant_exception(person, course, reason, granted_by):
    """Lets ``person`` take ``course`` whatever the eligibility rule says, for the reason given.

    The grant is written to Wagtail's audit log (who, when, why). Raises ``ValidationError``,
    changing nothing, when the reason is empty or the person already has an exception for the
    course.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for the exception."})
    try:
        with transaction.atomic():
            exception = EligibilityException.objects.create(
                person=person, course=course, reason=reason, granted_by=granted_by
            )
            log(exception, GRANT_EXCEPTION, user=granted_by, data={"reason": reason})
    except IntegrityError:
        raise ValidationError(
            {"person": f"{person} already has an exception for “{course.title}”. Revoke it first to change it."}
        ) from None
    return exception


def revoke_exception(exception, revoked_by):
    """Withdraws an exception; the row stays, with who withdrew it and when, and the audit log says so.

    Returns whether it was in force (revoking twice changes nothing the second time).
    """
    with transaction.atomic():
        updated = EligibilityException.objects.filter(pk=exception.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=revoked_by
        )
        if updated:
            exception.refresh_from_db()
            log(exception, REVOKE_EXCEPTION, user=revoked_by)
    return bool(updated)
