"""The verbs of certificates: issue (for new completions, in their transaction), revoke and
restore. Views, admin screens, the receivers of records' signals and the demo call these."""

from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from wagtail.log_actions import log

from certificates.codes import new_code
from certificates.models import Certificate, kind_for
from certificates.notices import announce_issued

REVOKE = "certificates.revoke"
RESTORE = "certificates.restore"


def issues_for(source):
    """Whether a completion recorded this way earns a certificate (``CERTIFICATE_SOURCES``)."""
    return source in settings.CERTIFICATE_SOURCES


def issue_certificates(completions):
    """Issues a certificate for each completion whose source earns one, in a fixed number of
    queries however many there are, and returns them. Call it inside the transaction that
    recorded the completions (``certificates.receivers`` does), so none is seen without its
    certificate; each holder is emailed a link once it commits (``certificates.notices``).
    Completing a course again supersedes the earlier certificates: of a person's certificates
    for a course, only the one for the latest completion is in force.
    """
    completions = [completion for completion in completions if issues_for(completion.source)]
    if not completions:
        return []
    with transaction.atomic():
        for attempt in range(3):
            certificates = [
                Certificate(
                    code=new_code(),
                    completion=completion,
                    person_id=completion.user_id,
                    course_id=completion.course_id,
                    kind=kind_for(completion.source),
                    completed_on=completion.completed_on,
                    expires_on=completion.expires_on,
                )
                for completion in completions
            ]
            try:
                # A savepoint per try: a code drawn twice (1 in 2^40) rolls back this try only.
                with transaction.atomic():
                    Certificate.objects.bulk_create(certificates)
                break
            except IntegrityError:
                if attempt == 2:
                    raise
        issued = list(Certificate.objects.filter(completion__in=completions))
        _supersede({(c.person_id, c.course_id) for c in issued})
        announce_issued(issued)  # emailed once this commits (certificates.notices)
    return issued


def _supersede(pairs):
    """For each (person, course), points every other certificate at the latest one not revoked,
    which is in force; a revoked certificate newer than it supersedes nothing."""
    if not pairs:
        return
    people = {person for person, _ in pairs}
    courses = {course for _, course in pairs}
    by_pair = defaultdict(list)
    rows = Certificate.objects.filter(person__in=people, course__in=courses).order_by("-completed_on", "-id")
    for certificate in rows:
        if (certificate.person_id, certificate.course_id) in pairs:
            by_pair[certificate.person_id, certificate.course_id].append(certificate)
    changed = []
    for certificates in by_pair.values():
        latest = next((c for c in certificates if c.revoked_at is None), None)
        for certificate in certificates:
            newer = latest is None or (certificate.completed_on, certificate.pk) >= (latest.completed_on, latest.pk)
            wanted = None if newer else latest.pk
            if certificate.superseded_by_id != wanted:
                certificate.superseded_by_id = wanted
                changed.append(certificate)
    Certificate.objects.bulk_update(changed, ["superseded_by"])


def revoke_certificate(certificate, by, reason):
    """Revokes ``certificate`` for ``reason``: it no longer proves anything, its holder cannot
    download it, and the verify page says so. Audited. Raises ``ValidationError`` for an empty
    reason or a certificate already revoked, changing nothing."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for revoking the certificate."})
    with transaction.atomic():
        updated = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=by, revoked_reason=reason
        )
        if not updated:
            raise ValidationError("This certificate is already revoked.")
        _supersede({(certificate.person_id, certificate.course_id)})
        certificate.refresh_from_db()
        log(certificate, REVOKE, user=by, data={"reason": reason})
    return certificate


def restore_certificate(certificate, by):
    """Undoes a revocation (audited). Returns whether it was revoked."""
    with transaction.atomic():
        updated = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=False).update(
            revoked_at=None, revoked_by=None, revoked_reason=""
        )
        if updated:
            _supersede({(certificate.person_id, certificate.course_id)})
            certificate.refresh_from_db()
            log(certificate, RESTORE, user=by)
    return bool(updated)
