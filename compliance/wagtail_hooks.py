"""Requirements in the Wagtail admin, each listed in plain words."""

from django import forms

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from compliance.models import Requirement
from compliance.services import CANCEL_ROSTER, CONFIRM_ROSTER


class RequirementViewSet(ModelViewSet):
    model = Requirement
    icon = "tasks"
    menu_label = "Training requirements"
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["title", Column("in_plain_words", label="In plain words"), "takes_effect_on"]
    search_fields = ["title"]
    inspect_view_enabled = False
    panels = [
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


@hooks.register("register_admin_viewset")
def register_viewset():
    return RequirementViewSet("compliance_requirement")


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(CONFIRM_ROSTER, "Confirm roster upload", "Roster upload confirmed")
    actions.register_action(CANCEL_ROSTER, "Cancel roster upload", "Roster upload cancelled")
