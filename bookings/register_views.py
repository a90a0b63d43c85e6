"""The training team's register and ledger screens in the Wagtail admin.

- The register of a session (``RegisterView``): each confirmed person marked attended, arrived
  late (with the minutes), left early or did not attend, or everyone not yet marked as attended
  in one click; saved by ``services.mark_register``, which refuses, with the reason and
  changing nothing, before the start, for people not booked and for a correction without a
  reason.
- The ledger report (``LedgerReportView``): entries per agency and period with totals, as CSV
  or XLSX; a charge waived with a reason (``WaiveEntryView``); due charges marked invoiced.
- Lifting a three-no-shows block with a reason (``LiftBlockView``).

Open to the Training administrators (the bookings permissions, checked per view); two-factor
sign-in is enforced for /admin/ by the middleware.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from bookings import attendance as register_rules
from bookings import exports, ledger, services
from bookings.choices import Attendance, LedgerStatus
from bookings.models import LedgerEntry, Session
from bookings.services import BookingBusy, BookingRefused
from lscb_training.dates import format_date
from people.models import Agency


class _AdminPage(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    model = Session
    permission_required = "change"
    header_icon = "list-ul"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]


class LedgerMenuItem(MenuItem):
    """Shown to those who may use the ledger: the bookings permissions, as the views check."""

    def is_shown(self, request):
        return request.user.has_perm("bookings.change_session")


# The register


class RegisterView(_AdminPage):
    template_name = "bookings/admin/register.html"
    page_title = "Register"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.session = get_object_or_404(Session.objects.select_related("course", "venue"), pk=kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.session)

    def bookings(self):
        return list(
            self.session.bookings.confirmed()
            .select_related("user__agency", "user__job_role", "attendance_marked_by")
            .order_by("user__full_name", "id")
        )

    def get_context_data(self, errors=(), posted=None, **kwargs):
        bookings = self.bookings()
        for booking in bookings:
            booking.field = f"attendance-{booking.pk}"
            booking.minutes_field = f"minutes-{booking.pk}"
            booking.chosen = posted.get(booking.field, "") if posted else booking.attendance
            booking.minutes_shown = posted.get(booking.minutes_field, "") if posted else (booking.minutes_late or "")
        return super().get_context_data(
            session=self.session,
            bookings=bookings,
            choices=Attendance.choices,
            closed=register_rules.register_refusal(self.session),
            grace=settings.BOOKING_LATE_GRACE_MINUTES,
            errors=errors,
            reason=posted.get("reason", "") if posted else "",
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "walk_in":
            return self.add_walk_in(request)
        bookings = self.bookings()
        marks, errors = [], []
        everyone = request.POST.get("action") == "all_attended"
        for booking in bookings:
            name = booking.user.full_name or booking.user.email
            if everyone:
                if not booking.attendance:
                    marks.append(register_rules.Mark(booking.pk, Attendance.ATTENDED))
                continue
            chosen = request.POST.get(f"attendance-{booking.pk}", "")
            if not chosen:
                continue
            minutes = request.POST.get(f"minutes-{booking.pk}", "").strip()
            try:
                minutes = int(minutes) if minutes else None
            except ValueError:
                errors.append(f"Enter how many minutes late {name} arrived, as a number.")
                continue
            marks.append(register_rules.Mark(booking.pk, chosen, minutes))
        if not errors:
            try:
                saved = services.mark_register(
                    self.session, marks, by=request.user, reason=request.POST.get("reason", "")
                )
            except BookingRefused as refused:
                errors = refused.messages
            except BookingBusy as busy:
                errors = [str(busy)]
            else:
                if saved.changed:
                    messages.success(request, _saved_message(saved))
                else:
                    messages.info(request, "The register was already saved like this: nothing changed.")
                return redirect("bookings_register:register", pk=self.session.pk)
        context = self.get_context_data(errors=errors, posted=None if everyone else request.POST)
        return self.render_to_response(context, status=400)

    def add_walk_in(self, request):
        """Someone who came without a place: found by email, checked against the course's
        eligibility (the reasons shown, overridden only with a reason), then booked."""
        email = request.POST.get("walk_in_email", "").strip()
        person = get_user_model().objects.filter(email__iexact=email).first() if email else None
        if person is None:
            errors = [
                "Enter the email address of someone with an account on this site."
                if email
                else "Enter the walk-in’s email address."
            ]
        else:
            try:
                services.add_walk_in(
                    self.session, person, by=request.user, reason=request.POST.get("walk_in_reason", "")
                )
            except BookingRefused as refused:
                errors = refused.messages
            except BookingBusy as busy:
                errors = [str(busy)]
            else:
                messages.success(request, f"Added {person.full_name or person.email}. Mark their attendance below.")
                return redirect("bookings_register:register", pk=self.session.pk)
        context = self.get_context_data(walk_in_errors=errors, walk_in_email=email)
        return self.render_to_response(context, status=400)


def _saved_message(saved):
    parts = []
    if saved.marked:
        parts.append(f"{len(saved.marked)} marked")
    if saved.corrected:
        parts.append(f"{len(saved.corrected)} corrected")
    if saved.recorded:
        parts.append(f"{saved.recorded} completion{'s' if saved.recorded != 1 else ''} recorded")
    if saved.withdrawn:
        parts.append(f"{saved.withdrawn} completion{'s' if saved.withdrawn != 1 else ''} withdrawn")
    return "Register saved: " + ", ".join(parts) + "."


# The ledger


class LedgerFilterForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.order_by("name"), required=False, empty_label="All")
    start = forms.DateField(
        label="Sessions from",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="For example 2027-03-01",
    )
    end = forms.DateField(label="Sessions to", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(choices=[("", "All"), *LedgerStatus.choices], required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", "The end date must be on or after the start date.")
        return cleaned


def filtered_entries(form):
    entries = LedgerEntry.objects.select_related("person", "agency", "session__course")
    if not form.is_valid():
        return entries.none()
    data = form.cleaned_data
    if data["agency"]:
        entries = entries.filter(agency=data["agency"])
    if data["status"]:
        entries = entries.filter(status=data["status"])
    return entries.in_period(*ledger.period(data["start"], data["end"]))


class LedgerReportView(_AdminPage):
    template_name = "bookings/admin/ledger.html"
    page_title = "Charges ledger"
    header_icon = "tasks"

    def get_page_subtitle(self):
        return "Late cancellations, no-shows and leaving early"

    def get(self, request, *args, **kwargs):
        form = LedgerFilterForm(request.GET or None)
        entries = filtered_entries(form) if request.GET else filtered_entries(LedgerFilterForm({}))
        export = request.GET.get("export")
        if export == "csv":
            return _download(exports.ledger_csv(entries), "text/csv; charset=utf-8", "ledger.csv")
        if export == "xlsx":
            return _download(exports.ledger_xlsx(entries), exports.XLSX, "ledger.xlsx")
        query = request.GET.copy()
        query.pop("export", None)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                entries=list(entries),
                totals=entries.totals(),
                query=query.urlencode(),
                status=400 if request.GET and not form.is_valid() else 200,
            ),
            status=400 if request.GET and not form.is_valid() else 200,
        )

    def post(self, request, *args, **kwargs):
        # "Mark the due charges shown as invoiced": the same filters as the page.
        form = LedgerFilterForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose the charges to invoice again: the filters were not valid.")
            return redirect("bookings_register:ledger")
        count = services.mark_invoiced(filtered_entries(form), by=request.user)
        messages.success(request, f"{count} charge{'s' if count != 1 else ''} marked as invoiced.")
        return redirect(f"{reverse('bookings_register:ledger')}?{request.POST.get('query', '')}")


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000, required=False)


class WaiveEntryView(_AdminPage):
    template_name = "bookings/admin/ledger_waive.html"
    page_title = "Waive a charge"
    header_icon = "tasks"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.entry = get_object_or_404(
            LedgerEntry.objects.select_related("person", "agency", "session__course"), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        return f"{self.entry.person.full_name}, {self.entry.session.course.title}"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ReasonForm())
        session = self.entry.session
        return super().get_context_data(entry=self.entry, session_date=format_date(session.starts_at), **kwargs)

    def post(self, request, *args, **kwargs):
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                services.waive_entry(self.entry, by=request.user, reason=form.cleaned_data["reason"])
            except BookingRefused as refused:
                form.add_error("reason", refused.messages)
            else:
                messages.success(request, f"Charge waived for {self.entry.person.full_name}.")
                return redirect("bookings_register:ledger")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class LiftBlockView(_AdminPage):
    template_name = "bookings/admin/register_lift_block.html"
    page_title = "Lift booking block"
    header_icon = "lock-open"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.person = get_object_or_404(get_user_model(), pk=kwargs["person_pk"])

    def get_page_subtitle(self):
        return self.person.full_name or self.person.email

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ReasonForm())
        return super().get_context_data(
            person=self.person, blocked=register_rules.no_show_block(self.person) is not None, **kwargs
        )

    def post(self, request, *args, **kwargs):
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                services.lift_booking_block(self.person, by=request.user, reason=form.cleaned_data["reason"])
            except BookingRefused as refused:
                form.add_error("reason", refused.messages)
            else:
                messages.success(request, f"{self.person.full_name} can book for themselves again.")
                return redirect("bookings_register:ledger")
        return self.render_to_response(self.get_context_data(form=form), status=400)
