"""Reading an agency's staff list (its roster), and what confirming each row would do.

The file is read by ``records.imports.read_upload`` with the ``ROSTER`` layout, so it has the
same limits and messages as a file of completions (CSV or .xlsx, size, rows, dates written
2026-03-14 or 14/03/2026 and never month first). ``classify(agency, rows)`` says of each row
whether it adds a person to the roster, updates their entry, changes nothing, or is an error
and why, in three queries whatever the number of rows. The preview shows it; the confirmation
(``compliance.services.confirm_roster``) runs it again against the roster as it is then.

An upload adds and updates entries; it never removes one (a person taken off is given a leaving
date), never changes an account and never moves anyone between agencies: a work email whose
account is with another agency is an error on that row.
"""

import dataclasses
import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models

from compliance.models import RosterEntry
from lscb_training.dates import format_short_date
from people.models import JobRole
from records.imports import EMAIL_HEADINGS, FileLayout, parse_date

MAX_TEXT_LENGTH = 200  # RosterEntry.full_name and .team
MAX_EMAIL_LENGTH = 254  # EmailField's

ROSTER = FileLayout(
    headings={
        "full_name": ("name", "full name", "staff name", "employee name", "person"),
        "email": EMAIL_HEADINGS,
        "job_role": ("job role", "role", "job role code", "role code"),
        "team": ("team", "team name", "service", "department"),
        "started_on": ("start date", "started on", "date started", "started", "role start date"),
        "leaves_on": ("leaving date", "leaves on", "leave date", "date leaving", "left on", "date left", "end date"),
    },
    required=("full_name", "email"),
    noun="staff",
    columns_in_words="name, work email, and optionally job role, team, start date and leaving date",
    # A column the file lacks leaves that detail of an entry as it is: a list of names and
    # emails alone must not clear everyone's leaving date.
    omit_absent=True,
)

# The first row of the template file: the columns, in order.
TEMPLATE_HEADINGS = ["Name", "Work email", "Job role", "Team", "Start date", "Leaving date"]

ANOTHER_AGENCY = "This person's account is with another agency; they can change it in their profile."

# The details an upload sets, with their names for the preview's "changes ..." reason.
DETAILS = {
    "full_name": "name",
    "job_role_id": "job role",
    "team": "team",
    "started_on": "start date",
    "leaves_on": "leaving date",
    "person_id": "account",
}
# Which column of the file each detail comes from (the account comes from the email).
COLUMN_OF_DETAIL = {
    "full_name": "full_name",
    "job_role_id": "job_role",
    "team": "team",
    "started_on": "started_on",
    "leaves_on": "leaves_on",
}


class RosterOutcome(models.TextChoices):
    """What confirming one row of a roster upload does, or would do."""

    ADD = "add", "Will be added"
    UPDATE = "update", "Will be updated"
    UNCHANGED = "unchanged", "Unchanged"
    ERROR = "error", "Error"


DONE_LABELS = {RosterOutcome.ADD: "Added", RosterOutcome.UPDATE: "Updated"}


@dataclasses.dataclass
class RosterRow:
    """A row as read, what confirming it does and why, and the entry's details it gives."""

    text: dict
    outcome: str = RosterOutcome.ADD
    reasons: list = dataclasses.field(default_factory=list)
    email: str = ""
    values: dict = dataclasses.field(default_factory=dict)  # the details the file gives, by DETAILS key
    job_role_name: str = ""
    person_name: str = ""
    entry: dict | None = None  # the entry already on the roster, by DETAILS key and "pk"
    changes: list = dataclasses.field(default_factory=list)

    def fail(self, reason):
        self.outcome = RosterOutcome.ERROR
        self.reasons.append(reason)

    @property
    def ok(self):
        return self.outcome != RosterOutcome.ERROR

    def entry_values(self):
        """The details the entry will have: the file's, and the entry's own for what the file
        does not say."""
        kept = self.entry or {"full_name": "", "job_role_id": None, "team": "", "started_on": None, "leaves_on": None}
        return {key: self.values.get(key, kept.get(key)) for key in DETAILS}

    def as_json(self):
        """The row as kept on the ``RosterUpload``: text as read, outcome and reason, and the
        matched job role and account for the preview."""
        return {
            **self.text,
            "outcome": str(self.outcome),
            "reason": " ".join(self.reasons),
            "job_role_name": self.job_role_name,
            "person": self.person_name,
        }


def classify(agency, rows):
    """Each of ``rows`` (as ``read_upload(upload, ROSTER)`` gives them, or as stored on an
    upload) as a ``RosterRow`` for ``agency``'s roster. Three queries: the job roles, the
    accounts with the file's emails, and the agency's entries for them."""
    roles = _job_roles()
    classified = [_read_fields(row, roles) for row in rows]

    first_line = {}
    for row in classified:
        if not row.email:
            continue
        if row.email in first_line:
            row.fail(f"Duplicate of row {first_line[row.email]}: the same work email.")
        else:
            first_line[row.email] = row.text["line"]

    emails = {row.email for row in classified if row.email}
    accounts = {
        email: (pk, name, agency_id)
        for email, pk, name, agency_id in get_user_model()
        .objects.filter(email__in=emails)  # kept in lower case, as _read_fields lowers the file's
        .values_list("email", "pk", "full_name", "agency_id")
    }
    entries = {
        entry["email"]: entry
        for entry in RosterEntry.objects.filter(agency=agency, email__in=emails).values("pk", "email", *DETAILS)
    }

    for row in classified:
        if not row.email:
            continue
        account = accounts.get(row.email)
        if account and account[2] not in (None, agency.pk):
            row.fail(ANOTHER_AGENCY)
        row.entry = entries.get(row.email)
        _check_dates(row)
        if not row.ok:
            continue
        # Only an account in this agency is linked: one in no agency (an administrator's, say)
        # stays unknown to the lead, so naming an email never reaches someone else's record.
        if account and account[2] == agency.pk and not (row.entry and row.entry["person_id"]):
            row.values["person_id"] = account[0]
            row.person_name = account[1] or row.email
        _compare(row)
    return classified


def counts(rows):
    """``{outcome: number of rows}`` of stored rows, every outcome present."""
    totals = dict.fromkeys(RosterOutcome.values, 0)
    for row in rows:
        totals[row["outcome"]] += 1
    return totals


def _job_roles():
    """``{name or code in lower case: (pk, name)}`` for every job role, and the active roles'
    names for the message about an unknown one."""
    by_key, names = {}, []
    for pk, name, code, active in JobRole.objects.values_list("pk", "name", "code", "is_active"):
        by_key[_key(name)] = (pk, name)
        by_key[_key(code)] = (pk, name)
        if active:
            names.append(name)
    return by_key, sorted(names, key=str.lower)


def _key(text):
    return " ".join(str(text).lower().split())


def _read_fields(row, roles):
    classified = RosterRow(text=row)
    full_name = " ".join(row["full_name"].split())
    if not full_name:
        classified.fail("The name is missing.")
    elif len(full_name) > MAX_TEXT_LENGTH:
        classified.fail(f"The name is longer than {MAX_TEXT_LENGTH} characters.")
    classified.values["full_name"] = full_name

    email = row["email"]
    if not email:
        classified.fail("The work email is missing.")
    else:
        try:
            if len(email) > MAX_EMAIL_LENGTH:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError:
            classified.fail(f"“{email}” is not an email address.")
        else:
            classified.email = email.lower()

    if "job_role" in row:
        classified.values["job_role_id"] = None
        if row["job_role"]:
            by_key, names = roles
            role = by_key.get(_key(row["job_role"]))
            if role:
                classified.values["job_role_id"], classified.job_role_name = role
            else:
                classified.fail(
                    f"The job role “{row['job_role']}” is not one of the partnership's job roles. "
                    f"Use one of these names: {', '.join(names)}."
                )

    if "team" in row:
        team = " ".join(row["team"].split())
        if len(team) > MAX_TEXT_LENGTH:
            classified.fail(f"The team is longer than {MAX_TEXT_LENGTH} characters.")
        classified.values["team"] = team

    for column, words in (("started_on", "start date"), ("leaves_on", "leaving date")):
        if column not in row:
            continue
        day = parse_date(row[column])
        if row[column] and day is None:
            classified.fail(f"The {words} “{row[column]}” is not a date: write it as 14/03/2026 or 2026-03-14.")
        classified.values[column] = day
    return classified


def _check_dates(row):
    """A leaving date before the start date (the file's, or the entry's when the file has no
    start date column) is an error."""
    values = row.entry_values()
    started_on, leaves_on = values["started_on"], values["leaves_on"]
    if isinstance(started_on, datetime.date) and isinstance(leaves_on, datetime.date) and leaves_on < started_on:
        row.fail(
            f"The leaving date, {format_short_date(leaves_on)}, is before the start date, "
            f"{format_short_date(started_on)}."
        )


def _compare(row):
    linked = f"Linked to the account of {row.person_name}." if row.person_name else ""
    if row.entry is None:
        row.outcome = RosterOutcome.ADD
        row.reasons.extend([linked] if linked else [])
        return
    changed = [key for key, value in row.values.items() if value != row.entry.get(key)]
    if not changed:
        row.outcome = RosterOutcome.UNCHANGED
        return
    row.outcome = RosterOutcome.UPDATE
    row.changes = [DETAILS[key] for key in changed]
    details = [DETAILS[key] for key in changed if key != "person_id"]
    if details:
        row.reasons.append(f"Changes the {_and(details)}.")
    row.reasons.extend([linked] if linked else [])


def _and(words):
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
