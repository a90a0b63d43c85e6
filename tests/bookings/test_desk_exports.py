"""The desk's exports open: the CSV parses, the XLSX opens with openpyxl and holds the same rows,
and the sign-in sheet PDF's text holds the course, the venue, the trainer and every confirmed name."""

import csv
import io
import subprocess

import pytest
from openpyxl import load_workbook

from django.urls import reverse

from bookings.choices import BookingStatus
from bookings.exports import HEADINGS
from tests.bookings.factories import BookingFactory, SessionFactory, VenueFactory
from tests.courses.factories import CoursePageFactory
from tests.people.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    session = SessionFactory(
        capacity=3,
        course=CoursePageFactory(title="Child Exploitation Awareness"),
        venue=VenueFactory(name="Fellview Centre"),
        trainers="Alex Trainer",
    )
    agency = AgencyFactory(name="North Fells School")
    for name in ("Ada Lovelace", "Grace Hopper", "Zoë O’Brien"):
        BookingFactory(session=session, user=UserFactory(full_name=name, agency=agency), agency=agency)
    BookingFactory(session=session, user=UserFactory(full_name="Wendy Waiting"), status=BookingStatus.WAITLISTED)
    BookingFactory(session=session, user=UserFactory(full_name='=HYPERLINK("x")'), status=BookingStatus.WAITLISTED)
    return session


def download(client, session, name):
    response = client.get(reverse(f"bookings_desk:{name}", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return response


def csv_rows(client, session):
    text = download(client, session, "export_csv").content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_parses_with_a_row_per_person(administrator_client, session):
    rows = csv_rows(administrator_client, session)

    assert rows[0] == HEADINGS
    assert [row[1] for row in rows[1:]] == [
        "Ada Lovelace",
        "Grace Hopper",
        "Zoë O’Brien",
        "Wendy Waiting",
        '\'=HYPERLINK("x")',
    ]
    assert rows[1][0] == "Confirmed" and rows[1][3] == "North Fells School"
    assert rows[4][0] == "Waiting" and rows[4][8] == "1"


def test_the_xlsx_opens_and_holds_the_same_rows_as_the_csv(administrator_client, session):
    body = download(administrator_client, session, "export_xlsx").content

    sheet = load_workbook(io.BytesIO(body)).active
    xlsx_rows = [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]

    assert xlsx_rows == csv_rows(administrator_client, session)


def test_the_sign_in_sheet_pdf_holds_the_session_and_every_confirmed_name(administrator_client, session, tmp_path):
    body = download(administrator_client, session, "sign_in_sheet").content
    assert body.startswith(b"%PDF")
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(body)

    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout  # noqa: S603, S607

    for expected in (
        "Child Exploitation Awareness",
        "Fellview Centre",
        "Alex Trainer",
        session.when,
        "Ada Lovelace",
        "Grace Hopper",
        "Zoë O’Brien",
        "North Fells School",
    ):
        assert expected in text
    assert "Wendy Waiting" not in text
