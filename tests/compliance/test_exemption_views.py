"""A lead exempts one of their staff from a requirement; nobody else's staff, no other agency."""

import datetime

import pytest

from django.contrib.messages import get_messages
from django.utils import timezone

from compliance.models import Exemption
from lscb_training.dates import format_short_date
from tests.compliance.factories import RequirementFactory
from tests.conftest import signed_in_with_mfa
from tests.courses.factories import CoursePageFactory, TrainingLevelPageFactory
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def requirement():
    return RequirementFactory(courses=[CoursePageFactory()])


@pytest.fixture
def member(agency):
    return UserFactory(agency=agency, role_started_on=datetime.date(2020, 1, 1))


def lead_of(client, agency):
    return signed_in_with_mfa(client, AgencyLeadershipFactory(agency=agency).user)


def url(agency, person):
    return f"/leads/compliance/{agency.pk}/people/{person.pk}/exempt/"


def post(client, agency, person, **fields):
    ends = (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    return client.post(url(agency, person), {"reason": "Seconded", "ends_on": ends, **fields})


def test_a_lead_exempts_one_of_their_staff(client, agency, member, requirement):
    response = post(lead_of(client, agency), agency, member, requirement=requirement.pk)
    assert response.status_code == 302
    exemption = Exemption.objects.get()
    assert (exemption.person, exemption.requirement, exemption.reason) == (member, requirement, "Seconded")


def test_the_confirmation_names_someone_with_no_name_by_their_email(client, agency, requirement):
    nameless = UserFactory(agency=agency, full_name="", role_started_on=datetime.date(2020, 1, 1))
    response = post(lead_of(client, agency), agency, nameless, requirement=requirement.pk)
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert said == [f"{nameless.email} is exempt from “{requirement.title}”."]


def test_the_persons_record_says_until_when_they_are_exempt(client, agency, member, requirement):
    ends = timezone.localdate() + datetime.timedelta(days=90)
    response = client.get(post(lead_of(client, agency), agency, member, requirement=requirement.pk)["Location"])
    assert f"Exempt until {format_short_date(ends)}" in response.content.decode()


def test_a_lead_of_another_agency_gets_404(client, agency, member, requirement):
    response = post(lead_of(client, AgencyFactory()), agency, member, requirement=requirement.pk)
    assert response.status_code == 404
    assert not Exemption.objects.exists()


def test_a_person_from_another_agency_is_404_even_to_this_agencys_lead(client, agency, requirement):
    outsider = UserFactory(agency=AgencyFactory())
    assert post(lead_of(client, agency), agency, outsider, requirement=requirement.pk).status_code == 404


def test_a_learner_gets_404(client, agency, member, requirement):
    signed_in_with_mfa(client, UserFactory(agency=agency))
    assert client.get(url(agency, member)).status_code == 404


@pytest.mark.parametrize("requirement_id", ["999999", "abc", "-1", ""])
def test_a_tampered_requirement_is_refused_in_words(client, agency, member, requirement, requirement_id):
    response = post(lead_of(client, agency), agency, member, requirement=requirement_id)
    assert response.status_code == 400
    assert "Choose" in response.content.decode()
    assert not Exemption.objects.exists()


def test_a_requirement_that_does_not_apply_to_them_cannot_be_chosen(client, agency, member):
    other_agencys = RequirementFactory(courses=[CoursePageFactory()], agency=AgencyFactory())
    response = post(lead_of(client, agency), agency, member, requirement=other_agencys.pk)
    assert response.status_code == 400
    assert not Exemption.objects.exists()


def test_an_end_date_in_the_past_is_refused_beside_the_field(client, agency, member, requirement):
    response = post(lead_of(client, agency), agency, member, requirement=requirement.pk, ends_on="2020-01-01")
    assert response.status_code == 400
    assert "The exemption must end after" in response.content.decode()


def test_my_training_shows_the_requirements_that_apply_and_where_the_person_stands(client, member, requirement):
    client.force_login(member)
    html = client.get("/profile/training/").content.decode()
    assert "Your required training" in html
    assert requirement.title in html
    assert "Not started" in html


def test_my_training_offers_both_the_courses_and_a_minimum_level(client, member):
    TrainingLevelPageFactory(number=2)
    course = CoursePageFactory(title="CSE essentials")
    RequirementFactory(courses=[course], minimum_level=2)
    client.force_login(member)
    html = " ".join(client.get("/profile/training/").content.decode().split())
    assert "CSE essentials" in html
    assert "any course at level 2 or above" in html


def test_my_training_says_so_when_a_requirement_names_no_course_yet(client, member):
    RequirementFactory(courses=[], minimum_level=None)
    client.force_login(member)
    html = " ".join(client.get("/profile/training/").content.decode().split())
    assert "level None" not in html
    assert "No course has been chosen for this yet" in html


def test_my_training_has_no_required_training_panel_when_nothing_applies(client, member):
    client.force_login(member)
    assert "Your required training" not in client.get("/profile/training/").content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/leads/compliance/99999999999999999999/people/1/exempt/",
        "/leads/compliance/{agency}/people/99999999999999999999/exempt/",
        "/leads/compliance/{agency}/roster/99999999999999999999/",
    ],
)
def test_ids_too_large_for_the_database_find_nothing(client, agency, path):
    assert lead_of(client, agency).get(path.format(agency=agency.pk)).status_code == 404
