"""Requirements and exemptions. A person's status against a requirement is never stored: it is
computed from completions each time (``compliance.status``), so it cannot drift."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel

from courses.models import LEVEL_NUMBERS
from lscb_training.dates import format_short_date
from people.models import Sector


class Scope(models.IntegerChoices):
    """How specific a requirement is: the more specific wins where two cover the same course."""

    PARTNERSHIP = 1, "Whole partnership"
    SECTOR = 2, "Every agency of a sector"
    AGENCY = 3, "One agency"


MAX_RENEWAL_MONTHS = 120


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
        # At most ten years: the status pages count back this many months from today, and a
        # number near the column's limit (32,767) would reach before year 1.
        validators=[
            MinValueValidator(1, message="Enter 1 month or more, or leave it empty for once only"),
            MaxValueValidator(MAX_RENEWAL_MONTHS, message=f"Enter {MAX_RENEWAL_MONTHS} months (10 years) or fewer"),
        ],
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

    def covers_agency(self, agency):
        """Whether this is written for ``agency``'s staff (by its scope; job roles aside)."""
        if self.scope == Scope.AGENCY:
            return self.agency_id == agency.pk
        if self.scope == Scope.SECTOR:
            return self.sector == agency.sector
        return True

    def clean(self):
        super().clean()
        if self.agency_id and self.sector:
            raise ValidationError({"sector": "Choose an agency or a sector, not both."})

    def in_plain_words(self):
        """'Police — Response officer — must complete CSE Level 2 every 36 months; new starters
        have 3 months', for the admin's list and preview."""
        roles = ", ".join(role.name for role in self.job_roles.all())
        # "Everyone — Social worker" read as if it meant everyone; with job roles it is any agency.
        everyone = "Any agency" if roles else "Everyone"
        who = self.agency.name if self.agency_id else (self.get_sector_display() if self.sector else everyone)
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

    def clean(self):
        # Said beside the field, in words, before the database's own check would refuse it.
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": f"The exemption must end after {format_short_date(self.starts_on)}"})


class RosterStatus(models.TextChoices):
    PREVIEWED = "previewed", "Waiting for confirmation"
    CONFIRMED = "confirmed", "Confirmed"
    CANCELLED = "cancelled", "Cancelled"


class RosterUpload(models.Model):
    """One upload of an agency's staff list by its lead: the rows as read and what each was
    found to be (``rows``, one dict per row with its line number, outcome and reason), so the
    preview and the confirmation work from the same rows on any app server. Confirmed or
    cancelled at most once (``compliance.rosters``)."""

    agency = models.ForeignKey("people.Agency", on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField("uploaded", default=timezone.now)
    file_name = models.CharField(max_length=255)
    status = models.CharField(max_length=20, choices=RosterStatus.choices, default=RosterStatus.PREVIEWED)
    rows = models.JSONField(default=list, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField("confirmed", null=True, blank=True)
    added_count = models.PositiveIntegerField("added", default=0)
    updated_count = models.PositiveIntegerField("updated", default=0)
    unchanged_count = models.PositiveIntegerField("unchanged", default=0)
    error_count = models.PositiveIntegerField("errors", default=0)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return f"{self.file_name} for {self.agency}"


class RosterEntry(models.Model):
    """A person on an agency's staff list as its lead uploaded it. ``person`` is their account
    once they have one (linked by work email, at upload or when they sign up); until then they
    count as not started (or a new starter) in the agency's figures. From ``leaves_on`` they are
    out of the agency's figures, account or not."""

    agency = models.ForeignKey("people.Agency", on_delete=models.CASCADE, related_name="roster")
    email = models.EmailField("work email")
    full_name = models.CharField("name", max_length=200)
    job_role = models.ForeignKey("people.JobRole", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    team = models.CharField(max_length=200, blank=True)
    started_on = models.DateField("start date", null=True, blank=True)
    leaves_on = models.DateField("leaving date", null=True, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="roster_entries"
    )
    upload = models.ForeignKey(RosterUpload, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency", "full_name", "id"]
        verbose_name_plural = "roster entries"
        constraints = [
            models.UniqueConstraint(fields=["agency", "email"], name="one_roster_entry_per_agency_and_email"),
            models.CheckConstraint(condition=Q(email=Lower("email")), name="roster_email_lower_case"),
        ]
        indexes = [
            models.Index(fields=["person", "agency"], name="roster_person_agency"),
            models.Index(fields=["email"], name="roster_email"),
        ]

    def __str__(self):
        return f"{self.full_name} on the {self.agency} roster"


class ReminderSent(models.Model):
    """A reminder emailed once: to ``person``, about ``requirement`` lapsing on ``due_on``,
    ``days_before`` it (60, 30, 7 or 0). The unique constraint is what makes sending once hold
    across app servers and task workers (``compliance.reminders``)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "requirement", "due_on", "days_before"], name="one_reminder_per_due_date_and_step"
            )
        ]

    def __str__(self):
        return f"Reminder to {self.person} about {self.requirement}, {self.days_before} days before {self.due_on}"


class DigestSent(models.Model):
    """A lead's weekly digest for the week starting ``week_of`` (a Monday), sent once."""

    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week_of = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lead", "week_of"], name="one_digest_per_lead_and_week")]

    def __str__(self):
        return f"Digest to {self.lead} for the week of {self.week_of}"


class LeadReminderSent(models.Model):
    """A "remind selected" email a lead sent to one person: kept for the rate limit (a person is
    reminded by leads at most once a day) and as a record of who was chased when."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="+")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    copied_manager = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["person", "sent_at"], name="lead_reminder_person_sent")]

    def __str__(self):
        return f"Reminder to {self.person} about {self.requirement} from {self.sent_by}"


class Snapshot(models.Model):
    """The counts of one agency against one requirement at the start of a month, kept so the
    partnership overview can show the last 12 months (``manage.py take_compliance_snapshot``).
    Figures of the past are stored because they are history: today's are always computed."""

    month = models.DateField(help_text="The first day of the month.")
    agency = models.ForeignKey("people.Agency", on_delete=models.CASCADE, related_name="+")
    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="snapshots")
    compliant = models.PositiveIntegerField(default=0)
    expiring = models.PositiveIntegerField(default=0)
    expired = models.PositiveIntegerField(default=0)
    not_started = models.PositiveIntegerField(default=0)
    new_starter = models.PositiveIntegerField(default=0)
    taken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["month", "agency", "requirement"]
        constraints = [
            models.UniqueConstraint(fields=["month", "agency", "requirement"], name="one_snapshot_per_month")
        ]

    def __str__(self):
        return f"{self.agency} against {self.requirement} in {self.month:%B %Y}"

    @property
    def total(self):
        return self.compliant + self.expiring + self.expired + self.not_started + self.new_starter
