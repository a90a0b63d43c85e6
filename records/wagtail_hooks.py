"""What records adds to the catalogue's pages, and its Wagtail admin.

Course and level pages (``courses.models.run_page_hooks``) get whether the signed-in person may
take each course, with every reason why not; anonymous visitors get who the course is for and a
prompt to sign in. In the admin, completions are listed read-only (only
``records.services.record_completion`` writes them) and exceptions are granted and revoked
through ``records.services``, so the audit log holds every decision. The generic screens that
would go around those services do not exist (``WithoutScreensMixin``).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import CreateView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from courses.deletion import refuse_deletion_while
from people.wagtail_hooks import person_chooser_viewset
from records import import_views
from records.eligibility import eligibility, eligibility_for_courses
from records.models import Completion, EligibilityException, ImportBatch, PendingCompletion
from records.services import (
    CANCEL_IMPORT,
    GRANT_EXCEPTION,
    IMPORT_COMPLETIONS,
    REVOKE_EXCEPTION,
    WITHDRAW_COMPLETION,
    grant_exception,
    revoke_exception,
)


class LimitedPermissionPolicy(ModelPermissionPolicy):
    """The model's Django permissions, less the actions its admin must never offer.

    Completions are written only by ``record_completion``, and exceptions only by
    ``grant_exception`` and ``revoke_exception``, so the generic edit and delete screens (and,
    for completions, the create screen) are refused to everyone, superusers included, and their
    viewsets leave those screens out altogether (``WithoutScreensMixin``).
    """

    def __init__(self, model, refused):
        super().__init__(model)
        self.refused = set(refused)

    def user_has_permission(self, user, action):
        return action not in self.refused and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action not in self.refused])


# Registered before any admin screen asks for the models' policies (Wagtail would make defaults).
register_permission_policy(Completion, LimitedPermissionPolicy(Completion, refused={"add", "change", "delete"}))
register_permission_policy(EligibilityException, LimitedPermissionPolicy(EligibilityException, {"change", "delete"}))
# An import is made by uploading ("add", the import screens' permission) and changed only by
# records.services (confirm, cancel).
register_permission_policy(ImportBatch, LimitedPermissionPolicy(ImportBatch, refused={"change", "delete"}))


class WithoutScreensMixin:
    """Leaves out of a model viewset the generic screens named in ``removed_screens`` ("add",
    "edit", "delete"): no URL, and no link to one. Wagtail's own links elsewhere to an object
    (the admin URL finder) open its inspect screen instead of the edit screen that is gone."""

    removed_screens = ()

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for screen in self.removed_screens:
            view_kwargs[f"{screen}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name not in self.removed_screens]

    @property
    def url_finder_class(self):
        finder = super().url_finder_class
        if "edit" in self.removed_screens:
            finder.edit_url_name = self.get_url_name("inspect")
        return finder


class CompletionViewSet(WithoutScreensMixin, ModelViewSet):
    removed_screens = ("add", "edit", "delete")
    model = Completion
    url_prefix = "records/completions"
    icon = "tick-inverse"
    menu_label = "Completions"
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "user",
        "course",
        DateColumn("completed_on", label="Completed on"),
        DateColumn("expires_on", label="Expires on"),
        Column("get_source_display", label="Source", sort_key="source"),
    ]
    list_filter = ["source", "completed_on"]
    search_fields = ["user__full_name", "user__email", "course__title"]
    inspect_view_fields = ["user", "course", "completed_on", "expires_on", "source", "recorded_by", "recorded_at"]
    ordering = ["-completed_on", "-id"]
    list_per_page = 50
    form_fields = []

    def get_queryset(self, request):
        return Completion.objects.select_related("user", "course")


class ExceptionIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.is_active and self.user_has_permission("add"):
            buttons.append(
                MenuItem(
                    "Revoke",
                    url=reverse("records_exception:revoke", args=[instance.pk]),
                    icon_name="cross",
                    priority=25,
                )
            )
        return buttons


class GrantExceptionView(CreateView):
    """The create screen, saving through ``grant_exception`` so the grant is audited."""

    page_title = "Grant an exception"
    submit_button_label = "Grant exception"
    success_message = "Exception granted: %(object)s."

    def form_valid(self, form):
        self.form = form
        try:
            self.object = grant_exception(
                person=form.cleaned_data["person"],
                course=form.cleaned_data["course"],
                reason=form.cleaned_data["reason"],
                granted_by=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        return self.save_action()

    def get_success_buttons(self):
        return []  # exceptions are never edited: revoke one and grant another


class RevokeExceptionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Asks, then revokes: the exception stays listed with who revoked it and when."""

    model = EligibilityException
    permission_required = "add"
    template_name = "records/admin/revoke_exception.html"
    page_title = "Revoke exception"
    header_icon = "cross"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            EligibilityException.objects.select_related("person", "course", "granted_by"), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(exception=self.object, **kwargs)

    def post(self, request, *args, **kwargs):
        if revoke_exception(self.object, revoked_by=request.user):
            messages.success(request, f"Revoked: {self.object}.")
        else:
            messages.info(request, f"This exception was already revoked: {self.object}.")
        return redirect("records_exception:index")


class ExceptionViewSet(WithoutScreensMixin, ModelViewSet):
    removed_screens = ("edit", "delete")
    model = EligibilityException
    url_prefix = "records/exceptions"
    icon = "key"
    menu_label = "Eligibility exceptions"
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = ExceptionIndexView
    add_view_class = GrantExceptionView
    list_display = [
        "person",
        "course",
        "reason",
        Column("granted_by", label="Granted by", accessor="granted_by"),
        DateColumn("granted_at", label="Granted"),
        DateColumn("revoked_at", label="Revoked"),
    ]
    search_fields = ["person__full_name", "person__email", "course__title", "reason"]
    inspect_view_fields = ["person", "course", "reason", "granted_by", "granted_at", "revoked_by", "revoked_at"]
    ordering = ["-granted_at", "-id"]
    panels = [
        FieldPanel("person", widget=person_chooser_viewset.widget_class, heading="Person"),
        FieldPanel("course"),
        FieldPanel("reason"),
    ]

    def get_queryset(self, request):
        return EligibilityException.objects.select_related("person", "course", "granted_by")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("revoke/<int:pk>/", RevokeExceptionView.as_view(), name="revoke"),
        ]


class ImportBatchViewSet(WithoutScreensMixin, ModelViewSet):
    """Past imports of completions from outside providers; uploading, the preview and the
    confirmation are ``records.import_views``."""

    removed_screens = ("add", "edit", "delete")
    model = ImportBatch
    url_prefix = "records/imports"
    icon = "upload"
    menu_label = "Completions imports"
    add_to_admin_menu = False
    copy_view_enabled = False
    index_view_class = import_views.ImportIndexView
    list_display = [
        TitleColumn("file_name", label="File", get_url=lambda batch: reverse("records_import:batch", args=[batch.pk])),
        Column("uploaded_by", label="Uploaded by"),
        DateColumn("uploaded_at", label="Uploaded"),
        Column("get_status_display", label="Status", sort_key="status"),
        Column("imported_count", label="Imported"),
        Column("already_count", label="Already recorded"),
        Column("pending_count", label="Kept for sign-up"),
        Column("error_count", label="Errors"),
        Column("confirmed_by", label="Imported by"),
    ]
    list_filter = ["status"]
    ordering = ["-uploaded_at", "-id"]
    list_per_page = 50
    form_fields = []

    def get_queryset(self, request):
        # The rows stay behind: the list needs only who, when and the counts.
        return ImportBatch.objects.defer("rows").select_related("uploaded_by", "confirmed_by")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("upload/", import_views.UploadView.as_view(), name="upload"),
            path("<int:pk>/preview/", import_views.BatchView.as_view(), name="batch"),
            path("<int:pk>/confirm/", import_views.ConfirmView.as_view(), name="confirm"),
            path("<int:pk>/cancel/", import_views.CancelView.as_view(), name="cancel"),
        ]


class RecordsViewSetGroup(ModelViewSetGroup):
    menu_label = "Training records"
    menu_icon = "tick-inverse"
    menu_order = 310
    items = (
        CompletionViewSet("records_completion"),
        ExceptionViewSet("records_exception"),
        ImportBatchViewSet("records_import"),
    )


@hooks.register("register_admin_viewset")
def register_viewsets():
    return RecordsViewSetGroup()


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(GRANT_EXCEPTION, "Grant exception", "Eligibility exception granted")
    actions.register_action(REVOKE_EXCEPTION, "Revoke exception", "Eligibility exception revoked")
    actions.register_action(WITHDRAW_COMPLETION, "Withdraw completion", "Completion withdrawn")
    actions.register_action(IMPORT_COMPLETIONS, "Import completions", "Completions imported")
    actions.register_action(CANCEL_IMPORT, "Cancel import", "Completions import cancelled")


# Completion.course is PROTECT: without this, deleting such a course would be a server error.
refuse_deletion_while(
    Completion,
    lambda names, count: (
        f"{names} cannot be deleted because {count} completion{'s' if count != 1 else ''} of it "
        f"{'are' if count != 1 else 'is'} recorded, and people's training records must be kept. "
        "Unpublish it instead to take it off the site."
    ),
)

refuse_deletion_while(
    PendingCompletion,
    lambda names, count: (
        f"{names} cannot be deleted because {count} imported completion{'s' if count != 1 else ''} of it "
        f"{'are' if count != 1 else 'is'} waiting for people to sign up. Unpublish it instead to take it off the site."
    ),
)


# The catalogue's pages (courses.models.run_page_hooks) ask this app whether the person may take a course.


@hooks.register("course_page_context")
def add_eligibility(page, request, context):
    """Near the top: whether the signed-in person may take the course and every reason not; for
    anyone else, who the course is for and a prompt to sign in."""
    panel = {"template": "records/includes/course_eligibility.html", "order": 10}
    if request.user.is_authenticated:
        # The page has loaded its roles and prerequisites already (CoursePage.get_context).
        panel["eligibility"] = eligibility(
            request.user, page, roles=context["eligible_roles"], prerequisites=context["prerequisites"]
        )
    else:
        panel["login_url"] = f"{reverse('account_login')}?{urlencode({'next': request.path}, safe='/')}"
    context["panels"].append(panel)


@hooks.register("level_page_context")
def add_eligibility_of_each_course(page, request, context):
    """Each course's compact line: may the signed-in person take it, and if not why (one batch)."""
    if not request.user.is_authenticated:
        return
    by_course = eligibility_for_courses(request.user, context["courses"])
    for course in context["courses"]:
        course.panels.append(
            {
                "template": "records/includes/level_course_eligibility.html",
                "order": 10,
                "eligibility": by_course[course.pk],
            }
        )
