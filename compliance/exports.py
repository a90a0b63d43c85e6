"""The staff list as CSV and XLSX: every row of a filtered ``compliance.staff.staff_list`` (not
only the page on screen), in its order, with the columns the page shows.

``staff_rows`` is the one place for the columns, so the lead's exports, the partnership overview
and the benchmarks write the same thing. Both files are written as they are read: the CSV is
streamed a row at a time, the workbook is written by openpyxl's write-only mode.
"""

import csv
import io
from types import SimpleNamespace

from openpyxl import Workbook

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.text import slugify

from compliance.status import ComplianceStatus, due_dates
from lscb_training.spreadsheets import not_a_formula

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADINGS = [
    "Name",
    "Work email",
    "Agency",
    "Job role",
    "Team",
    "Status",
    "Latest completion",
    "Due or lapses on",
    "Booked",
    "Exempt",
    "Account",
]
NO_ACCOUNT = "No account yet"
# Rows fetched from the database at a time while a file is written.
CHUNK = 1000


def due_on(row, requirement):
    """For a staff list row (a dict of ``compliance.staff.COLUMNS``): the day its completion
    lapses, or a new starter's deadline; ``None`` where neither applies. ``status.due_dates`` is
    the one rule; this only hands it the row."""
    person = SimpleNamespace(
        compliance_status=row["status"], latest_completion=row["completed_on"], role_started_on=row["role_started_on"]
    )
    return due_dates(person, requirement)


def staff_rows(rows, requirement):
    """One list of cells per row of ``rows`` (a ``staff_list``), in its order."""
    labels = dict(ComplianceStatus.choices)
    for row in rows.iterator(chunk_size=CHUNK) if hasattr(rows, "iterator") else rows:
        yield [
            row["name"],
            row["work_email"],
            row["agency_name"] or "",
            row["job_role_name"] or "",
            row["team_name"] or "",
            labels.get(row["status"], row["status"]),
            row["completed_on"],
            due_on(row, requirement),
            "Booked" if row["is_booked"] else "",
            "Exempt" if row["is_exempt"] else "",
            "Yes" if row["has_account"] else NO_ACCOUNT,
        ]


def file_name(agency, requirement, on, extension):
    """'staff-fellside-police-cse-awareness-2027-03-14.csv'."""
    return f"staff-{slugify(agency.name)}-{slugify(requirement.title)}-{on.isoformat()}.{extension}"


class _Echo:
    """A file-like object that hands back what is written, for a streamed csv.writer."""

    def write(self, value):
        return value


def _csv_lines(rows, requirement):
    writer = csv.writer(_Echo())
    # A byte order mark, so Excel opens the UTF-8 file with names like "Zoë" intact.
    yield "\ufeff" + writer.writerow(HEADINGS)
    for cells in staff_rows(rows, requirement):
        # Cells starting with = + - @ are read as formulas by spreadsheets: a name typed as a
        # formula must stay a name.
        yield writer.writerow([not_a_formula("" if cell is None else cell) for cell in cells])


def staff_csv(rows, requirement, filename):
    response = StreamingHttpResponse(_csv_lines(rows, requirement), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def staff_workbook(rows, requirement):
    """The XLSX file's bytes: one sheet, "Staff", with the headings and a row per person."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Staff")
    sheet.append(HEADINGS)
    for cells in staff_rows(rows, requirement):
        sheet.append([not_a_formula(cell) for cell in cells])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def staff_xlsx(rows, requirement, filename):
    response = HttpResponse(staff_workbook(rows, requirement), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
