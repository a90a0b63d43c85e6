"""E-learning: modules of ordered lessons and a knowledge check, and each learner's progress.

A module belongs to one e-learning course page (the catalogue's course, which never imports
this app; it learns about the module through ``course_page_context``). Passing the check records
the completion through ``records.services.record_completion``; an ``Enrolment`` keeps a link to
the completion it caused. Every state change is a verb in ``elearning.services``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import StreamField
from wagtail.models import Orderable

from elearning.blocks import LESSON_BLOCKS, QUESTION_BLOCKS


class Module(ClusterableModel):
    course = models.OneToOneField(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="module",
        limit_choices_to={"format": "e_learning"},
        help_text="The e-learning course this module delivers. Its validity sets when a completion lapses.",
    )
    introduction = models.TextField(blank=True, help_text="Shown above the list of lessons.")
    pass_mark = models.PositiveSmallIntegerField(
        "pass mark (%)",
        default=80,
        validators=[
            MinValueValidator(1, message="Enter a pass mark from 1 to 100"),
            MaxValueValidator(100, message="Enter a pass mark from 1 to 100"),
        ],
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        "questions in each attempt",
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message="Enter 1 or more, or leave it empty to ask every question")],
        help_text="Drawn at random from the questions below. Leave empty to ask every question.",
    )
    max_attempts = models.PositiveSmallIntegerField(
        "attempts allowed",
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message="Enter 1 or more, or leave it empty for no limit")],
        help_text="Leave empty for no limit. With a limit, the feedback never gives the right answer away, and "
        "a learner who uses every attempt reads the lessons again before trying more.",
    )
    cooldown_hours = models.PositiveSmallIntegerField(
        "wait after a failed attempt (hours)", null=True, blank=True, help_text="Leave empty to allow a retry at once."
    )
    minimum_minutes = models.PositiveSmallIntegerField(
        "minimum time before the check opens (minutes)",
        null=True,
        blank=True,
        help_text="Counted from enrolment. Leave empty to open the check as soon as every lesson is done.",
    )
    deadline_weeks = models.PositiveSmallIntegerField(
        "complete within (weeks)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message="Enter 1 week or more, or leave it empty")],
        help_text="Shown to the learner as a date to finish by. Leave empty for no deadline.",
    )
    questions = StreamField(QUESTION_BLOCKS, blank=True, help_text="The bank of questions for the knowledge check.")

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [FieldPanel("course"), FieldPanel("introduction"), InlinePanel("lessons", label="Lessons", min_num=1)],
                heading="Lessons",
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldPanel("pass_mark"),
                            FieldPanel("questions_per_attempt"),
                            FieldPanel("max_attempts"),
                            FieldPanel("cooldown_hours"),
                            FieldPanel("minimum_minutes"),
                            FieldPanel("deadline_weeks"),
                        ],
                        heading="Rules",
                    ),
                    FieldPanel("questions"),
                ],
                heading="Knowledge check",
            ),
        ]
    )

    class Meta:
        ordering = ["course__title"]
        constraints = [
            models.CheckConstraint(condition=Q(pass_mark__gte=1, pass_mark__lte=100), name="module_pass_mark_percent"),
            models.CheckConstraint(
                condition=Q(questions_per_attempt__isnull=True) | Q(questions_per_attempt__gte=1),
                name="module_draws_a_question",
            ),
            models.CheckConstraint(
                condition=Q(max_attempts__isnull=True) | Q(max_attempts__gte=1), name="module_allows_an_attempt"
            ),
        ]

    def __str__(self):
        return self.course.title if self.course_id else "New module"

    def clean(self):
        super().clean()
        bank = len(self.questions)
        if not bank:
            raise ValidationError({"questions": "Add at least one question for the knowledge check."})
        if self.questions_per_attempt and self.questions_per_attempt > bank:
            raise ValidationError(
                {
                    "questions_per_attempt": f"There are only {bank} question{'s' if bank != 1 else ''} in the bank. "
                    "Ask that many or fewer, or add questions."
                }
            )
        if self.course_id and self.course.format != "e_learning":
            raise ValidationError({"course": "Choose a course whose format is e-learning."})

    @property
    def question_count(self):
        return len(self.questions.raw_data)

    @property
    def questions_asked(self):
        return self.questions_per_attempt or len(self.questions)


class Lesson(Orderable):
    module = ParentalKey(Module, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(max_length=200)
    body = StreamField(LESSON_BLOCKS)

    panels = [FieldPanel("title"), FieldPanel("body")]

    class Meta(Orderable.Meta):
        pass

    def __str__(self):
        return self.title


class EnrolmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    PASSED = "passed", "Completed"
    # Every attempt used: the learner starts again from the lessons (a new enrolment).
    ENDED = "ended", "Attempts used up"


class EnrolmentQuerySet(models.QuerySet):
    def in_progress(self):
        return self.filter(status=EnrolmentStatus.IN_PROGRESS)

    def for_person(self, person):
        return self.filter(person=person)


class Enrolment(models.Model):
    """One run through a module by one person: a renewal or a restart is a new enrolment, and
    the earlier ones stay as history."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.IN_PROGRESS)
    started_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField(null=True, blank=True)
    current_lesson = models.ForeignKey(Lesson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    finished_at = models.DateTimeField(null=True, blank=True)
    completion = models.ForeignKey(
        "records.Completion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            # Enrolling twice (a double click, two tabs) finds the run already under way.
            models.UniqueConstraint(
                fields=["person", "module"],
                condition=Q(status="in_progress"),
                name="one_enrolment_in_progress_per_person_module",
            ),
        ]

    def __str__(self):
        return f"{self.person} on {self.module}"

    @property
    def is_in_progress(self):
        return self.status == EnrolmentStatus.IN_PROGRESS


class LessonProgress(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="lesson_done_once_per_enrolment")]

    def __str__(self):
        return f"{self.lesson} done"


class Attempt(models.Model):
    """One go at the knowledge check: the questions drawn (block ids, in the order asked), and
    once submitted the answers (``{question id: [option ids]}``), score and outcome."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    question_ids = models.JSONField(default=list)
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True)

    class Meta:
        ordering = ["enrolment", "number"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "number"], name="attempt_numbered_once"),
            # Starting the check twice finds the open attempt rather than drawing another.
            models.UniqueConstraint(
                fields=["enrolment"], condition=Q(submitted_at__isnull=True), name="one_open_attempt_per_enrolment"
            ),
        ]

    def __str__(self):
        return f"Attempt {self.number} of {self.enrolment}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None
