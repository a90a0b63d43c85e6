"""A sweep of bad input on every compliance page and admin screen: tampered, huge, negative
and non-numeric ids, repeated or unknown query values, another agency's filter values, the
wrong method, double submits and malformed uploads. Each gives a clear message or a 404/400/405
and changes nothing; none is a 500, and nobody sees another agency's rows."""

import datetime
import io
import zipfile

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from openpyxl import Workbook

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from compliance.models import (
    MAX_RENEWAL_MONTHS,
    Exemption,
    LeadReminderSent,
    Requirement,
    RosterEntry,
    RosterStatus,
    RosterUpload,
)
from compliance.services import preview_roster
from records.choices import CompletionSource
from records.services import record_completion
from tests.compliance.factories import RequirementFactory
from tests.conftest import shared_rows, signed_in_with_mfa
from tests.courses.factories import CoursePageFactory
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, JobRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "Name,Work email,Job role,Team,Start date,Leaving date"


def csv_upload(*lines, header=HEADER, name="staff.csv", prefix=b""):
    return SimpleUploadedFile(name, prefix + "\n".join([header, *lines]).encode(), content_type="text/csv")


def xlsx_upload(rows, name="staff.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    data = io.BytesIO()
    workbook.save(data)
    return SimpleUploadedFile(name, data.getvalue())


class World:
    """Two agencies, each with a lead, a member on staff and a job role; a requirement for
    everyone, one only for the other agency; a roster-only entry and an upload waiting."""


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """Made once for the module (``shared_rows``); what a test changes is rolled back after it."""
    with shared_rows(django_db_blocker):
        yield make_world()


@pytest.fixture
def world(shared_world):
    """The shared rows, with a client of its own signed in as the agency's lead (not pytest's
    ``client``, which another fixture may sign in as someone else)."""
    shared_world.client = Client()
    shared_world.client.force_login(shared_world.lead)
    return shared_world


def make_world():
    w = World()
    w.agency = AgencyFactory(name="Fellside Police")
    w.other = AgencyFactory(name="Dale Health")
    w.role = JobRoleFactory(name="Social worker", code="social-worker")
    w.other_role = JobRoleFactory(name="Nurse", code="nurse")
    course = CoursePageFactory(title="CSE awareness")
    w.requirement = RequirementFactory(title="CSE for everyone", courses=[course])
    w.other_requirement = RequirementFactory(title="CSE for Dale", agency=w.other, courses=[course])
    w.member = UserFactory(
        agency=w.agency, job_role=w.role, team="East", role_started_on=datetime.date(2020, 1, 1), full_name="Ada Brown"
    )
    w.other_member = UserFactory(
        agency=w.other, job_role=w.other_role, team="Ward 9", role_started_on=datetime.date(2020, 1, 1)
    )
    # Its id is no account's: remind reads a posted id as an account's, so one shared with a
    # member of the staff would remind that member, rightly.
    w.roster_only = RosterEntry.objects.create(
        pk=900_001, agency=w.agency, full_name="Bo Chan", email="bo@fellside.example.org"
    )
    w.lead = AgencyLeadershipFactory(agency=w.agency).user
    w.other_lead = AgencyLeadershipFactory(agency=w.other).user
    w.upload = preview_roster(w.agency, csv_upload("Cy Dee,cy@fellside.example.org,,,,"), w.lead)
    w.other_upload = preview_roster(w.other, csv_upload("Di Eve,di@dale.example.org,,,,"), w.other_lead)
    TOTP.activate(w.lead, generate_totp_secret())
    return w


BAD_IDS = ["0", "-1", "99999999", "9223372036854775808", "99999999999999999999999"]


def lead_urls(w, agency_id, other_id):
    """Each lead page with ``agency_id`` and, where the path takes one, ``other_id``."""
    return [
        f"/leads/compliance/{agency_id}/",
        f"/leads/compliance/{agency_id}/staff/",
        f"/leads/compliance/{agency_id}/staff.csv",
        f"/leads/compliance/{agency_id}/staff.xlsx",
        f"/leads/compliance/{agency_id}/people/{other_id}/",
        f"/leads/compliance/{agency_id}/people/{other_id}/exempt/",
        f"/leads/compliance/{agency_id}/report.pdf",
        f"/leads/compliance/{agency_id}/roster/",
        f"/leads/compliance/{agency_id}/roster/template.csv",
        f"/leads/compliance/{agency_id}/roster/{other_id}/",
    ]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_an_impossible_agency_id_is_a_404_on_every_lead_page(world, bad):
    for url in lead_urls(world, bad, world.member.pk):
        assert world.client.get(url).status_code == 404, url


@pytest.mark.parametrize("bad", BAD_IDS)
def test_an_impossible_person_or_upload_id_is_a_404(world, bad):
    urls = lead_urls(world, world.agency.pk, bad)
    for url in urls[4:6] + urls[-1:]:
        assert world.client.get(url).status_code == 404, url
    for url in urls[5:6] + urls[-1:]:
        assert world.client.post(url, {"action": "confirm"}).status_code == 404, url


def test_another_agencys_id_is_a_404_on_every_lead_page(world):
    for url in lead_urls(world, world.other.pk, world.other_member.pk):
        assert world.client.get(url).status_code == 404, url


def test_another_agencys_person_and_upload_under_ones_own_agency_are_404(world):
    agency = world.agency.pk
    for url in (
        f"/leads/compliance/{agency}/people/{world.other_member.pk}/",
        f"/leads/compliance/{agency}/people/{world.other_member.pk}/exempt/",
        f"/leads/compliance/{agency}/people/{world.other_lead.pk}/",
        f"/leads/compliance/{agency}/roster/{world.other_upload.pk}/",
    ):
        assert world.client.get(url).status_code == 404, url
    response = world.client.post(f"/leads/compliance/{agency}/roster/{world.other_upload.pk}/", {"action": "confirm"})
    assert response.status_code == 404
    world.other_upload.refresh_from_db()
    assert world.other_upload.status == RosterStatus.PREVIEWED


QUERIES = [
    "page=abc",
    "page=0",
    "page=-1",
    "page=99999999999999999999",
    "page=1.5",
    "page=1&page=abc",
    "sort=password",
    "sort=--name",
    "sort=name&sort=-status",
    "sort=",
    "requirement=abc",
    "requirement=-1",
    "requirement=99999999999999999999",
    "requirement=1&requirement=abc",
    "status=nonsense",
    "status=compliant&status=expired",
    "job_role=abc",
    "job_role=99999999999999999999",
    "team=%00",
    "search=%00",
    "search=" + "x" * 300,
    "show=nonsense",
    "show=error&show=add",
    "requirement=%00",
]


@pytest.mark.parametrize("query", QUERIES)
def test_a_malformed_query_string_is_never_a_500(world, query):
    agency = world.agency.pk
    for path in (
        f"/leads/compliance/{agency}/",
        f"/leads/compliance/{agency}/staff/",
        f"/leads/compliance/{agency}/staff.csv",
        f"/leads/compliance/{agency}/staff.xlsx",
        f"/leads/compliance/{agency}/roster/",
        f"/leads/compliance/{agency}/roster/{world.upload.pk}/",
        f"/leads/compliance/{agency}/people/{world.member.pk}/",
    ):
        response = world.client.get(f"{path}?{query}")
        assert response.status_code in (200, 404), (path, query, response.status_code)


def test_another_agencys_filter_values_are_dropped_and_show_none_of_its_people(world):
    agency = world.agency.pk
    query = f"requirement={world.other_requirement.pk}&job_role={world.other_role.pk}&team=Ward+9"
    for path in (f"/leads/compliance/{agency}/", f"/leads/compliance/{agency}/staff/"):
        response = world.client.get(f"{path}?{query}")
        page = response.content.decode()
        assert response.status_code == 200
        assert "CSE for Dale" not in page
        assert world.other_member.full_name not in page
    assert "“Ward 9” is not one of the choices, so it was not applied" in page
    csv_text = world.client.get(f"/leads/compliance/{agency}/staff.csv?{query}").getvalue().decode()
    assert world.other_member.email not in csv_text


@pytest.mark.parametrize(
    "method, path",
    [
        ("post", "/leads/compliance/{agency}/staff.csv"),
        ("post", "/leads/compliance/{agency}/report.pdf"),
        ("post", "/leads/compliance/{agency}/roster/template.csv"),
        ("get", "/leads/compliance/{agency}/remind/"),
        ("post", "/leads/compliance/partnership/"),
        ("post", "/leads/compliance/partnership.csv"),
        ("put", "/leads/compliance/{agency}/roster/"),
        ("delete", "/leads/compliance/{agency}/roster/{upload}/"),
    ],
)
def test_the_wrong_method_is_refused_and_changes_nothing(world, administrator_client, method, path):
    url = path.format(agency=world.agency.pk, upload=world.upload.pk)
    client = administrator_client if "partnership" in url else world.client
    assert getattr(client, method)(url).status_code == 405


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_posting_to_the_read_only_lead_pages_changes_nothing(world, method):
    agency = world.agency.pk
    for path in (
        f"/leads/compliance/{agency}/",
        f"/leads/compliance/{agency}/staff/",
        f"/leads/compliance/{agency}/staff.xlsx",
        f"/leads/compliance/{agency}/people/{world.member.pk}/",
        "/leads/compliance/",
    ):
        assert getattr(world.client, method)(path).status_code == 405, path


def remind(world, people, requirement=None):
    return world.client.post(
        f"/leads/compliance/{world.agency.pk}/remind/",
        {"requirement": requirement if requirement is not None else world.requirement.pk, "people": people},
    )


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    "people",
    [
        ["abc"],
        ["-1"],
        ["99999999999999999999"],
        [""],
        ["1.5"],
        ["０"],  # a full-width digit: isdigit() says yes and int() reads it
        ["²"],  # a superscript digit: isdigit() says yes and int() refuses it
    ],
)
def test_remind_with_a_tampered_person_id_reminds_nobody(world, mailoutbox, people):
    response = remind(world, [str(world.member.pk), *people])
    assert response.status_code == 302
    assert not mailoutbox
    assert not LeadReminderSent.objects.exists()
    assert any("nobody was reminded" in message.lower() for message in said(response))


@pytest.mark.parametrize("requirement", ["abc", "-1", "99999999999999999999", "²", ""])
def test_remind_with_a_tampered_requirement_reminds_nobody(world, mailoutbox, requirement):
    response = remind(world, [str(world.member.pk)], requirement=requirement)
    assert response.status_code == 302
    assert not mailoutbox
    assert any("Nobody was reminded" in message for message in said(response))


def test_remind_about_another_agencys_requirement_reminds_nobody(world, mailoutbox):
    response = remind(world, [str(world.member.pk)], requirement=world.other_requirement.pk)
    assert response.status_code == 302
    assert not mailoutbox


@pytest.mark.parametrize("who", ["other_member", "other_lead", "roster_only"])
def test_remind_of_someone_not_an_account_on_the_staff_reminds_nobody(world, mailoutbox, who):
    ident = getattr(world, who).pk
    response = remind(world, [str(world.member.pk), str(ident)])
    assert response.status_code == 302
    assert not mailoutbox
    assert not LeadReminderSent.objects.exists()
    assert said(response) == [
        "1 of the people chosen is not on your staff list for CSE for everyone today, so nobody was reminded. "
        "Reload the list and try again."
    ]


def test_remind_submitted_twice_emails_once(world, mailoutbox):
    remind(world, [str(world.member.pk)])
    second = remind(world, [str(world.member.pk)])
    assert len(mailoutbox) == 1
    assert LeadReminderSent.objects.count() == 1
    assert said(second)


def test_remind_with_the_same_person_twice_emails_them_once(world, mailoutbox):
    remind(world, [str(world.member.pk), str(world.member.pk), f" {world.member.pk} "])
    assert len(mailoutbox) == 1


def preview_url(world, upload=None):
    return f"/leads/compliance/{world.agency.pk}/roster/{(upload or world.upload).pk}/"


def test_confirm_twice_says_so_and_changes_nothing_more(world):
    world.client.post(preview_url(world), {"action": "confirm"})
    entries = list(RosterEntry.objects.values_list("pk", "full_name", "updated_at"))
    second = world.client.post(preview_url(world), {"action": "confirm"}, follow=True)
    assert second.status_code == 200
    assert "already been confirmed" in second.content.decode()
    assert list(RosterEntry.objects.values_list("pk", "full_name", "updated_at")) == entries


def test_cancel_twice_or_confirm_after_cancel_says_so_and_changes_nothing(world):
    world.client.post(preview_url(world), {"action": "cancel"})
    for action in ("cancel", "confirm"):
        response = world.client.post(preview_url(world), {"action": action}, follow=True)
        assert response.status_code == 200
        assert "was cancelled" in response.content.decode()
    assert not RosterEntry.objects.filter(email="cy@fellside.example.org").exists()
    assert RosterUpload.objects.get(pk=world.upload.pk).status == RosterStatus.CANCELLED


@pytest.mark.parametrize("data", [{}, {"action": "delete"}, {"action": ["confirm", "cancel"]}, {"action": ""}])
def test_a_decision_that_is_neither_confirm_nor_cancel_is_a_400(world, data):
    response = world.client.post(preview_url(world), data)
    assert response.status_code in (400, 302)
    assert RosterUpload.objects.get(pk=world.upload.pk).status == RosterStatus.PREVIEWED


def exempt_url(world, person=None):
    return f"/leads/compliance/{world.agency.pk}/people/{(person or world.member).pk}/exempt/"


def exempt(world, **changes):
    data = {
        "requirement": world.requirement.pk,
        "reason": "Secondment",
        "ends_on": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
    } | changes
    return world.client.post(exempt_url(world), data)


@pytest.mark.parametrize(
    "changes",
    [
        {"requirement": "abc"},
        {"requirement": "-1"},
        {"requirement": "99999999999999999999"},
        {"requirement": ""},
        {"reason": "   "},
        {"reason": "x" * 1001},
        {"ends_on": "2026-02-31"},
        {"ends_on": "31/02/2026"},
        {"ends_on": "2026-13-01"},
        {"ends_on": "01/02/26"},
        {"ends_on": "2020-01-01"},
        {"ends_on": "9999-12-31"},
        {"ends_on": "99999-01-01"},
        {"ends_on": ""},
    ],
)
def test_a_bad_exemption_is_refused_beside_its_field(world, changes):
    response = exempt(world, **changes)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode() or "error" in response.content.decode()
    assert not Exemption.objects.exists()


def test_an_empty_exemption_post_says_what_is_missing(world):
    response = world.client.post(exempt_url(world), {})
    assert response.status_code == 400
    page = response.content.decode()
    for message in ["Choose the requirement they are excused from", "Enter the reason", "Enter the date"]:
        assert message in page
    assert not Exemption.objects.exists()


def test_an_exemption_from_another_agencys_requirement_is_refused(world):
    response = exempt(world, requirement=world.other_requirement.pk)
    assert response.status_code == 400
    assert not Exemption.objects.exists()


def test_an_exemption_submitted_twice_is_recorded_once(world):
    first = exempt(world)
    second = exempt(world)
    assert first.status_code == 302
    assert second.status_code == 400
    assert "is already exempt from “CSE for everyone” until" in second.content.decode()
    assert Exemption.objects.count() == 1


def upload(world, upload_file):
    return world.client.post(f"/leads/compliance/{world.agency.pk}/roster/", {"file": upload_file})


def uploads_before():
    return RosterUpload.objects.count(), RosterEntry.objects.count()


@pytest.mark.parametrize(
    "upload_file, message",
    [
        (SimpleUploadedFile("staff.csv", b""), "The selected file is empty."),
        (SimpleUploadedFile("staff.csv", b"\x00\x01\xff\xfe junk \x00"), "not UTF-8 text"),
        (SimpleUploadedFile("staff.csv", b"\x00\x01 junk \x00"), "not CSV text"),
        (SimpleUploadedFile("staff.xlsx", b"\x00\x01\xff\xfe junk"), "could not be opened as an Excel workbook"),
        (SimpleUploadedFile("staff.xlsx", (HEADER + "\nAda,ada@x.org,,,,").encode()), "could not be opened"),
        (SimpleUploadedFile("staff.xls", b"\xd0\xcf\x11\xe0"), "must be a CSV or an Excel workbook"),
        (SimpleUploadedFile("staff", HEADER.encode()), "must be a CSV or an Excel workbook"),
        (SimpleUploadedFile(".csv", HEADER.encode()), "must be a CSV or an Excel workbook"),
        (csv_upload(), "has headings but no rows of staff"),
        (csv_upload(prefix=b"\xef\xbb\xbf"), "has headings but no rows of staff"),
        (csv_upload("Ada,ada@x.org", header="Name,Phone"), "has no work email column"),
        (csv_upload("Ada,ada@x.org,a@x.org", header="Name,Email,Work email"), "two “work email” columns"),
        (SimpleUploadedFile("staff.csv", b"\n\n ,,\n"), "The selected file is empty."),
    ],
)
def test_an_unusable_file_is_refused_beside_the_field_and_changes_nothing(world, upload_file, message):
    before = uploads_before()
    response = upload(world, upload_file)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert uploads_before() == before


def test_no_file_at_all_asks_for_one(world):
    response = world.client.post(f"/leads/compliance/{world.agency.pk}/roster/", {})
    assert response.status_code == 400
    assert "Select a staff list" in response.content.decode()


def test_a_file_of_more_rows_than_the_limit_is_refused(world, monkeypatch):
    monkeypatch.setattr("records.imports.MAX_ROWS", 3)
    before = uploads_before()
    rows = [f"Person {n},p{n}@fellside.example.org,,,," for n in range(4)]
    response = upload(world, csv_upload(*rows))
    assert response.status_code == 400
    assert "has more than 3 rows" in response.content.decode()
    assert uploads_before() == before


def test_a_file_of_exactly_the_limit_is_read(world, monkeypatch):
    monkeypatch.setattr("records.imports.MAX_ROWS", 3)
    rows = [f"Person {n},p{n}@fellside.example.org,,,," for n in range(3)]
    assert upload(world, csv_upload(*rows)).status_code == 302


def previewed_rows(world, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return RosterUpload.objects.filter(agency=world.agency).latest("pk").rows


def test_a_bom_extra_columns_capitals_and_spaces_are_read(world):
    header = "\ufeffName, Work Email ,Phone,Job role,Team,Start date,Leaving date,Notes"
    row = "Ada Brown,  ADA.Brown@Fellside.Example.ORG ,0123,SOCIAL WORKER,East,14/03/2026,,hello"
    rows = previewed_rows(world, upload(world, csv_upload(row, header=header)))
    assert rows[0]["outcome"] == "add", rows[0]
    assert rows[0]["email"] == "ADA.Brown@Fellside.Example.ORG"
    world.client.post(preview_url(world, RosterUpload.objects.latest("pk")), {"action": "confirm"})
    entry = RosterEntry.objects.get(email="ada.brown@fellside.example.org")
    assert entry.job_role == world.role
    assert entry.started_on == datetime.date(2026, 3, 14)


@pytest.mark.parametrize(
    "date",
    ["31/02/2026", "2026-13-01", "01/02/26", "02/31/2026", "2026-02-30", "yesterday", "46000", "0/0/0000", "2026-1-1x"],
)
def test_a_date_that_is_not_one_is_an_error_on_its_row_with_how_to_write_it(world, date):
    rows = previewed_rows(world, upload(world, csv_upload(f"Ada Brown,ada@fellside.example.org,,,{date},")))
    assert rows[0]["outcome"] == "error"
    assert f"The start date “{date}” is not a date: write it as 14/03/2026 or 2026-03-14." in rows[0]["reason"]
    response = world.client.get(preview_url(world, RosterUpload.objects.latest("pk")))
    assert response.status_code == 200
    assert date in response.content.decode()


def test_a_leaving_date_in_the_past_is_read_as_written(world):
    rows = previewed_rows(
        world, upload(world, csv_upload("Ada Brown,ada@fellside.example.org,,,01/01/2019,02/01/2019"))
    )
    assert rows[0]["outcome"] == "add"


@pytest.mark.parametrize(
    "email", ["ada brown@fellside.example.org", "ada@", "@x.org", "ada@@x.org", "a" * 250 + "@x.org"]
)
def test_a_malformed_email_is_an_error_on_its_row(world, email):
    rows = previewed_rows(world, upload(world, csv_upload(f"Ada Brown,{email},,,,")))
    assert rows[0]["outcome"] == "error"
    assert "is not an email address" in rows[0]["reason"]


def test_names_with_apostrophes_and_accents_are_kept_and_shown(world):
    name = "Siobhán O’Neill-D'Arcy Zoë Łukasz"
    upload(world, csv_upload(f"{name},siobhan@fellside.example.org,,,,"))
    latest = RosterUpload.objects.latest("pk")
    assert name in world.client.get(preview_url(world, latest)).content.decode().replace("&#x27;", "'")
    world.client.post(preview_url(world, latest), {"action": "confirm"})
    assert RosterEntry.objects.get(email="siobhan@fellside.example.org").full_name == name


@pytest.mark.parametrize("formula", ["=1+2", "+SUM(A1)", "-2+3", "@cmd", '=HYPERLINK("http://x.example")'])
def test_a_formula_in_a_cell_is_kept_as_text_and_exported_harmless(world, formula):
    quoted = formula.replace('"', '""')
    upload(world, csv_upload(f'"{quoted}",f@fellside.example.org,,"{quoted}",,'))
    world.client.post(preview_url(world, RosterUpload.objects.latest("pk")), {"action": "confirm"})
    entry = RosterEntry.objects.get(email="f@fellside.example.org")
    assert (entry.full_name, entry.team) == (formula, formula)
    text = world.client.get(f"/leads/compliance/{world.agency.pk}/staff.csv").getvalue().decode()
    assert text.count(f"'{quoted}") == 2


def test_an_xlsx_with_dates_as_dates_and_as_bare_numbers(world):
    rows = previewed_rows(
        world,
        upload(
            world,
            xlsx_upload(
                [
                    ["Name", "Work email", "Start date"],
                    ["Ada Brown", "ADA@fellside.example.org ", datetime.datetime(2026, 3, 14)],
                    ["Bo Chan", "bo2@fellside.example.org", 46000],
                    ["Cy Dee", "cy2@fellside.example.org", "=TODAY()"],
                ]
            ),
        ),
    )
    assert rows[0]["outcome"] == "add" and rows[0]["started_on"] == "2026-03-14"
    assert rows[1]["outcome"] == "error" and "“46000” is not a date" in rows[1]["reason"]
    # A formula Excel never calculated has no value to read: the cell is empty, never the formula.
    assert rows[2]["started_on"] == ""


def test_an_xlsx_of_more_rows_than_the_limit_is_refused(world, monkeypatch):
    monkeypatch.setattr("records.imports.MAX_ROWS", 2)
    rows = [["Name", "Work email"]] + [[f"P {n}", f"p{n}@fellside.example.org"] for n in range(3)]
    response = upload(world, xlsx_upload(rows))
    assert response.status_code == 400
    assert "has more than 2 rows" in response.content.decode()


def test_an_upload_of_someone_with_another_agencys_account_is_an_error_and_moves_nobody(world):
    rows = previewed_rows(world, upload(world, csv_upload(f"X,{world.other_member.email.upper()},,,,")))
    assert rows[0]["outcome"] == "error"
    world.client.post(preview_url(world, RosterUpload.objects.latest("pk")), {"action": "confirm"})
    assert not RosterEntry.objects.filter(email=world.other_member.email).exists()


def test_a_page_of_the_preview_out_of_range_shows_the_last(world):
    response = world.client.get(preview_url(world) + "?page=999&show=add")
    assert response.status_code == 200
    assert "cy@fellside.example.org" in response.content.decode()


ADMIN_LISTS = ["/admin/compliance_requirement/", "/admin/compliance_exemption/"]
ADMIN_QUERIES = [
    "p=abc",
    "p=0",
    "p=99999999999999999999",
    "ordering=password",
    "ordering=-nonsense",
    "q=%00",
    "requirement=abc",
    "requirement=99999999999999999999",
    "requirement=-1",
    "requirement=1&requirement=abc",
]


@pytest.mark.parametrize("query", ADMIN_QUERIES)
def test_the_admin_lists_answer_a_malformed_query_without_a_500(world, administrator_client, query):
    Exemption.objects.create(
        person=world.member, requirement=world.requirement, reason="Leave", ends_on=datetime.date(2099, 1, 1)
    )
    for path in ADMIN_LISTS:
        response = administrator_client.get(f"{path}?{query}")
        assert response.status_code in (200, 302, 404), (path, query, response.status_code)


@pytest.mark.parametrize("bad", ["0", "-1", "abc", "99999999999999999999"])
def test_the_admin_edit_and_delete_screens_answer_an_impossible_id_with_not_found(world, administrator_client, bad):
    for path in ADMIN_LISTS:
        for action in ("edit", "delete"):
            response = administrator_client.get(f"{path}{action}/{bad}/")
            assert response.status_code == 404, (path, action, response.status_code)


def admin_exempt(client, world, **changes):
    data = {
        "person": world.member.pk,
        "requirement": world.requirement.pk,
        "reason": "Secondment",
        "starts_on": datetime.date.today().isoformat(),
        "ends_on": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
    } | changes
    return client.post("/admin/compliance_exemption/new/", data)


@pytest.mark.parametrize(
    "changes",
    [
        {"person": "abc"},
        {"person": "99999999999999999999"},
        {"requirement": "abc"},
        {"ends_on": "2026-02-31"},
        {"ends_on": "2020-01-01"},
        {"ends_on": "9999-12-31"},
        {"reason": "  "},
    ],
)
def test_a_bad_exemption_in_the_admin_is_refused_with_a_message(world, administrator_client, changes):
    response = admin_exempt(administrator_client, world, **changes)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Exemption.objects.exists()


def test_an_exemption_submitted_twice_in_the_admin_is_recorded_once(world, administrator_client):
    assert admin_exempt(administrator_client, world).status_code == 302
    second = admin_exempt(administrator_client, world)
    assert second.status_code == 200
    assert "is already exempt from" in second.content.decode()
    assert Exemption.objects.count() == 1


def test_a_lead_is_refused_the_partnership_overview_and_the_admin_screens(world):
    for path in [
        "/leads/compliance/partnership/",
        "/leads/compliance/partnership.csv",
        "/leads/compliance/partnership.xlsx",
    ]:
        assert world.client.get(path).status_code == 403, path
    for path in ADMIN_LISTS:
        response = world.client.get(path)
        assert response.status_code in (302, 403), path
        assert "CSE for Dale" not in response.content.decode()


@pytest.mark.parametrize("bad", BAD_IDS[1:])
def test_an_administrator_gets_not_found_for_an_impossible_id_and_sees_any_agency(world, administrator_client, bad):
    for url in lead_urls(world, bad, world.member.pk):
        assert administrator_client.get(url).status_code == 404, url
    for url in lead_urls(world, world.other.pk, bad)[4:6] + lead_urls(world, world.other.pk, bad)[-1:]:
        assert administrator_client.get(url).status_code == 404, url
    assert administrator_client.get(f"/leads/compliance/{world.other.pk}/staff/").status_code == 200


def test_another_agencys_lead_cannot_remind_confirm_or_exempt_the_agencys_people(world, client, mailoutbox):
    other_client = signed_in_with_mfa(client, world.other_lead)
    agency = world.agency.pk
    responses = [
        other_client.post(
            f"/leads/compliance/{agency}/remind/", {"requirement": world.requirement.pk, "people": [world.member.pk]}
        ),
        other_client.post(preview_url(world), {"action": "confirm"}),
        other_client.post(
            exempt_url(world), {"requirement": world.requirement.pk, "reason": "x", "ends_on": "2099-01-01"}
        ),
    ]
    assert [response.status_code for response in responses] == [404, 404, 404]
    assert not mailoutbox
    assert not Exemption.objects.exists()
    assert RosterUpload.objects.get(pk=world.upload.pk).status == RosterStatus.PREVIEWED


def test_a_file_over_the_size_limit_is_refused(world, monkeypatch):
    monkeypatch.setattr("records.imports.MAX_UPLOAD_BYTES", 64)
    response = upload(world, csv_upload(*[f"Person {n},p{n}@fellside.example.org,,,," for n in range(3)]))
    assert response.status_code == 400
    assert "must be smaller than" in response.content.decode()
    assert RosterUpload.objects.count() == 2


def test_a_zip_that_is_not_a_workbook_is_refused(world):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    response = upload(world, SimpleUploadedFile("staff.xlsx", data.getvalue()))
    assert response.status_code == 400
    assert "could not be opened as an Excel workbook" in response.content.decode()


def test_the_same_file_uploaded_and_confirmed_twice_changes_nothing_the_second_time(world):
    row = "Ann Lee,ann@fellside.example.org,Social worker,East,14/03/2026,"
    for _ in range(2):
        upload(world, csv_upload(row))
    first, second = RosterUpload.objects.filter(agency=world.agency).order_by("-pk")[:2][::-1]
    world.client.post(preview_url(world, first), {"action": "confirm"})
    entry = RosterEntry.objects.values().get(email="ann@fellside.example.org")
    response = world.client.post(preview_url(world, second), {"action": "confirm"}, follow=True)
    assert "0 people added, 0 people updated, 1 person unchanged" in response.content.decode()
    assert RosterEntry.objects.values().get(email="ann@fellside.example.org") == entry


def test_someone_who_leads_no_agency_gets_not_found_everywhere(world, client):
    learner = signed_in_with_mfa(client, world.member)
    for url in ["/leads/compliance/", *lead_urls(world, world.agency.pk, world.member.pk)]:
        assert learner.get(url).status_code == 404, url
    assert learner.get("/leads/compliance/partnership/").status_code == 403


@pytest.mark.parametrize(
    "extreme",
    [
        {"renewal_months": MAX_RENEWAL_MONTHS, "expiring_window_days": 366, "grace_months": 24},
        {"renewal_months": 1, "expiring_window_days": 366, "grace_months": 0},
        {"renewal_months": None, "takes_effect_on": datetime.date(1, 1, 1)},
    ],
)
def test_a_requirement_at_the_edges_of_its_fields_shows_on_every_page(world, administrator_client, extreme):
    course = world.requirement.courses.get()
    record_completion(world.member, course, datetime.date(2024, 1, 1), source=CompletionSource.MANUAL)
    Requirement.objects.filter(pk=world.requirement.pk).update(**extreme)
    agency = world.agency.pk
    for url in [
        f"/leads/compliance/{agency}/",
        f"/leads/compliance/{agency}/staff/",
        f"/leads/compliance/{agency}/staff.csv",
        f"/leads/compliance/{agency}/staff.xlsx",
        f"/leads/compliance/{agency}/people/{world.member.pk}/",
        f"/leads/compliance/{agency}/report.pdf",
        "/leads/compliance/partnership/",
        "/leads/compliance/partnership.xlsx",
        "/admin/compliance_requirement/",
    ]:
        assert administrator_client.get(url).status_code == 200, url


@pytest.mark.parametrize("months", ["121", "32767", "0", "-1", "abc"])
def test_a_renewal_beyond_ten_years_or_not_a_number_is_refused_in_the_admin(world, administrator_client, months):
    response = administrator_client.post(
        "/admin/compliance_requirement/new/",
        {
            "title": "Too long",
            "renewal_months": months,
            "expiring_window_days": "60",
            "grace_months": "3",
            "takes_effect_on": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert "renewal_months" in response.context["form"].errors
    assert not Requirement.objects.filter(title="Too long").exists()


@pytest.mark.parametrize(
    "name", ["st\x00aff.csv", "x" * 300 + ".csv", "../../etc/staff.csv", "Pé<b>ople’s list.csv", "STAFF.CSV"]
)
def test_an_odd_file_name_is_read_and_shown_safely(world, name):
    response = upload(world, csv_upload("Ada Brown,ada@fellside.example.org,,,,", name=name))
    assert response.status_code == 302, response.content.decode()[:500]
    latest = RosterUpload.objects.latest("pk")
    assert "/" not in latest.file_name and "\x00" not in latest.file_name
    page = world.client.get(preview_url(world, latest)).content.decode()
    assert "<b>" not in page
