"""Requirements in the Wagtail admin, each listed in plain words; a link to the partnership
overview for training administrators."""

from django import forms
from django.urls import reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from compliance.models import Requirement
from people.staff_access import is_training_administrator


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


class PartnershipOverviewMenuItem(MenuItem):
    """Shown to those the overview lets in (``compliance.report_views.partnership``)."""

    def is_shown(self, request):
        return is_training_administrator(request.user)


@hooks.register("register_admin_menu_item")
def register_partnership_overview_menu_item():
    return PartnershipOverviewMenuItem(
        "Partnership compliance", reverse("compliance:partnership"), icon_name="table", order=330
    )
