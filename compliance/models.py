"""Requirements and exemptions. A person's status against a requirement is never stored: it is
computed from completions each time (``compliance.status``), so it cannot drift."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel

from courses.models import LEVEL_NUMBERS
from people.models import Sector


class Scope(models.IntegerChoices):
    """How specific a requirement is: the more specific wins where two cover the same course."""

    PARTNERSHIP = 1, "Whole partnership"
    SECTOR = 2, "Every agency of a sector"
    AGENCY = 3, "One agency"


class Requirement(ClusterableModel):
    title = models.CharField(max_length=200, help_text='What people must do, for example "CSE awareness".')
    agency = models.ForeignKey(
        "people.Agency",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="For one agency. Leave empty for a sector or the whole partnership.",
    )
    sector = models.CharField(
        max_length=40, choices=Sector.choices, blank=True, help_text="For every agency of a sector."
    )
    job_roles = ParentalManyToManyField(
        "people.JobRole", blank=True, related_name="+", help_text="Leave empty for every job role."
    )
    courses = ParentalManyToManyField(
        "courses.CoursePage", blank=True, related_name="+", help_text="Completing any of these meets the requirement."
    )
    minimum_level = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=[(number, f"Level {number}") for number in LEVEL_NUMBERS],
        help_text="Or: any course at this level or above meets it.",
    )
    renewal_months = models.PositiveSmallIntegerField(
        "renew every (months)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message="Enter 1 month or more, or leave it empty for once only")],
        help_text="Leave empty if doing it once is enough.",
    )
    expiring_window_days = models.PositiveSmallIntegerField(
        "expiring soon (days before)",
        default=60,
        validators=[MaxValueValidator(366, message="Enter 366 days or fewer")],
    )
    grace_months = models.PositiveSmallIntegerField(
        "new starters have (months)",
        default=3,
        validators=[MaxValueValidator(24, message="Enter 24 months or fewer")],
        help_text="Counted from the start of the person's role.",
    )
    takes_effect_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=True) | Q(sector=""), name="requirement_agency_or_sector_not_both"
            ),
            models.CheckConstraint(
                condition=Q(renewal_months__isnull=True) | Q(renewal_months__gte=1), name="requirement_renews_monthly"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def scope(self):
        if self.agency_id:
            return Scope.AGENCY
        return Scope.SECTOR if self.sector else Scope.PARTNERSHIP

    def clean(self):
        super().clean()
        if self.agency_id and self.sector:
            raise ValidationError({"sector": "Choose an agency or a sector, not both."})

    def in_plain_words(self):
        """'Police — Response officer — must complete CSE Level 2 every 36 months; new starters
        have 3 months', for the admin's list and preview."""
        who = self.agency.name if self.agency_id else (self.get_sector_display() if self.sector else "Everyone")
        roles = ", ".join(role.name for role in self.job_roles.all())
        courses = [course.title for course in self.courses.all()]
        if self.minimum_level:
            courses.append(f"any course at level {self.minimum_level} or above")
        what = " or ".join(courses) or "(no course chosen yet)"
        how_often = f"every {self.renewal_months} months" if self.renewal_months else "once"
        grace = f"new starters have {self.grace_months} month{'s' if self.grace_months != 1 else ''}"
        return f"{who}{f' — {roles}' if roles else ''} — must complete {what} {how_often}; {grace}"


class Exemption(models.Model):
    """A person excused from a requirement until a date, for a reason: counts as compliant
    while it runs."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="exemptions")
    reason = models.TextField()
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["requirement", "person"], name="exemption_requirement_person")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="exemption_ends_after_start"),
            models.CheckConstraint(condition=~Q(reason=""), name="exemption_has_a_reason"),
        ]

    def __str__(self):
        return f"{self.person} excused from {self.requirement}"
