"""A session's list of people as CSV and XLSX, its printable sign-in sheet as a PDF, and the
ledger's charges as CSV and XLSX.

The people's three read ``bookings.desk.session_people``: the same people, in the same order, as
the desk. The ledger's two are the one place for its rows and columns, read by the training
team's report (``bookings.register_views``) and the leads' page (``bookings.lead_views``).
"""

import csv
import io

from openpyxl import Workbook
from xhtml2pdf import pisa

from django.template.loader import render_to_string
from django.utils import timezone

from lscb_training.dates import format_date, format_time
from lscb_training.spreadsheets import not_a_formula

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADINGS = ["List", "Name", "Email", "Agency", "Job role", "Access needs", "Booked", "Status", "Position or deadline"]
# Blank rows at the foot of the sign-in sheet for people added on the day.
WALK_IN_ROWS = 6


def _when(moment):
    return f"{format_date(moment)}, {format_time(moment)}" if moment else ""


def people_rows(people):
    """One row per booking: the four lists in the desk's order, then the cancellations."""
    rows = []
    lists = (
        ("Confirmed", people.confirmed),
        ("Awaiting approval", people.awaiting_approval),
        ("Waiting", people.waiting),
        ("Offered", people.offered),
        ("Cancelled", people.cancelled),
    )
    for label, bookings in lists:
        for booking in bookings:
            person = booking.user
            if booking.status == "waitlisted":
                detail = str(booking.waiting_position)
            elif booking.offer_expires_at:
                detail = f"Offer ends {_when(booking.offer_expires_at)}"
            elif booking.cancelled_late:
                detail = "Late cancellation"
            else:
                detail = ""
            rows.append(
                [
                    label,
                    person.full_name or person.email,
                    person.email,
                    booking.agency.name if booking.agency else "",
                    person.job_role.name if person.job_role else "",
                    booking.access_needs,
                    _when(booking.created_at),
                    booking.get_status_display(),
                    detail,
                ]
            )
    return rows


def _csv(headings, rows):
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(headings)
    # Cells starting with = + - @ are read as formulas by spreadsheets: a name typed as a formula
    # must stay a name.
    writer.writerows([not_a_formula(cell) for cell in row] for row in rows)
    return output.getvalue()


def people_csv(people):
    return _csv(HEADINGS, people_rows(people)).encode("utf-8-sig")


def people_xlsx(people):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "People"
    sheet.append(HEADINGS)
    for row in people_rows(people):
        sheet.append([not_a_formula(cell) for cell in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def sign_in_sheet(session, people):
    """The sign-in sheet: course, date, venue and trainer, a row per confirmed person with their
    agency and a box to sign, and blank rows for people added on the day."""
    html = render_to_string(
        "bookings/admin/desk_sign_in.html",
        {"session": session, "confirmed": people.confirmed, "blank_rows": range(WALK_IN_ROWS)},
    )
    output = io.BytesIO()
    result = pisa.CreatePDF(html, dest=output, encoding="utf-8")
    if result.err:
        raise RuntimeError("The sign-in sheet could not be made.")
    return output.getvalue()


LEDGER_HEADINGS = ["Person", "Email", "Agency", "Course", "Session date", "Reason", "Amount", "Status", "Waive reason"]


def ledger_rows(entries):
    """One row per ledger entry, in the order given; ``entries`` with ``person``, ``agency``
    and ``session__course`` selected."""
    return [
        [
            entry.person.full_name,
            entry.person.email,
            entry.agency.name if entry.agency else "",
            entry.session.course.title,
            timezone.localtime(entry.session.starts_at).date().isoformat(),
            entry.get_reason_display(),
            entry.amount,
            entry.get_status_display(),
            entry.waive_reason,
        ]
        for entry in entries
    ]


def ledger_csv(entries):
    return _csv(LEDGER_HEADINGS, ledger_rows(entries)).encode("utf-8")


def ledger_xlsx(entries):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Ledger"
    sheet.append(LEDGER_HEADINGS)
    for row in ledger_rows(entries):
        sheet.append([not_a_formula(cell) for cell in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
