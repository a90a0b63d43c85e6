"""The verbs that change compliance records. Views, commands and receivers call these and never
write ``RosterUpload`` or ``RosterEntry`` rows themselves."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from wagtail.log_actions import log

from compliance import rosters
from compliance.models import RosterEntry, RosterStatus, RosterUpload
from compliance.rosters import RosterOutcome
from records.imports import read_upload

CONFIRM_ROSTER = "compliance.confirm_roster"
CANCEL_ROSTER = "compliance.cancel_roster"
# Entries linked to their accounts by one UPDATE: a parameter each, well under SQLite's 32,766.
LINKS_PER_QUERY = 10_000


class RosterRefused(Exception):
    """The roster upload was confirmed or cancelled already; the message says which."""


def preview_roster(agency, upload, by):
    """Reads ``upload`` (a staff list, CSV or .xlsx) and keeps its rows, each classified against
    ``agency``'s roster, as a ``RosterUpload`` to preview; nothing else is written until
    ``confirm_roster``. Raises ``records.imports.ImportFileError``, writing nothing, for a file
    that cannot be used (the message says why)."""
    rows = read_upload(upload, rosters.ROSTER)
    classified = rosters.classify(agency, rows)
    return RosterUpload.objects.create(
        agency=agency,
        uploaded_by=by,
        file_name=(upload.name or "staff list")[:255],
        rows=[row.as_json() for row in classified],
    )


def confirm_roster(upload, by):
    """Confirms the previewed ``upload``: in one transaction, adds an entry to its agency's
    roster for each new work email and updates the entries whose details differ, stores what
    happened to each row and the counts, and writes it to the audit log.

    The rows are classified again first, against the roster and accounts as they are now.
    Entries of the agency the file does not name are left as they are. Confirming the same file
    again changes nothing (every row is unchanged). A fixed number of queries whatever the
    number of rows. Raises ``RosterRefused``, changing nothing, when the upload was confirmed or
    cancelled already (a second click on Confirm, another lead at the same time).
    """
    with transaction.atomic():
        # The claim: of two confirmations at once, the second waits for this row and then
        # finds it no longer previewed.
        now = timezone.now()
        claimed = RosterUpload.objects.filter(pk=upload.pk, status=RosterStatus.PREVIEWED).update(
            status=RosterStatus.CONFIRMED, confirmed_by=by, confirmed_at=now
        )
        if not claimed:
            upload.refresh_from_db()
            raise RosterRefused(_already_done(upload))
        # The rows cannot have changed while the upload waited (only a claim changes them).
        upload.status, upload.confirmed_by, upload.confirmed_at = RosterStatus.CONFIRMED, by, now

        rows = rosters.classify(upload.agency, upload.rows)
        writing = [row for row in rows if row.outcome in (RosterOutcome.ADD, RosterOutcome.UPDATE)]
        if writing:
            # An upsert on (agency, email): an entry another upload added since the classifying
            # is updated rather than refused. The account is left out of the update and linked
            # below only where none is, so a sign-up linked meanwhile is not undone.
            RosterEntry.objects.bulk_create(
                [
                    RosterEntry(agency_id=upload.agency_id, email=row.email, upload_id=upload.pk, **row.entry_values())
                    for row in writing
                ],
                update_conflicts=True,
                unique_fields=["agency", "email"],
                update_fields=[*(key for key in rosters.DETAILS if key != "person_id"), "upload", "updated_at"],
            )
            linking = [row.email for row in writing if row.values.get("person_id")]
            account = get_user_model().objects.filter(email=OuterRef("email")).values("pk")[:1]
            for start in range(0, len(linking), LINKS_PER_QUERY):
                RosterEntry.objects.filter(
                    agency_id=upload.agency_id, email__in=linking[start : start + LINKS_PER_QUERY], person__isnull=True
                ).update(person=Subquery(account))
        upload.rows = [row.as_json() for row in rows]
        totals = rosters.counts(upload.rows)
        upload.added_count = totals[RosterOutcome.ADD]
        upload.updated_count = totals[RosterOutcome.UPDATE]
        upload.unchanged_count = totals[RosterOutcome.UNCHANGED]
        upload.error_count = totals[RosterOutcome.ERROR]
        upload.save(update_fields=["rows", "added_count", "updated_count", "unchanged_count", "error_count"])
        log(
            upload,
            CONFIRM_ROSTER,
            user=by,
            data={
                "agency": upload.agency_id,
                "file_name": upload.file_name,
                "added": upload.added_count,
                "updated": upload.updated_count,
                "unchanged": upload.unchanged_count,
                "errors": upload.error_count,
            },
        )
    return upload


def cancel_roster(upload, by):
    """Drops a previewed ``upload`` without changing the roster; its rows are not kept (they
    name people). Raises ``RosterRefused`` when it was confirmed or cancelled already."""
    with transaction.atomic():
        cancelled = RosterUpload.objects.filter(pk=upload.pk, status=RosterStatus.PREVIEWED).update(
            status=RosterStatus.CANCELLED, rows=[]
        )
        upload.refresh_from_db()
        if not cancelled:
            raise RosterRefused(_already_done(upload))
        log(upload, CANCEL_ROSTER, user=by, data={"agency": upload.agency_id, "file_name": upload.file_name})
    return upload


def _already_done(upload):
    if upload.status == RosterStatus.CONFIRMED:
        return f"“{upload.file_name}” has already been confirmed; nothing more was changed."
    return f"The upload of “{upload.file_name}” was cancelled; upload the file again to use it."


def link_roster_entries(person, email=None, agency_id=None):
    """Links to ``person`` the roster entries for ``email`` (their account's email unless told)
    that have no account yet, in ``agency_id`` or else the person's agency, as an upload links
    an account of the same agency. A person in no agency is linked to nothing: a lead's upload
    must not reach the training record of someone outside their agency (an administrator, say)
    by naming their email. From then on they count once, as the account. Returns how many were
    linked."""
    email = (email or person.email or "").lower()
    agency_id = agency_id or person.agency_id
    if not email or not agency_id:
        return 0
    entries = RosterEntry.objects.filter(email=email, person__isnull=True, agency_id=agency_id)
    return entries.update(person=person)
