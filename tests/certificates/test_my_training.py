"""My training lists every certificate of the person with its status, to view and download
(no download once revoked), in a fixed number of queries."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from certificates.services import revoke_certificate
from tests.certificates.factories import issue
from tests.courses.factories import CoursePageFactory
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db

MY_TRAINING = "/profile/training/"


@pytest.fixture
def me(client):
    person = UserFactory(full_name="Siân Ó Briain")
    client.force_login(person)
    return person


def html_of(client):
    response = client.get(MY_TRAINING)
    assert response.status_code == 200
    return response.content.decode()


def test_my_training_lists_each_certificate_with_course_kind_date_and_status(client, me):
    certificate = issue(me, CoursePageFactory(title="CSE Awareness for Practitioners", validity_months=36))
    html = html_of(client)
    assert "Your certificates" in html
    assert "CSE Awareness for Practitioners" in html
    assert "Certificate of attendance" in html
    assert certificate.code in html
    assert "Valid until" in html


def test_each_certificate_links_to_its_page_and_its_download(client, me):
    certificate = issue(me)
    html = html_of(client)
    assert f'href="/certificates/{certificate.code}/"' in html
    assert f'href="/certificates/{certificate.code}/pdf/"' in html


def test_a_revoked_certificate_says_so_and_has_no_download(client, me):
    certificate = issue(me)
    revoke_certificate(certificate, UserFactory(), "Marked in error")
    html = html_of(client)
    assert "Revoked on" in html
    assert f'href="/certificates/{certificate.code}/"' in html
    assert f"/certificates/{certificate.code}/pdf/" not in html


def test_a_renewed_course_shows_the_old_certificate_as_superseded(client, me):
    course = CoursePageFactory(validity_months=36)
    issue(me, course, datetime.date.today() - datetime.timedelta(days=800))
    issue(me, course)
    assert "Superseded by a newer certificate" in html_of(client)


def test_someone_else_s_certificates_are_not_listed(client, me):
    theirs = issue(UserFactory(), CoursePageFactory(title="Specialist workshop on disclosures"))
    html = html_of(client)
    assert theirs.code not in html
    assert "You have no certificates yet" in html


def test_the_certificates_cost_the_same_queries_for_2_as_for_10(client, me, django_assert_num_queries):
    courses = [CoursePageFactory() for _ in range(10)]
    for course in courses[:2]:
        issue(me, course)
    html_of(client)  # warm: Wagtail's site and settings caches
    with CaptureQueriesContext(connection) as two:
        assert html_of(client).count("Download PDF") == 2
    for course in courses[2:]:
        issue(me, course)
    with django_assert_num_queries(len(two)):
        assert html_of(client).count("Download PDF") == 10
