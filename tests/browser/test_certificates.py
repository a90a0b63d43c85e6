"""A certificate as its holder and an inspector meet it: the holder finds it in My training,
opens the accessible page, downloads the PDF; then anyone opens the verify page for its code,
by typing the code into the form as it might be read out. Axe checks every page visited,
the certificate page included."""

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from certificates.models import Certificate
from elearning.services import enrol, start_attempt, submit_attempt
from tests.browser.test_accounts import sign_in
from tests.elearning.conftest import read_every_lesson
from tests.elearning.factories import ModuleFactory, right_answers
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL = "sian.obriain@fellside.example.org"


@pytest.fixture
def certificate():
    person = UserFactory(email=EMAIL, full_name="Siân Ó Briain")
    module = ModuleFactory(course__title="CSE awareness")
    enrolment = enrol(person, module)
    read_every_lesson(enrolment)
    attempt = start_attempt(enrolment)
    submit_attempt(attempt, right_answers(attempt))
    return Certificate.objects.get(person=person)


def test_download_a_certificate_from_my_training_then_verify_its_code(
    live_server, page, check_a11y, certificate, tmp_path
):
    sign_in(page, live_server.url, EMAIL)
    page.goto(f"{live_server.url}/profile/training/")
    expect(page.get_by_role("heading", name="Your certificates")).to_be_visible()
    check_a11y(page)

    with page.expect_download() as download:
        page.get_by_role("link", name=f"Download PDF of certificate {certificate.code}").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    text = "".join(pdf_page.extract_text() for pdf_page in PdfReader(saved).pages)
    assert "Siân Ó Briain" in text and certificate.code in text

    page.get_by_role("link", name=f"View certificate {certificate.code}").click()
    expect(page.get_by_text("Siân Ó Briain", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Download the certificate (PDF)")).to_be_visible()
    check_a11y(page)

    # An inspector reads the code out; it is typed in lower case with spaces.
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/verify/")
    check_a11y(page)
    page.get_by_label("Certificate code").fill(certificate.code.lower().replace("-", " "))
    page.get_by_role("button", name="Check the certificate").click()
    expect(page.get_by_text("Valid until")).to_be_visible()
    expect(page.get_by_text("Siân Ó Briain", exact=True)).to_be_visible()
    expect(page.get_by_text(EMAIL)).to_have_count(0)
    check_a11y(page)
