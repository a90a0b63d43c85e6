"""The public verify pages: anyone with a code sees the certificate's status in words, the
holder's name, the course and level, the date and the partnership, and nothing else; a code
that cannot be one and a code never issued get the same page; lookups are limited per client."""

import datetime

import pytest
import time_machine

from django.test import override_settings
from django.utils.html import escape

from certificates.services import revoke_certificate
from lscb_training.dates import LONDON, format_short_date
from tests.certificates.factories import issue
from tests.courses.factories import CoursePageFactory, TrainingLevelPageFactory, training_index
from tests.people.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

COMPLETED_ON = datetime.date(2025, 3, 10)
UNKNOWN = "CSE-ZZZZ-ZZZZ"


@pytest.fixture
def holder():
    return UserFactory(
        full_name="Zoë Ångström-O’Neill",
        email="zoe.angstrom@fellside.example.org",
        agency=AgencyFactory(name="Fellside Youth Offending Service"),
    )


@pytest.fixture
def course():
    level = TrainingLevelPageFactory(parent=training_index(), number=2, title="Half-day workshops")
    return CoursePageFactory(parent=level, title="CSE Awareness for Practitioners", validity_months=12)


@pytest.fixture
def certificate(holder, course):
    return issue(holder, course, COMPLETED_ON)


def at(day):
    """The clock moved to noon in London on ``day``."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(12), tzinfo=LONDON), tick=False)


def page(client, code, **extra):
    return client.get(f"/verify/{code}/", **extra)


def text_of(response):
    return response.content.decode()


def test_anyone_opens_the_verify_form_without_signing_in(client):
    response = client.get("/verify/")
    assert response.status_code == 200
    assert "Check a certificate" in text_of(response)


def test_a_valid_certificate_says_valid_until_its_expiry(client, certificate):
    with at(certificate.expires_on - datetime.timedelta(days=200)):
        response = page(client, certificate.code)
    assert response.status_code == 200
    assert f"Valid until {format_short_date(certificate.expires_on)}" in text_of(response)


def test_a_certificate_expiring_within_60_days_says_so(client, certificate):
    with at(certificate.expires_on - datetime.timedelta(days=30)):
        html = text_of(page(client, certificate.code))
    assert f"Valid, expires within 60 days: on {format_short_date(certificate.expires_on)}" in html


def test_an_expired_certificate_says_expired_on_its_date(client, certificate):
    with at(certificate.expires_on + datetime.timedelta(days=1)):
        html = text_of(page(client, certificate.code))
    assert f"Expired on {format_short_date(certificate.expires_on)}" in html
    assert "Valid" not in html


def test_a_revoked_certificate_says_revoked_with_the_date_and_not_why(client, certificate):
    with at(datetime.date(2025, 6, 2)):
        revoke_certificate(certificate, UserFactory(), "Marked on the register for the wrong person")
        html = text_of(page(client, certificate.code))
    assert "Revoked on 2 June 2025" in html
    assert "wrong person" not in html
    assert "Valid" not in html


def test_a_superseded_certificate_says_superseded(client, certificate, holder, course):
    issue(holder, course, COMPLETED_ON + datetime.timedelta(days=300))
    html = text_of(page(client, certificate.code))
    assert "Superseded by a newer certificate" in html
    assert "Valid" not in html


def test_the_page_shows_the_name_course_level_date_and_partnership(client, certificate):
    html = text_of(page(client, certificate.code))
    assert escape("Zoë Ångström-O’Neill") in html
    assert "CSE Awareness for Practitioners" in html
    assert "Level 2: Half-day workshops" in html
    assert "Monday 10 March 2025" in html
    assert "Cumbria Local Safeguarding Children Partnership" in html


def test_the_page_shows_nothing_else_about_the_person(client, certificate, holder):
    html = text_of(page(client, certificate.code))
    assert holder.email not in html
    assert "Fellside Youth Offending Service" not in html
    assert holder.job_role.name not in html


def test_the_status_is_in_words_not_only_colour(client, certificate):
    with at(COMPLETED_ON + datetime.timedelta(days=30)):
        html = text_of(page(client, certificate.code))
    assert '<strong class="tag tag--green">Valid' in html


def test_a_typed_code_in_lower_case_with_spaces_goes_to_its_page(client, certificate):
    typed = f"  {certificate.code.lower().replace('-', ' ')} "
    response = client.get("/verify/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{certificate.code}/"


def test_a_typed_code_without_its_prefix_goes_to_its_page(client, certificate):
    response = client.get("/verify/", {"code": certificate.code.removeprefix("CSE-")})
    assert response["Location"] == f"/verify/{certificate.code}/"


def test_a_code_in_the_address_in_lower_case_goes_to_the_printed_form(client, certificate):
    response = page(client, certificate.code.lower())
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{certificate.code}/"


def test_an_empty_code_asks_for_one(client):
    response = client.get("/verify/", {"code": "  "})
    assert response.status_code == 400
    assert "Enter the certificate code" in text_of(response)
    assert "There is a problem" in text_of(response)


@pytest.mark.parametrize(
    "ask",
    [
        lambda client: page(client, "not-a-certificate"),
        lambda client: client.get("/verify/", {"code": "'; drop table"}, follow=True),
        lambda client: client.get("/verify/", {"code": "x" * 5000}, follow=True),
        lambda client: client.get("/verify/", {"code": "/../admin/"}, follow=True),
        lambda client: page(client, "CSE-7K3Q"),
    ],
    ids=["address", "form", "very-long", "slashes", "too-short"],
)
def test_a_malformed_code_gets_the_same_page_as_an_unknown_one(client, ask):
    unknown = page(client, UNKNOWN)
    malformed = ask(client)
    assert unknown.status_code == malformed.status_code == 404
    assert text_of(malformed) == text_of(unknown)
    assert "No certificate with this code" in text_of(unknown)


def test_the_pages_are_not_cached_nor_indexed(client, certificate):
    for response in (page(client, certificate.code), page(client, UNKNOWN)):
        assert "no-cache" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex, nofollow"


@override_settings(CERTIFICATE_VERIFY_LOOKUPS=3)
def test_lookups_are_limited_per_client(client, certificate):
    for _ in range(3):
        assert page(client, UNKNOWN).status_code == 404
    refused = page(client, certificate.code)
    assert refused.status_code == 429
    assert "Too many checks" in text_of(refused)
    assert refused["Retry-After"] == "600"
    assert "Zoë" not in text_of(refused)


@override_settings(CERTIFICATE_VERIFY_LOOKUPS=3)
def test_the_limit_counts_malformed_codes_typed_in_the_form(client):
    for _ in range(3):
        assert client.get("/verify/", {"code": "nonsense!"}, follow=True).status_code == 404
    assert client.get("/verify/", {"code": "nonsense!"}, follow=True).status_code == 429


@override_settings(CERTIFICATE_VERIFY_LOOKUPS=3)
def test_another_client_is_not_held_back_by_one_over_the_limit(client, certificate):
    for _ in range(4):
        page(client, UNKNOWN, REMOTE_ADDR="203.0.113.7")
    assert page(client, certificate.code, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert page(client, certificate.code, REMOTE_ADDR="198.51.100.23").status_code == 200


@override_settings(CERTIFICATE_VERIFY_LOOKUPS=2, CERTIFICATE_VERIFY_WINDOW_SECONDS=600)
def test_the_limit_lifts_when_the_window_has_passed(client, certificate):
    start = datetime.datetime(2026, 1, 5, 9, tzinfo=LONDON)
    with time_machine.travel(start, tick=False):
        page(client, UNKNOWN)
        page(client, UNKNOWN)
        assert page(client, certificate.code).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=11), tick=False):
        assert page(client, certificate.code).status_code == 200


def test_the_main_navigation_links_to_the_verify_form(client):
    html = text_of(client.get("/verify/"))
    assert '<a href="/verify/" aria-current="page">Check a certificate</a>' in html
