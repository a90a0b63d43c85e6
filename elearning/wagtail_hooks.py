"""What e-learning adds to the Wagtail admin and to the catalogue's pages.

Administrators write modules (lessons, and the knowledge check's questions and rules) in the
admin. The catalogue's course page (``courses.models.run_page_hooks``) and "My training"
(``records.views.my_training_panels``) learn about modules and progress through hooks here.
"""

from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from courses.deletion import refuse_deletion_while
from elearning.models import Module
from elearning.progress import my_elearning, progress_of
from elearning.services import standing


class ModuleViewSet(ModelViewSet):
    model = Module
    icon = "doc-full"
    menu_label = "Modules"
    add_to_admin_menu = False
    list_display = [
        Column("course", label="Course", accessor="course"),
        Column("lessons", label="Lessons", accessor="lesson_count"),
        Column("questions", label="Questions in the bank", accessor="question_count"),
        Column("pass_mark", label="Pass mark (%)"),
    ]
    search_fields = None
    inspect_view_enabled = False

    def get_queryset(self, request):
        return Module.objects.select_related("course").annotate(lesson_count=Count("lessons"))


class ElearningViewSetGroup(ModelViewSetGroup):
    menu_label = "E-learning"
    menu_icon = "doc-full"
    menu_order = 305
    items = (ModuleViewSet("elearning_module"),)


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
