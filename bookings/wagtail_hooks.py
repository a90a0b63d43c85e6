"""Wagtail admin for venues and sessions.

Administrators list sessions (those not yet finished unless they ask for past or all) filtered
by course, level, area and date, create and edit them
(the model's ``clean()`` refuses impossible times; a new capacity goes through
``services.change_capacity``), duplicate one ("same course, new date":
Wagtail's copy view, relabelled, which opens the create form prefilled) and cancel one. Each session has a booking desk
(``bookings.desk_views``) for its people, linked from the list and the edit page; the list shows
places taken, the waiting list and a warning when a session is below its minimum numbers close
to the date (``bookings.desk.below_minimum``). Every
edit path saves through ``Session.save()``, so calendar SEQUENCE rises on each change.
"""

import django_filters

from django.contrib import messages
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CopyView, CreateView, EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter

from bookings import change_views, desk, desk_views, register_views, services
from bookings.actions import booking_action
from bookings.models import Area, Booking, BookingStatus, Session, SessionStatus, Venue, next_sessions_by_course
from bookings.notice_models import EmailTemplate, NoticeEvent, default_wording
from bookings.rules import cancellation, offer_closed
from bookings.services import BookingBusy, BookingRefused, cancel_session
from courses.deletion import refuse_deletion_while
from courses.models import LEVEL_NUMBERS, CoursePage
from lscb_training.form_fields import DateTimeField
from lscb_training.forms import ChoiceFieldsMixin, FilterModelChoiceField

LEVEL_CHOICES = [(number, f"Level {number}") for number in LEVEL_NUMBERS]
NEXT_SESSIONS_PER_COURSE = 3


def _course_choices(request):
    return CoursePage.objects.order_by("title")


class CourseChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = FilterModelChoiceField


class SessionFilterSet(WagtailFilterSet):
    course = CourseChoiceFilter(label="Course", queryset=_course_choices)
    level = django_filters.ChoiceFilter(label="Level", choices=LEVEL_CHOICES, method="filter_level")
    area = django_filters.ChoiceFilter(label="Area", field_name="venue__area", choices=Area.choices)
    starts_at = django_filters.DateFromToRangeFilter(label="Date", widget=DateRangePickerWidget)
    status = django_filters.ChoiceFilter(label="Status", choices=SessionStatus.choices)
    shown = django_filters.ChoiceFilter(
        label="Show",
        choices=[("past", "Past sessions"), ("all", "All sessions")],
        empty_label="Sessions not yet finished",
        method="filter_nothing_here",
    )

    class Meta:
        model = Session
        fields = []

    def filter_level(self, queryset, name, value):
        return queryset.for_level(int(value))

    def filter_nothing_here(self, queryset, name, value):
        return queryset  # SessionIndexView applies it, since the default (empty) choice filters too


class SessionIndexView(IndexView):
    def filter_queryset(self, queryset):
        # Years of finished sessions would otherwise push this week's to later pages, so unless
        # past or all are asked for, only sessions not yet finished are listed; also when another
        # filter's value is bad (Wagtail then ignores the filters). A date range chosen by hand
        # is obeyed as it is, past or not.
        queryset = super().filter_queryset(queryset)
        chosen = self.filters.form.cleaned_data if self.filters.is_valid() else {}
        shown = chosen.get("shown")
        now = timezone.now()
        if shown == "past":
            return queryset.filter(ends_at__lt=now)
        if shown == "all" or chosen.get("starts_at"):
            return queryset
        return queryset.filter(ends_at__gte=now)

    def get_ordering(self):
        # Past sessions: the most recent first, unless a column's sort was clicked.
        if "ordering" not in self.request.GET and self.request.GET.get("shown") == "past":
            return "-starts_at"
        return super().get_ordering()

    def get_base_queryset(self):
        # Counts are annotated so the "Booked" column costs no query per row.
        return Session.objects.with_availability()

    def get_list_more_buttons(self, instance):
        buttons = []
        for button in super().get_list_more_buttons(instance):
            if button.url == self.get_copy_url(instance):
                button.label = "Duplicate (new date)"
            buttons.append(button)
        if self.user_has_permission("change"):
            buttons.append(
                MenuItem(
                    "Booking desk",
                    url=reverse("bookings_desk:session", args=[instance.pk]),
                    icon_name="group",
                    priority=5,
                )
            )
        if instance.status != SessionStatus.CANCELLED and self.user_has_permission("change"):
            buttons.append(
                MenuItem(
                    "Cancel session",
                    url=reverse("bookings_session:cancel", args=[instance.pk]),
                    icon_name="cross",
                    priority=25,
                )
            )
        if instance.status != SessionStatus.CANCELLED and self.user_has_permission("change"):
            buttons.append(
                MenuItem("Register", url=reverse("bookings_register:register", args=[instance.pk]), icon_name="tick")
            )
        return buttons


class SessionEditView(EditView):
    """The edit form, with the capacity changed by ``services.change_capacity`` (which refuses
    one below the places taken, with the number, and offers new places to the people waiting)
    and everything else saved by the form, in one transaction: a refused capacity is an error
    beside the field and nothing is saved."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except BookingRefused as refused:
            for message in refused.messages:
                form.add_error("capacity", message)
        except BookingBusy as busy:
            form.add_error("capacity", str(busy))
        self.produced_error_code = "validation_error"
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)

    def save_instance(self):
        # Inside form_valid's transaction, before the other fields: a refusal rolls back all.
        if "capacity" in self.form.changed_data:
            services.change_capacity(self.object, self.form.cleaned_data["capacity"], by=self.request.user)
        was = self.form.initial
        instance = super().save_instance()
        if {"starts_at", "ends_at", "venue"} & set(self.form.changed_data):
            # The people booked are sent the change and the updated invite.
            services.reschedule_session(
                instance,
                was_starts_at=was["starts_at"],
                was_ends_at=was["ends_at"],
                was_venue=Venue.objects.filter(pk=was["venue"]).first(),
                by=self.request.user,
            )
        return instance

    @property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        for button in buttons:
            if button.url == self.get_copy_url():
                button.label = "Duplicate (new date)"
        if self.user_has_permission("change"):
            buttons.append(
                Button(
                    "Booking desk",
                    url=reverse("bookings_desk:session", args=[self.object.pk]),
                    icon_name="group",
                    priority=5,
                )
            )
        if self.object.status != SessionStatus.CANCELLED and self.user_has_permission("change"):
            buttons.append(
                Button(
                    "Cancel session",
                    url=reverse("bookings_session:cancel", args=[self.object.pk]),
                    icon_name="cross",
                    priority=15,
                )
            )
        return buttons


class SessionCopyView(CopyView):
    """Opens the create form with the course, venue, times and notes of an existing session."""

    page_title = "Duplicate session"

    def get_initial_form_instance(self):
        session = super().get_initial_form_instance()
        session.status = SessionStatus.SCHEDULED  # a duplicate of a cancelled date is a new, live one
        return session


class CancelSessionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Asks, then cancels: the session stays listed as cancelled and its calendar entry says so."""

    model = Session
    permission_required = "change"
    template_name = "bookings/admin/cancel_session.html"
    page_title = "Cancel session"
    header_icon = "calendar"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(Session.objects.with_availability(), pk=kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("bookings_session:index"), "label": "Sessions"},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.object, **kwargs)

    def post(self, request, *args, **kwargs):
        if cancel_session(self.object, by=request.user):
            messages.success(request, f"Cancelled {self.object}.")
        else:
            messages.info(request, f"{self.object} was already cancelled.")
        return redirect("bookings_session:index")


def minimum_numbers(session):
    """The session list's "Minimum numbers" cell: the minimum, and a warning when the session is
    below it close to the date (``bookings.desk.below_minimum``)."""
    if session.minimum_places is None:
        return ""
    if desk.below_minimum(session):
        return f"Below minimum: {session.confirmed_count} of {session.minimum_places}"
    return str(session.minimum_places)


class SessionViewSet(ChoiceFieldsMixin, ModelViewSet):
    model = Session
    url_prefix = "bookings/sessions"
    icon = "date"
    menu_label = "Sessions"
    add_to_admin_menu = False
    index_view_class = SessionIndexView
    edit_view_class = SessionEditView
    copy_view_class = SessionCopyView
    filterset_class = SessionFilterSet
    list_display = [
        "course",
        Column("when", label="Date and time", sort_key="starts_at"),
        Column("venue", label="Venue", accessor="venue.name"),
        "capacity",
        Column("confirmed_count", label="Booked"),
        Column("places_taken", label="Places taken"),
        Column("waitlisted_count", label="Waiting"),
        Column("minimum_places", label="Minimum numbers", accessor=minimum_numbers),
        Column("get_status_display", label="Status", sort_key="status"),
    ]
    ordering = ["starts_at", "id"]
    list_per_page = 50
    form_fields = [
        "course",
        "starts_at",
        "ends_at",
        "venue",
        "capacity",
        "waiting_list_size",
        "trainers",
        "booking_opens_at",
        "booking_closes_at",
        # Not "status": cancelling is the "Cancel session" action (bookings.services.cancel_session),
        # which logs it and tells the people booked; an edit form must not go around it.
        "delegate_notes",
        "minimum_places",
    ]

    def formfield_for_dbfield(self, db_field, **kwargs):
        if isinstance(db_field, models.DateTimeField):
            kwargs.setdefault("form_class", DateTimeField)
        return super().formfield_for_dbfield(db_field, **kwargs)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("cancel/<int:pk>/", CancelSessionView.as_view(), name="cancel"),
        ]


class VenueViewSet(ModelViewSet):
    model = Venue
    url_prefix = "bookings/venues"
    icon = "site"
    menu_label = "Venues"
    add_to_admin_menu = False
    list_display = ["name", Column("get_area_display", label="Area", sort_key="area"), "postcode"]
    list_filter = ["area"]
    search_fields = ["name", "address", "postcode"]
    form_fields = [
        "name",
        "address",
        "postcode",
        "area",
        "accessibility_notes",
        "parking_notes",
        "online_joining_note",
    ]


class BookingsViewSetGroup(ModelViewSetGroup):
    menu_label = "Sessions and venues"
    menu_icon = "date"
    menu_order = 300
    items = (SessionViewSet("bookings_session"), VenueViewSet("bookings_venue"))


class BookFormatter(LogFormatter):
    label = "Book"

    def format_message(self, log_entry):
        # A booking made under an individual exception says so, with who granted it and why.
        return (log_entry.data or {}).get("exception") or "Booked"


@hooks.register("register_log_actions")
def register_log_actions(actions):
    # Shown in the history of the session or booking in the admin, beside Wagtail's own entries.
    actions.register_action(services.BOOK)(BookFormatter)
    for action, label, message in (
        (services.CANCEL_SESSION, "Cancel session", "Session cancelled"),
        (services.CHANGE_CAPACITY, "Change capacity", "Capacity changed"),
        (services.CANCEL, "Cancel booking", "Booking cancelled"),
        (services.OFFER, "Offer place", "Place offered to the next person waiting"),
        (services.ACCEPT_OFFER, "Accept offer", "Offered place accepted"),
        (services.DECLINE_OFFER, "Decline offer", "Offered place declined"),
        (services.EXPIRE_OFFER, "Offer expired", "Offer expired"),
        (services.APPROVE, "Approve", "Booking approved by an agency lead"),
        (services.DECLINE, "Decline", "Booking declined by an agency lead"),
        (services.RELEASE, "Release", "Undecided request released"),
        (services.RESET_CALENDAR_TOKEN, "Reset calendar feed", "Personal calendar feed address reset"),
        (services.MARK_ATTENDANCE, "Mark register", "Attendance marked on the register"),
        (services.CORRECT_ATTENDANCE, "Correct register", "Attendance corrected on the register"),
        (services.CHARGE, "Charge", "Ledger entry made"),
        (services.WAIVE, "Waive charge", "Ledger entry waived"),
        (services.INVOICE, "Invoice", "Ledger entry invoiced"),
        (services.LIFT_BOOKING_BLOCK, "Lift booking block", "Booking block lifted"),
        (services.ADD_WALK_IN, "Add walk-in", "Walk-in added at the register"),
        (services.TRANSFER, "Move booking", "Booking moved to another date"),
        (services.SUBSTITUTE, "Substitute", "Place handed to a colleague"),
        (services.RESCHEDULE, "Reschedule", "Session time or venue changed; people booked told"),
    ):
        actions.register_action(action, label, message)


@hooks.register("register_admin_viewset")
def register_viewset():
    return BookingsViewSetGroup()


@hooks.register("register_admin_urls")
def register_desk_urls():
    # The booking desk (bookings.desk_views): each view checks the session permission itself.
    return [path("bookings/desk/", include((desk_views.urlpatterns, "bookings_desk"), namespace="bookings_desk"))]


class MoveInWaitingListFormatter(LogFormatter):
    label = "Move in waiting list"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return f"Moved from number {data.get('from')} to {data.get('to')} on the waiting list: {data.get('reason')}"


class OfferOutOfTurnFormatter(LogFormatter):
    label = "Offer out of turn"

    def format_message(self, log_entry):
        return f"Place offered out of turn: {(log_entry.data or {}).get('reason')}"


@hooks.register("register_log_actions")
def register_desk_log_actions(actions):
    # The booking desk's changes, each with the administrator's reason in the history.
    actions.register_action(services.MOVE_IN_WAITING_LIST)(MoveInWaitingListFormatter)
    actions.register_action(services.OFFER_OUT_OF_TURN)(OfferOutOfTurnFormatter)
    actions.register_action(
        services.FILL_FROM_WAITING_LIST, "Fill from waiting list", "Confirmed from the waiting list after the cut-off"
    )


refuse_deletion_while(
    Session,
    lambda names, count: (
        f"{names} cannot be deleted because {count} session{'s' if count != 1 else ''} belong to it, with their "
        "bookings. Unpublish it instead to take it off the site; its sessions and records are kept."
    ),
)


# The catalogue's pages (courses.models.run_page_hooks) ask this app for their sessions.


@hooks.register("course_page_context")
def add_upcoming_sessions(page, request, context):
    """The course's next few dates and how many there are, linking to them all on What's on.

    Cancelled dates are among them: people who held a place look for the date here. The page
    stays the same size however many dates a course has.
    """
    if page.is_e_learning:
        return
    # Offers lapsed on these dates change their places and who may book them, for every reader:
    # settle first (one query for all the course's dates when nothing is due).
    services.settle_offers(sessions=Session.objects.filter(course=page).upcoming())
    sessions = next_sessions_by_course([page], limit=NEXT_SESSIONS_PER_COURSE, include_cancelled=True).get(page.pk, [])
    context["panels"].append(
        {
            "template": "bookings/includes/course_sessions.html",
            "order": 60,
            "sessions": sessions,
            "upcoming_count": sessions[0].upcoming_count if sessions else 0,
            "all_dates_url": f"{reverse('bookings:whats_on')}?{urlencode({'course': page.pk})}",
            # At most NEXT_SESSIONS_PER_COURSE dates, so a fixed number of queries.
            "actions": [booking_action(request.user, session) for session in sessions if not session.is_cancelled]
            if request.user.is_authenticated
            else None,
        }
    )


@hooks.register("level_page_context")
def add_next_sessions(page, request, context):
    """Each workshop course's next few dates that go ahead, for all the level's courses in one query."""
    courses = [course for course in context["courses"] if not course.is_e_learning]
    # Their places are shown: lapsed offers are settled first, as on the course page.
    services.settle_offers(sessions=Session.objects.filter(course__in=courses).upcoming())
    by_course = next_sessions_by_course(courses, limit=NEXT_SESSIONS_PER_COURSE)
    for course in courses:
        course.panels.append(
            {
                "template": "bookings/includes/level_course_sessions.html",
                "order": 60,
                "sessions": by_course.get(course.pk, []),
            }
        )


# "My training" (records.views.my_training) asks this app for the person's bookings.


@hooks.register("my_training_panels")
def add_upcoming_bookings(request, person):
    """My bookings: the person's places on sessions still to come (confirmed, waiting with their
    position, offered with the deadline, awaiting approval), soonest first, a link to their past
    and cancelled ones (``bookings.booking_views.past_bookings``), and their personal calendar
    feed. A fixed number of queries."""
    now = timezone.now()
    # An offer of the person's that has lapsed must not be shown as open: settle those sessions
    # (one query when none has); the periodic job and the session pages settle the rest.
    bookings = Booking.objects.for_person(person)
    for session_id in bookings.offered().filter(offer_expires_at__lte=now).values_list("session_id", flat=True):
        services.settle_offers(Session(pk=session_id), now=now)
    bookings = (
        Booking.objects.for_person(person).select_related("session__course", "session__venue").with_waiting_position()
    )
    upcoming = list(bookings.active().filter(session__ends_at__gte=now).order_by("session__starts_at", "id"))
    for booking in upcoming:
        booking.cancellation = cancellation(booking, now)
        booking.offer_open = booking.status == BookingStatus.OFFERED and offer_closed(booking, now) is None
    return [
        {
            "template": "bookings/includes/my_bookings.html",
            "order": 20,
            "bookings": upcoming,
            "calendar_url": request.build_absolute_uri(
                reverse("bookings:personal_calendar", args=[services.calendar_token(person)])
            ),
            "calendar_reset": request.GET.get("calendar") == "reset",
            "is_agency_lead": person.is_agency_lead,
        }
    ]


@hooks.register("course_page_context")
def link_topics_to_their_dates(page, request, context):
    """Each of the course's topics links to What's on showing that topic's sessions."""
    whats_on = reverse("bookings:whats_on")
    for topic in context.get("topics", []):
        topic["url"] = f"{whats_on}?{urlencode({'topic': topic['slug']})}"
        topic["link_hint"] = "sessions in What’s on"


@hooks.register("training_index_page_context")
def add_link_to_every_upcoming_date(page, request, context):
    """Below the levels: a link to What's on."""
    context["panels"].append({"template": "bookings/includes/every_upcoming_date.html", "order": 60})


# The wording of the booking emails (bookings.notices), editable without a release.


class EmailTemplateIndexView(IndexView):
    @cached_property
    def header_more_buttons(self):
        # One way in per email still in its standard wording: its form opens filled with it.
        buttons = list(super().header_more_buttons)
        if self.add_url:
            edited = set(EmailTemplate.objects.values_list("event", flat=True))
            for priority, (event, label) in enumerate(NoticeEvent.choices):
                if event not in edited:
                    url = f"{self.add_url}?{urlencode({'event': event})}"
                    buttons.append(Button(f"Change “{label}”", url=url, icon_name="mail", priority=priority))
        return buttons


class EmailTemplateCreateView(CreateView):
    def get_initial_form_instance(self):
        event = self.request.GET.get("event")
        if self.request.method == "GET" and event in NoticeEvent.values:
            subject, body = default_wording(event)
            return EmailTemplate(event=event, subject=subject, body=body)
        return super().get_initial_form_instance()


class EmailTemplateViewSet(ModelViewSet):
    model = EmailTemplate
    url_prefix = "bookings/email-wording"
    icon = "mail"
    menu_label = "Booking emails"
    add_to_settings_menu = True
    index_view_class = EmailTemplateIndexView
    add_view_class = EmailTemplateCreateView
    list_display = [Column("get_event_display", label="Email", sort_key="event"), "subject", "updated_at"]
    form_fields = ["event", "subject", "body"]


@hooks.register("register_admin_viewset")
def register_email_wording_viewset():
    return EmailTemplateViewSet("bookings_email_template")


# The register and the charges ledger (bookings.register_views).


@hooks.register("register_admin_urls")
def register_register_urls():
    urls = [
        path("register/<int:pk>/", register_views.RegisterView.as_view(), name="register"),
        path("ledger/", register_views.LedgerReportView.as_view(), name="ledger"),
        path("ledger/<int:pk>/waive/", register_views.WaiveEntryView.as_view(), name="waive"),
        path("blocks/<int:person_pk>/lift/", register_views.LiftBlockView.as_view(), name="lift_block"),
    ]
    return [path("bookings/", include((urls, "bookings_register"), namespace="bookings_register"))]


@hooks.register("register_admin_menu_item")
def register_ledger_menu_item():
    return register_views.LedgerMenuItem(
        "Charges ledger", reverse("bookings_register:ledger"), icon_name="tasks", order=310
    )


@hooks.register("register_admin_urls")
def register_change_urls():
    # Moving a booking to another date and handing a place to a colleague
    # (bookings.change_views); the booking desk links here.
    return [
        path(
            "bookings/changes/",
            include(
                (
                    [
                        path("move/<int:pk>/", change_views.MoveBookingView.as_view(), name="move_booking"),
                        path(
                            "substitute/<int:pk>/",
                            change_views.SubstituteBookingView.as_view(),
                            name="substitute_booking",
                        ),
                    ],
                    "bookings_admin",
                ),
                namespace="bookings_admin",
            ),
        )
    ]
