"""An agency lead's staff list pages: upload, preview, confirm or cancel, the template file, and
nobody seeing or changing another agency's list."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from compliance.models import RosterEntry, RosterStatus, RosterUpload
from compliance.services import preview_roster
from tests.compliance.test_rosters import csv_file
from tests.conftest import signed_in_with_mfa
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, JobRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

ROW = "Ada Brown,ada@fellside.example.org,Social worker,East,14/03/2026,"


@pytest.fixture
def agency():
    return AgencyFactory(name="Fellside Children's Services")


@pytest.fixture
def lead(agency):
    return AgencyLeadershipFactory(agency=agency, user__full_name="Lena Lead").user


@pytest.fixture
def lead_client(client, lead):
    JobRoleFactory(name="Social worker", code="social-worker")
    return signed_in_with_mfa(client, lead)


@pytest.fixture
def other_upload():
    """An upload waiting for confirmation on another agency's list."""
    other = AgencyFactory(name="Fellside Police")
    return preview_roster(other, csv_file(ROW), AgencyLeadershipFactory(agency=other).user)


def roster_url(agency):
    return reverse("compliance:roster", args=[agency.pk])


def preview_url(upload):
    return reverse("compliance:roster_preview", args=[upload.agency_id, upload.pk])


def post_file(client, agency, upload_file):
    return client.post(roster_url(agency), {"file": upload_file})


def test_the_roster_page_explains_the_columns_and_offers_the_template(lead_client, agency):
    response = lead_client.get(roster_url(agency))

    assert response.status_code == 200
    page = response.content.decode()
    assert "to take someone off, give them a leaving date" in page
    assert reverse("compliance:roster_template", args=[agency.pk]) in page
    assert "Social worker (code: <code>social-worker</code>)" in page


def test_the_template_is_a_csv_of_the_columns(lead_client, agency):
    response = lead_client.get(reverse("compliance:roster_template", args=[agency.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode().strip() == "Name,Work email,Job role,Team,Start date,Leaving date"


def test_uploading_shows_the_preview_and_confirming_adds_the_people(lead_client, agency, lead):
    response = post_file(lead_client, agency, csv_file(ROW, "Bo Chan,,,,,"))

    upload = RosterUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == preview_url(upload)
    assert not RosterEntry.objects.exists()

    page = lead_client.get(preview_url(upload)).content.decode()
    assert "Will be added" in page
    assert "The work email is missing." in page
    assert "14 Mar 2026" in page or "14 March 2026" in page
    assert "Confirm: add 1 and update 0" in page

    response = lead_client.post(preview_url(upload), {"action": "confirm"}, follow=True)

    assert RosterEntry.objects.get().email == "ada@fellside.example.org"
    page = response.content.decode()
    assert "The staff list is updated from “staff.csv”: 1 person added, 0 people updated, 0 people unchanged." in page
    assert "1 row with errors changed nothing." in page
    assert "Confirm: add" not in page
    assert f'href="/leads/compliance/{upload.agency_id}/staff/">See everyone’s training status' in page
    upload.refresh_from_db()
    assert (upload.status, upload.confirmed_by) == (RosterStatus.CONFIRMED, lead)


def test_a_second_confirm_says_it_was_done_and_changes_nothing(lead_client, agency):
    post_file(lead_client, agency, csv_file(ROW))
    upload = RosterUpload.objects.get()
    lead_client.post(preview_url(upload), {"action": "confirm"})

    response = lead_client.post(preview_url(upload), {"action": "confirm"}, follow=True)

    assert "has already been confirmed; nothing more was changed" in response.content.decode()
    assert RosterEntry.objects.count() == 1


def test_cancelling_changes_nothing_and_goes_back_to_the_roster(lead_client, agency):
    post_file(lead_client, agency, csv_file(ROW))
    upload = RosterUpload.objects.get()

    response = lead_client.post(preview_url(upload), {"action": "cancel"}, follow=True)

    assert response.redirect_chain[-1][0] == roster_url(agency)
    assert "Cancelled: nothing from “staff.csv” was changed." in response.content.decode()
    assert not RosterEntry.objects.exists()
    assert RosterUpload.objects.get().status == RosterStatus.CANCELLED


def test_an_unknown_action_is_a_bad_request(lead_client, agency):
    post_file(lead_client, agency, csv_file(ROW))

    response = lead_client.post(preview_url(RosterUpload.objects.get()), {"action": "delete"})

    assert response.status_code == 400
    assert RosterUpload.objects.get().status == RosterStatus.PREVIEWED


@pytest.mark.parametrize(
    ("upload_file", "message"),
    [
        (SimpleUploadedFile("staff.pdf", b"%PDF-1.4"), "The selected file must be a CSV or an Excel workbook (.xlsx)."),
        (SimpleUploadedFile("staff.xlsx", b"not a workbook"), "could not be opened as an Excel workbook"),
        (SimpleUploadedFile("staff.csv", "Name,Work email\nZoë,z@x.org".encode("cp1252")), "is not UTF-8 text"),
        (SimpleUploadedFile("staff.csv", b"Email\na@x.org"), "The selected file has no name column."),
    ],
)
def test_a_file_that_cannot_be_read_is_shown_beside_the_field_and_writes_nothing(
    lead_client, agency, upload_file, message
):
    response = post_file(lead_client, agency, upload_file)

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert 'id="id_file_error"' in page
    assert not RosterUpload.objects.exists()


def test_an_upload_without_a_file_asks_for_one(lead_client, agency):
    response = lead_client.post(roster_url(agency), {})

    assert response.status_code == 400
    assert "Select a staff list" in response.content.decode()


def test_the_roster_lists_its_people_a_page_at_a_time(lead_client, agency):
    RosterEntry.objects.bulk_create(
        [RosterEntry(agency=agency, email=f"p{n:02}@x.org", full_name=f"Person {n:02}") for n in range(55)]
    )
    RosterEntry.objects.create(agency=AgencyFactory(), email="elsewhere@x.org", full_name="Someone Elsewhere")

    first = lead_client.get(roster_url(agency)).content.decode()
    second = lead_client.get(roster_url(agency), {"page": "2"}).content.decode()

    assert "55 people, showing 1 to 50." in first
    assert "Person 00" in first and "Person 54" not in first
    assert "Person 54" in second
    assert "Someone Elsewhere" not in first + second


# Nobody sees or changes what is not theirs


def test_a_lead_of_another_agency_gets_404_on_every_roster_page(lead_client, other_upload):
    other = other_upload.agency
    urls = [
        roster_url(other),
        reverse("compliance:roster_template", args=[other.pk]),
        preview_url(other_upload),
    ]
    for url in urls:
        assert lead_client.get(url).status_code == 404, url
    assert lead_client.post(roster_url(other), {"file": csv_file(ROW)}).status_code == 404
    for action in ("confirm", "cancel"):
        assert lead_client.post(preview_url(other_upload), {"action": action}).status_code == 404
    other_upload.refresh_from_db()
    assert other_upload.status == RosterStatus.PREVIEWED
    assert not RosterEntry.objects.exists()


def test_another_agencys_upload_under_ones_own_agency_is_404(lead_client, agency, other_upload):
    url = reverse("compliance:roster_preview", args=[agency.pk, other_upload.pk])

    assert lead_client.get(url).status_code == 404
    assert lead_client.post(url, {"action": "confirm"}).status_code == 404
    assert not RosterEntry.objects.exists()


@pytest.mark.parametrize("upload_id", ["999999", "99999999999999999999"])
def test_an_upload_that_does_not_exist_is_404(lead_client, agency, upload_id):
    assert lead_client.get(f"/leads/compliance/{agency.pk}/roster/{upload_id}/").status_code == 404


def test_a_learner_gets_404_on_the_roster_pages(client, agency, other_upload):
    signed_in_with_mfa(client, UserFactory(agency=agency))

    assert client.get(roster_url(agency)).status_code == 404
    assert client.get(reverse("compliance:roster_template", args=[agency.pk])).status_code == 404
    assert client.post(preview_url(other_upload), {"action": "confirm"}).status_code == 404


def test_a_lead_without_two_factor_sign_in_is_sent_to_set_it_up(client, lead, agency):
    client.force_login(lead)

    response = client.get(roster_url(agency))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_a_training_administrator_may_upload_for_any_agency(administrator_client, agency):
    response = post_file(administrator_client, agency, csv_file(ROW))

    assert response.status_code == 302
    assert RosterUpload.objects.get().agency == agency


@pytest.mark.parametrize("query", ["page=abc", "page=99999", "page=-1", "show=<script>", "show=error&page=0"])
def test_tampered_query_strings_give_a_page_not_an_error(lead_client, agency, query):
    post_file(lead_client, agency, csv_file(ROW))
    upload = RosterUpload.objects.get()

    assert lead_client.get(f"{roster_url(agency)}?{query}").status_code == 200
    assert lead_client.get(f"{preview_url(upload)}?{query}").status_code == 200
