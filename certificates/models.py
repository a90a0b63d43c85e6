"""A certificate proves one completion and stays true: its status (valid, expiring, expired,
revoked, superseded) is worked out when anyone looks (``certificates.status``), never printed
once and forgotten.

The completion's dates are copied onto the certificate when it is issued, so the certificate
keeps saying what it proved if the completion is later withdrawn (it is then revoked, with the
withdrawal's reason). The PDF is made on first download and kept (``certificates.pdf``); the
fingerprint of what it printed says when it must be made again.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q

from records.choices import CompletionSource


class CertificateKind(models.TextChoices):
    ATTENDANCE = "attendance", "Certificate of attendance"
    COMPLETION = "completion", "Certificate of completion"


def kind_for(source):
    """Attending a session earns a certificate of attendance; anything else, of completion."""
    return CertificateKind.ATTENDANCE if source == CompletionSource.ATTENDANCE else CertificateKind.COMPLETION


def certificate_storage():
    return storages["certificates"]


class CertificateQuerySet(models.QuerySet):
    def for_person(self, person):
        return self.filter(person=person)

    def in_force(self):
        """Neither revoked nor superseded (it may still have expired)."""
        return self.filter(revoked_at__isnull=True, superseded_by__isnull=True)


class Certificate(models.Model):
    code = models.CharField(max_length=13, unique=True)
    completion = models.OneToOneField(
        "records.Completion", on_delete=models.SET_NULL, null=True, blank=True, related_name="certificate"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=CertificateKind.choices)
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="supersedes"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_reason = models.TextField(blank=True)
    pdf = models.FileField(storage=certificate_storage, upload_to="certificates/%Y/%m/", blank=True)
    pdf_fingerprint = models.CharField(max_length=64, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on", "-id"]
        indexes = [models.Index(fields=["person", "course"], name="certificate_person_course")]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""), name="certificate_revoked_with_a_reason"
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def is_revoked(self):
        return self.revoked_at is not None
