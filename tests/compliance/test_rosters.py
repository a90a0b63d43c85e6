"""Agencies' staff lists (rosters): reading the file, what each row would do, confirming once,
and people on a roster signing up."""

import datetime
import io
import re

import pytest
from openpyxl import Workbook

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import ModelLogEntry

from compliance.models import RosterEntry, RosterStatus, RosterUpload
from compliance.rosters import ANOTHER_AGENCY, ROSTER, RosterOutcome
from compliance.services import RosterRefused, cancel_roster, confirm_roster, preview_roster
from compliance.staff import counts
from people.models import User
from records.imports import ImportFileError, read_upload
from tests.compliance.factories import RequirementFactory
from tests.courses.factories import CoursePageFactory
from tests.people.factories import AgencyFactory, JobRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "Name,Work email,Job role,Team,Start date,Leaving date"


def csv_file(*lines, header=HEADER, name="staff.csv"):
    return SimpleUploadedFile(name, "\n".join([header, *lines]).encode(), content_type="text/csv")


def xlsx_file(rows, name="staff.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    data = io.BytesIO()
    workbook.save(data)
    return SimpleUploadedFile(name, data.getvalue())


@pytest.fixture
def agency():
    return AgencyFactory(name="Fellside Children's Services")


@pytest.fixture
def lead():
    return UserFactory(full_name="Lena Lead", job_role=None)


@pytest.fixture
def role():
    return JobRoleFactory(name="Social worker", code="social-worker")


def preview(agency, lead, *lines, header=HEADER):
    return preview_roster(agency, csv_file(*lines, header=header), lead)


def outcomes(upload):
    return [(row["outcome"], row["reason"]) for row in upload.rows]


def upload_and_confirm(agency, lead, *lines, header=HEADER):
    return confirm_roster(preview(agency, lead, *lines, header=header), lead)


# Reading the file


def test_a_csv_is_read_with_its_columns_whatever_their_headings(agency, lead, role):
    upload = csv_file("Ada Brown,ADA@Fellside.example.org,social worker", header="Full name,E-mail,Role")

    [row] = read_upload(upload, ROSTER)

    assert row == {
        "line": 2,
        "full_name": "Ada Brown",
        "email": "ADA@Fellside.example.org",
        "job_role": "social worker",
    }


def test_a_workbook_is_read_with_its_date_cells_as_dates(agency, lead, role):
    upload = xlsx_file(
        [
            HEADER.split(","),
            ["Ada Brown", "ada@fellside.example.org", "Social worker", "East", datetime.date(2026, 3, 4)],
        ]
    )

    upload = preview_roster(agency, upload, lead)

    assert outcomes(upload) == [(RosterOutcome.ADD, "")]
    confirm_roster(upload, lead)
    entry = RosterEntry.objects.get()
    assert (entry.full_name, entry.email, entry.job_role, entry.team, entry.started_on, entry.leaves_on) == (
        "Ada Brown",
        "ada@fellside.example.org",
        role,
        "East",
        datetime.date(2026, 3, 4),
        None,
    )


def test_a_file_without_a_name_column_is_refused_naming_the_columns(agency, lead):
    with pytest.raises(ImportFileError) as raised:
        preview(agency, lead, "ada@fellside.example.org", header="Work email")

    assert raised.value.messages[0].startswith("The selected file has no name column.")
    assert "name, work email, and optionally job role" in raised.value.messages[0]
    assert not RosterUpload.objects.exists()


def test_a_file_with_headings_and_no_rows_says_so(agency, lead):
    with pytest.raises(ImportFileError) as raised:
        preview(agency, lead, ",,,,,")

    assert raised.value.messages == ["The selected file has headings but no rows of staff."]


# Each row's outcome


def test_a_preview_says_what_each_row_would_do_and_writes_no_entry(agency, lead, role):
    upload = preview(agency, lead, "Ada Brown,ada@fellside.example.org,Social worker,East,14/03/2026,")

    assert upload.status == RosterStatus.PREVIEWED
    assert upload.rows[0]["outcome"] == RosterOutcome.ADD
    assert upload.rows[0]["job_role_name"] == "Social worker"
    assert not RosterEntry.objects.exists()


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (",ada@fellside.example.org,,,,", "The name is missing."),
        ("Ada Brown,,,,,", "The work email is missing."),
        ("Ada Brown,not-an-email,,,,", "“not-an-email” is not an email address."),
        ("Ada Brown,ada@fellside.example.org,,,03/14/2026,", "The start date “03/14/2026” is not a date"),
        ("Ada Brown,ada@fellside.example.org,,,,next week", "The leaving date “next week” is not a date"),
        (
            "Ada Brown,ada@fellside.example.org,,,14/03/2026,13/03/2026",
            "The leaving date, 13 March 2026, is before the start date, 14 March 2026.",
        ),
        (
            "Ada Brown,ada@fellside.example.org,Astronaut,,,",
            "The job role “Astronaut” is not one of the partnership's job roles. Use one of these names: ",
        ),
        (f"{'A' * 201},ada@fellside.example.org,,,,", "The name is longer than 200 characters."),
    ],
)
def test_a_bad_row_is_an_error_with_its_reason(agency, lead, role, line, reason):
    upload = preview(agency, lead, line)

    [(outcome, said)] = outcomes(upload)
    assert outcome == RosterOutcome.ERROR
    assert said.startswith(reason)


def test_an_unknown_job_role_lists_the_partnerships_roles(agency, lead, role):
    JobRoleFactory(name="Police officer", code="police-officer")

    upload = preview(agency, lead, "Ada Brown,ada@fellside.example.org,Astronaut,,,")

    assert upload.rows[0]["reason"].endswith("Use one of these names: Police officer, Social worker.")


def test_a_job_role_is_matched_by_its_code_or_name_whatever_the_case(agency, lead, role):
    upload = preview(
        agency,
        lead,
        "Ada Brown,ada@fellside.example.org,SOCIAL-WORKER,,,",
        "Bo Chan,bo@fellside.example.org,social  worker,,,",
    )

    assert [row["job_role_name"] for row in upload.rows] == ["Social worker", "Social worker"]


def test_the_same_email_twice_is_an_error_on_the_later_row(agency, lead):
    upload = preview(agency, lead, "Ada Brown,ada@fellside.example.org,,,,", "Ada B,ADA@fellside.example.org,,,,")

    assert outcomes(upload) == [
        (RosterOutcome.ADD, ""),
        (RosterOutcome.ERROR, "Duplicate of row 2: the same work email."),
    ]


def test_an_account_with_another_agency_is_an_error_and_is_not_moved(agency, lead):
    elsewhere = UserFactory(email="ada@fellside.example.org", agency=AgencyFactory())

    upload = upload_and_confirm(agency, lead, "Ada Brown,ada@fellside.example.org,,,,")

    assert outcomes(upload) == [(RosterOutcome.ERROR, ANOTHER_AGENCY)]
    assert not RosterEntry.objects.exists()
    elsewhere.refresh_from_db()
    assert elsewhere.agency != agency


def test_an_account_in_the_agency_is_linked_and_left_as_it_is(agency, lead):
    member = UserFactory(email="ada@fellside.example.org", agency=agency, full_name="Ada Brown", team="West")

    upload = upload_and_confirm(agency, lead, "Ada B,ada@fellside.example.org,,East,,")

    assert [row["reason"] for row in upload.rows] == ["Linked to the account of Ada Brown."]
    assert dict(RosterEntry.objects.values_list("email", "person")) == {"ada@fellside.example.org": member.pk}
    member.refresh_from_db()
    assert (member.full_name, member.team, member.agency) == ("Ada Brown", "West", agency)


def test_an_account_in_no_agency_is_neither_linked_nor_named_to_the_lead(agency, lead):
    """An administrator's account, say: naming its email must not show the lead whose it is,
    nor bring its training into the agency's figures."""
    unplaced = UserFactory(email="bo@fellside.example.org", agency=None, job_role=None, full_name="Bo Admin")

    upload = upload_and_confirm(agency, lead, "Bo Chan,bo@fellside.example.org,,,,")

    assert "Bo Admin" not in str(upload.rows)
    assert RosterEntry.objects.get().person is None
    unplaced.refresh_from_db()
    assert unplaced.agency is None


# Confirming


def test_confirming_adds_the_good_rows_and_counts_every_outcome(agency, lead, role):
    upload = upload_and_confirm(
        agency, lead, "Ada Brown,ada@fellside.example.org,Social worker,East,14/03/2026,", "Bo Chan,,,,,"
    )

    assert upload.status == RosterStatus.CONFIRMED
    assert (upload.confirmed_by, upload.added_count, upload.updated_count, upload.error_count) == (lead, 1, 0, 1)
    entry = RosterEntry.objects.get()
    assert (entry.email, entry.upload, entry.person) == ("ada@fellside.example.org", upload, None)
    logged = ModelLogEntry.objects.get(action="compliance.confirm_roster")
    assert (logged.user, logged.data["added"], logged.data["errors"]) == (lead, 1, 1)


def test_the_same_file_again_is_all_unchanged(agency, lead, role):
    lines = ("Ada Brown,ada@fellside.example.org,Social worker,East,14/03/2026,", "Bo Chan,bo@fellside.example.org,,,,")
    upload_and_confirm(agency, lead, *lines)

    again = upload_and_confirm(agency, lead, *lines)

    assert [row["outcome"] for row in again.rows] == [RosterOutcome.UNCHANGED] * 2
    assert (again.added_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    assert RosterEntry.objects.count() == 2


def test_a_changed_row_updates_the_entry_and_says_what_changed(agency, lead, role):
    upload_and_confirm(agency, lead, "Ada Brown,ada@fellside.example.org,Social worker,East,14/03/2026,")

    upload = upload_and_confirm(agency, lead, "Ada Brown,ada@fellside.example.org,,West,14/03/2026,31/12/2026")

    assert outcomes(upload) == [(RosterOutcome.UPDATE, "Changes the job role, team and leaving date.")]
    entry = RosterEntry.objects.get()
    assert (entry.job_role, entry.team, entry.leaves_on, entry.upload) == (
        None,
        "West",
        datetime.date(2026, 12, 31),
        upload,
    )


def test_a_column_the_file_lacks_is_left_as_it_was(agency, lead, role):
    upload_and_confirm(agency, lead, "Ada Brown,ada@fellside.example.org,Social worker,East,14/03/2026,31/12/2026")

    upload = upload_and_confirm(agency, lead, "Ada Brown,ada@fellside.example.org", header="Name,Email")

    assert outcomes(upload) == [(RosterOutcome.UNCHANGED, "")]
    entry = RosterEntry.objects.get()
    assert (entry.job_role, entry.team, entry.leaves_on) == (role, "East", datetime.date(2026, 12, 31))


def test_entries_the_file_does_not_name_are_left_alone(agency, lead):
    upload_and_confirm(agency, lead, "Ada Brown,ada@fellside.example.org,,,,")

    upload_and_confirm(agency, lead, "Bo Chan,bo@fellside.example.org,,,,")

    assert sorted(RosterEntry.objects.values_list("email", flat=True)) == [
        "ada@fellside.example.org",
        "bo@fellside.example.org",
    ]


def test_another_agencys_entry_for_the_same_email_is_its_own(agency, lead):
    other = AgencyFactory()
    upload_and_confirm(other, lead, "Ada Brown,ada@fellside.example.org,,North,,")

    upload = upload_and_confirm(agency, lead, "Ada Brown,ada@fellside.example.org,,East,,")

    assert outcomes(upload) == [(RosterOutcome.ADD, "")]
    assert dict(RosterEntry.objects.values_list("agency", "team")) == {other.pk: "North", agency.pk: "East"}


def test_confirming_twice_changes_the_roster_once_and_says_so(agency, lead):
    upload = preview(agency, lead, "Ada Brown,ada@fellside.example.org,,,,")
    confirm_roster(upload, lead)

    with pytest.raises(RosterRefused, match="has already been confirmed"):
        confirm_roster(RosterUpload.objects.get(pk=upload.pk), lead)

    assert RosterEntry.objects.count() == 1
    assert ModelLogEntry.objects.filter(action="compliance.confirm_roster").count() == 1


def test_a_cancelled_upload_changes_nothing_keeps_no_rows_and_cannot_be_confirmed(agency, lead):
    upload = preview(agency, lead, "Ada Brown,ada@fellside.example.org,,,,")

    cancel_roster(upload, lead)

    upload.refresh_from_db()
    assert (upload.status, upload.rows) == (RosterStatus.CANCELLED, [])
    with pytest.raises(RosterRefused, match="was cancelled"):
        confirm_roster(upload, lead)
    with pytest.raises(RosterRefused):
        cancel_roster(upload, lead)
    assert not RosterEntry.objects.exists()


def test_confirming_classifies_again_against_the_roster_as_it_is_then(agency, lead):
    first = preview(agency, lead, "Ada Brown,ada@fellside.example.org,,,,")
    second = preview(agency, lead, "Ada Brown,ada@fellside.example.org,,,,")
    confirm_roster(first, lead)

    again = confirm_roster(second, lead)

    assert outcomes(again) == [(RosterOutcome.UNCHANGED, "")]


def test_a_roster_confirms_in_the_same_queries_for_5_rows_as_for_40(agency, lead, role):
    def lines(count, prefix):
        return [f"Person {n},{prefix}{n}@fellside.example.org,Social worker,East,01/02/2026," for n in range(count)]

    small = preview(agency, lead, *lines(5, "a"))
    large = preview(agency, lead, *lines(40, "b"))

    with CaptureQueriesContext(connection) as few:
        confirm_roster(small, lead)
    with CaptureQueriesContext(connection) as many:
        confirm_roster(large, lead)

    assert len(many) == len(few)


# The figures


@pytest.fixture
def requirement():
    return RequirementFactory(courses=[CoursePageFactory()])


def test_a_roster_only_person_counts_as_not_started_until_they_leave(agency, lead, requirement):
    today = datetime.date.today()
    leaving = today + datetime.timedelta(days=10)
    upload_and_confirm(agency, lead, f"Ada Brown,ada@fellside.example.org,,,01/01/2020,{leaving:%d/%m/%Y}")

    assert counts([agency], requirement, today)["not_started"] == 1
    assert counts([agency], requirement, leaving - datetime.timedelta(days=1))["total"] == 1
    assert counts([agency], requirement, leaving)["total"] == 0


def test_a_leaving_date_takes_an_account_holder_out_of_the_figures_from_that_day(agency, lead, requirement):
    today = datetime.date.today()
    UserFactory(email="ada@fellside.example.org", agency=agency, role_started_on=datetime.date(2020, 1, 1))
    leaving = today + datetime.timedelta(days=3)

    upload_and_confirm(agency, lead, f"Ada Brown,ada@fellside.example.org,,,,{leaving.isoformat()}")

    assert counts([agency], requirement, today)["total"] == 1
    assert counts([agency], requirement, leaving)["total"] == 0


# Signing up


def sign_up(client, email, agency):
    client.post(
        "/accounts/signup/",
        {
            "full_name": "Ada Brown",
            "email": email,
            "agency": agency.pk,
            "job_role": JobRoleFactory().pk,
            "password1": "purple-fell-walking-42",
            "password2": "purple-fell-walking-42",
        },
    )


def confirm_email(client):
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body).group(1)
    return client.post(link)


def test_signing_up_with_a_roster_email_links_the_entry_and_counts_the_person_once(client, agency, lead, requirement):
    upload_and_confirm(agency, lead, "Ada Brown,Ada@Fellside.example.org,,,01/01/2020,")
    today = datetime.date.today()
    assert counts([agency], requirement, today)["total"] == 1

    sign_up(client, "ada@fellside.example.org", agency)
    confirm_email(client)

    person = User.objects.get(email="ada@fellside.example.org")
    assert RosterEntry.objects.get().person == person
    assert counts([agency], requirement, today)["total"] == 1


def test_signing_up_with_another_agency_leaves_the_entry_unlinked(client, agency, lead):
    upload_and_confirm(agency, lead, "Ada Brown,ada@fellside.example.org,,,,")

    sign_up(client, "ada@fellside.example.org", AgencyFactory())
    confirm_email(client)

    assert RosterEntry.objects.get().person is None


def test_moving_to_the_agency_in_the_profile_links_the_entry(agency, lead):
    upload_and_confirm(agency, lead, "Ada Brown,ada@fellside.example.org,,,,")
    person = UserFactory(email="ada@fellside.example.org", agency=AgencyFactory())
    assert RosterEntry.objects.get().person is None

    person.agency = agency
    person.role_started_on = datetime.date.today()
    person.save()

    assert RosterEntry.objects.get().person == person
