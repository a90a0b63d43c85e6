"""Editorial content: the training section, its levels and courses, forums and other pages.

Levels and courses are pages so the partnership can publish a new course or topic without a
release. Sessions, bookings and completions are plain models in the apps above this one, which
this app never imports: course and level pages ask those apps for what they know through the
Wagtail hooks ``course_page_context`` and ``level_page_context`` (see ``run_page_hooks``).
"""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Left, Length
from django.http import Http404
from django.utils.functional import lazy

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail import blocks, hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.search.backends import get_search_backend

from lscb_training.text import TextCleaningMixin

# The four levels of the training offer. A level page holds one of these numbers, once.
LEVEL_NUMBERS = (1, 2, 3, 4)
# A cut-off further back than six weeks of working days would make nearly every cancellation late.
LATE_CANCELLATION_MAX_WORKING_DAYS = 30


def _late_cancellation_help():
    # Read when the editor is shown, so the words follow the setting; the model's own help text
    # stays fixed, or a change of setting would need a migration.
    return (
        "Cancelling a place fewer than this many working days (Monday to Friday, less bank holidays) "
        "before the session is recorded as a late cancellation, and a freed place is no longer offered "
        "to the waiting list. Leave empty for the site-wide default of "
        f"{settings.BOOKING_LATE_CANCEL_WORKING_DAYS} working days."
    )


late_cancellation_help = lazy(_late_cancellation_help, str)()


def run_page_hooks(hook_name, page, request, context):
    """Lets the apps above the catalogue add what they know to a page's template context.

    Each function registered for ``hook_name`` is called as ``fn(page, request, context)`` and
    may add to ``context`` (``context["panels"]`` holds ``{"template": ..., ...}`` dicts that the
    page renders in order of their ``"order"``). They must cost a fixed number of queries
    whatever the page lists. The hooks:

    - ``course_page_context`` (``CoursePage.get_context``): panels, and a ``"url"`` and
      ``"link_hint"`` (words for screen readers after the name) on each of ``context["topics"]``
      to make a topic a link; without them topics are plain text;
    - ``level_page_context`` (``TrainingLevelPage.get_context``): appends to each
      ``course.panels`` of ``context["courses"]``;
    - ``training_index_page_context`` (``TrainingIndexPage.get_context``): panels shown after
      the levels.
    """
    context.setdefault("panels", [])
    for fn in hooks.get_hooks(hook_name):
        fn(page, request, context)
    context["panels"].sort(key=lambda panel: panel.get("order", 50))
    return context


def parent_path(path_field):
    """An expression: the tree path of a page's parent, from the page's own path (Wagtail's
    materialised path), where ``path_field`` names the page's path (``"path"``, ``OuterRef(...)``)."""
    path = OuterRef(path_field) if isinstance(path_field, str) else path_field
    return Left(path, Length(path) - Page.steplen)


def level_number_of(course_path_field):
    """An expression for annotations: the level number of the course whose tree path is the
    outer query's ``course_path_field`` (``"path"`` on courses, ``"course__path"`` on sessions)."""
    number = TrainingLevelPage.objects.filter(path=parent_path(course_path_field)).values("number")[:1]
    return Subquery(number)


class SingleChildTypeRoutingMixin:
    """Routes to a child in one query where a section holds one page type only.

    Wagtail's ``Page.route`` finds the child as a plain ``Page`` and then loads its specific
    type: two queries per level of the tree. A section whose ``subpage_types`` allow one type
    can ask for that type straight away, which keeps level and course pages within their query
    budget. The child's parent is cached on it, as Wagtail does, so ``get_parent()`` is free.
    """

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        child_slug, *remaining = path_components
        child_model = self.allowed_subpage_models()[0]
        try:
            child = child_model.objects.child_of(self).get(slug=child_slug)
        except child_model.DoesNotExist as error:
            raise Http404 from error
        child._cached_parent_obj = self
        return child.route(request, remaining)


class StandardPage(Page):
    """Any other content: support for parents and carers, procedures, accessibility, privacy."""

    introduction = models.TextField(blank=True)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title", template="blocks/heading.html")),
            ("paragraph", blocks.RichTextBlock()),
            ("document", DocumentChooserBlock(template="blocks/document.html")),
        ],
        blank=True,
    )

    search_fields = [*Page.search_fields, index.SearchField("introduction"), index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    parent_page_types = ["lscb_training.HomePage", "courses.StandardPage"]


class TrainingIndexPage(SingleChildTypeRoutingMixin, Page):
    """The training section: an introduction and the levels beneath it."""

    introduction = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["lscb_training.HomePage"]
    subpage_types = ["courses.TrainingLevelPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["levels"] = TrainingLevelPage.objects.live().child_of(self).order_by("number")
        # bookings.wagtail_hooks adds a link to every upcoming date.
        return run_page_hooks("training_index_page_context", self, request, context)


class TrainingLevelPage(SingleChildTypeRoutingMixin, Page):
    """One of the four levels of the training offer; its courses are its children."""

    number = models.PositiveSmallIntegerField(
        unique=True,
        validators=[MinValueValidator(LEVEL_NUMBERS[0]), MaxValueValidator(LEVEL_NUMBERS[-1])],
        help_text=f"{LEVEL_NUMBERS[0]} to {LEVEL_NUMBERS[-1]}. Each level appears once.",
        error_messages={"unique": "There is already a level with this number. Each level can appear only once."},
    )
    audience = RichTextField("who it is for")
    aims = RichTextField(blank=True)
    covers = RichTextField("what it covers", blank=True)

    search_fields = [*Page.search_fields, index.SearchField("audience"), index.SearchField("aims")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("number"),
        FieldPanel("audience"),
        FieldPanel("aims"),
        FieldPanel("covers"),
    ]
    parent_page_types = ["courses.TrainingIndexPage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        ordering = ["number"]

    def courses(self):
        """Its live courses in tree order."""
        return CoursePage.objects.live().child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = list(self.courses())
        for course in context["courses"]:
            course.panels = []
        # bookings.wagtail_hooks adds each course's next dates, records.wagtail_hooks whether
        # the signed-in person may take it (as ``course.panels``).
        run_page_hooks("level_page_context", self, request, context)
        for course in context["courses"]:
            course.panels.sort(key=lambda panel: panel.get("order", 50))
        return context


class CourseTopic(TaggedItemBase):
    content_object = ParentalKey("courses.CoursePage", on_delete=models.CASCADE, related_name="tagged_topics")


class CourseFormat(models.TextChoices):
    E_LEARNING = "e_learning", "E-learning"
    HALF_DAY = "half_day", "Half-day workshop"
    FULL_DAY = "full_day", "Full-day workshop"
    OTHER = "other", "Other"


class CoursePageQuerySet(PageQuerySet):
    def at_level(self, level):
        """Courses of a level: a ``TrainingLevelPage`` or its number."""
        if isinstance(level, TrainingLevelPage):
            return self.child_of(level)
        return self.filter(Exists(TrainingLevelPage.objects.filter(number=level, path=parent_path("path"))))

    def with_level_number(self):
        """Annotates ``level_number`` without a query per course."""
        return self.annotate(level_number=level_number_of("path"))


def courses_needed_before(course_ids, leaving_out):
    """Every course that must be completed before any of ``course_ids``, directly or through
    other courses, as ``{course_id: the course it is needed for}``, reading the published
    prerequisites of every course except ``leaving_out`` (whose own are being edited)."""
    found, frontier = {}, set(course_ids)
    while frontier:
        edges = CoursePrerequisite.objects.filter(course_id__in=frontier).exclude(course_id=leaving_out)
        frontier = set()
        for course_id, required_id in edges.values_list("course_id", "required_course_id"):
            if required_id not in found:
                found[required_id] = course_id
                frontier.add(required_id)
    return found


class CoursePageForm(WagtailAdminPageForm):
    """Refuses prerequisites that could never be met: the course itself, or a course that
    already needs this one first (directly or through others), which would make a loop."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("prerequisites")
        if formset is None or self.instance.pk is None:
            return cleaned_data  # a new page cannot be anyone's prerequisite yet
        for form in formset.forms:
            required = form.cleaned_data.get("required_course") if form.is_valid() else None
            if required is None or form.cleaned_data.get("DELETE"):
                continue
            if required.pk == self.instance.pk:
                form.add_error("required_course", "A course cannot need itself first. Choose a different course.")
            elif self.instance.pk in courses_needed_before([required.pk], leaving_out=self.instance.pk):
                form.add_error(
                    "required_course",
                    f"“{required.title}” already needs this course first, directly or through another course, "
                    "so it cannot also come before it. Choose a different course.",
                )
        return cleaned_data


class CoursePage(TextCleaningMixin, Page):
    """A piece of training at one level, with the eligibility settings ``records.eligibility`` reads."""

    summary = models.TextField()
    learning_outcomes = RichTextField(blank=True)
    format = models.CharField(max_length=20, choices=CourseFormat.choices, default=CourseFormat.HALF_DAY)
    duration = models.CharField(max_length=100, blank=True, help_text='For example "3 hours".')
    cpd_hours = models.DecimalField(
        "CPD hours",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1"), message="Enter CPD hours greater than 0, or leave it empty")],
    )
    audience = RichTextField("who it is for", blank=True)
    topics = ClusterTaggableManager(through=CourseTopic, blank=True)
    validity_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message="Enter 1 month or more, or leave it empty if it does not expire")],
        help_text="How long a completion counts before it must be renewed. Leave empty if it does not expire.",
    )
    eligible_job_roles = ParentalManyToManyField(
        "people.JobRole",
        blank=True,
        related_name="eligible_courses",
        help_text="Only these roles may book. Leave empty to let everyone book.",
    )
    requires_lead_approval = models.BooleanField(
        default=False, help_text="An agency lead must approve each booking before it is confirmed."
    )
    late_cancellation_working_days = models.PositiveSmallIntegerField(
        "late cancellation cut-off (working days)",
        null=True,
        blank=True,
        validators=[
            MaxValueValidator(
                LATE_CANCELLATION_MAX_WORKING_DAYS,
                message=f"Enter {LATE_CANCELLATION_MAX_WORKING_DAYS} working days or fewer, or leave it empty",
            )
        ],
        help_text="Cancelling a place fewer than this many working days before the session is recorded as late. "
        "Leave empty for the site-wide default.",
    )
    no_show_fee = models.DecimalField(
        "late cancellation and no-show fee (£)",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"), message="Enter £0 or more, or leave it empty")],
        help_text="Charged to the person's agency for a late cancellation, a no-show or leaving early. "
        "Leave empty for the site-wide default.",
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("learning_outcomes"),
        index.SearchField("audience"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("learning_outcomes"),
        MultiFieldPanel(
            [
                FieldPanel("format"),
                FieldPanel("duration"),
                FieldPanel("cpd_hours"),
                FieldPanel("validity_months"),
            ],
            heading="Format",
        ),
        FieldPanel("audience"),
        FieldPanel("topics"),
        MultiFieldPanel(
            [
                FieldPanel("eligible_job_roles", widget=forms.CheckboxSelectMultiple),
                InlinePanel("prerequisites", label="Courses that must be completed first"),
                FieldPanel("requires_lead_approval"),
            ],
            heading="Who may book",
        ),
        MultiFieldPanel(
            [FieldPanel("late_cancellation_working_days", help_text=late_cancellation_help), FieldPanel("no_show_fee")],
            heading="Cancelling",
        ),
    ]
    parent_page_types = ["courses.TrainingLevelPage"]
    subpage_types = []
    base_form_class = CoursePageForm

    objects = PageManager.from_queryset(CoursePageQuerySet)()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(cpd_hours__isnull=True) | Q(cpd_hours__gt=0), name="course_cpd_hours_positive"
            ),
            # 0 would read as "does not expire" (validity_label), the opposite of what was meant.
            models.CheckConstraint(
                condition=Q(validity_months__isnull=True) | Q(validity_months__gte=1),
                name="course_validity_at_least_a_month",
            ),
        ]

    @property
    def level(self):
        return self.get_parent().specific

    @property
    def validity_label(self):
        """How long a completion counts: "Valid for 3 years", "Valid for 18 months" or "Does not expire"."""
        months = self.validity_months
        if not months:
            return "Does not expire"
        number, unit = (months // 12, "year") if months % 12 == 0 else (months, "month")
        return f"Valid for {number} {unit}{'' if number == 1 else 's'}"

    @property
    def is_e_learning(self):
        return self.format == CourseFormat.E_LEARNING

    @property
    def topic_tags(self):
        """Its topic tags, from the prefetch cache when the listing loaded them."""
        return [tagged.tag for tagged in self.tagged_topics.all()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["level"] = self.get_parent().specific  # cached by routing: no query
        context["eligible_roles"] = list(self.eligible_job_roles.all())
        context["prerequisites"] = list(self.prerequisites.select_related("required_course"))
        context["topics"] = [{"name": tag.name, "slug": tag.slug} for tag in self.topics.all()]
        # records.wagtail_hooks adds whether the signed-in person may take the course and why
        # not; bookings.wagtail_hooks adds the upcoming dates and links each topic to its dates.
        return run_page_hooks("course_page_context", self, request, context)


class CoursePrerequisite(Orderable):
    """A course that must be completed before booking this one, optionally recently."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="prerequisites")
    required_course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="required_by")
    within_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message="Enter 1 month or more, or leave it empty for any time")],
        help_text="How recent the completion must be. Leave empty for any time.",
    )

    panels = [FieldPanel("required_course"), FieldPanel("within_months")]

    class Meta(Orderable.Meta):
        constraints = [
            models.CheckConstraint(
                condition=~Q(required_course=F("course")), name="course_prerequisite_is_another_course"
            ),
            models.CheckConstraint(
                condition=Q(within_months__isnull=True) | Q(within_months__gte=1),
                name="course_prerequisite_within_at_least_a_month",
            ),
        ]

    def __str__(self):
        return f"{self.required_course} before {self.course}"


class ForumIndexPage(SingleChildTypeRoutingMixin, Page):
    """The Practitioner Forums: one child page per forum, newest first."""

    introduction = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["lscb_training.HomePage"]
    subpage_types = ["courses.ForumPage"]
    max_count = 1

    def forums(self):
        return ForumPage.objects.live().child_of(self).order_by("-forum_date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["forums"] = self.forums()
        return context


class ForumPage(Page):
    """One annual Practitioner Forum and what was shared there. Forums need no booking."""

    forum_date = models.DateField("date of the forum")
    area = models.CharField(max_length=100, blank=True, help_text='Where in Cumbria, for example "Penrith".')
    venue = models.CharField(max_length=200, blank=True)
    summary = models.TextField()

    search_fields = [*Page.search_fields, index.SearchField("summary"), index.FilterField("forum_date")]
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("forum_date"), FieldPanel("area"), FieldPanel("venue")], heading="When and where"),
        FieldPanel("summary"),
        InlinePanel("resources", label="Resources", heading="Resources shared at the forum"),
    ]
    parent_page_types = ["courses.ForumIndexPage"]
    subpage_types = []

    class Meta:
        ordering = ["-forum_date"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["resources"] = ForumResource.objects.filter(forum=self).usable().for_listing()
        return context


class ResourceTopic(TaggedItemBase):
    """A topic on a forum resource: the same taggit tags as course topics, so "cse" means one thing."""

    content_object = ParentalKey("courses.ForumResource", on_delete=models.CASCADE, related_name="tagged_topics")


class ForumResourceQuerySet(models.QuerySet):
    def for_listing(self):
        """Everything a resource list shows, in a fixed number of queries."""
        return self.select_related("forum", "document").prefetch_related("tagged_topics__tag")

    def usable(self):
        """Resources that still have a document or a link to offer (a document may be deleted)."""
        return self.exclude(document__isnull=True, url="")

    def live(self):
        """Usable resources of published forums."""
        return self.usable().filter(forum__live=True)

    def with_topic(self, slug):
        return self.filter(Exists(ResourceTopic.objects.filter(content_object=OuterRef("pk"), tag__slug=slug)))

    def matching(self, query):
        """Resources whose title or description match ``query``, by Wagtail search.

        The search backend cannot filter on tags or on the forum's live flag, so it finds the
        matches among all resources and this queryset's own filters still apply.
        """
        matches = get_search_backend().search(query, ForumResource)
        return self.filter(pk__in=[resource.pk for resource in matches])


class ForumResource(index.Indexed, ClusterableModel, Orderable):
    """A document or a link shared at a forum: exactly one of the two."""

    forum = ParentalKey(ForumPage, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    # SET_NULL: deleting a document in the admin must not fail; the resource is then hidden
    # (``live()``) until an editor gives it a new document or a link.
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    url = models.URLField("link", blank=True, help_text="A page on another website. Leave empty for a document.")
    topics = ClusterTaggableManager(through=ResourceTopic, blank=True)

    objects = ForumResourceQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("document"),
        FieldPanel("url"),
        FieldPanel("topics"),
    ]
    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.FilterField("forum_id"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "forum resource"
        constraints = [
            # "Exactly one" is checked in clean(); the database can only insist on "not both",
            # since deleting a document leaves a resource with neither until an editor fixes it.
            models.CheckConstraint(
                condition=Q(document__isnull=True) | Q(url=""), name="forum_resource_document_or_link_not_both"
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if bool(self.document_id) == bool(self.url):
            message = (
                "Choose a document or enter a link, not both." if self.url else "Choose a document or enter a link."
            )
            raise ValidationError({"document": message, "url": message})

    @property
    def link(self):
        return self.document.url if self.document_id else self.url

    @property
    def is_document(self):
        return bool(self.document_id)

    @property
    def topic_tags(self):
        return [tagged.tag for tagged in self.tagged_topics.all()]
