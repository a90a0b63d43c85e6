"""Agency leads' pages under /leads/: the requests waiting for their decision and their staff's
upcoming bookings, their staff's history, and the charges to their agencies, only for the
agencies they lead (``Booking.objects.led_by``, ``LedgerEntry.objects.led_by``), and the
approve and decline pages the request email links to. Two-factor sign-in is required twice
over: the middleware guards /leads/ (``MFA_REQUIRED_PATH_PREFIXES``) and each view carries
``people.staff_access.mfa_required`` wherever it is mounted.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from bookings import exports, ledger, links, services
from bookings.booking_views import BUSY_MESSAGE
from bookings.forms import LeadLedgerFilterForm, StaffHistoryFilterForm
from bookings.models import Booking, LedgerEntry
from bookings.services import BookingBusy, BookingRefused
from people.staff_access import mfa_required
from records.eligibility import Reason


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason (optional)",
        help_text="We send this to the person who asked for the place.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _lead_only(request):
    if not request.user.is_agency_lead:
        raise PermissionDenied("This page is for agency leads.")


@mfa_required
def leads_home(request):
    _lead_only(request)
    lead = request.user
    services.settle_offers()
    now = timezone.now()
    theirs = (
        Booking.objects.led_by(lead)
        .upcoming(now)
        .select_related("user__job_role", "session__course", "session__venue", "eligibility_exception__granted_by")
    )
    requests = list(theirs.to_decide().order_by("approval_requested_at", "id"))
    for booking in requests:
        booking.approval_token = links.make_token(booking, links.APPROVAL_SALT)
        booking.release_at = services.approval_deadline(booking) if booking.approval_requested_at else None
    # Everything else they hold, a request on a cancelled session among it (shown as cancelled).
    staff_bookings = theirs.active().exclude(pk__in=theirs.to_decide().values("pk")).with_waiting_position()
    return render(
        request,
        "bookings/leads/home.html",
        {
            "requests": requests,
            "staff_bookings": list(staff_bookings.order_by("session__starts_at", "user__full_name", "id")),
            "agencies": list(lead.led_agencies.order_by("name")),
        },
    )


def _decision_page(request, token, action):
    booking = links.booking_for_token(token, links.APPROVAL_SALT)
    if booking is None:
        return render(request, "bookings/link_not_valid.html", {"kind": "request"}, status=400)
    if not services.may_decide(request.user, booking):
        raise Http404("No such request.")
    form = DeclineForm(request.POST if request.method == "POST" else None) if action == "decline" else None
    refusal = []
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            if action == "approve":
                services.approve_booking(booking, by=request.user)
            else:
                services.decline_booking(booking, by=request.user, reason=form.cleaned_data["reason"])
        except BookingRefused as refused:
            refusal = refused.reasons
        except BookingBusy:
            refusal = [Reason("busy", BUSY_MESSAGE)]
        else:
            verb = "Approved" if action == "approve" else "Declined"
            messages.success(request, f"{verb} {booking.user.full_name}’s request for {booking.session}.")
            return redirect("bookings:leads")
    # The same rule as the leads' list: only a request on a session going ahead is open.
    open_request = Booking.objects.to_decide().filter(pk=booking.pk).exists()
    return render(
        request,
        "bookings/leads/decide.html",
        {
            "booking": booking,
            "session": booking.session,
            "action": action,
            "form": form,
            "refusal": refusal,
            "open_request": open_request,
        },
        status=400 if refusal else 200,
    )


@mfa_required
def approval_approve(request, token):
    return _decision_page(request, token, "approve")


@mfa_required
def approval_decline(request, token):
    return _decision_page(request, token, "decline")


HISTORY_PER_PAGE = 25


@mfa_required
def leads_history(request):
    """Their staff's bookings that are over (``Booking.objects.over``), newest sessions first:
    what happened to each, from the register's mark to a cancellation, a move or a hand-on.
    Filtered by agency (for a lead of several) and by name; a fixed number of queries a page."""
    _lead_only(request)
    lead = request.user
    agencies = list(lead.led_agencies.order_by("name"))
    form = StaffHistoryFilterForm(request.GET, agencies=agencies)
    filters = form.filters()
    bookings = Booking.objects.led_by(lead).over()
    if filters.get("agency"):
        bookings = bookings.filter(agency_id=filters["agency"])
    if filters.get("name"):
        named = get_user_model().objects.led_by(lead).filter(full_name__icontains=filters["name"])
        bookings = bookings.filter(user__in=named)
    bookings = bookings.select_related(
        "user", "agency", "session__course", "substituted_by__user", "moved_to__session"
    ).order_by("-session__starts_at", "user__full_name", "id")
    return render(
        request,
        "bookings/leads/history.html",
        {
            "form": form,
            "filters": filters,
            "ignored": form.ignored(),
            "kept_query": form.kept_query(),
            "page_obj": Paginator(bookings, HISTORY_PER_PAGE).get_page(request.GET.get("page")),
            "agencies": agencies,
        },
    )


EXPORTS = {
    "csv": (exports.ledger_csv, "text/csv; charset=utf-8"),
    "xlsx": (exports.ledger_xlsx, exports.XLSX),
}


@mfa_required
def leads_ledger(request):
    """The charges to the agencies the lead leads (late cancellations, no-shows, leaving early),
    newest sessions first, with totals; nobody else's (``LedgerEntry.objects.led_by``).
    Filtered by agency and by the sessions' dates; ``?export=csv`` or ``xlsx`` gives the rows
    shown, the bad filters dropped from them as from the page."""
    _lead_only(request)
    agencies = list(request.user.led_agencies.order_by("name"))
    form = LeadLedgerFilterForm(request.GET, agencies=agencies)
    filters = form.filters()
    entries = LedgerEntry.objects.led_by(request.user).in_period(
        *ledger.period(filters.get("start"), filters.get("end"))
    )
    if filters.get("agency"):
        entries = entries.filter(agency_id=filters["agency"])
    shown = entries.select_related("person", "agency", "session__course").order_by("-session__starts_at", "id")
    if request.GET.get("export") in EXPORTS:
        extension = request.GET["export"]
        make, content_type = EXPORTS[extension]
        response = HttpResponse(make(shown), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="charges.{extension}"'
        return response
    kept_query = form.kept_query()
    return render(
        request,
        "bookings/leads/ledger.html",
        {
            "form": form,
            "filters": filters,
            "ignored": form.ignored(),
            "entries": list(shown),
            "totals": entries.totals(),
            "agencies": agencies,
            "export_query": {extension: _with(kept_query, export=extension) for extension in EXPORTS},
        },
    )


def _with(query, **params):
    query = query.copy()
    for name, value in params.items():
        query[name] = value
    return query.urlencode()
