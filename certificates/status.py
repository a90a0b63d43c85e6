"""The one place that says what a certificate's status is on a day, in words that do not rely
on colour: the verify page, My training, the leads' and administrators' lists all read it."""

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils import timezone

from lscb_training.dates import format_short_date

# A certificate this close to its expiry says so (the renewal window of elearning.services).
EXPIRING_WITHIN_DAYS = 60


class Status(models.TextChoices):
    VALID = "valid", "Valid"
    EXPIRING = "expiring", "Valid, expires within 60 days"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"
    SUPERSEDED = "superseded", "Superseded by a newer certificate"


@dataclass(frozen=True)
class CertificateStatus:
    code: str
    words: str
    detail: str = ""

    @property
    def counts(self):
        """Whether the certificate proves training that counts today."""
        return self.code in (Status.VALID, Status.EXPIRING)

    @property
    def tag(self):
        return {Status.VALID: "green", Status.EXPIRING: "yellow"}.get(
            self.code, "red" if self.code != "superseded" else "grey"
        )


def status_of(certificate, today=None):
    today = today or timezone.localdate()
    if certificate.revoked_at is not None:
        return CertificateStatus(
            Status.REVOKED, f"Revoked on {format_short_date(certificate.revoked_at)}", certificate.revoked_reason
        )
    if certificate.superseded_by_id is not None:
        return CertificateStatus(Status.SUPERSEDED, Status.SUPERSEDED.label)
    expires_on = certificate.expires_on
    if expires_on is not None and expires_on <= today:
        return CertificateStatus(Status.EXPIRED, f"Expired on {format_short_date(expires_on)}")
    if expires_on is not None and expires_on - today <= datetime.timedelta(days=EXPIRING_WITHIN_DAYS):
        return CertificateStatus(
            Status.EXPIRING, f"Valid, expires within {EXPIRING_WITHIN_DAYS} days: on {format_short_date(expires_on)}"
        )
    until = f" until {format_short_date(expires_on)}" if expires_on else ", does not expire"
    return CertificateStatus(Status.VALID, f"Valid{until}")


def status_filter(code, today=None):
    """The ``Q`` that keeps the certificates whose ``status_of`` on ``today`` has ``code``, so a
    list filtered by status in the database agrees with the words shown on each row."""
    today = today or timezone.localdate()
    in_force = Q(revoked_at__isnull=True, superseded_by__isnull=True)
    expiring_by = today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS)
    return {
        Status.REVOKED: Q(revoked_at__isnull=False),
        Status.SUPERSEDED: Q(revoked_at__isnull=True, superseded_by__isnull=False),
        Status.EXPIRED: in_force & Q(expires_on__lte=today),
        Status.EXPIRING: in_force & Q(expires_on__gt=today, expires_on__lte=expiring_by),
        Status.VALID: in_force & (Q(expires_on__isnull=True) | Q(expires_on__gt=expiring_by)),
    }[code]
