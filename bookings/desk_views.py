"""The booking desk in the Wagtail admin: one page per session with its people in four lists,
and the forms that change them, each calling one verb in ``bookings.services``.

Every view needs permission to change sessions (the Training administrators group has it); the
MFA middleware guards all of /admin/. A refusal is shown as a message and changes nothing.
"""

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from bookings import desk, exports, services
from bookings.models import Booking, Session
from bookings.services import BookingBusy, BookingRefused
from people.models import User

FOUND_PEOPLE_LIMIT = 20


class DeskMixin(PermissionCheckedMixin):
    model = Session
    permission_required = "change"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.session = get_object_or_404(Session.objects.select_related("course", "venue"), pk=kwargs["pk"])

    def desk_url(self):
        return reverse("bookings_desk:session", args=[self.session.pk])


class DeskPageMixin(DeskMixin, WagtailAdminTemplateMixin):
    header_icon = "group"

    def get_page_subtitle(self):
        return str(self.session)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("bookings_session:index"), "label": "Sessions"},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]


def session_desk_links(request, session):
    """What the apps above bookings link to from a session's desk, through the
    ``session_desk_links`` hook: each function is called as ``fn(request, session)`` and returns
    a list of ``{"url": ..., "label": ...}`` (certificates: the session's certificates as a ZIP),
    costing a fixed number of queries. Bookings never imports those apps."""
    links = []
    for fn in hooks.get_hooks("session_desk_links"):
        links.extend(fn(request, session) or [])
    return links


class SessionDeskView(DeskPageMixin, TemplateView):
    """The session's people in four lists, with capacity, the waiting list's controls, exports,
    and the links other apps add (``session_desk_links``)."""

    template_name = "bookings/admin/desk.html"
    page_title = "Booking desk"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        return super().get_context_data(
            session=self.session,
            people=desk.session_people(self.session, now=now),
            may_fill=desk.may_fill_from_waiting_list(self.session, now),
            cutoff=desk.cutoff(self.session),
            links=session_desk_links(self.request, self.session),
            **kwargs,
        )


class AddPersonView(DeskPageMixin, TemplateView):
    """Finds a person by name or email, shows the verdict on booking them, and books them; a
    refusal for the course's eligibility alone may be overridden with a reason."""

    template_name = "bookings/admin/desk_add.html"
    page_title = "Add a person"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()
        found = []
        if query:
            found = list(
                User.objects.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
                .select_related("agency", "job_role")
                .order_by("full_name", "pk")[:FOUND_PEOPLE_LIMIT]
            )
        chosen = kwargs.pop("chosen", None) or self._chosen(self.request.GET.get("person"))
        return super().get_context_data(
            session=self.session,
            query=query,
            found=found,
            searched=bool(query),
            chosen=chosen,
            verdict=desk.verdict(chosen, self.session) if chosen else None,
            **kwargs,
        )

    def _chosen(self, value):
        # isascii() too: "²" is a digit to isdigit() that the id lookup cannot read.
        if not value or not str(value).isascii() or not str(value).isdigit() or len(str(value)) > 18:
            return None
        return User.objects.select_related("agency", "job_role").filter(pk=value).first()

    def post(self, request, *args, **kwargs):
        chosen = self._chosen(request.POST.get("person"))
        if chosen is None:
            messages.error(request, "Choose a person to add.")
            return redirect(reverse("bookings_desk:add", args=[self.session.pk]))
        reason = request.POST.get("reason", "")
        try:
            booking = services.book_by_hand(chosen, self.session, by=request.user, reason=reason)
        except (BookingRefused, BookingBusy) as refused:
            errors = refused.messages if isinstance(refused, BookingRefused) else [str(refused)]
            return self.render_to_response(self.get_context_data(chosen=chosen, errors=errors, reason=reason))
        messages.success(request, f"Added {chosen}: {booking.get_status_display().lower()}.")
        return redirect(self.desk_url())


class DeskActionView(DeskMixin, View):
    """A POST from the desk page: runs the verb, says what happened, returns to the desk."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            message = self.act(request, **kwargs)
        except (BookingRefused, BookingBusy) as refused:
            for text in refused.messages if isinstance(refused, BookingRefused) else [str(refused)]:
                messages.error(request, text)
        else:
            messages.success(request, message)
        return redirect(self.desk_url())

    def waiting_booking(self, booking_pk):
        return get_object_or_404(Booking, pk=booking_pk, session=self.session)


def _whole_number(value, field):
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 6:
        raise BookingRefused([f"Enter the {field} as a whole number, like 12."])
    return int(value)


class ChangeCapacityView(DeskActionView):
    def act(self, request, **kwargs):
        capacity = _whole_number(request.POST.get("capacity"), "capacity")
        session = services.change_capacity(self.session, capacity, by=request.user)
        return f"The capacity is now {session.capacity}."


class MoveInWaitingListView(DeskActionView):
    def act(self, request, booking_pk, **kwargs):
        booking = self.waiting_booking(booking_pk)
        position = _whole_number(request.POST.get("position"), "position")
        booking = services.move_in_waiting_list(booking, position, by=request.user, reason=request.POST.get("reason"))
        return f"Moved {booking.user} to number {position} on the waiting list."


class OfferOutOfTurnView(DeskActionView):
    def act(self, request, booking_pk, **kwargs):
        booking = services.offer_out_of_turn(
            self.waiting_booking(booking_pk), by=request.user, reason=request.POST.get("reason")
        )
        return f"Offered a place to {booking.user}. They have been told."


class FillFromWaitingListView(DeskActionView):
    def act(self, request, **kwargs):
        filled = services.fill_from_waiting_list(self.session, by=request.user)
        names = ", ".join(str(booking.user) for booking in filled)
        return f"Confirmed {len(filled)} from the waiting list and told them: {names}."


class ExportView(DeskMixin, View):
    """The session's list as CSV or XLSX, or its sign-in sheet as a PDF."""

    http_method_names = ["get"]
    kind = None

    def get(self, request, *args, **kwargs):
        people = desk.session_people(self.session)
        name = f"session-{self.session.pk}-{timezone.localdate(self.session.starts_at).isoformat()}"
        if self.kind == "csv":
            body, content_type, filename = exports.people_csv(people), "text/csv; charset=utf-8", f"{name}.csv"
        elif self.kind == "xlsx":
            body, content_type, filename = exports.people_xlsx(people), exports.XLSX, f"{name}.xlsx"
        else:
            body, content_type, filename = (
                exports.sign_in_sheet(self.session, people),
                "application/pdf",
                f"{name}-sign-in.pdf",
            )
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


urlpatterns = [
    path("<int:pk>/", SessionDeskView.as_view(), name="session"),
    path("<int:pk>/add/", AddPersonView.as_view(), name="add"),
    path("<int:pk>/capacity/", ChangeCapacityView.as_view(), name="capacity"),
    path("<int:pk>/fill/", FillFromWaitingListView.as_view(), name="fill"),
    path("<int:pk>/waiting/<int:booking_pk>/move/", MoveInWaitingListView.as_view(), name="move_in_waiting_list"),
    path("<int:pk>/waiting/<int:booking_pk>/offer/", OfferOutOfTurnView.as_view(), name="offer_out_of_turn"),
    path("<int:pk>/people.csv", ExportView.as_view(kind="csv"), name="export_csv"),
    path("<int:pk>/people.xlsx", ExportView.as_view(kind="xlsx"), name="export_xlsx"),
    path("<int:pk>/sign-in.pdf", ExportView.as_view(kind="pdf"), name="sign_in_sheet"),
]
