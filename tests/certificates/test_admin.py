"""The Certificates admin: a read-only list with filters and search, and revoking (with a
reason) and restoring one certificate through the services; no create, edit or delete screen;
nobody but administrators gets in."""

import datetime

import pytest

from wagtail.models import ModelLogEntry

from certificates.models import Certificate
from certificates.services import REVOKE, revoke_certificate
from tests.certificates.factories import issue
from tests.courses.factories import CoursePageFactory
from tests.people.conftest import activate_totp
from tests.people.factories import AgencyLeadershipFactory, UserFactory

pytestmark = pytest.mark.django_db

CERTIFICATES = "/admin/certificates/"
TODAY = datetime.date.today()


@pytest.fixture
def certificate():
    return issue(
        UserFactory(full_name="Ada Brown", email="ada.brown@fellside.example.org"),
        CoursePageFactory(title="CSE Awareness for Practitioners", validity_months=36),
    )


def html_of(client, path=CERTIFICATES, **params):
    response = client.get(path, params)
    assert response.status_code == 200, path
    return response.content.decode()


def test_an_administrator_lists_certificates_with_code_person_course_kind_date_and_status(
    administrator_client, certificate
):
    html = html_of(administrator_client)
    for shown in (certificate.code, "Ada Brown", "CSE Awareness for Practitioners", "Certificate of attendance"):
        assert shown in html
    assert "Valid until" in html


def test_the_admin_menu_has_certificates(administrator_client):
    assert CERTIFICATES in html_of(administrator_client, "/admin/")


@pytest.mark.parametrize("query", ["Ada Brown", "ada.brown@fellside", "{code}", "{spaced}"])
def test_the_list_is_searched_by_code_name_or_email(administrator_client, certificate, query):
    other = issue(UserFactory(full_name="Morgan Other"))
    query = query.format(code=certificate.code, spaced=certificate.code.lower().replace("-", " "))
    html = html_of(administrator_client, q=query)
    assert certificate.code in html
    assert other.code not in html


def test_the_list_is_filtered_by_course_and_status(administrator_client, certificate):
    other_course = issue(course=CoursePageFactory(title="Specialist workshop"))
    revoked = issue(course=certificate.course)
    revoke_certificate(revoked, UserFactory(), "Marked in error")

    by_course = html_of(administrator_client, course=certificate.course.pk)
    assert certificate.code in by_course and other_course.code not in by_course
    by_status = html_of(administrator_client, status="revoked")
    assert revoked.code in by_status and certificate.code not in by_status


def test_each_row_offers_revoke_or_restore(administrator_client, certificate):
    revoked = issue()
    revoke_certificate(revoked, UserFactory(), "Marked in error")
    html = html_of(administrator_client)
    assert f"{CERTIFICATES}revoke/{certificate.pk}/" in html
    assert f"{CERTIFICATES}restore/{certificate.pk}/" not in html
    assert f"{CERTIFICATES}restore/{revoked.pk}/" in html
    assert f"{CERTIFICATES}revoke/{revoked.pk}/" not in html


def test_an_administrator_revokes_a_certificate_with_a_reason_audited(administrator_client, certificate):
    url = f"{CERTIFICATES}revoke/{certificate.pk}/"
    assert "Reason for revoking" in html_of(administrator_client, url)

    response = administrator_client.post(url, {"reason": "Marked on the register for the wrong person"})

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.is_revoked
    assert certificate.revoked_reason == "Marked on the register for the wrong person"
    assert ModelLogEntry.objects.for_instance(certificate).filter(action=REVOKE).exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_revoking_without_a_reason_is_refused_with_a_message_and_changes_nothing(
    administrator_client, certificate, reason
):
    response = administrator_client.post(f"{CERTIFICATES}revoke/{certificate.pk}/", {"reason": reason})

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert html.count("Enter the reason for revoking the certificate") == 2  # the summary and the field
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_revoking_one_already_revoked_says_so_and_keeps_the_first_reason(administrator_client, certificate):
    revoke_certificate(certificate, UserFactory(), "First reason")
    response = administrator_client.post(f"{CERTIFICATES}revoke/{certificate.pk}/", {"reason": "Second"}, follow=True)
    assert "was already revoked" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "First reason"


def test_an_administrator_restores_a_revoked_certificate(administrator_client, certificate):
    revoke_certificate(certificate, UserFactory(), "Marked in error")
    url = f"{CERTIFICATES}restore/{certificate.pk}/"
    assert "Marked in error" in html_of(administrator_client, url)

    assert administrator_client.post(url).status_code == 302
    certificate.refresh_from_db()
    assert not certificate.is_revoked


@pytest.mark.parametrize("action", ["revoke", "restore"])
@pytest.mark.parametrize("bad_id", ["999999", "abc", "9" * 30])
def test_a_bad_id_is_not_found(administrator_client, action, bad_id):
    assert administrator_client.get(f"{CERTIFICATES}{action}/{bad_id}/").status_code == 404
    assert administrator_client.post(f"{CERTIFICATES}{action}/{bad_id}/", {"reason": "x"}).status_code == 404


@pytest.mark.parametrize("path", ["new/", "edit/{pk}/", "delete/{pk}/"])
def test_there_is_no_screen_to_create_edit_or_delete_one(superuser_client, certificate, path):
    response = superuser_client.post(CERTIFICATES + path.format(pk=certificate.pk), {"code": "CSE-AAAA-AAAA"})
    assert response.status_code == 404
    assert Certificate.objects.filter(pk=certificate.pk, code=certificate.code).exists()


def test_the_list_and_inspect_screens_link_to_no_removed_screen(superuser_client, certificate):
    for path in ("", f"inspect/{certificate.pk}/"):
        html = html_of(superuser_client, CERTIFICATES + path)
        assert f"{CERTIFICATES}new/" not in html
        assert f"{CERTIFICATES}edit/" not in html
        assert f"{CERTIFICATES}delete/" not in html


def learner(client):
    client.force_login(UserFactory())


def agency_lead(client):
    lead = AgencyLeadershipFactory().user
    activate_totp(lead)
    client.force_login(lead)


@pytest.mark.parametrize("sign_in", [learner, agency_lead], ids=["learner", "agency-lead"])
@pytest.mark.parametrize("path", ["", "revoke/{pk}/", "restore/{pk}/", "inspect/{pk}/"])
def test_a_learner_and_an_agency_lead_are_refused(client, certificate, sign_in, path):
    sign_in(client)
    url = CERTIFICATES + path.format(pk=certificate.pk)
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Because"}).status_code == 403
    certificate.refresh_from_db()
    assert not certificate.is_revoked
