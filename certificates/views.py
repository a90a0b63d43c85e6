"""A certificate as an accessible page and as its PDF, for the people who may see it, and a
session's certificates as one ZIP for training administrators.

Every lookup starts from ``certificates.access.visible_certificates``: anyone else gets a 404, as
if the code did not exist. Both views carry ``mfa_required``: a signed-out visitor is sent to sign
in, and anyone who can see other people's certificates (agency leads, administrators) must be
using MFA, which covers every case where ``sees_as_staff`` is true. A code typed in another form
(lower case, without hyphens) is normalised and redirected to its printed form.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from bookings.models import Session
from certificates import bundles
from certificates.access import sees_as_staff, visible_certificates
from certificates.codes import normalise
from certificates.pdf import Surroundings, open_stored_pdf, printed, verify_path
from certificates.status import Status, status_of
from people.staff_access import is_training_administrator, mfa_required


def _find(request, code, view_name):
    """The certificate ``code`` names, if this person may see it; or the redirect to the URL
    with the code in its printed form. Raises ``Http404`` otherwise."""
    normalised = normalise(code)
    if normalised is None:
        raise Http404("No certificate with this code.")
    if normalised != code:
        return None, redirect(view_name, normalised)
    certificate = get_object_or_404(
        visible_certificates(request.user).select_related("person", "course"), code=normalised
    )
    return certificate, None


@mfa_required
@never_cache
def certificate_detail(request, code):
    """The certificate as a page: the same facts as the PDF, with its status today."""
    certificate, moved = _find(request, code, "certificates:detail")
    if moved:
        return moved
    status = status_of(certificate)
    # A person's own certificate sits under their training; staff come from elsewhere.
    own = not sees_as_staff(request.user, certificate)
    return render(
        request,
        "certificates/certificate.html",
        {
            "certificate": certificate,
            "facts": printed(certificate),
            "status": status,
            "revoked": status.code == Status.REVOKED,
            "superseded": status.code == Status.SUPERSEDED,
            "trail": [("Your training", reverse("records:my_training"))] if own else [],
            "verify_path": verify_path(certificate.code),
        },
    )


@mfa_required
@never_cache
def certificate_pdf(request, code):
    """The stored PDF as a download; a revoked certificate's is not served to anyone (410)."""
    certificate, moved = _find(request, code, "certificates:pdf")
    if moved:
        return moved
    if certificate.is_revoked:
        return render(
            request,
            "certificates/revoked.html",
            {"certificate": certificate, "status": status_of(certificate)},
            status=410,
        )
    return FileResponse(
        open_stored_pdf(certificate),
        as_attachment=True,
        filename=f"certificate-{certificate.code}.pdf",
        content_type="application/pdf",
    )


@never_cache
def session_zip(request, pk):
    """Every certificate that attending the session earned, as one ZIP streamed while it is
    written. Training administrators only (mounted in the Wagtail admin, under its MFA)."""
    if not is_training_administrator(request.user):
        raise PermissionDenied
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    certificates = list(bundles.session_certificates(session))
    if not certificates:
        messages.info(request, "No certificates for this session yet: they are issued when the register is marked.")
        return redirect("bookings_desk:session", session.pk)
    response = StreamingHttpResponse(
        bundles.zip_chunks(certificates, Surroundings.load()), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="{bundles.zip_file_name(session)}"'
    return response
