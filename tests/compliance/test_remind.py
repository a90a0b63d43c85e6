""" "Remind selected" (POST /leads/compliance/<id>/remind/): the chosen people of the lead's
agency are emailed their status and what would meet it, all or none, at most once a day per
person and requirement, and the lead is sent back to the staff list with what happened."""

import datetime
import re

import pytest
import time_machine

from django.contrib.messages import get_messages
from django.core import mail

from compliance.lead_reminders import MAX_PEOPLE
from compliance.models import LeadReminderSent
from courses.models import CourseFormat
from people.models import Sector
from records.choices import CompletionSource
from records.services import record_completion
from tests.bookings.factories import SessionFactory
from tests.compliance.factories import RequirementFactory
from tests.courses.factories import CoursePageFactory
from tests.elearning.factories import ModuleFactory
from tests.people.conftest import activate_totp
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def agency():
    return AgencyFactory(name="Fellside Children’s Services", sector=Sector.CHILDRENS_SERVICES)


@pytest.fixture
def course():
    return CoursePageFactory(title="CSE awareness workshop")


@pytest.fixture
def requirement(course):
    return RequirementFactory(title="CSE awareness", courses=[course])


@pytest.fixture
def lead(client, agency):
    someone = AgencyLeadershipFactory(
        agency=agency, user=UserFactory(agency=agency, full_name="Lena Lead", email="lena.lead@fellside.example.org")
    ).user
    activate_totp(someone)
    client.force_login(someone)
    return someone


def member(agency, **extra):
    return UserFactory(agency=agency, role_started_on=datetime.date(2019, 1, 1), **extra)


def url(agency):
    return f"/leads/compliance/{agency.pk}/remind/"


def post(client, agency, requirement, people, **extra):
    mail.outbox.clear()
    client.cookies.pop("messages", None)  # what an earlier post said, never shown (no staff page followed)
    data = {"requirement": requirement.pk if requirement else "", "people": [getattr(p, "pk", p) for p in people]}
    return client.post(url(agency), {**data, **extra})


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_chosen_people_are_emailed_and_the_lead_returns_to_the_staff_list(client, lead, agency, requirement):
    chosen = [member(agency), member(agency)]
    member(agency)  # not chosen

    response = post(client, agency, requirement, chosen)

    assert response.status_code == 302
    assert response["Location"] == f"/leads/compliance/{agency.pk}/staff/?requirement={requirement.pk}"
    assert said(response) == ["Reminder emailed to 2 people about “CSE awareness”."]
    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in chosen)
    assert LeadReminderSent.objects.filter(requirement=requirement, sent_by=lead).count() == 2


def test_the_email_says_what_is_due_and_links_the_next_sessions_and_e_learning(
    client, lead, agency, requirement, course
):
    person = member(agency, full_name="Ruth Lowther")
    record_completion(person, course, datetime.date(2023, 1, 10), CompletionSource.ATTENDANCE)
    session = SessionFactory(course=course, days_ahead=20)
    module = ModuleFactory(course__title="CSE awareness online", course__format=CourseFormat.E_LEARNING)
    requirement.courses.add(module.course)
    requirement.save()  # a ParentalManyToManyField is written on save
    mail.outbox.clear()

    post(client, agency, requirement, [person])

    (message,) = mail.outbox
    assert message.subject == "Reminder: CSE awareness"
    assert message.extra_headers["Reply-To"] == "lena.lead@fellside.example.org"
    assert "Dear Ruth Lowther" in message.body
    assert "Lena Lead, who looks after training for Fellside Children’s Services" in message.body
    assert "Your training lapsed on Saturday 10 January 2026." in message.body
    assert f"http://testserver/sessions/{session.uid}/" in message.body
    assert "Sunday 5 July 2026, 9:30am to 12:30pm" in message.body
    assert f"http://testserver/e-learning/{module.pk}/" in message.body
    assert "http://testserver/profile/training/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="http://testserver/sessions/{session.uid}/"' in html


def test_a_new_starter_is_told_the_date_it_is_due_by(client, lead, agency, requirement):
    person = UserFactory(agency=agency, role_started_on=datetime.date(2026, 5, 1))
    post(client, agency, requirement, [person])
    assert "you need to complete it by Saturday 1 August 2026" in mail.outbox[0].body


def test_the_lead_returns_to_the_list_as_they_left_it_filters_sort_and_page(client, lead, agency, requirement):
    person = member(agency)
    left = "status=not_started&sort=-status&page=2&search=ann&next=https://example.com/&requirement=999"

    response = post(client, agency, requirement, [person], returning=left)

    assert response["Location"] == (
        f"/leads/compliance/{agency.pk}/staff/?requirement={requirement.pk}"
        "&status=not_started&search=ann&sort=-status&page=2"
    )


def test_the_line_manager_is_copied_only_when_asked(client, lead, agency, requirement):
    person = member(agency, line_manager_email="manager@fellside.example.org")
    no_manager = member(agency)

    post(client, agency, requirement, [person, no_manager])
    assert all(message.cc == [] for message in mail.outbox)

    LeadReminderSent.objects.all().delete()
    post(client, agency, requirement, [person, no_manager], copy_managers="on")
    copied = {message.to[0]: message.cc for message in mail.outbox}
    assert copied == {person.email: ["manager@fellside.example.org"], no_manager.email: []}
    assert LeadReminderSent.objects.get(person=person).copied_manager


def test_the_staff_lists_copy_managers_box_copies_the_line_manager(client, lead, agency, requirement):
    person = member(agency, line_manager_email="manager@fellside.example.org")
    page = client.get(f"/leads/compliance/{agency.pk}/staff/").content.decode()
    ticked = re.search(r'<input type="checkbox" name="copy_managers"(?: value="([^"]*)")?', page)
    post(client, agency, requirement, [person], copy_managers=ticked.group(1) or "on")
    assert [message.cc for message in mail.outbox] == [["manager@fellside.example.org"]]


def test_a_double_submit_reminds_nobody_twice(client, lead, agency, requirement):
    person = member(agency)
    post(client, agency, requirement, [person])

    response = post(client, agency, requirement, [person])

    assert mail.outbox == []
    assert said(response) == [
        "Nobody was reminded about “CSE awareness”. "
        "1 person was not sent one: they had a reminder about it in the last day."
    ]
    assert LeadReminderSent.objects.count() == 1


def test_someone_reminded_in_the_last_day_is_skipped_and_the_rest_are_sent(
    client, lead, agency, requirement, on_a_fixed_day
):
    earlier = member(agency)
    post(client, agency, requirement, [earlier])
    on_a_fixed_day.shift(datetime.timedelta(hours=23))
    others = [member(agency) for _ in range(3)]

    response = post(client, agency, requirement, [*others, earlier])

    assert said(response) == [
        "Reminder emailed to 3 people about “CSE awareness”. "
        "1 person was not sent one: they had a reminder about it in the last day."
    ]
    assert earlier.email not in [message.to[0] for message in mail.outbox]


def test_after_a_day_the_person_may_be_reminded_again(client, lead, agency, requirement, on_a_fixed_day):
    person = member(agency)
    post(client, agency, requirement, [person])
    on_a_fixed_day.shift(datetime.timedelta(hours=24, minutes=1))
    assert said(post(client, agency, requirement, [person])) == ["Reminder emailed to 1 person about “CSE awareness”."]


def test_a_reminder_about_another_requirement_does_not_count(client, lead, agency, requirement, course):
    person = member(agency)
    post(client, agency, requirement, [person])
    other = RequirementFactory(title="Level 2", courses=[CoursePageFactory()])
    assert said(post(client, agency, other, [person])) == ["Reminder emailed to 1 person about “Level 2”."]


def test_a_person_of_another_agency_refuses_the_whole_request(client, lead, agency, requirement):
    mine = member(agency)
    theirs = member(AgencyFactory(name="Fellside Police"))

    response = post(client, agency, requirement, [mine, theirs])

    assert response.status_code == 302
    assert mail.outbox == []
    assert not LeadReminderSent.objects.exists()
    assert said(response) == [
        "1 of the people chosen is not on your staff list for CSE awareness today, so nobody was reminded. "
        "Reload the list and try again."
    ]


@pytest.mark.parametrize("tampered", ["not-a-number", "-1", "99999999999999999999", "99999999", "", "²"])
def test_a_tampered_person_id_refuses_the_request_without_an_error(client, lead, agency, requirement, tampered):
    response = post(client, agency, requirement, [member(agency), tampered])
    assert response.status_code == 302
    assert mail.outbox == []
    assert "nobody was reminded" in said(response)[0]


def test_someone_the_requirement_does_not_apply_to_is_refused(client, lead, agency, course):
    specialists = RequirementFactory(title="Specialist", courses=[course], job_roles=[member(agency).job_role])
    response = post(client, agency, specialists, [member(agency)])
    assert mail.outbox == []
    assert "not on your staff list for Specialist" in said(response)[0]


@pytest.mark.parametrize("requirement_value", ["", "abc", "99999999", "²"])
def test_a_missing_or_unknown_requirement_is_refused(client, lead, agency, requirement_value):
    response = client.post(url(agency), {"requirement": requirement_value, "people": [member(agency).pk]})
    assert response.status_code == 302
    assert response["Location"] == f"/leads/compliance/{agency.pk}/staff/"
    assert said(response) == ["Choose a requirement that applies to your staff, then try again. Nobody was reminded."]
    assert mail.outbox == []


def test_a_requirement_not_yet_in_force_or_for_another_agency_is_refused(client, lead, agency, course):
    future = RequirementFactory(courses=[course], takes_effect_on=datetime.date(2027, 1, 1))
    elsewhere = RequirementFactory(courses=[course], agency=AgencyFactory())
    for requirement in (future, elsewhere):
        response = post(client, agency, requirement, [member(agency)])
        assert said(response)[0].startswith("Choose a requirement that applies to your staff")
    assert mail.outbox == []


def test_nobody_chosen_is_refused(client, lead, agency, requirement):
    assert said(post(client, agency, requirement, [])) == ["Choose at least one person to remind."]


def test_more_than_the_cap_is_refused(client, lead, agency, requirement):
    response = post(client, agency, requirement, list(range(1, MAX_PEOPLE + 2)))
    assert said(response)[0].startswith(
        f"You can remind up to {MAX_PEOPLE} people at a time; you chose {MAX_PEOPLE + 1}."
    )
    assert mail.outbox == []


def test_get_is_not_allowed(client, lead, agency):
    assert client.get(url(agency)).status_code == 405


def test_another_agency_s_lead_gets_404_and_nothing_is_sent(client, agency, requirement):
    person = member(agency)
    other = AgencyFactory(name="Fellside Police")
    someone = AgencyLeadershipFactory(agency=other, user=UserFactory(agency=other)).user
    activate_totp(someone)
    client.force_login(someone)

    assert post(client, agency, requirement, [person]).status_code == 404
    assert mail.outbox == []


def test_a_learner_gets_404(client, agency, requirement):
    person = member(agency)
    client.force_login(person)
    assert post(client, agency, requirement, [person]).status_code == 404


def test_reminding_is_a_fixed_number_of_queries(
    client, lead, agency, requirement, course, django_assert_max_num_queries
):
    SessionFactory(course=course)
    few = [member(agency) for _ in range(2)]
    with django_assert_max_num_queries(40) as captured:
        post(client, agency, requirement, few)
    many = [member(agency) for _ in range(8)]
    with django_assert_max_num_queries(len(captured)):
        post(client, agency, requirement, many)
    assert len(mail.outbox) == 8
