"""Certificates listen to ``records``: a new completion is issued its certificate in the same
transaction; a withdrawn completion's certificate is revoked with the withdrawal's reason."""

from django.dispatch import receiver

from certificates.models import Certificate
from certificates.services import issue_certificates, revoke_certificate
from records.signals import completion_withdrawn, completions_recorded


@receiver(completions_recorded, dispatch_uid="certificates.issue")
def issue_for_new_completions(sender, completions, **kwargs):
    issue_certificates(completions)


@receiver(completion_withdrawn, dispatch_uid="certificates.revoke_withdrawn")
def revoke_for_withdrawn_completion(sender, completion, by, reason, **kwargs):
    certificate = Certificate.objects.filter(completion=completion, revoked_at__isnull=True).first()
    if certificate is not None:
        revoke_certificate(certificate, by, f"The completion it proves was withdrawn: {reason}")
