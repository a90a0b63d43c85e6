"""Training records: who completed which course when, and the exceptions to the eligibility rule.

Interface for the apps above (bookings, e-learning, certificates, compliance):

- ``records.services.record_completion(...)`` is the only writer of ``Completion``; producers
  keep a ``completion`` link to the row they caused (``Completion`` has no link up to them).
- ``Completion.objects`` is a ``CompletionQuerySet``: ``current(on=None)``,
  ``with_expired(on=None)``, ``for_person(person)``, ``for_course(course)``.
- ``records.eligibility.eligibility(person, course)`` says whether a person may take a course and
  every reason why not; ``records.services.grant_exception(...)`` records an individual exception.
"""

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, Q
from django.db.models.functions import Lower
from django.utils import timezone

from lscb_training.dates import format_short_date
from records.choices import CompletionSource, ImportStatus, RowOutcome


def _unexpired(on):
    """The expiry rule: a completion expires on its ``expires_on`` date, so on that day it no
    longer counts; one without ``expires_on`` never expires."""
    return Q(expires_on__isnull=True) | Q(expires_on__gt=on)


class CompletionQuerySet(models.QuerySet):
    def current(self, on=None):
        """Completions that count on ``on`` (default today): done by then, and not yet expired."""
        on = on or timezone.localdate()
        return self.filter(_unexpired(on), completed_on__lte=on)

    def with_expired(self, on=None):
        """Annotates ``expired``: whether each completion had expired by ``on`` (default today)."""
        on = on or timezone.localdate()
        return self.annotate(expired=ExpressionWrapper(~_unexpired(on), output_field=models.BooleanField()))

    def for_person(self, person):
        return self.filter(user=person)

    def for_course(self, course):
        return self.filter(course=course)


class Completion(models.Model):
    """The record that a person finished a course on a day.

    ``expires_on`` is worked out from the course's validity when the completion is recorded and
    then kept, so a later change to the course does not rewrite history or printed certificates.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="completions", verbose_name="person"
    )
    # PROTECT: a course with completions is unpublished, never deleted; its records stay.
    course = models.ForeignKey("courses.CoursePage", on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField("completed on")
    expires_on = models.DateField("expires on", null=True, blank=True, help_text="Empty if it does not expire.")
    source = models.CharField(max_length=20, choices=CompletionSource.choices)
    score = models.PositiveSmallIntegerField(
        "score (%)", null=True, blank=True, help_text="The knowledge check's score, where there was one."
    )
    reference = models.CharField(
        "certificate id from the provider", max_length=100, blank=True, help_text="For an imported completion."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    import_batch = models.ForeignKey(
        "records.ImportBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="completions",
        help_text="The upload that recorded it, for an imported completion.",
    )

    objects = CompletionQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on", "-id"]
        indexes = [
            # A person's latest completion of any of several courses (compliance asks it for
            # every person on a dashboard): read newest first from the index alone, stopping at
            # the first of those courses, where the unique index below needs a sort per person.
            # (The course is a key column, not INCLUDEd: SQLite has no INCLUDE, and warns.)
            models.Index(fields=["user", "-completed_on", "course"], name="completion_user_latest"),
        ]
        constraints = [
            # One completion per person, course and day: recording it again (an import run twice,
            # an attendance marked twice) finds the one there is rather than adding another.
            # Its index serves "this person's completions of these courses".
            models.UniqueConstraint(
                fields=["user", "course", "completed_on"], name="one_completion_per_person_course_day"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("completed_on")),
                name="completion_expires_after_completion",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100), name="completion_score_a_percentage"
            ),
        ]

    def __str__(self):
        return f"{self.user} completed {self.course} on {format_short_date(self.completed_on)}"


class ImportBatch(models.Model):
    """One upload of completions from an outside e-learning provider: who uploaded it and when,
    what each row was found to be, and, once confirmed, who imported it and what it added.

    ``rows`` holds the upload's rows as read (text, one dict per row with its line number,
    outcome and reason), so the preview and the confirmation work from the same rows on any app
    server without keeping the file. Made by ``records.services.preview_import``; imported by
    ``import_completions`` or dropped by ``cancel_import``, each at most once.
    """

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="uploaded by"
    )
    uploaded_at = models.DateTimeField("uploaded", default=timezone.now)
    file_name = models.CharField(max_length=255)
    keep_unknown = models.BooleanField(
        "keep rows for people without an account",
        default=False,
        help_text="Recorded when the person signs up and confirms their email address.",
    )
    status = models.CharField(max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    rows = models.JSONField(default=list, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField("imported", null=True, blank=True)
    # What the confirmation did (the preview's own counts come from ``rows``).
    imported_count = models.PositiveIntegerField("imported", default=0)
    already_count = models.PositiveIntegerField("already recorded", default=0)
    pending_count = models.PositiveIntegerField("kept for sign-up", default=0)
    error_count = models.PositiveIntegerField("errors", default=0)

    # Not content: Wagtail's reference index, read again on every save, has nothing to learn here.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = "completions import"
        verbose_name_plural = "completions imports"

    def __str__(self):
        return f"{self.file_name}, uploaded {format_short_date(self.uploaded_at)}"

    def counts(self):
        """``{outcome: number of rows}`` for every outcome, from the rows as last classified."""
        counts = dict.fromkeys(RowOutcome.values, 0)
        for row in self.rows:
            counts[row["outcome"]] += 1
        return counts


class PendingCompletion(models.Model):
    """An imported completion for a work email address nobody has an account with yet, kept so it
    is recorded (``records.services.match_pending_completions``) once someone confirms that
    address. The email is kept in lower case; ``completion`` is set when it is recorded."""

    email = models.EmailField("work email")
    # PROTECT, as for completions: a course someone has evidence of is unpublished, not deleted.
    course = models.ForeignKey("courses.CoursePage", on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField("completed on")
    score = models.PositiveSmallIntegerField("score (%)", null=True, blank=True)
    reference = models.CharField("certificate id from the provider", max_length=100, blank=True)
    import_batch = models.ForeignKey(ImportBatch, on_delete=models.SET_NULL, null=True, related_name="pending")
    matched_at = models.DateTimeField(null=True, blank=True)
    completion = models.ForeignKey(Completion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["email", "-completed_on"]
        verbose_name = "completion waiting for sign-up"
        verbose_name_plural = "completions waiting for sign-up"
        constraints = [
            # As for completions: the same file imported twice keeps one row.
            models.UniqueConstraint(
                fields=["email", "course", "completed_on"], name="one_pending_per_email_course_day"
            ),
            models.CheckConstraint(condition=Q(email=Lower("email")), name="pending_email_lower_case"),
        ]

    def __str__(self):
        return f"{self.email} completed {self.course} on {format_short_date(self.completed_on)}"


class EligibilityExceptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def for_person(self, person):
        return self.filter(person=person)


class EligibilityException(models.Model):
    """An administrator's decision that one person may take one course whatever the eligibility
    rule says, with who decided, when and why. Made by ``records.services.grant_exception`` and
    withdrawn (kept, with who and when) by ``revoke_exception``; a person and course have at most
    one exception in force."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(help_text="Why this person may take the course. The person sees it.")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = EligibilityExceptionQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = "eligibility exception"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "course"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_exception_per_person_and_course",
                violation_error_message="This person already has an exception for this course. "
                "Revoke it first to change it.",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="exception_has_a_reason"),
        ]

    def __str__(self):
        return f"{self.person} may take {self.course}"

    @property
    def is_active(self):
        return self.revoked_at is None
