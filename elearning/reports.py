"""What administrators learn from the e-learning in the Wagtail admin, on screen and as CSV or XLSX.

- Module results (``ModuleResultsView``): each module's people enrolled, enrolments in
  progress, people completed, pass rate, average score and the attempts taken to pass.
- Learners (``LearnersView``): one row per enrolment on a module, with the person, how far
  they got, their attempts and scores and the dates, filtered by status and agency.

Every figure is worked out by the database in the listing's own query (a subquery per
figure, never a query per module or per learner), so each screen and its exports cost the
same number of queries however many modules, learners and attempts there are. Open to those
who may change modules: training administrators and superusers.
"""

from collections import OrderedDict

import django_filters

from django.db.models import Avg, Count, IntegerField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import slugify

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet

from elearning.models import Attempt, Enrolment, EnrolmentStatus, LessonProgress, Module
from lscb_training.dates import format_short_date, local
from lscb_training.forms import FilterModelChoiceField, is_possible_key
from lscb_training.spreadsheets import not_a_formula
from people.models import Agency

NONE = "—"


def _per_row(rows, key, aggregate, output_field=None):
    """``aggregate`` over ``rows`` whose ``key`` is the outer row: a correlated subquery, so a
    listing of any length is still one query."""
    grouped = rows.filter(**{key: OuterRef("pk")}).order_by().values(key).annotate(value=aggregate)
    return Subquery(grouped.values("value")[:1], output_field=output_field)


def _count(rows, key, aggregate):
    return Coalesce(_per_row(rows, key, aggregate), 0, output_field=IntegerField())


def with_results(modules):
    """``modules`` with the figures of the results report as annotations:

    - ``enrolled``: people with any enrolment (a renewal or a restart counts the person once);
    - ``in_progress``: enrolments in progress;
    - ``completed``: people who have passed the module's knowledge check at least once;
    - ``attempts_submitted``, ``attempts_passed``: submitted attempts, and those that passed;
    - ``average_score``: the mean score of submitted attempts (``None`` without any);
    - ``attempts_to_pass``: the mean number of attempts taken in the enrolments that passed,
      which is the number of the passing attempt (``None`` without a pass).
    """
    enrolments = Enrolment.objects.all()
    submitted = Attempt.objects.filter(submitted_at__isnull=False)
    by_module = "enrolment__module"
    return modules.annotate(
        enrolled=_count(enrolments, "module", Count("person", distinct=True)),
        in_progress=_count(enrolments.filter(status=EnrolmentStatus.IN_PROGRESS), "module", Count("pk")),
        completed=_count(enrolments.filter(status=EnrolmentStatus.PASSED), "module", Count("person", distinct=True)),
        attempts_submitted=_count(submitted, by_module, Count("pk")),
        attempts_passed=_count(submitted.filter(passed=True), by_module, Count("pk")),
        average_score=_per_row(submitted, by_module, Avg("score")),
        attempts_to_pass=_per_row(submitted.filter(passed=True), by_module, Avg("number")),
    )


def pass_rate(module):
    """Passed attempts as a percentage of submitted attempts, to one place; ``None`` without any."""
    if not module.attempts_submitted:
        return None
    return round(100 * module.attempts_passed / module.attempts_submitted, 1)


def _one_place(value):
    return None if value is None else round(value, 1)


def with_progress(enrolments):
    """``enrolments`` with each learner's progress as annotations: ``lessons_done``,
    ``attempts_used`` (submitted attempts; one still open is not used yet), and the
    ``best_score`` and ``last_score`` of the submitted attempts (``None`` without any)."""
    submitted = Attempt.objects.filter(submitted_at__isnull=False)
    last = submitted.filter(enrolment=OuterRef("pk")).order_by("-number")
    return enrolments.annotate(
        lessons_done=_count(LessonProgress.objects.all(), "enrolment", Count("pk")),
        attempts_used=_count(submitted, "enrolment", Count("pk")),
        best_score=_per_row(submitted, "enrolment", Max("score")),
        last_score=Subquery(last.values("score")[:1]),
    )


def _shown(value, suffix=""):
    return NONE if value is None else f"{value}{suffix}"


def _day(moment):
    """The day of ``moment`` in Europe/London, the partnership's day."""
    return local(moment).date() if moment else None


class SpreadsheetColumns:
    """The export's columns as ``(key, heading, value of a row)``, beside the screen's own
    columns, so a spreadsheet gets numbers and dates where the screen shows words."""

    export_columns = ()

    @property
    def list_export(self):
        return [key for key, _heading, _value in self.export_columns]

    def get_heading(self, queryset, field):
        return next(heading for key, heading, _value in self.export_columns if key == field)

    def to_row_dict(self, item):
        return OrderedDict((key, value(item)) for key, _heading, value in self.export_columns)

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        # Wagtail keeps XLSX cells that look like formulas as text; CSV has no cell types.
        return not_a_formula(value) if export_format == self.FORMAT_CSV else value


class ModuleResultsView(SpreadsheetColumns, ReportView):
    model = Module
    permission_required = "change"
    page_title = "Module results"
    header_icon = "doc-full"
    results_template_name = "elearning/admin/module_results_results.html"
    index_url_name = "elearning_results:index"
    index_results_url_name = "elearning_results:index_results"
    export_filename = "module-results"
    default_ordering = "course__title"
    paginate_by = 50
    columns = [
        TitleColumn(
            "course",
            label="Module",
            accessor="course.title",
            sort_key="course__title",
            get_url=lambda module: reverse("elearning_results:learners", args=[module.pk]),
        ),
        Column("enrolled", label="People enrolled", sort_key="enrolled"),
        Column("in_progress", label="In progress", sort_key="in_progress"),
        Column("completed", label="Completed", sort_key="completed"),
        Column("pass_rate", label="Pass rate", accessor=lambda module: _shown(pass_rate(module), "%")),
        Column(
            "average_score",
            label="Average score",
            accessor=lambda module: _shown(_one_place(module.average_score), "%"),
            sort_key="average_score",
        ),
        Column(
            "attempts_to_pass",
            label="Average attempts to pass",
            accessor=lambda module: _shown(_one_place(module.attempts_to_pass)),
            sort_key="attempts_to_pass",
        ),
    ]
    export_columns = (
        ("module", "Module", lambda module: module.course.title),
        ("enrolled", "People enrolled", lambda module: module.enrolled),
        ("in_progress", "In progress", lambda module: module.in_progress),
        ("completed", "Completed", lambda module: module.completed),
        ("attempts_submitted", "Attempts submitted", lambda module: module.attempts_submitted),
        ("attempts_passed", "Attempts passed", lambda module: module.attempts_passed),
        ("pass_rate", "Pass rate (%)", pass_rate),
        ("average_score", "Average score (%)", lambda module: _one_place(module.average_score)),
        ("attempts_to_pass", "Average attempts to pass", lambda module: _one_place(module.attempts_to_pass)),
    )

    def get_base_queryset(self):
        return with_results(Module.objects.select_related("course"))


class AgencyFilter(django_filters.ModelChoiceFilter):
    field_class = FilterModelChoiceField  # an id that cannot be one is "not a valid choice"


class LearnerFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label="Status", choices=EnrolmentStatus.choices)
    agency = AgencyFilter(label="Agency", field_name="person__agency", queryset=Agency.objects.order_by("name"))

    class Meta:
        model = Enrolment
        fields = []


def _lessons(enrolment):
    return f"{enrolment.lessons_done} of {enrolment.lesson_total}"


class LearnersView(SpreadsheetColumns, ReportView):
    """One row per enrolment: a renewal, or a restart after every attempt was used, is a new
    enrolment, so a person can have more than one row, the latest first."""

    model = Module  # whose permission opens the report
    permission_required = "change"
    page_title = "Learners"
    header_icon = "group"
    results_template_name = "elearning/admin/learners_results.html"
    filterset_class = LearnerFilterSet
    is_searchable = True
    search_fields = ["person__full_name", "person__email"]
    default_ordering = ("person__full_name", "person__email", "-started_at", "-pk")
    paginate_by = 50
    verbose_name_plural = "learners"
    columns = [
        Column("name", label="Name", accessor="person.full_name", sort_key="person__full_name"),
        Column("email", label="Email", accessor="person.email"),
        Column("agency", label="Agency", accessor="person.agency.name"),
        Column("job_role", label="Job role", accessor="person.job_role.name"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        Column("lessons", label="Lessons done", accessor=_lessons),
        Column("attempts_used", label="Attempts", sort_key="attempts_used"),
        Column("best_score", label="Best score", accessor=lambda e: _shown(e.best_score, "%"), sort_key="best_score"),
        Column("last_score", label="Last score", accessor=lambda e: _shown(e.last_score, "%")),
        Column("started", label="Started", accessor=lambda e: format_short_date(e.started_at), sort_key="started_at"),
        Column(
            "finished",
            label="Finished",
            accessor=lambda e: format_short_date(e.finished_at) if e.finished_at else "",
            sort_key="finished_at",
        ),
        Column(
            "due", label="Due", accessor=lambda e: format_short_date(e.due_on) if e.due_on else "", sort_key="due_on"
        ),
    ]
    export_columns = (
        ("name", "Name", lambda e: e.person.full_name),
        ("email", "Email", lambda e: e.person.email),
        ("agency", "Agency", lambda e: e.person.agency.name if e.person.agency else ""),
        ("job_role", "Job role", lambda e: e.person.job_role.name if e.person.job_role else ""),
        ("status", "Status", lambda e: e.get_status_display()),
        ("lessons_done", "Lessons done", lambda e: e.lessons_done),
        ("lesson_total", "Lessons in the module", lambda e: e.lesson_total),
        ("attempts_used", "Attempts", lambda e: e.attempts_used),
        ("best_score", "Best score (%)", lambda e: e.best_score),
        ("last_score", "Last score (%)", lambda e: e.last_score),
        ("started", "Started", lambda e: _day(e.started_at)),
        ("finished", "Finished", lambda e: _day(e.finished_at)),
        ("due", "Due", lambda e: e.due_on),
    )

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # A number too large for the database would fail the lookup instead of finding nothing.
        if not is_possible_key(Module, kwargs["pk"]):
            raise Http404
        self.module = get_object_or_404(Module.objects.select_related("course"), pk=kwargs["pk"])

    @cached_property
    def lesson_total(self):
        return self.module.lessons.count()

    def get_page_subtitle(self):
        return self.module.course.title

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("elearning_results:index"), "label": "Module results"},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_index_url(self):
        return reverse("elearning_results:learners", args=[self.module.pk])

    def get_index_results_url(self):
        return reverse("elearning_results:learners_results", args=[self.module.pk])

    def get_filename(self):
        return f"learners-{slugify(self.module.course.title)}"

    def get_base_queryset(self):
        enrolments = Enrolment.objects.filter(module=self.module).select_related("person__agency", "person__job_role")
        return with_progress(enrolments)

    def decorate_paginated_queryset(self, object_list):
        for enrolment in object_list:
            enrolment.lesson_total = self.lesson_total
        return object_list

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["module"] = self.module
        return context


class ResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("elearning.change_module")


class ModuleReportsViewSet(ViewSet):
    """The two reports, under /admin/elearning/results/, in the E-learning menu."""

    icon = "doc-full"
    menu_label = "Module results"
    url_prefix = "elearning/results"
    menu_item_class = ResultsMenuItem

    def get_urlpatterns(self):
        return [
            path("", ModuleResultsView.as_view(), name="index"),
            path("results/", ModuleResultsView.as_view(results_only=True), name="index_results"),
            path("<int:pk>/learners/", LearnersView.as_view(), name="learners"),
            path("<int:pk>/learners/results/", LearnersView.as_view(results_only=True), name="learners_results"),
        ]
