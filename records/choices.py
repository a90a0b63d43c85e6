"""The records app's enumerations, apart from the models so the eligibility rule and the
producers above (bookings, e-learning) can name them without importing the models."""

from django.db import models


class CompletionSource(models.TextChoices):
    ATTENDANCE = "attendance", "Attended a session"
    E_LEARNING = "e_learning", "Passed the e-learning"
    IMPORT = "import", "Imported"
    MANUAL = "manual", "Recorded by an administrator"


class ReasonCode(models.TextChoices):
    """Why a person may not take a course (``records.eligibility``)."""

    NO_JOB_ROLE = "no_job_role", "No job role on the profile"
    JOB_ROLE_NOT_ELIGIBLE = "job_role_not_eligible", "Job role not eligible"
    PREREQUISITE_MISSING = "prerequisite_missing", "Prerequisite not completed"
    PREREQUISITE_LAPSED = "prerequisite_lapsed", "Prerequisite completed too long ago"


class ImportStatus(models.TextChoices):
    """Where an upload of outside completions stands (``records.models.ImportBatch``)."""

    PREVIEWED = "previewed", "Previewed, not imported"
    IMPORTED = "imported", "Imported"
    CANCELLED = "cancelled", "Cancelled"


class RowOutcome(models.TextChoices):
    """What importing one row of an upload does, or would do (``records.imports.classify``)."""

    WILL_IMPORT = "will_import", "Will import"
    ALREADY_IMPORTED = "already_imported", "Already recorded"
    PENDING = "pending", "Kept until the person signs up"
    ERROR = "error", "Error"
