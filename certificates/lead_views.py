"""Agency leads' certificates page under /leads/: every certificate of the people in the
agencies they lead (``Certificate.objects.led_by``), with its status today, to view or download.
Two-factor sign-in is required by the middleware on /leads/ and by ``mfa_required`` here."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from certificates.forms import LeadCertificateFilterForm
from certificates.models import Certificate
from certificates.status import status_filter, status_of
from courses.models import CoursePage
from people.staff_access import mfa_required

PER_PAGE = 50


@mfa_required
def leads_certificates(request):
    """Filtered by agency (for a lead of several), course and status; newest first, a page at a
    time, in a fixed number of queries however many certificates there are."""
    lead = request.user
    if not lead.is_agency_lead:
        raise PermissionDenied("This page is for agency leads.")
    today = timezone.localdate()
    agencies = list(lead.led_agencies.order_by("name"))
    theirs = Certificate.objects.led_by(lead)
    courses = CoursePage.objects.filter(pk__in=theirs.values("course")).order_by("title").values_list("pk", "title")
    form = LeadCertificateFilterForm(request.GET, agencies=agencies, courses=list(courses))
    filters = form.filters()
    certificates = theirs
    if filters.get("agency"):
        certificates = certificates.filter(person__agency_id=filters["agency"])
    if filters.get("course"):
        certificates = certificates.filter(course_id=filters["course"])
    if filters.get("status"):
        certificates = certificates.filter(status_filter(filters["status"], today))
    certificates = certificates.select_related("person__agency", "course").order_by(
        "person__full_name", "-completed_on", "-id"
    )
    page_obj = Paginator(certificates, PER_PAGE).get_page(request.GET.get("page"))
    rows = [(certificate, status_of(certificate, today)) for certificate in page_obj.object_list]
    return render(
        request,
        "certificates/leads/certificates.html",
        {
            "form": form,
            "filters": filters,
            "ignored": form.ignored(),
            "kept_query": form.kept_query(),
            "page_obj": page_obj,
            "rows": rows,
            "agencies": agencies,
        },
    )
