"""People in the partnership: agencies, job roles, accounts and agency leads.

Eligibility and compliance both depend on a person's agency and job role *at a date*, so a
change of either is kept as a ``RoleHistory`` row rather than overwritten and forgotten.
"""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone

from lscb_training.dates import format_short_date


class Sector(models.TextChoices):
    CHILDRENS_SERVICES = "childrens_services", "Children's Services"
    HEALTH = "health", "Health"
    POLICE = "police", "Police"
    EDUCATION = "education", "Education"
    THIRD_SECTOR = "third_sector", "Third Sector"
    YOUTH_JUSTICE = "youth_justice", "Youth Justice"
    OTHER = "other", "Other"


def unique_ignoring_case(field, model_name, noun):
    """A unique constraint on ``field`` whatever its capitals ("FELLSIDE CONSTABULARY" is
    "Fellside Constabulary"); ``FieldErrorsMixin`` shows its message beside the field."""
    return models.UniqueConstraint(
        Lower(field),
        name=f"{model_name}_{field}_unique_ignoring_case",
        violation_error_code=f"{field}_taken",
        violation_error_message=f"There is already {noun} with this {field}, perhaps in different capitals",
    )


def tidy_name(name):
    """A name as it should be stored: single spaces, none at either end."""
    return " ".join(name.split())


class FieldErrorsMixin:
    """Shows a constraint's message beside the field it is about (``constraint_fields``: code to
    field name), not above the form: Django files the message of a constraint on an expression
    such as ``Lower("name")`` under no field."""

    constraint_fields = {}

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = {}
            for key, messages in error.error_dict.items():
                for message in messages:
                    field = self.constraint_fields.get(message.code, key) if key == NON_FIELD_ERRORS else key
                    errors.setdefault(field, []).append(message)
            raise ValidationError(errors) from None


class AgencyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def visible_to(self, user):
        """The agencies whose staff and figures ``user`` may see: a training administrator
        every one, an agency lead those they lead, anyone else none. Every lead page starts
        here, so another agency's id finds nothing (a 404)."""
        from people.staff_access import is_training_administrator

        if not user.is_authenticated:
            return self.none()
        if is_training_administrator(user):
            return self.all()
        return self.filter(leaderships__user=user)


class Agency(FieldErrorsMixin, models.Model):
    """An organisation in the partnership. Every person belongs to exactly one."""

    name = models.CharField(max_length=200)
    sector = models.CharField(max_length=40, choices=Sector.choices)
    is_active = models.BooleanField(
        "active", default=True, help_text="Inactive agencies cannot be chosen by new people."
    )
    # Statutory partners are not charged for late cancellations and no-shows (bookings.ledger).
    charges_waived = models.BooleanField(
        "not charged for late cancellations and no-shows",
        default=False,
        help_text="Statutory partners: ledger entries for this agency's staff are £0.",
    )

    objects = AgencyQuerySet.as_manager()

    constraint_fields = {"name_taken": "name"}

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [unique_ignoring_case("name", "agency", "an agency")]

    def __str__(self):
        return self.name

    def clean(self):
        self.name = tidy_name(self.name)


class JobRoleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class JobRole(FieldErrorsMixin, models.Model):
    """A job role from the partnership's controlled list.

    Courses name the roles that may book them by this model, so roles are never free text.
    """

    name = models.CharField(max_length=200)
    code = models.SlugField(max_length=60, unique=True, help_text="A short, stable identifier.")
    description = models.TextField(blank=True)
    is_active = models.BooleanField("active", default=True, help_text="Inactive roles cannot be chosen by new people.")

    objects = JobRoleQuerySet.as_manager()

    constraint_fields = {"name_taken": "name"}

    class Meta:
        ordering = ["name"]
        constraints = [unique_ignoring_case("name", "jobrole", "a job role")]

    def __str__(self):
        return self.name

    def clean(self):
        self.name = tidy_name(self.name)


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


EMAIL_TAKEN = "There is already an account with this email address"


class User(AbstractUser):
    """A person: one account each, signed in with their own work email.

    The email is kept in lower case (the database checks it), so two addresses that differ only
    in capitals are one address, whichever form or import brings them.
    """

    username = None
    first_name = None
    last_name = None
    full_name = models.CharField(max_length=200)
    email = models.EmailField("work email", unique=True, error_messages={"unique": EMAIL_TAKEN})
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
        constraints = [
            models.CheckConstraint(
                condition=Q(email=Lower("email")),
                name="user_email_lower_case",
                violation_error_message="Enter the email address in lower case",
            )
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._loaded_role = self._role_state()

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def _role_state(self):
        # __dict__ rather than getattr: a deferred field must not cost a query per instance.
        return tuple(self.__dict__.get(name) for name in ("agency_id", "job_role_id", "role_started_on"))

    @property
    def has_role(self):
        return bool(self.agency_id or self.job_role_id)

    def clean(self):
        super().clean()
        self.email = self.email.lower() if self.email else self.email

    def clean_fields(self, exclude=None):
        # The role start is checked against the history here rather than in clean(), so that it
        # is skipped when the form left the date out or already refused it: one message a field.
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.error_dict
        if "role_started_on" not in errors and "role_started_on" not in (exclude or ()):
            try:
                self._clean_role_start()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _clean_role_start(self):
        """The start date of the current role must keep the role history in order.

        A new agency or role starts after the one it replaces, unless that one was only
        recorded today (someone who signed up today and chose the wrong role corrects it). No
        start date, new or corrected, may reach back over a previous role: that would erase it.
        """
        started_on = self.role_started_on
        if self._state.adding or not self.has_role:
            return
        if started_on is None:
            raise ValidationError({"role_started_on": "Enter the date the current role started"})
        try:
            validate_role_start(started_on)
        except ValidationError:
            return  # the field's own validator says why
        agency_id, job_role_id, loaded_start = self._loaded_role
        role_changed = (agency_id, job_role_id) != (self.agency_id, self.job_role_id)
        if not role_changed and started_on == loaded_start:
            return
        if role_changed and loaded_start and loaded_start != timezone.localdate() and started_on <= loaded_start:
            raise ValidationError(
                {
                    "role_started_on": "The agency or job role has changed: give the date the new role started, "
                    f"which must be after {format_short_date(loaded_start)} when the previous role started"
                }
            )
        previous = RoleHistory.objects.filter(user=self, ended_on__isnull=False).order_by("-started_on").first()
        if previous and started_on <= previous.started_on:
            raise ValidationError(
                {
                    "role_started_on": "The date the current role started must be after "
                    f"{format_short_date(previous.started_on)}, when the previous role started"
                }
            )

    def save(self, *args, **kwargs):
        # Every path that changes a role (signup, profile, Wagtail admin, import) goes through
        # save(), so the history is written here rather than in each caller, in the same
        # transaction. A new person created with an agency and role already set (admin, import,
        # demo data) starts their history too.
        if self.email:
            self.email = self.email.lower()
        if self.has_role and self.role_started_on is None:
            self.role_started_on = timezone.localdate()
        role_changed = self._state.adding or self._role_state() != self._loaded_role
        with transaction.atomic():
            super().save(*args, **kwargs)
            if role_changed:
                RoleHistory.record(self)
        self._loaded_role = self._role_state()

    @property
    def led_agencies(self):
        return Agency.objects.filter(leaderships__user=self)

    @property
    def is_agency_lead(self):
        return self.leaderships.exists()


class RoleHistoryQuerySet(models.QuerySet):
    def covering(self, on):
        """The periods running on ``on``: at most one a person, their agency and role that day."""
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on), started_on__lte=on)


class RoleHistory(models.Model):
    """A period in which a person held a role in an agency, from ``started_on`` up to (not
    including) ``ended_on``. The one open row is the person's current agency, role and start.

    ``record`` keeps the periods in order by construction: none ends before it starts, none
    overlaps another, and the open row always matches the person. Compliance reads this.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_history")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, related_name="+")
    job_role = models.ForeignKey(JobRole, on_delete=models.PROTECT, null=True, related_name="+")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = RoleHistoryQuerySet.as_manager()

    class Meta:
        ordering = ["user", "-started_on", "-recorded_at"]
        verbose_name_plural = "role history"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=F("started_on")),
                name="role_history_ends_after_it_starts",
            ),
            models.UniqueConstraint(fields=["user"], condition=Q(ended_on__isnull=True), name="one_current_role"),
        ]

    def __str__(self):
        return f"{self.user}: {self.job_role} at {self.agency} from {format_short_date(self.started_on)}"

    @classmethod
    def record(cls, user):
        """Makes the history end in the person's current agency, role and start date.

        - A new agency or role from a date: the rows from that date on are replaced (what the
          person now says outranks what was recorded for the same days), the row running at
          that date ends then, and a new open row starts.
        - The same agency and role with a later start date (a correction): the open row starts
          later, and the row that ended at its old start ends at the new one, so no gap opens.
          An earlier start date replaces the rows it now covers, as a new role would.
        - No agency and no role: the open row ends today.

        Returns the open row, or None for a person without a role.
        """
        rows = cls.objects.filter(user=user)
        if not user.has_role:
            today = timezone.localdate()
            rows.filter(started_on__gte=today).delete()
            rows.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today)).update(ended_on=today)
            return None
        started_on = user.role_started_on
        current = rows.filter(ended_on__isnull=True).first()
        if current and (current.agency_id, current.job_role_id) == (user.agency_id, user.job_role_id):
            if current.started_on == started_on:
                return current
            if started_on > current.started_on:
                rows.filter(ended_on=current.started_on).update(ended_on=started_on)
                current.started_on = started_on
                current.save(update_fields=["started_on"])
                return current
        rows.filter(started_on__gte=started_on).delete()
        rows.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=started_on)).update(ended_on=started_on)
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
