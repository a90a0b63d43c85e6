"""Pages for changes to a booking after it was made: the person's move to another date when the
partnership cancelled their session (from the email link or My bookings), and the
administrators' "Move booking". Thin: the change is ``bookings.services.transfer_booking``,
which dates are offered is ``bookings.transfers``.
"""

from allauth.account.decorators import verified_email_required

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from bookings import links, services
from bookings.booking_views import BUSY_MESSAGE
from bookings.models import Booking, Session
from bookings.services import BookingBusy, BookingRefused
from bookings.substitution import is_line_manager_of, place_refusal
from bookings.transfers import may_transfer_own, other_dates
from people.models import User
from people.staff_access import mfa_required
from records.eligibility import Reason

CHOOSE_A_DATE = Reason("choose", "Choose one of the dates listed.")


def _chosen(request, dates):
    """The session chosen from ``dates`` in the POST, or None."""
    wanted = request.POST.get("session", "")
    return next((session for session in dates if str(session.pk) == wanted), None)


def _move(request, booking, dates, by):
    """POST: moves ``booking`` to the chosen date; returns (new booking or None, refusal)."""
    target = _chosen(request, dates)
    if target is None:
        return None, [CHOOSE_A_DATE]
    try:
        moved = services.transfer_booking(
            booking, target, by=by, join_waiting_list=request.POST.get("waiting_list") == "1"
        )
    except BookingRefused as refused:
        return None, refused.reasons
    except BookingBusy:
        return None, [Reason("busy", BUSY_MESSAGE)]
    return moved, []


def _transfer_page(request, booking):
    if booking is None:
        return render(request, "bookings/link_not_valid.html", {"kind": "transfer"}, status=400)
    if booking.user_id != request.user.pk:
        # A forwarded email: said plainly, and nothing about the booking is shown.
        return render(request, "bookings/changes/not_yours.html", status=403)
    if not may_transfer_own(booking):
        return render(request, "bookings/link_not_valid.html", {"kind": "transfer"}, status=400)
    dates = list(other_dates(booking))
    refusal = []
    if request.method == "POST":
        moved, refusal = _move(request, booking, dates, request.user)
        if moved is not None:
            return redirect("bookings:booking_detail", moved.pk)
    return render(
        request,
        "bookings/changes/transfer.html",
        {"booking": booking, "session": booking.session, "dates": dates, "refusal": refusal},
        status=400 if refusal else 200,
    )


@verified_email_required
def transfer(request, token):
    """The one-click move from the "session cancelled" email."""
    return _transfer_page(request, links.booking_for_token(token, links.TRANSFER_SALT))


@verified_email_required
def my_transfer(request, pk):
    """The same move from My bookings, for someone without the email to hand."""
    queryset = Booking.objects.for_person(request.user).select_related("session__course", "session__venue")
    return _transfer_page(request, get_object_or_404(queryset, pk=pk))


class MoveBookingView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """An administrator moves a booking to another date of the same course: the other upcoming
    dates with their places, then ``transfer_booking`` (eligibility and places checked there)."""

    model = Session  # the administrators' permission to change sessions, as the desk's screens
    permission_required = "change"
    template_name = "bookings/changes/admin_move.html"
    page_title = "Move booking"
    header_icon = "calendar"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        queryset = Booking.objects.select_related("user__agency", "session__course", "session__venue")
        self.booking = get_object_or_404(queryset, pk=kwargs["pk"])
        self.dates = list(other_dates(self.booking))
        self.refusal = []

    def get_page_subtitle(self):
        return f"{self.booking.user.full_name or self.booking.user.email}, {self.booking.session}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            booking=self.booking, session=self.booking.session, dates=self.dates, refusal=self.refusal, **kwargs
        )

    def post(self, request, *args, **kwargs):
        moved, self.refusal = _move(request, self.booking, self.dates, request.user)
        if moved is None:
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(request, f"Moved {self.get_page_subtitle()} to {moved.session.when}.")
        # Back to the booking desk the administrator came from, where the booking now shows as moved.
        return redirect(reverse("bookings_desk:session", args=[self.booking.session_id]))


# Handing a confirmed place to a colleague: the line manager (from the confirmation email they
# are copied on), an agency lead (from /leads/, behind two-factor sign-in) or an administrator.


class SubstituteForm(forms.Form):
    email = forms.EmailField(
        label="Your colleague’s work email address",
        help_text="The colleague taking the place. They need an account on this site, with the same agency.",
    )


NO_ACCOUNT = Reason(
    "no_account",
    "Nobody with that email address has an account here. Ask your colleague to create one, then try again.",
)


def _substitution_bookings():
    return Booking.objects.select_related("user__agency", "session__course", "session__venue")


def _hand_on(request, booking, form):
    """POST: ``substitute_booking`` to the colleague named in ``form``; (substitute or None, refusal)."""
    colleague = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
    if colleague is None:
        return None, [NO_ACCOUNT]
    try:
        return services.substitute_booking(booking, colleague, by=request.user), []
    except BookingRefused as refused:
        return None, refused.reasons
    except BookingBusy:
        return None, [Reason("busy", BUSY_MESSAGE)]


def _substitute_page(request, booking, back_url):
    refusal = [] if (closed := place_refusal(booking)) is None else [closed]
    form = SubstituteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not refusal and form.is_valid():
        substitute, refusal = _hand_on(request, booking, form)
        if substitute is not None:
            name = substitute.user.full_name or substitute.user.email
            messages.success(request, f"The place on {booking.session} has been handed to {name}.")
            return redirect(back_url)
    return render(
        request,
        "bookings/changes/substitute.html",
        {
            "booking": booking,
            "session": booking.session,
            "form": form,
            "refusal": refusal,
            "open": closed is None,
            "back_url": back_url,
        },
        status=400 if refusal and request.method == "POST" else 200,
    )


@mfa_required
@verified_email_required
def substitute_as_line_manager(request, pk):
    """For the line manager named on the booking; anyone else finds nothing here. It shows
    someone else's booking, so a line manager who is also staff or a lead needs two-factor
    sign-in here as everywhere else."""
    booking = get_object_or_404(_substitution_bookings(), pk=pk)
    if not is_line_manager_of(request.user, booking) or booking.user_id == request.user.pk:
        raise Http404("No such booking.")
    return _substitute_page(request, booking, reverse("records:my_training"))


@mfa_required
def substitute_as_lead(request, pk):
    """For a lead of the agency the person booked from; any other lead finds nothing here."""
    booking = get_object_or_404(_substitution_bookings().led_by(request.user), pk=pk)
    if booking.user_id == request.user.pk:
        raise Http404("No such booking.")
    return _substitute_page(request, booking, reverse("bookings:leads"))


class SubstituteBookingView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """An administrator hands a confirmed place to a colleague of the same agency."""

    model = Session
    permission_required = "change"
    template_name = "bookings/changes/admin_substitute.html"
    page_title = "Hand the place to a colleague"
    header_icon = "user"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.booking = get_object_or_404(_substitution_bookings(), pk=kwargs["pk"])
        self.form = SubstituteForm(request.POST if request.method == "POST" else None)
        self.refusal = []

    def get_page_subtitle(self):
        return f"{self.booking.user.full_name or self.booking.user.email}, {self.booking.session}"

    def get_context_data(self, **kwargs):
        closed = place_refusal(self.booking)
        return super().get_context_data(
            booking=self.booking,
            session=self.booking.session,
            form=self.form,
            refusal=self.refusal or ([closed] if closed else []),
            open=closed is None,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if self.form.is_valid():
            substitute, self.refusal = _hand_on(request, self.booking, self.form)
            if substitute is not None:
                name = substitute.user.full_name or substitute.user.email
                messages.success(request, f"Handed {self.get_page_subtitle()} to {name}.")
                return redirect(reverse("bookings_desk:session", args=[substitute.session_id]))
        return self.render_to_response(self.get_context_data(), status=400)
