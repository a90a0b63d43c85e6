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
from django.utils import timezone

from lscb_training.dates import format_short_date
from records.choices import CompletionSource


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

    objects = CompletionQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on", "-id"]
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
