"""People in the partnership: agencies, job roles, accounts and agency leads.

Eligibility and compliance both depend on a person's agency and job role *at a date*, so a
change of either is kept as a ``RoleHistory`` row rather than overwritten and forgotten.
"""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class Sector(models.TextChoices):
    CHILDRENS_SERVICES = "childrens_services", "Children's Services"
    HEALTH = "health", "Health"
    POLICE = "police", "Police"
    EDUCATION = "education", "Education"
    THIRD_SECTOR = "third_sector", "Third Sector"
    YOUTH_JUSTICE = "youth_justice", "Youth Justice"
    OTHER = "other", "Other"


class AgencyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Agency(models.Model):
    """An organisation in the partnership. Every person belongs to exactly one."""

    name = models.CharField(max_length=200, unique=True)
    sector = models.CharField(max_length=40, choices=Sector.choices)
    is_active = models.BooleanField(
        "active", default=True, help_text="Inactive agencies cannot be chosen by new people."
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name


class JobRoleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class JobRole(models.Model):
    """A job role from the partnership's controlled list.

    Courses name the roles that may book them by this model, so roles are never free text.
    """

    name = models.CharField(max_length=200, unique=True)
    code = models.SlugField(max_length=60, unique=True, help_text="A short, stable identifier.")
    description = models.TextField(blank=True)
    is_active = models.BooleanField("active", default=True, help_text="Inactive roles cannot be chosen by new people.")

    objects = JobRoleQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class UserQuerySet(models.QuerySet):
    def in_agency(self, agency):
        return self.filter(agency=agency)

    def in_agencies(self, agencies):
        return self.filter(agency__in=agencies)

    def led_by(self, lead):
        """The people an agency lead may see: those in the agencies they lead, nobody else."""
        return self.filter(agency__leaderships__user=lead).distinct()


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Every person needs a work email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


ROLE_START_YEARS_BACK = 60


def validate_role_start(started_on):
    """A role start date is a real working date: not in the future, not before anyone now working began."""
    today = timezone.localdate()
    if started_on > today:
        raise ValidationError("The date the current role started must be today or in the past")
    if started_on.year < today.year - ROLE_START_YEARS_BACK:
        raise ValidationError(
            f"The date the current role started must be in {today.year - ROLE_START_YEARS_BACK} or later"
        )


class User(AbstractUser):
    """A person: one account each, signed in with their own work email."""

    username = None
    first_name = None
    last_name = None
    full_name = models.CharField(max_length=200)
    email = models.EmailField("work email", unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="people")
    job_role = models.ForeignKey(JobRole, on_delete=models.PROTECT, null=True, blank=True, related_name="people")
    team = models.CharField(max_length=200, blank=True)
    line_manager_name = models.CharField(max_length=200, blank=True)
    line_manager_email = models.EmailField(blank=True)
    role_started_on = models.DateField(
        "date current role started",
        default=timezone.localdate,
        null=True,
        blank=True,
        validators=[validate_role_start],
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = "person"
        verbose_name_plural = "people"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._loaded_role = (self.agency_id, self.job_role_id)

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def save(self, *args, **kwargs):
        # Every path that changes a role (signup, profile, Wagtail admin, import) goes through
        # save(), so the history is written here rather than in each caller.
        # A new person created with an agency and role already set (admin, import, demo data)
        # starts their history too.
        role_changed = self._state.adding or (self.agency_id, self.job_role_id) != self._loaded_role
        super().save(*args, **kwargs)
        if role_changed and (self.agency_id or self.job_role_id):
            RoleHistory.record(self)
        self._loaded_role = (self.agency_id, self.job_role_id)

    @property
    def led_agencies(self):
        return Agency.objects.filter(leaderships__user=self)

    @property
    def is_agency_lead(self):
        return self.leaderships.exists()


class RoleHistory(models.Model):
    """A period in which a person held a role in an agency. The open row is the current one."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_history")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, related_name="+")
    job_role = models.ForeignKey(JobRole, on_delete=models.PROTECT, null=True, related_name="+")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "-started_on", "-recorded_at"]
        verbose_name_plural = "role history"

    def __str__(self):
        return f"{self.user}: {self.job_role} at {self.agency} from {self.started_on}"

    @classmethod
    def record(cls, user):
        started_on = user.role_started_on or timezone.localdate()
        cls.objects.filter(user=user, ended_on__isnull=True).update(ended_on=started_on)
        return cls.objects.create(
            user=user, agency_id=user.agency_id, job_role_id=user.job_role_id, started_on=started_on
        )


class AgencyLeadership(models.Model):
    """Makes a person the safeguarding or training lead of one agency.

    A membership rather than a flag on the person: one person may lead several agencies,
    and an agency may have several leads.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="leaderships")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="leaderships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency__name", "user__full_name"]
        constraints = [models.UniqueConstraint(fields=["user", "agency"], name="one_leadership_per_agency")]

    def __str__(self):
        return f"{self.user} leads {self.agency}"
