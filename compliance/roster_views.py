"""An agency lead's staff list (roster) pages under /leads/compliance/<agency>/roster/: the
upload form beside the roster as it stands, the preview of an upload with Confirm and Cancel,
and a template file. The writing is ``compliance.services``' (``preview_roster``,
``confirm_roster``, ``cancel_roster``).

Every view finds the agency through ``Agency.objects.visible_to(request.user)`` and the upload
within that agency, so another agency's id, or an upload of another agency under one's own, is
a 404 (for a learner too: they lead no agency).
"""

import csv
import io

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from compliance import rosters, services
from compliance.access import agency_for
from compliance.models import RosterEntry, RosterStatus, RosterUpload
from compliance.rosters import DONE_LABELS, RosterOutcome
from lscb_training.dates import format_short_date
from lscb_training.forms import is_possible_key
from people.models import JobRole
from people.staff_access import mfa_required
from records.imports import MAX_ROWS, MAX_UPLOAD_BYTES, ImportFileError, parse_date

ENTRIES_PER_PAGE = 50
ROWS_PER_PAGE = 100


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="Staff list",
        help_text=(
            f"A CSV (UTF-8) or Excel workbook (.xlsx), smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB "
            f"and with at most {MAX_ROWS:,} rows."
        ),
        error_messages={"required": "Select a staff list", "empty": "The selected file is empty."},
    )


_agency = agency_for


@mfa_required
@require_http_methods(["GET", "POST"])
def roster(request, agency_id):
    """The roster of the agency, a page at a time, and the form to upload a staff list: a
    file that cannot be read gives the reason beside the field and writes nothing."""
    agency = _agency(request, agency_id)
    form, status = RosterUploadForm(), 200
    if request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                upload = services.preview_roster(agency, form.cleaned_data["file"], request.user)
            except ImportFileError as error:
                form.add_error("file", error)
            else:
                return redirect("compliance:roster_preview", agency.pk, upload.pk)
        status = 400
    entries = RosterEntry.objects.filter(agency=agency).select_related("job_role").order_by("full_name", "email", "pk")
    waiting = RosterUpload.objects.filter(agency=agency, status=RosterStatus.PREVIEWED).order_by("-uploaded_at")[:5]
    return render(
        request,
        "compliance/roster/roster.html",
        {
            "agency": agency,
            "form": form,
            "page_obj": Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page")),
            "waiting": list(waiting),
            "job_roles": JobRole.objects.active().order_by("name"),
            "max_rows": MAX_ROWS,
        },
        status=status,
    )


@mfa_required
@require_http_methods(["GET", "POST"])
def roster_preview(request, agency_id, upload_id):
    """What each row of an upload would do (or did), with Confirm and Cancel while it waits.
    A second Confirm, or one after Cancel, says so and changes nothing."""
    agency = _agency(request, agency_id)
    if not is_possible_key(RosterUpload, upload_id):
        raise Http404("No such upload.")
    upload = get_object_or_404(
        RosterUpload.objects.select_related("uploaded_by", "confirmed_by"), pk=upload_id, agency=agency
    )
    if request.method == "POST":
        return _decide(request, agency, upload)

    totals = rosters.counts(upload.rows)
    previewed = upload.status == RosterStatus.PREVIEWED
    shown = request.GET.get("show")
    rows = upload.rows
    if shown in RosterOutcome.values:
        rows = [row for row in rows if row["outcome"] == shown]
    else:
        shown = None
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    for row in page:
        row["outcome_label"] = _outcome_label(row["outcome"], previewed)
        for column in ("started_on", "leaves_on"):
            day = parse_date(row.get(column, ""))
            row[f"{column}_label"] = format_short_date(day) if day else row.get(column, "")
    outcomes = [
        {"value": value, "label": _outcome_label(value, previewed), "count": totals[value]}
        for value in RosterOutcome.values
    ]
    return render(
        request,
        "compliance/roster/preview.html",
        {
            "agency": agency,
            "upload": upload,
            "previewed": previewed,
            "outcomes": outcomes,
            "counts": totals,
            "changing": totals[RosterOutcome.ADD] + totals[RosterOutcome.UPDATE],
            "shown": shown,
            "page_obj": page,
        },
    )


def _outcome_label(outcome, previewed):
    if previewed:
        return RosterOutcome(outcome).label
    return DONE_LABELS.get(outcome, RosterOutcome(outcome).label)


def _decide(request, agency, upload):
    # One button's value: a tampered form sending both must not be read as its last one.
    actions = request.POST.getlist("action")
    action = actions[0] if len(actions) == 1 else None
    if action not in ("confirm", "cancel"):
        return HttpResponseBadRequest("Choose Confirm or Cancel.")
    try:
        if action == "cancel":
            services.cancel_roster(upload, request.user)
        else:
            upload = services.confirm_roster(upload, request.user)
    except services.RosterRefused as refused:
        messages.info(request, str(refused))
        return redirect("compliance:roster_preview", agency.pk, upload.pk)
    if action == "cancel":
        messages.success(request, f"Cancelled: nothing from “{upload.file_name}” was changed.")
        return redirect("compliance:roster", agency.pk)
    messages.success(request, _confirmed_message(upload))
    return redirect("compliance:roster_preview", agency.pk, upload.pk)


def _confirmed_message(upload):
    def people(number):
        return f"{number} {'person' if number == 1 else 'people'}"

    said = f"The staff list is updated from “{upload.file_name}”: {people(upload.added_count)} added, "
    said += f"{people(upload.updated_count)} updated, {people(upload.unchanged_count)} unchanged."
    if upload.error_count:
        said += f" {upload.error_count} row{'' if upload.error_count == 1 else 's'} with errors changed nothing."
    return said


@mfa_required
@require_GET
def roster_template(request, agency_id):
    """A CSV with the roster's headings and no rows, to fill in."""
    _agency(request, agency_id)
    text = io.StringIO()
    csv.writer(text).writerow(rosters.TEMPLATE_HEADINGS)
    response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="staff-list-template.csv"'
    return response
