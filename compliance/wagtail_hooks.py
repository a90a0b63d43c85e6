"""Requirements in the Wagtail admin, each listed in plain words; a link to the partnership
overview for training administrators."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.model import ModelViewSet

from compliance.exemptions import END_EXEMPTION, GRANT_EXEMPTION, grant_exemption
from compliance.models import Exemption, Requirement
from compliance.services import CANCEL_ROSTER, CONFIRM_ROSTER
from compliance.status import due_dates, statuses_of
from people.staff_access import is_training_administrator
from people.wagtail_hooks import person_chooser_viewset


class PlainWordsPanel(HelpPanel):
    """On the edit form, what the saved requirement asks in plain words (as the list reads it),
    so an administrator can check who, what and how often at a glance; not on the add form,
    where nothing is saved yet."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "compliance/admin/plain_words_panel.html")
        kwargs.setdefault("heading", "In plain words")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def is_shown(self):
            return bool(self.instance and self.instance.pk) and super().is_shown()


class RequirementForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        # Without a course or a level nothing could ever meet it: everyone it covers would be
        # "not started" for good.
        if not cleaned.get("courses") and not cleaned.get("minimum_level") and "courses" not in self.errors:
            self.add_error("courses", "Choose at least one course, or a minimum level, that meets the requirement")
        return cleaned


class RequirementViewSet(ModelViewSet):
    model = Requirement
    icon = "tasks"
    menu_label = "Training requirements"
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["title", Column("in_plain_words", label="In plain words"), "takes_effect_on"]
    search_fields = ["title"]
    inspect_view_enabled = False
    edit_handler_panels = [
        PlainWordsPanel(),
        FieldPanel("title"),
        MultiFieldPanel(
            [FieldPanel("agency"), FieldPanel("sector"), FieldPanel("job_roles", widget=forms.CheckboxSelectMultiple)],
            heading="Who",
        ),
        MultiFieldPanel(
            [FieldPanel("courses", widget=forms.CheckboxSelectMultiple), FieldPanel("minimum_level")], heading="What"
        ),
        MultiFieldPanel(
            [
                FieldPanel("renewal_months"),
                FieldPanel("expiring_window_days"),
                FieldPanel("grace_months"),
                FieldPanel("takes_effect_on"),
            ],
            heading="When",
        ),
    ]

    def get_queryset(self, request):
        return Requirement.objects.select_related("agency").prefetch_related("job_roles", "courses")

    @property
    def edit_handler(self):
        return ObjectList(self.edit_handler_panels, base_form_class=RequirementForm)


class GrantExemptionView(CreateView):
    """The create screen, saving through ``grant_exemption`` so the grant is checked and audited."""

    page_title = "Exempt a person"
    submit_button_label = "Record exemption"
    success_message = "Exemption recorded: %(object)s."

    def form_valid(self, form):
        self.form = form
        data = form.cleaned_data
        try:
            self.object = grant_exemption(
                person=data["person"],
                requirement=data["requirement"],
                reason=data["reason"],
                ends_on=data["ends_on"],
                granted_by=self.request.user,
                starts_on=data.get("starts_on"),
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        return self.save_action()


class ExemptionViewSet(ModelViewSet):
    """Exemptions: a person excused from a requirement for a reason until a date; counted as
    compliant while it runs (``compliance.status``)."""

    model = Exemption
    icon = "calendar-check"
    menu_label = "Training exemptions"
    menu_order = 321
    add_to_admin_menu = True
    inspect_view_enabled = False
    copy_view_enabled = False
    add_view_class = GrantExemptionView
    list_display = [
        "person",
        "requirement",
        "reason",
        DateColumn("starts_on", label="From"),
        DateColumn("ends_on", label="Until"),
        Column("granted_by", label="Granted by"),
    ]
    search_fields = ["person__full_name", "person__email", "reason"]
    list_filter = ["requirement"]
    panels = [
        FieldPanel("person", widget=person_chooser_viewset.widget_class, heading="Person"),
        FieldPanel("requirement"),
        FieldPanel("reason"),
        FieldPanel("starts_on"),
        FieldPanel("ends_on"),
    ]

    def get_queryset(self, request):
        return Exemption.objects.select_related("person", "requirement", "granted_by")


@hooks.register("register_admin_viewset")
def register_viewset():
    return RequirementViewSet("compliance_requirement")


@hooks.register("register_admin_viewset")
def register_exemption_viewset():
    return ExemptionViewSet("compliance_exemption")


@hooks.register("my_training_panels")
def add_requirements(request, person):
    """ "Your required training" in My training: each requirement that applies to the person
    by their agency and role, with their status and date, and the courses that meet it."""
    rows = []
    for requirement, row in statuses_of(person):
        courses = [course for course in requirement.courses.all() if course.live]
        rows.append({"requirement": requirement, "row": row, "due_on": due_dates(row, requirement), "courses": courses})
    if not rows:
        return []
    return [{"template": "compliance/includes/my_training.html", "order": 5, "rows": rows}]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(GRANT_EXEMPTION, "Grant exemption", "Exemption from a training requirement granted")
    actions.register_action(END_EXEMPTION, "End exemption", "Exemption from a training requirement ended")
    actions.register_action(CONFIRM_ROSTER, "Confirm roster upload", "Roster upload confirmed")
    actions.register_action(CANCEL_ROSTER, "Cancel roster upload", "Roster upload cancelled")


class PartnershipOverviewMenuItem(MenuItem):
    """Shown to those the overview lets in (``compliance.report_views.partnership``)."""

    def is_shown(self, request):
        return is_training_administrator(request.user)


@hooks.register("register_admin_menu_item")
def register_partnership_overview_menu_item():
    return PartnershipOverviewMenuItem(
        "Partnership compliance", reverse("compliance:partnership"), icon_name="table", order=330
    )
