"""What e-learning adds to the Wagtail admin and to the catalogue's pages.

Administrators write modules (lessons, and the knowledge check's questions and rules) in the
admin. The catalogue's course page (``courses.models.run_page_hooks``) and "My training"
(``records.views.my_training_panels``) learn about modules and progress through hooks here.
"""

from django.db.models import Count

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from courses.deletion import refuse_deletion_while
from elearning.models import Module


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
