"""What e-learning adds to the Wagtail admin and to the catalogue's pages.

Administrators write modules (lessons, and the knowledge check's questions and rules) in the
admin. The catalogue's course page (``courses.models.run_page_hooks``) and "My training"
(``records.views.my_training_panels``) learn about modules and progress through hooks here.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, ProtectedError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property

from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import Button

from courses.deletion import refuse_deletion_while
from elearning.models import Enrolment, Module
from elearning.progress import my_elearning, progress_of
from elearning.reports import ModuleReportsViewSet
from elearning.services import standing


def _learners_url(module):
    return reverse("elearning_results:learners", args=[module.pk])


class ModuleIndexView(IndexView):
    def get_base_queryset(self):
        # Counted here, so the "Lessons" column costs no query per row.
        return super().get_base_queryset().select_related("course").annotate(lesson_count=Count("lessons"))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("change"):
            buttons.append(MenuItem("Learners", url=_learners_url(instance), icon_name="group", priority=5))
        return buttons

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.user_has_permission("change"):
            buttons.append(Button("Module results", url=reverse("elearning_results:index"), icon_name="doc-full"))
        return buttons


class ModuleEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(Button("Learners", url=_learners_url(self.object), icon_name="group", priority=5))
        return buttons


def _deletion_refused(module, count):
    return (
        f"“{module}” cannot be deleted because {count} {'person has' if count == 1 else 'people have'} "
        "started it, and their progress and attempts are kept with it. Unpublish its course to take it "
        "off the site."
    )


class ModuleDeleteView(DeleteView):
    """Refuses, with the reason, while anyone has enrolled: ``Enrolment.module`` is PROTECT, so
    that learners' history is never lost with a module."""

    def dispatch(self, request, *args, **kwargs):
        permitted = request.user.is_authenticated and self.user_has_permission(self.permission_required)
        if permitted and (learners := self.learner_count()):
            return self.refuse(learners)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            # Someone enrolled between the confirmation and the delete; nothing was deleted.
            return self.refuse(self.learner_count())

    def learner_count(self):
        return Enrolment.objects.filter(module=self.object).values("person").distinct().count()

    def refuse(self, learners):
        messages.error(self.request, _deletion_refused(self.object, learners))
        return redirect(self.edit_url_name, self.object.pk)


class ModuleViewSet(ModelViewSet):
    model = Module
    icon = "doc-full"
    menu_label = "Modules"
    add_to_admin_menu = False
    index_view_class = ModuleIndexView
    edit_view_class = ModuleEditView
    delete_view_class = ModuleDeleteView
    list_display = [
        "course",  # the title column: a link to edit, and the row's buttons
        Column("lessons", label="Lessons", accessor="lesson_count"),
        Column("questions", label="Questions in the bank", accessor="question_count"),
        Column("pass_mark", label="Pass mark (%)"),
    ]
    search_fields = None
    inspect_view_enabled = False


class ElearningViewSetGroup(ModelViewSetGroup):
    menu_label = "E-learning"
    menu_icon = "doc-full"
    menu_order = 305
    items = (ModuleViewSet("elearning_module"), ModuleReportsViewSet("elearning_results"))


@hooks.register("register_admin_viewset")
def register_viewsets():
    return ElearningViewSetGroup()


# Module.course is PROTECT: the module must go first, and once anyone has enrolled it stays.
refuse_deletion_while(
    Module,
    lambda names, count: (
        f"{names} cannot be deleted because it has an e-learning module. Delete the module first, "
        "or unpublish the course to take it off the site."
    ),
)


# The catalogue's course page and "My training" learn about modules here.


@hooks.register("course_page_context")
def add_module(page, request, context):
    """On an e-learning course with a module: start, continue, completed or renew, for the
    signed-in person; for anyone else, what the module is and a prompt to sign in."""
    if not page.is_e_learning:
        return  # a workshop costs no query here
    module = Module.objects.filter(course=page).first()
    if module is None:
        return
    panel = {"template": "elearning/includes/course_module.html", "order": 20, "module": module}
    if request.user.is_authenticated:
        panel["standing"] = standing(request.user, module)
        if panel["standing"].in_progress:
            panel["progress"] = progress_of([panel["standing"].enrolment])[panel["standing"].enrolment.pk]
    else:
        panel["login_url"] = f"{reverse('account_login')}?{urlencode({'next': request.path}, safe='/')}"
    context["panels"].append(panel)


@hooks.register("my_training_panels")
def add_elearning(request, person):
    """E-learning in "My training": modules under way with their progress, and each module's
    latest completion with its score and renewal (with "renew by" inside the renewal window)."""
    return [{"template": "elearning/includes/my_training.html", "order": 20, **my_elearning(person)}]
