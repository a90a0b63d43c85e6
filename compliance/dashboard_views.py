"""The agency lead's compliance pages under /leads/compliance/: which agency, its dashboard (each
requirement's figures by status, as a chart and a table, and a requirement's breakdowns by team
and job role), its staff list (filtered, sorted, a page at a time, and as CSV and XLSX) and a
person's training record.

Every figure and row is ``compliance.staff``'s, for the agency on today, with the requirements
in force loaded once (``status.in_force``) and passed to every call, so a page costs the same
number of queries for 2 people as for 2,000. Every view finds its agency through
``Agency.objects.visible_to`` (a lead their own, an administrator any): another agency's id,
and any id for a learner, is a 404. Two-factor sign-in is required by the middleware on /leads/
and by ``mfa_required`` on each view.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from bookings.models import Booking
from certificates.models import Certificate
from certificates.status import status_of
from compliance import exports
from compliance.access import agency_for
from compliance.filters import RequirementForm, StaffFilterForm
from compliance.models import Exemption, RosterEntry
from compliance.report_views import from_list_query, staff_list_url
from compliance.staff import SORTS, Filters, accounts, breakdown, counts, percent, staff_list
from compliance.status import ComplianceStatus, due_dates, in_force, statuses_of
from lscb_training.forms import is_possible_key
from people.models import Agency, JobRole, User
from people.staff_access import mfa_required
from records.models import Completion

PER_PAGE = 50
# The dashboard's order: as the statuses are declared (compliant first), the chart reads left
# to right from done to not done.
SHOWN_STATUSES = list(ComplianceStatus)
# The staff list's sortable columns: (label, ascending key); a second click reverses where
# compliance.staff.SORTS offers the reverse.
# Status and dates come straight after the name: on a phone the table scrolls sideways, and
# they are what a lead looks for, so they should be in view without scrolling.
SORTABLE = [("Name", "name"), ("Status", "status"), ("Completed", "completed"), ("Job role", "role"), ("Team", "team")]


class CountedPaginator(Paginator):
    """A paginator told its count: ``staff.counts`` has already counted exactly these rows for
    the figures above the list, so counting the UNION again would be a query for nothing."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self):
        return self._count


_agency = agency_for


def covering(agency, requirements):
    """The requirements of ``requirements`` (``in_force``'s list) whose scope takes in
    ``agency``: the partnership's, its sector's and its own. Each is asked about the agency's
    staff, so one written for job roles the agency lacks shows as nobody."""
    return [requirement for requirement in requirements if requirement.covers_agency(agency)]


@require_GET
@mfa_required
def home(request):
    """The agencies the person may see; a lead of one goes straight to its dashboard."""
    agencies = list(Agency.objects.visible_to(request.user).order_by("name"))
    if not agencies:
        raise Http404("No agency to show.")
    if len(agencies) == 1:
        return redirect("compliance:dashboard", agency_id=agencies[0].pk)
    return render(request, "compliance/leads/home.html", {"agencies": agencies})


def _status_figures(figures):
    """``[{status, label, count, percent, x, width}]`` for the chart and table, ``x`` and
    ``width`` in thousandths of the bar, written out for the SVG (never localised)."""
    total, x, shown = figures["total"], 0.0, []
    for status in SHOWN_STATUSES:
        count = figures[status.value]
        width = 100 * count / total if total else 0
        shown.append(
            {
                "status": status.value,
                "label": status.label,
                "count": count,
                "percent": percent(count, total),
                "x": f"{10 * x:.2f}",
                "width": f"{10 * width:.2f}",
            }
        )
        x += width
    return shown


def _breakdown_rows(groups):
    return [
        {
            "label": label,
            "total": figures["total"],
            "statuses": [
                (figures[status.value], percent(figures[status.value], figures["total"])) for status in SHOWN_STATUSES
            ],
        }
        for label, figures in groups
    ]


@require_GET
@mfa_required
def dashboard(request, agency_id):
    """Each requirement covering the agency with its staff's figures by status, then the
    chosen requirement's figures by team and by job role: a query a requirement and four for
    the breakdowns, whatever the number of staff."""
    agency = _agency(request, agency_id)
    today = timezone.localdate()
    requirements = in_force(today)
    theirs = covering(agency, requirements)
    form = RequirementForm(request.GET, requirements=theirs)
    chosen = form.chosen()
    staff_url = reverse("compliance:staff", args=[agency.pk])
    summaries = []
    for requirement in theirs:
        figures = counts([agency], requirement, today, requirements=requirements)
        statuses = _status_figures(figures)
        for shown in statuses:
            shown["url"] = f"{staff_url}?requirement={requirement.pk}&status={shown['status']}"
        summaries.append(
            {
                "requirement": requirement,
                "total": figures["total"],
                "statuses": statuses,
                "url": f"{staff_url}?requirement={requirement.pk}",
            }
        )
    by_team = by_role = []
    if chosen is not None:
        by_team = _breakdown_rows(breakdown([agency], chosen, today, "team", requirements=requirements))
        by_role = _breakdown_rows(breakdown([agency], chosen, today, "job_role", requirements=requirements))
    return render(
        request,
        "compliance/leads/dashboard.html",
        {
            "agency": agency,
            "today": today,
            "form": form,
            "ignored": form.ignored(),
            "chosen": chosen,
            "summaries": summaries,
            "statuses": SHOWN_STATUSES,
            "by_team": by_team,
            "by_role": by_role,
            "several_agencies": Agency.objects.visible_to(request.user).count() > 1,
        },
    )


def _teams(agency):
    """Every team named for the agency's people or on its roster, for the team filter."""
    teams = set(User.objects.filter(agency=agency).exclude(team="").values_list("team", flat=True))
    teams |= set(RosterEntry.objects.filter(agency=agency).exclude(team="").values_list("team", flat=True))
    return sorted(teams, key=str.lower)


def _staff_query(request, agency, today):
    """The staff list's form, requirement, filters and sort, read from the query string; the
    rows (unsliced) and their counts are built from them by the callers."""
    requirements = in_force(today)
    form = StaffFilterForm(
        request.GET,
        requirements=covering(agency, requirements),
        job_roles=list(JobRole.objects.order_by("name").values_list("pk", "name")),
        teams=_teams(agency),
    )
    usable = form.filters()
    filters = Filters(
        status=usable.get("status", ""),
        job_role=usable.get("job_role"),
        team=usable.get("team", ""),
        search=usable.get("search", "").strip(),
    )
    sort = request.GET.get("sort", "name")
    if sort not in SORTS:
        sort = "name"
    return form, form.chosen(), requirements, filters, sort


def _sort_links(kept_query, sort):
    """The staff table's column headings: each a link sorting by it (reversing it if it is the
    current sort and can be reversed), with ``aria_sort`` for the current one."""
    headings = []
    for label, key in SORTABLE:
        current = sort.lstrip("-") == key
        descending = sort.startswith("-")
        next_key = f"-{key}" if current and not descending and f"-{key}" in SORTS else key
        query = kept_query.copy()
        query["sort"] = next_key
        headings.append(
            {
                "label": label,
                "key": key,
                "url": f"?{query.urlencode()}",
                "aria_sort": ("descending" if descending else "ascending") if current else "",
            }
        )
    return headings


@require_GET
@mfa_required
def staff(request, agency_id):
    """The agency's staff against one requirement, filtered and sorted, 50 a page, with the
    counts of the same rows above: the same queries for 2 people as for 2,000."""
    agency = _agency(request, agency_id)
    today = timezone.localdate()
    form, requirement, requirements, filters, sort = _staff_query(request, agency, today)
    kept_query = form.kept_query()
    if sort != "name":
        kept_query["sort"] = sort
    context = {
        "agency": agency,
        "today": today,
        "form": form,
        "ignored": form.ignored(),
        "requirement": requirement,
        "filters": filters,
        "filtered": filters != Filters(),
        "sort": sort,
        "kept_query": kept_query,
        "statuses": SHOWN_STATUSES,
    }
    if requirement is not None:
        figures = counts([agency], requirement, today, filters, requirements=requirements)
        rows = staff_list([agency], requirement, today, filters, sort, requirements=requirements)
        page_obj = CountedPaginator(rows, PER_PAGE, figures["total"]).get_page(request.GET.get("page"))
        labels = dict(ComplianceStatus.choices)
        # Each person's record carries the list as it is, so its "Back to the staff list" (and
        # an exemption made from it) returns to these filters, sort and page.
        from_list = f"?{urlencode({'list': request.GET.urlencode()})}" if request.GET else ""
        people = [
            {
                **row,
                "status_label": labels.get(row["status"], row["status"]),
                "due_on": exports.due_on(row, requirement),
                "url": f"{reverse('compliance:person', args=[agency.pk, row['ident']])}{from_list}"
                if row["kind"] == "account"
                else "",
            }
            for row in page_obj.object_list
        ]
        export_query = kept_query.copy()
        export_query.pop("page", None)
        context |= {
            "figures": figures,
            "figure_list": [(status, figures[status.value]) for status in SHOWN_STATUSES],
            "page_obj": page_obj,
            "people": people,
            "headings": _sort_links(form.kept_query(), sort),
            "export_query": export_query.urlencode(),
        }
    return render(request, "compliance/leads/staff.html", context)


def _export(request, agency_id, write, extension):
    agency = _agency(request, agency_id)
    today = timezone.localdate()
    _form, requirement, requirements, filters, sort = _staff_query(request, agency, today)
    if requirement is None:
        raise Http404("No requirement covers this agency.")
    rows = staff_list([agency], requirement, today, filters, sort, requirements=requirements)
    return write(rows, requirement, exports.file_name(agency, requirement, today, extension))


@require_GET
@mfa_required
def staff_csv(request, agency_id):
    """Every row of the filtered staff list (not only one page), in its order, streamed."""
    return _export(request, agency_id, exports.staff_csv, "csv")


@require_GET
@mfa_required
def staff_xlsx(request, agency_id):
    """Every row of the filtered staff list (not only one page), in its order."""
    return _export(request, agency_id, exports.staff_xlsx, "xlsx")


@require_GET
@mfa_required
def person(request, agency_id, user_id):
    """A person's training as the lead sees it: each requirement that applies to them with
    their status, their completions, bookings and certificates. Only for someone in the agency
    today (by their role history, not left by the roster): anyone else is a 404."""
    agency = _agency(request, agency_id)
    today = timezone.localdate()
    if not is_possible_key(User, user_id):
        raise Http404("No such person.")
    period = accounts([agency], today).filter(user_id=user_id).select_related("user", "job_role").first()
    if period is None:
        raise Http404("No such person in this agency.")
    someone = period.user
    # The team as the staff list gives it: the roster's word for it first, else the person's own.
    on_roster = RosterEntry.objects.filter(agency=agency, person=someone).exclude(team="")
    roster_team = on_roster.values_list("team", flat=True).first()
    # The end of each running exemption, so the record says until when (the status only says
    # that one runs); the same test of "running" as compliance.status.
    exempt_until = dict(
        Exemption.objects.filter(person=someone, starts_on__lte=today, ends_on__gt=today)
        .order_by("ends_on")
        .values_list("requirement_id", "ends_on")
    )
    statuses = [
        {
            "requirement": requirement,
            "status": annotated.compliance_status,
            "status_label": ComplianceStatus(annotated.compliance_status).label,
            "completed_on": annotated.latest_completion,
            "due_on": due_dates(annotated, requirement),
            "booked": annotated.booked,
            "exempt": annotated.exempt,
            "exempt_until": exempt_until.get(requirement.pk),
        }
        for requirement, annotated in statuses_of(someone, today, periods=accounts([agency], today), agency=agency)
    ]
    completions = Completion.objects.filter(user=someone).select_related("course").order_by("-completed_on", "-id")
    bookings = (
        Booking.objects.filter(user=someone).select_related("session__course").order_by("-session__starts_at", "-id")
    )
    certificates = [
        (certificate, status_of(certificate, today))
        for certificate in Certificate.objects.filter(person=someone)
        .select_related("course")
        .order_by("-completed_on", "-id")
    ]
    return render(
        request,
        "compliance/leads/person.html",
        {
            "agency": agency,
            "person": someone,
            "back_url": staff_list_url(agency, returning=request.GET.get("list", "")),
            "from_list": from_list_query(request),
            "period": period,
            "team": roster_team or someone.team,
            "statuses": statuses,
            "completions": completions,
            "bookings": bookings,
            "certificates": certificates,
        },
    )
