"""The verbs that change training records. Views, admin screens, commands and the apps above
(attendance in ``bookings``, passing a module in ``elearning``, imports) call these and never
write ``Completion`` or ``EligibilityException`` rows themselves."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from wagtail.log_actions import log

from lscb_training.dates import add_months, format_short_date
from records.choices import CompletionSource, ImportStatus, RowOutcome
from records.imports import classify
from records.models import Completion, EligibilityException, ImportBatch, PendingCompletion
from records.signals import completion_withdrawn, completions_recorded

GRANT_EXCEPTION = "records.grant_exception"
REVOKE_EXCEPTION = "records.revoke_exception"
WITHDRAW_COMPLETION = "records.withdraw_completion"
IMPORT_COMPLETIONS = "records.import_completions"
CANCEL_IMPORT = "records.cancel_import"


def record_completion(
    person, course, completed_on, source, recorded_by=None, *, score=None, reference="", import_batch=None
):
    """Records that ``person`` completed ``course`` on ``completed_on`` and returns the completion.

    The expiry comes from the course's validity now and is stored, so a later change to the
    course leaves this record (and any certificate printed from it) as it was. Recording the same
    person, course and day again returns the completion already there and announces nothing.
    A new completion is announced with ``records.signals.completions_recorded`` inside the
    transaction that writes it.

    ``score`` is a knowledge check's percentage; ``reference`` an outside provider's certificate
    id; ``import_batch`` the upload it came from (a completion kept until the person signed up).

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
                import_batch=import_batch,
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


class ImportRefused(Exception):
    """The import was confirmed or cancelled already; the message says which."""


def preview_import(rows, file_name, uploaded_by, keep_unknown=False):
    """Keeps an upload's rows (``records.imports.read_upload``), each classified, as an
    ``ImportBatch`` to preview; nothing else is written until ``import_completions``."""
    classified = classify(rows, keep_unknown)
    return ImportBatch.objects.create(
        uploaded_by=uploaded_by,
        file_name=file_name[:255],
        keep_unknown=keep_unknown,
        rows=[row.as_json() for row in classified],
    )


def import_completions(batch, by):
    """Imports the previewed ``batch``: in one transaction, records each row that will import
    now as a completion (source "import", with its score and the provider's certificate id,
    linked to the batch), keeps the rows for unknown people if the batch says so, stores what
    happened to each row and the counts, and writes it to the audit log.

    The rows are classified again first, so a completion recorded since the preview is not
    added twice (the unique person, course and day does the same for one recorded meanwhile).
    A fixed number of queries whatever the number of rows (the inserts go in the database's
    largest batches). Each new completion is announced once committed, as
    ``record_completion`` announces one. Raises ``ImportRefused``, changing nothing, when the
    batch was imported or cancelled already (a second click on Confirm, another administrator).
    """
    with transaction.atomic():
        # The claim: of two confirmations at once, the second waits for this row and then
        # finds it no longer previewed.
        now = timezone.now()
        claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.PREVIEWED).update(
            status=ImportStatus.IMPORTED, confirmed_by=by, confirmed_at=now
        )
        if not claimed:
            batch.refresh_from_db()
            raise ImportRefused(_already_done(batch))

        rows = classify(batch.rows, batch.keep_unknown)
        to_record = [row for row in rows if row.outcome == RowOutcome.WILL_IMPORT]
        to_keep = [row for row in rows if row.outcome == RowOutcome.PENDING]
        # ignore_conflicts: a completion recorded between the classifying and the insert stays
        # as it was; the rows this batch added are read back by their link to it.
        Completion.objects.bulk_create(
            [
                Completion(
                    user_id=row.user_id,
                    course_id=row.course[0],
                    completed_on=row.completed_on,
                    expires_on=add_months(row.completed_on, row.course[2]) if row.course[2] else None,
                    source=CompletionSource.IMPORT,
                    score=row.score,
                    reference=row.text["reference"],
                    # Ids, not instances: cheaper to set on ten thousand objects.
                    recorded_by_id=by.pk if by else None,
                    import_batch_id=batch.pk,
                )
                for row in to_record
            ],
            ignore_conflicts=True,
        )
        created = list(Completion.objects.filter(import_batch=batch)) if to_record else []
        kept = 0
        if to_keep:
            PendingCompletion.objects.bulk_create(
                [
                    PendingCompletion(
                        email=row.email,
                        course_id=row.course[0],
                        completed_on=row.completed_on,
                        score=row.score,
                        reference=row.text["reference"],
                        import_batch=batch,
                    )
                    for row in to_keep
                ],
                ignore_conflicts=True,
            )
            kept = PendingCompletion.objects.filter(import_batch=batch).count()

        added = {(completion.user_id, completion.course_id, completion.completed_on) for completion in created}
        for row in to_record:
            if (row.user_id, row.course[0], row.completed_on) not in added:
                row.outcome = RowOutcome.ALREADY_IMPORTED
                row.reasons = ["Recorded by someone else while this file was being imported."]
        batch.status, batch.confirmed_by, batch.confirmed_at = ImportStatus.IMPORTED, by, now
        batch.rows = [row.as_json() for row in rows]
        counts = batch.counts()
        batch.imported_count = len(created)
        batch.pending_count = kept
        batch.already_count = counts[RowOutcome.ALREADY_IMPORTED] + len(to_keep) - kept
        batch.error_count = counts[RowOutcome.ERROR]
        batch.save(update_fields=["rows", "imported_count", "pending_count", "already_count", "error_count"])
        log(
            batch,
            IMPORT_COMPLETIONS,
            user=by,
            data={
                "file_name": batch.file_name,
                "imported": batch.imported_count,
                "already_recorded": batch.already_count,
                "kept_for_sign_up": batch.pending_count,
                "errors": batch.error_count,
            },
        )
        # Announced together, inside the transaction, as record_completions announces a register.
        if created:
            completions_recorded.send(sender=Completion, completions=created)
    return batch


def cancel_import(batch, by):
    """Drops a previewed ``batch`` without importing anything; its rows are not kept (they may
    name people who have no account). Raises ``ImportRefused`` when it was imported or cancelled
    already."""
    with transaction.atomic():
        cancelled = ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.PREVIEWED).update(
            status=ImportStatus.CANCELLED, rows=[]
        )
        batch.refresh_from_db()
        if not cancelled:
            raise ImportRefused(_already_done(batch))
        log(batch, CANCEL_IMPORT, user=by, data={"file_name": batch.file_name})
    return batch


def _already_done(batch):
    if batch.status == ImportStatus.IMPORTED:
        return f"“{batch.file_name}” has already been imported; nothing more was added."
    return f"The import of “{batch.file_name}” was cancelled; upload the file again to import it."


def match_pending_completions(person, email):
    """Records every completion an import kept for ``email`` (compared in lower case) as
    ``person``'s, once ``person`` has confirmed that they use that address. The course may have
    been unpublished since; the completion is recorded all the same, as it is still true.
    Returns the completions recorded."""
    recorded = []
    pending = PendingCompletion.objects.filter(email=email.lower(), matched_at__isnull=True).select_related(
        "course", "import_batch"
    )
    for kept in pending:
        with transaction.atomic():
            if not PendingCompletion.objects.filter(pk=kept.pk, matched_at__isnull=True).update(
                matched_at=timezone.now()
            ):
                continue  # matched by a confirmation running at the same time
            batch = kept.import_batch
            completion = record_completion(
                person,
                kept.course,
                kept.completed_on,
                CompletionSource.IMPORT,
                recorded_by=batch.confirmed_by if batch else None,
                score=kept.score,
                reference=kept.reference,
                import_batch=batch,
            )
            PendingCompletion.objects.filter(pk=kept.pk).update(completion=completion)
            recorded.append(completion)
    return recorded


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
