"""Reports and reminders under /leads/compliance/ (two-factor sign-in: /leads/ is an MFA prefix
and each view carries ``people.staff_access.mfa_required``):

- the printable summary of one agency (PDF, for a board paper or a Section 11 audit);
- "remind selected", posted from the staff list;
- the partnership overview for training administrators, with its CSV and XLSX and the trend of
  the monthly snapshots.

An agency is found through ``Agency.objects.visible_to(request.user)``, so another agency's id
is a 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from certificates.pdf import font_paths, render_html_to_pdf
from compliance import lead_reminders
from compliance.access import agency_for
from compliance.reports import (
    STATUS_MEANINGS,
    XLSX,
    agency_summary,
    covers_agency,
    overview_csv,
    overview_xlsx,
    partnership_overview,
    trend,
)
from compliance.status import in_force
from lscb_training.dates import format_date
from lscb_training.models import SiteSettings
from people.models import Agency
from people.staff_access import is_training_administrator, mfa_required

_agency = agency_for


def _partnership_name():
    site_settings = SiteSettings.objects.filter(site__is_default_site=True).first()
    return site_settings.partnership_name if site_settings else ""


# The printable summary.


@require_GET
@mfa_required
def report_pdf(request, agency_id):
    """Dated figures of one agency against every requirement written for it: counts and
    percentages by status, and by team, with what each status means. Four queries per
    requirement, and a few more."""
    agency = _agency(request, agency_id)
    today = timezone.localdate()
    regular, bold = font_paths()
    html = render_to_string(
        "compliance/report_pdf.html",
        {
            "agency": agency,
            "today": format_date(today),
            "partnership": _partnership_name(),
            "summaries": agency_summary(agency, today),
            "meanings": [(status.label, words) for status, words in STATUS_MEANINGS],
            "font_regular": regular,
            "font_bold": bold,
        },
    )
    response = HttpResponse(render_html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        # The agency's name, not its id: a lead's downloads folder holds several of these.
        f'attachment; filename="compliance-{slugify(agency.name)}-{today:%Y-%m-%d}.pdf"'
    )
    return response


# Remind selected.


STAFF_LIST_PARAMETERS = ("requirement", "status", "job_role", "team", "search", "sort", "page")
RETURNING_MAX_LENGTH = 2000


def staff_list_url(agency, requirement_id=None, returning=""):
    """Where the staff list of ``agency`` is (``compliance:staff``, the dashboard's), showing
    ``requirement_id``: where "remind selected" returns to. ``returning`` is the list's query
    string as the lead left it (posted by the form), so they come back to the same filters,
    sort and page rather than to page 1 of everyone; only the list's own parameters are kept,
    and the staff view checks their values as it would any link's."""
    url = reverse("compliance:staff", args=[agency.pk])
    kept = QueryDict(returning[:RETURNING_MAX_LENGTH])
    query = {key: kept[key] for key in STAFF_LIST_PARAMETERS if kept.get(key)}
    if requirement_id:
        query["requirement"] = requirement_id
    return f"{url}?{urlencode(query)}" if query else url


def from_list_query(request):
    """``?list=…`` (the staff list's query string a person's record was opened from), to carry
    on to the next page so "back" still returns to it; empty when there is none."""
    returning = request.GET.get("list", "")[:RETURNING_MAX_LENGTH]
    return f"?{urlencode({'list': returning})}" if returning else ""


def _as_id(value):
    # isascii() too: "²" and "٣" are digits to isdigit() that int() refuses or reads as a number.
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


@require_POST
@mfa_required
def remind(request, agency_id):
    """Emails the chosen people about one requirement, all or none: anyone not on the agency's
    staff that the requirement applies to today refuses the whole request."""
    agency = _agency(request, agency_id)
    today = timezone.localdate()
    requirements = in_force(today)
    requirement_id = _as_id(request.POST.get("requirement"))
    requirement = next((each for each in requirements if each.pk == requirement_id), None)
    if requirement is None or not covers_agency(requirement, agency):
        messages.error(request, "Choose a requirement that applies to your staff, then try again. Nobody was reminded.")
        return redirect(staff_list_url(agency))
    back = redirect(staff_list_url(agency, requirement.pk, request.POST.get("returning", "")))
    chosen = request.POST.getlist("people")
    ids = list(dict.fromkeys(_as_id(value) for value in chosen))
    if not ids:
        messages.error(request, "Choose at least one person to remind.")
        return back
    if len(ids) > lead_reminders.MAX_PEOPLE:
        messages.error(
            request,
            f"You can remind up to {lead_reminders.MAX_PEOPLE} people at a time; you chose {len(ids)}. "
            "Nobody was reminded. Narrow the list with the filters and try again.",
        )
        return back
    staff = lead_reminders.staff_it_applies_to(agency, requirement, today, requirements)
    found = set(staff.filter(user_id__in=[pk for pk in ids if pk is not None]).values_list("user_id", flat=True))
    if None in ids or len(found) != len(ids):
        missing = len(ids) - len(found)
        messages.error(
            request,
            f"{missing} of the people chosen {'is' if missing == 1 else 'are'} not on your staff list for "
            f"{requirement.title} "
            "today, so nobody was reminded. Reload the list and try again.",
        )
        return back
    outcome = lead_reminders.remind(
        request.user,
        agency,
        requirement,
        ids,
        # Ticked is enough, whatever value the checkbox sends: the form once sent "1" while this
        # looked for "on", and no line manager was ever copied.
        copy_managers=bool(request.POST.get("copy_managers")),
        on=today,
        requirements=requirements,
    )
    (messages.success if outcome.reminded else messages.warning)(request, outcome.message(requirement.title))
    return back


# The partnership overview.


def _administrator_only(request):
    if not is_training_administrator(request.user):
        raise PermissionDenied("The partnership overview is for training administrators.")


@require_GET
@mfa_required
def partnership(request):
    """Every agency side by side against every requirement in force, and the last 12 months of
    snapshots. Two queries per requirement, and a few more."""
    _administrator_only(request)
    today = timezone.localdate()
    history = trend(today)
    return render(
        request,
        "compliance/partnership.html",
        {
            "today": today,
            "overview": partnership_overview(Agency.objects.order_by("name", "pk"), today),
            "trend": history,
            "trend_rows": history.rows(),
            "trend_charts": history.charts(),
        },
    )


@require_GET
@mfa_required
def partnership_export(request, file_format):
    _administrator_only(request)
    today = timezone.localdate()
    overview = partnership_overview(Agency.objects.order_by("name", "pk"), today)
    if file_format == "xlsx":
        response = HttpResponse(overview_xlsx(overview), content_type=XLSX)
    else:
        response = HttpResponse(overview_csv(overview), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="partnership-compliance-{today:%Y-%m-%d}.{file_format}"'
    return response
