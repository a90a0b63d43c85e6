"""Reading an outside e-learning provider's file of completions, and what importing each row
would do.

- ``read_upload(upload)`` reads a CSV (UTF-8, with or without a byte order mark) or an Excel
  workbook (.xlsx, its first sheet) into rows of text, one dict per row with its ``line`` (the
  row number a spreadsheet shows). A file it cannot use raises ``ImportFileError`` with a message
  for the administrator: too large, too many rows, not CSV or XLSX, empty, not UTF-8, a damaged
  workbook, required columns missing. Its ``layout`` (a ``FileLayout``) names the columns: a
  file of completions unless told; ``compliance.rosters`` reads agencies' staff lists with it.
- ``classify(rows, keep_unknown)`` says for each row whether it will be imported, is already
  recorded, is kept until the person signs up, or is an error and why, in the same number of
  queries whatever the number of rows. The preview shows it; the confirmation runs it again, so
  it imports against the records as they are then, not as they were at the preview.

Dates are read as 2026-03-14 or 14/03/2026 (day first, as in the UK) and never month first:
03/04/2026 is 3 April. The course code is the course page's slug ("cse-awareness"), matched
whatever its case: the catalogue has no separate code, and the slug is what the course's address
already shows, so a provider can be told it.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from openpyxl import load_workbook

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import timezone

from courses.models import CoursePage
from lscb_training.dates import format_short_date
from records.choices import RowOutcome
from records.models import Completion, PendingCompletion

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# A workbook is a zip: 5 MB of it can unpack to far more. Refused before openpyxl reads it.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_REFERENCE_LENGTH = 100

# Each column, and the headings it may have (compared in lower case, with "_" and "-" read as spaces).
EMAIL_HEADINGS = ("work email", "email", "email address", "work email address", "e mail", "e mail address")
HEADINGS = {
    "email": EMAIL_HEADINGS,
    "course_code": ("course code", "course", "code", "module code"),
    "completed_on": ("completion date", "completed on", "date completed", "date of completion", "completed", "date"),
    "status": ("status", "result", "outcome", "completion status"),
    "score": ("score", "score (%)", "score %", "percentage", "percent", "mark"),
    "reference": (
        "provider certificate id",
        "certificate id",
        "certificate number",
        "certificate reference",
        "certificate",
        "reference",
    ),
}
REQUIRED = ("email", "course_code", "completed_on", "status")
COMPLETED_STATUSES = {"passed", "pass", "completed", "complete"}
FAILED_STATUSES = {"failed", "fail"}

ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
UK_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


class ImportFileError(ValidationError):
    """The upload cannot be read as a file of the kind expected; the message says why and what to do."""


def _heading_key(text):
    return " ".join(str(text or "").lower().replace("_", " ").replace("-", " ").split())


@dataclass(frozen=True)
class FileLayout:
    """The columns a kind of upload has: ``headings`` maps each column to the headings it may
    have (the first is its name in messages), ``required`` the columns it must have. ``noun``
    names its rows ("completions") and ``columns_in_words`` lists the columns for the message
    about a missing one. With ``omit_absent``, a row has no key for a column the file lacks
    (rather than ""), so an update can leave alone what the file does not say."""

    headings: dict
    required: tuple
    noun: str
    columns_in_words: str
    omit_absent: bool = False

    @property
    def column_of_heading(self):
        return {_heading_key(heading): column for column, headings in self.headings.items() for heading in headings}


COMPLETIONS = FileLayout(
    headings=HEADINGS,
    required=REQUIRED,
    noun="completions",
    columns_in_words=(
        "work email, course code, completion date, status, and optionally score and provider certificate id"
    ),
)


def read_upload(upload, layout=COMPLETIONS):
    """The rows of an uploaded file as ``[{"line": 2, "email": ..., ...}]``, every value text,
    with the columns of ``layout`` (a file of completions unless told).

    Raises ``ImportFileError`` for a file that cannot be used. Blank rows are skipped.
    """
    if upload.size == 0:
        raise ImportFileError("The selected file is empty.")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ImportFileError(
            f"The selected file must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. "
            "Split it into smaller files and import each."
        )
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ImportFileError(
            "The selected file must be a CSV or an Excel workbook (.xlsx). "
            "Save an older .xls workbook as .xlsx, or export the file as CSV."
        )
    data = upload.read()
    table = _xlsx_table(data) if suffix == ".xlsx" else _csv_table(data)
    return _rows_from_table(table, layout)


def _csv_table(data):
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError("The selected file is a workbook, not CSV text. Name it .xlsx, or export it as CSV.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            "The selected file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (comma delimited)” and try again."
        ) from None
    if "\x00" in text:
        raise ImportFileError("The selected file is not CSV text. Export it as CSV, or as an Excel workbook (.xlsx).")
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ImportFileError(f"The selected file could not be read as CSV: {error}.") from None


def _xlsx_table(data):
    damaged = ImportFileError(
        "The selected file could not be opened as an Excel workbook (.xlsx). "
        "Save it again from Excel, or export it as CSV."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise damaged from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            "The selected workbook is too large once unpacked. Split it into smaller files, or export it as CSV."
        )
    try:
        # openpyxl parses with defusedxml when it is installed (Willow, under Wagtail, needs it),
        # which refuses entity-expansion tricks in the workbook's XML.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            table = []
            for cells in sheet.iter_rows():
                table.append([_cell_text(cell) for cell in cells])
                if len(table) > MAX_ROWS + 1 and any(table[-1]):
                    break  # enough to say it is too long
        finally:
            workbook.close()
    except ImportFileError:
        raise
    except Exception:  # openpyxl raises many kinds of error on a damaged workbook
        raise damaged from None
    return table


def _cell_text(cell):
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if "%" in (getattr(cell, "number_format", "") or ""):
            value = value * 100  # a cell formatted as a percentage holds 0.85 for 85%
        return str(int(value)) if float(value).is_integer() else str(value)
    return str(value)


def _rows_from_table(table, layout):
    lines = iter(enumerate(table, start=1))
    for _line, header in lines:
        if any(str(value).strip() for value in header):
            break
    else:
        raise ImportFileError("The selected file is empty.")
    columns = _columns(header, layout)
    rows = []
    for line, values in lines:
        if not any(str(value).strip() for value in values):
            continue
        if len(rows) == MAX_ROWS:
            raise ImportFileError(
                f"The selected file has more than {MAX_ROWS:,} rows. Split it into smaller files and import each."
            )
        row = {"line": line}
        for column in layout.headings:
            index = columns.get(column)
            if index is None and layout.omit_absent:
                continue
            row[column] = str(values[index]).strip() if index is not None and index < len(values) else ""
        rows.append(row)
    if not rows:
        raise ImportFileError(f"The selected file has headings but no rows of {layout.noun}.")
    return rows


def _columns(header, layout):
    columns, unknown = {}, []
    column_of_heading = layout.column_of_heading
    for index, heading in enumerate(header):
        column = column_of_heading.get(_heading_key(heading))
        if column is None:
            unknown.append(heading)
            continue
        if column in columns:
            raise ImportFileError(
                f"The selected file has two “{layout.headings[column][0]}” columns "
                f"(“{header[columns[column]]}” and “{heading}”). Remove one."
            )
        columns[column] = index
    missing = [layout.headings[column][0] for column in layout.required if column not in columns]
    if missing:
        raise ImportFileError(
            f"The selected file has no {_and(missing)} column. The first row must name the columns, separated by "
            f"commas: {layout.columns_in_words}."
        )
    return columns


def _and(words):
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


# What each row would do


@dataclass
class ClassifiedRow:
    """A row as read, what importing it does and why, and what it resolved to (not stored)."""

    text: dict
    outcome: str = RowOutcome.WILL_IMPORT
    reasons: list = field(default_factory=list)
    email: str = ""
    completed_on: datetime.date | None = None
    score: int | None = None
    user_id: int | None = None
    course: tuple | None = None  # (pk, title, validity_months)
    person_name: str = ""

    def fail(self, reason):
        self.outcome = RowOutcome.ERROR
        self.reasons.append(reason)

    @property
    def key(self):
        return (self.email, self.course[0] if self.course else None, self.completed_on)

    def as_json(self):
        """The row as kept on the ``ImportBatch``: text as read, outcome, reason, and the
        person's name and course title for the preview."""
        return {
            **self.text,
            "outcome": str(self.outcome),
            "reason": " ".join(self.reasons),
            "person": self.person_name,
            "course": self.course[1] if self.course else "",
        }


def classify(rows, keep_unknown=False):
    """Each of ``rows`` (as ``read_upload`` gives them, or as stored) as a ``ClassifiedRow``.

    Four queries at most whatever the number of rows: the people by email, the courses by code,
    the completions already recorded, and (with ``keep_unknown``) the rows already kept for
    people without an account.
    """
    today = timezone.localdate()
    classified = [_read_fields(row, today) for row in rows]

    emails = {row.email for row in classified if row.email}
    people = {
        email: (pk, name)
        for email, pk, name in get_user_model()
        .objects.filter(email__in=emails)  # kept in lower case, as _read_fields lowers the file's
        .values_list("email", "pk", "full_name")
    }
    codes = {row.text["course_code"].lower() for row in classified if row.text["course_code"]}
    courses = _courses_by_code(codes)

    # Every reason a row has, not only the first, so the provider can fix a row at once.
    unknown_people = []
    for row in classified:
        code = row.text["course_code"].lower()
        if code:
            matches = courses.get(code, [])
            live = [course for course in matches if course[3]]
            if len(matches) == 1 or len(live) == 1:
                row.course = (live or matches)[0][:3]
            elif matches:
                row.fail(f"The course code “{row.text['course_code']}” matches more than one course.")
            else:
                row.fail(f"No course has the code “{row.text['course_code']}”.")
        if not row.email:
            continue
        if row.email in people:
            row.user_id, row.person_name = people[row.email]
        elif keep_unknown:
            unknown_people.append(row)
        else:
            row.fail(f"No account has the work email {row.email}.")
    for row in unknown_people:
        if row.outcome != RowOutcome.ERROR:
            row.outcome = RowOutcome.PENDING
    usable = [row for row in classified if row.outcome != RowOutcome.ERROR]

    first_line = {}
    for row in usable:
        if row.outcome == RowOutcome.ERROR:
            continue
        if row.key in first_line:
            row.fail(f"Duplicate of row {first_line[row.key]}: the same person, course and completion date.")
        else:
            first_line[row.key] = row.text["line"]

    _mark_already_recorded([row for row in usable if row.outcome == RowOutcome.WILL_IMPORT])
    _mark_already_pending([row for row in usable if row.outcome == RowOutcome.PENDING])
    for row in usable:
        if row.outcome == RowOutcome.PENDING:
            row.reasons.append("Recorded when someone signs up with this email address and confirms it.")
    return classified


def _read_fields(row, today):
    classified = ClassifiedRow(text=row)
    email = row["email"]
    if not email:
        classified.fail("The work email is missing.")
    else:
        try:
            validate_email(email)
        except ValidationError:
            classified.fail(f"“{email}” is not an email address.")
        else:
            classified.email = email.lower()
    if not row["course_code"]:
        classified.fail("The course code is missing.")

    classified.completed_on = parse_date(row["completed_on"])
    if not row["completed_on"]:
        classified.fail("The completion date is missing.")
    elif classified.completed_on is None:
        classified.fail(f"“{row['completed_on']}” is not a date: write it as 14/03/2026 or 2026-03-14.")
    elif classified.completed_on > today:
        classified.fail(f"The completion date, {format_short_date(classified.completed_on)}, is in the future.")

    status = row["status"].lower()
    if not status:
        classified.fail("The status is missing.")
    elif status in FAILED_STATUSES:
        classified.fail(
            f"The status is “{row['status']}”, not a completion: only passed or completed rows are imported."
        )
    elif status not in COMPLETED_STATUSES:
        classified.fail(f"The status “{row['status']}” is not passed, completed or failed.")

    if row["score"]:
        classified.score = parse_score(row["score"])
        if classified.score is None:
            classified.fail(f"The score “{row['score']}” is not a number from 0 to 100.")
    if len(row["reference"]) > MAX_REFERENCE_LENGTH:
        classified.fail(f"The provider certificate id is longer than {MAX_REFERENCE_LENGTH} characters.")
    return classified


def parse_date(text):
    """A date written 2026-03-14 (a time after it is ignored) or 14/03/2026 (also with - or .),
    else None. Never month first: 03/14/2026 is no date, and 03/04/2026 is 3 April."""
    text = (text or "").strip()
    iso, uk = ISO_DATE.fullmatch(text), UK_DATE.fullmatch(text)
    try:
        if iso:
            return datetime.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if uk:
            return datetime.date(int(uk[3]), int(uk[2]), int(uk[1]))
    except ValueError:
        return None
    return None


def parse_score(text):
    """A percentage from 0 to 100 ("85", "85%", "85.5" rounds to 86), else None."""
    try:
        value = Decimal(text.strip().removesuffix("%").strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or not 0 <= value <= 100:
        return None
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _courses_by_code(codes):
    """``{code: [(pk, title, validity_months, live), ...]}`` for the courses whose slug, in lower
    case, is one of ``codes``; unpublished courses too, as a provider's record of one still counts."""
    courses = {}
    if not codes:
        return courses
    found = (
        CoursePage.objects.annotate(code=Lower("slug"))
        .filter(code__in=codes)
        .values_list("code", "pk", "title", "validity_months", "live")
    )
    for code, *course in found:
        courses.setdefault(code, []).append(tuple(course))
    return courses


def _mark_already_recorded(rows):
    if not rows:
        return
    recorded = set(
        Completion.objects.filter(
            user_id__in={row.user_id for row in rows},
            course_id__in={row.course[0] for row in rows},
            completed_on__in={row.completed_on for row in rows},
        ).values_list("user_id", "course_id", "completed_on")
    )
    for row in rows:
        if (row.user_id, row.course[0], row.completed_on) in recorded:
            row.outcome = RowOutcome.ALREADY_IMPORTED
            row.reasons.append("This person's completion of this course on this date is already recorded.")


def _mark_already_pending(rows):
    if not rows:
        return
    kept = set(
        PendingCompletion.objects.filter(
            email__in={row.email for row in rows},
            course_id__in={row.course[0] for row in rows},
            completed_on__in={row.completed_on for row in rows},
        ).values_list("email", "course_id", "completed_on")
    )
    for row in rows:
        if row.key in kept:
            row.outcome = RowOutcome.ALREADY_IMPORTED
            row.reasons.append("Already kept until someone signs up with this email address.")
