"""A certificate's page and PDF download: who may open them (the holder, their agency's lead
with MFA, administrators; anyone else a 404), revoked and superseded certificates, codes typed
in other forms, and the stored PDF served again without rendering."""

import io
from unittest import mock

import pytest
from pypdf import PdfReader

from django.urls import reverse

from certificates import pdf
from certificates.models import Certificate
from certificates.services import revoke_certificate
from tests.conftest import signed_in_with_mfa
from tests.courses.factories import CoursePageFactory
from tests.people.factories import AgencyLeadershipFactory, UserFactory
from tests.records.factories import CompletionFactory

pytestmark = pytest.mark.django_db

MFA_SETUP_URL = "/accounts/2fa/totp/activate/"


@pytest.fixture
def holder():
    return UserFactory(full_name="Siân Ó Briain")


@pytest.fixture
def course():
    return CoursePageFactory(title="Child sexual exploitation: awareness")


@pytest.fixture
def certificate(holder, course):
    return CompletionFactory(user=holder, course=course).certificate


@pytest.fixture
def holder_client(client, holder):
    client.force_login(holder)
    return client


def page_url(certificate):
    return reverse("certificates:detail", args=[certificate.code])


def pdf_url(certificate):
    return reverse("certificates:pdf", args=[certificate.code])


def downloaded_text(response):
    content = b"".join(response.streaming_content)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# Who may open it.


def test_the_holder_downloads_their_certificate_as_a_named_attachment(holder_client, certificate):
    response = holder_client.get(pdf_url(certificate))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="certificate-{certificate.code}.pdf"'
    assert "Siân Ó Briain" in downloaded_text(response)


def test_the_download_is_not_kept_by_shared_caches(holder_client, certificate):
    response = holder_client.get(pdf_url(certificate))

    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_the_holder_sees_the_certificate_as_a_page(holder_client, certificate):
    response = holder_client.get(page_url(certificate))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Certificate of attendance" in html
    assert "Siân Ó Briain" in html
    assert "Child sexual exploitation: awareness" in html
    assert "Valid until" in html and "Status:" in html
    assert pdf_url(certificate) in html
    assert f'href="/verify/{certificate.code}/"' in html


@pytest.mark.parametrize("url", [page_url, pdf_url])
def test_someone_signed_out_is_sent_to_sign_in(client, certificate, url):
    response = client.get(url(certificate))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("url", [page_url, pdf_url])
def test_another_learner_gets_not_found(client, certificate, url):
    client.force_login(UserFactory())

    assert client.get(url(certificate)).status_code == 404


@pytest.mark.parametrize("url", [page_url, pdf_url])
def test_a_lead_of_another_agency_gets_not_found(client, certificate, url):
    signed_in_with_mfa(client, AgencyLeadershipFactory().user)

    assert client.get(url(certificate)).status_code == 404


@pytest.mark.parametrize("url", [page_url, pdf_url])
def test_the_lead_of_the_holders_agency_with_mfa_may_open_it(client, certificate, holder, url):
    signed_in_with_mfa(client, AgencyLeadershipFactory(agency=holder.agency).user)

    assert client.get(url(certificate)).status_code == 200


@pytest.mark.parametrize("url", [page_url, pdf_url])
def test_the_lead_of_the_holders_agency_without_mfa_is_sent_to_set_it_up(client, certificate, holder, url):
    client.force_login(AgencyLeadershipFactory(agency=holder.agency).user)

    response = client.get(url(certificate))

    assert response.status_code == 302
    assert response["Location"] == MFA_SETUP_URL


@pytest.mark.parametrize("url", [page_url, pdf_url])
def test_an_administrator_may_open_any_certificate(administrator_client, certificate, url):
    assert administrator_client.get(url(certificate)).status_code == 200


def test_a_lead_sees_no_breadcrumb_to_their_own_training_on_someone_elses(client, certificate, holder):
    signed_in_with_mfa(client, AgencyLeadershipFactory(agency=holder.agency).user)

    assert 'aria-label="Breadcrumb"' not in client.get(page_url(certificate)).content.decode()


# Codes in URLs.


@pytest.mark.parametrize("url", [page_url, pdf_url])
def test_a_code_in_lower_case_is_redirected_to_its_printed_form(holder_client, certificate, url):
    typed = url(certificate).replace(certificate.code, certificate.code.lower())

    response = holder_client.get(typed)

    assert response.status_code == 302
    assert response["Location"] == url(certificate)


@pytest.mark.parametrize("code", ["CSE-0000-0000", "cse00000000", "not a code!", "CSE-7K3Q-9XM", "x" * 80])
def test_an_unknown_or_malformed_code_gets_not_found(holder_client, certificate, code):
    assert holder_client.get(f"/certificates/{code}/", follow=True).status_code == 404
    assert holder_client.get(f"/certificates/{code}/pdf/", follow=True).status_code == 404


# Revoked and superseded.


@pytest.fixture
def revoked(certificate):
    return revoke_certificate(certificate, UserFactory(), "Signed in for a colleague who did not attend.")


def test_a_revoked_certificate_is_not_served_to_its_holder(holder_client, revoked):
    response = holder_client.get(pdf_url(revoked))

    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/html")
    assert "This certificate has been revoked" in response.content.decode()


def test_a_revoked_certificate_is_not_served_to_an_administrator_either(administrator_client, revoked):
    assert administrator_client.get(pdf_url(revoked)).status_code == 410


def test_a_revoked_certificate_is_not_rendered_either(holder_client, revoked):
    with mock.patch.object(pdf, "render") as render:
        holder_client.get(pdf_url(revoked))

    render.assert_not_called()


def test_the_page_of_a_revoked_certificate_says_so_with_the_reason_and_no_download(holder_client, revoked):
    html = holder_client.get(page_url(revoked)).content.decode()

    assert "This certificate has been revoked" in html
    assert "Revoked on" in html
    assert "Signed in for a colleague who did not attend." in html
    assert pdf_url(revoked) not in html


@pytest.fixture
def superseded(certificate, holder, course):
    CompletionFactory(user=holder, course=course, days_ago=1)
    certificate.refresh_from_db()
    assert certificate.superseded_by is not None
    return certificate


def test_a_superseded_certificate_can_still_be_downloaded(holder_client, superseded):
    response = holder_client.get(pdf_url(superseded))

    assert response.status_code == 200
    assert superseded.code in downloaded_text(response)


def test_the_page_of_a_superseded_certificate_says_so_and_links_the_newer_one(holder_client, superseded):
    html = holder_client.get(page_url(superseded)).content.decode()

    assert "This certificate has been superseded" in html
    assert "Superseded by a newer certificate" in html
    assert page_url(superseded.superseded_by) in html
    assert pdf_url(superseded) in html


# Made once, served from storage.


def test_a_second_download_serves_the_stored_file_without_rendering(holder_client, certificate):
    first = b"".join(holder_client.get(pdf_url(certificate)).streaming_content)

    with mock.patch.object(pdf, "render", wraps=pdf.render) as render:
        second = b"".join(holder_client.get(pdf_url(certificate)).streaming_content)

    render.assert_not_called()
    assert second == first


def test_a_download_after_the_name_changed_gets_the_new_name(holder_client, certificate, holder):
    holder_client.get(pdf_url(certificate))
    holder.full_name = "Zoë Ångström-O’Neill"
    holder.save()

    text = downloaded_text(holder_client.get(pdf_url(certificate)))

    assert "Zoë Ångström-O’Neill" in text
    assert "Siân Ó Briain" not in text


def test_the_first_download_stores_the_file(holder_client, certificate):
    holder_client.get(pdf_url(certificate))

    assert Certificate.objects.get(pk=certificate.pk).pdf


def test_a_repeat_download_costs_a_fixed_small_number_of_queries(
    holder_client, certificate, django_assert_max_num_queries
):
    holder_client.get(pdf_url(certificate))

    # The session, the person, MFA's and visibility's checks (two each), the certificate, its
    # course's level, the site's settings with the site and the logo.
    with django_assert_max_num_queries(9):
        holder_client.get(pdf_url(certificate))
