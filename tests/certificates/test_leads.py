"""Agency leads' certificates page (/leads/certificates/): the certificates of their agencies'
staff only, filtered by agency, course and status, with view and download links, in a fixed
number of queries; a learner is refused."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from certificates.services import revoke_certificate
from tests.certificates.factories import issue
from tests.courses.factories import CoursePageFactory
from tests.people.conftest import activate_totp
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/leads/certificates/"
TODAY = datetime.date.today()


@pytest.fixture
def agency():
    return AgencyFactory(name="Fellside Children’s Services")


@pytest.fixture
def lead(client, agency):
    someone = AgencyLeadershipFactory(agency=agency, user=UserFactory(full_name="Lena Lead", agency=agency)).user
    activate_totp(someone)
    client.force_login(someone)
    return someone


def html_of(client, **params):
    response = client.get(PAGE, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_lead_sees_their_staff_s_certificates_with_links(client, lead, agency):
    certificate = issue(UserFactory(full_name="Ruth Lowther", agency=agency))
    html = html_of(client)
    assert "Ruth Lowther" in html
    assert certificate.code in html
    assert f'href="/certificates/{certificate.code}/"' in html
    assert f'href="/certificates/{certificate.code}/pdf/"' in html


def test_a_lead_does_not_see_another_agency_s_certificates(client, lead):
    theirs = issue(UserFactory(full_name="Morgan Otherperson", agency=AgencyFactory(name="Fellside Police")))
    html = html_of(client)
    assert "Morgan Otherperson" not in html
    assert theirs.code not in html


def test_a_revoked_certificate_has_no_download_link(client, lead, agency):
    certificate = issue(UserFactory(agency=agency))
    revoke_certificate(certificate, UserFactory(), "Marked in error")
    html = html_of(client)
    assert "Revoked on" in html
    assert f"/certificates/{certificate.code}/pdf/" not in html


def test_the_list_is_filtered_by_course(client, lead, agency):
    wanted, other = CoursePageFactory(title="Course wanted"), CoursePageFactory(title="Course not wanted")
    kept, dropped = issue(UserFactory(agency=agency), wanted), issue(UserFactory(agency=agency), other)
    html = html_of(client, course=wanted.pk)
    assert kept.code in html and dropped.code not in html


def test_the_list_is_filtered_by_status(client, lead, agency):
    course = CoursePageFactory(validity_months=12)
    valid = issue(UserFactory(agency=agency), course)
    expired = issue(UserFactory(agency=agency), course, TODAY - datetime.timedelta(days=500))
    revoked = issue(UserFactory(agency=agency), course)
    revoke_certificate(revoked, UserFactory(), "Marked in error")
    html = html_of(client, status="expired")
    assert expired.code in html and valid.code not in html and revoked.code not in html
    html = html_of(client, status="valid")
    assert valid.code in html and expired.code not in html and revoked.code not in html


def test_a_lead_of_two_agencies_filters_by_agency(client, lead, agency):
    second = AgencyLeadershipFactory(user=lead, agency=AgencyFactory(name="Fellside Health")).agency
    here, there = issue(UserFactory(agency=agency)), issue(UserFactory(agency=second))
    assert here.code in html_of(client) and there.code in html_of(client)
    html = html_of(client, agency=second.pk)
    assert there.code in html and here.code not in html


def test_a_filter_value_that_is_not_a_choice_is_reported_not_an_error(client, lead, agency):
    certificate = issue(UserFactory(agency=agency))
    html = html_of(client, status="lost", course="abc")
    assert "Some filters were not applied" in html
    assert certificate.code in html


def test_an_agency_filter_cannot_reach_another_agency(client, lead):
    elsewhere = AgencyFactory(name="Fellside Police")
    theirs = issue(UserFactory(agency=elsewhere))
    assert theirs.code not in html_of(client, agency=elsewhere.pk)


def test_a_learner_is_refused(client):
    learner = UserFactory()
    client.force_login(learner)
    assert client.get(PAGE).status_code == 403


def test_someone_signed_out_is_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_page_costs_the_same_queries_for_2_certificates_as_for_10(client, lead, agency, django_assert_num_queries):
    courses = [CoursePageFactory() for _ in range(10)]
    for course in courses[:2]:
        issue(UserFactory(agency=agency), course)
    html_of(client)  # warm: Wagtail's site and settings caches
    with CaptureQueriesContext(connection) as two:
        assert html_of(client).count("Download PDF") == 2
    for course in courses[2:]:
        issue(UserFactory(agency=agency), course)
    with django_assert_num_queries(len(two)):
        assert html_of(client).count("Download PDF") == 10


def test_the_leads_home_page_links_to_the_certificates(client, lead):
    assert f'href="{PAGE}"' in client.get("/leads/").content.decode()
