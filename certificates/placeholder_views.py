"""PLACEHOLDER, to be removed at merge: the certificate page and its PDF download are built on
another branch. These stand in for them so templates here can reverse
``certificates:certificate`` and ``certificates:pdf``; each answers 404."""

from django.http import Http404

from people.staff_access import mfa_required


@mfa_required
def placeholder_certificate(request, code):
    raise Http404("The certificate page is not built on this branch.")


@mfa_required
def placeholder_pdf(request, code):
    raise Http404("The certificate download is not built on this branch.")
