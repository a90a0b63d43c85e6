"""The agency lead's weekly digest (compliance.reminders.send_weekly_digests): once an ISO week,
the week's changes in the lead's own agencies only."""

import datetime

import pytest
import time_machine

from django.core import mail

from compliance.models import DigestSent, RosterEntry
from compliance.reminders import send_weekly_digests
from lscb_training.dates import add_months
from records.choices import CompletionSource
from records.services import record_completion
from tests.compliance.factories import RequirementFactory
from tests.courses.factories import CoursePageFactory
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 6, 15)
LONG_AGO = datetime.date(2019, 1, 1)


def days(number):
    return datetime.timedelta(days=number)


def at(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(6), tzinfo=datetime.UTC), tick=False)


def run_on(day):
    with at(day):
        return send_weekly_digests()


@pytest.fixture
def course():
    return CoursePageFactory()


@pytest.fixture
def requirement(course):
    return RequirementFactory(title="CSE awareness", courses=[course], renewal_months=12, grace_months=3)


@pytest.fixture
def agency():
    return AgencyFactory(name="Fellside Police")


@pytest.fixture
def lead(agency):
    return AgencyLeadershipFactory(agency=agency, user=UserFactory(full_name="Lee Lead", role_started_on=LONG_AGO)).user


def member(agency, name, started=LONG_AGO):
    return UserFactory(agency=agency, full_name=name, role_started_on=started)


def completed(person, course, on):
    with at(on):
        record_completion(person, course, on, CompletionSource.ATTENDANCE)


def test_a_lead_gets_one_digest_a_week_however_often_the_job_runs(requirement, lead):
    for day in (MONDAY, MONDAY, MONDAY + days(2), MONDAY + days(6)):
        run_on(day)
    assert len(mail.outbox) == 1

    run_on(MONDAY + days(7))

    assert len(mail.outbox) == 2
    assert [message.to for message in mail.outbox] == [[lead.email]] * 2
    assert sorted(DigestSent.objects.values_list("week_of", flat=True)) == [MONDAY, MONDAY + days(7)]


def test_the_digest_lists_the_weeks_changes(requirement, course, agency, lead):
    completed(member(agency, "Ann Lapsed"), course, add_months(MONDAY - days(3), -12))
    completed(member(agency, "Ben Lapsed Earlier"), course, add_months(MONDAY - days(10), -12))
    completed(member(agency, "Cat Renewed"), course, MONDAY - days(2))
    completed(member(agency, "Dan Compliant Long Since"), course, MONDAY - days(100))
    member(agency, "Eve Starter", started=add_months(MONDAY + days(20), -3))
    member(agency, "Fay Starter Later", started=MONDAY - days(10))
    RosterEntry.objects.create(
        agency=agency,
        email="gus@fellside.example.org",
        full_name="Gus Roster",
        started_on=add_months(MONDAY + days(10), -3),
    )

    run_on(MONDAY)

    (message,) = mail.outbox
    body = message.body
    assert "Fellside Police\n" in body
    assert "CSE awareness\n" in body
    assert "Expired this week:\n\n- Ann Lapsed, expired on Friday 12 June 2026\n" in body
    assert "training recorded this week):\n\n- Cat Renewed, completed on Saturday 13 June 2026\n" in body
    assert (
        "New starters due within 30 days:\n\n- Eve Starter, due by Sunday 5 July 2026\n"
        "- Gus Roster, due by Thursday 25 June 2026\n"
    ) in body
    for quiet in ("Ben Lapsed Earlier", "Dan Compliant Long Since", "Fay Starter Later"):
        assert quiet not in body
    assert f"See everyone's status: http://localhost/leads/compliance/{agency.pk}/" in body


def test_a_lead_hears_only_of_their_own_agencies(requirement, course, agency, lead):
    elsewhere = AgencyFactory(name="Dale Council")
    completed(member(elsewhere, "Ivy Elsewhere"), course, add_months(MONDAY - days(3), -12))
    other_lead = AgencyLeadershipFactory(agency=elsewhere).user

    run_on(MONDAY)

    mine, theirs = sorted(mail.outbox, key=lambda message: message.to != [lead.email])
    assert "Ivy Elsewhere" not in mine.body
    assert "Dale Council" not in mine.body
    assert "No changes this week." in mine.body
    assert theirs.to == [other_lead.email]
    assert "- Ivy Elsewhere, expired on" in theirs.body


def test_a_quiet_week_still_sends_one_saying_so(requirement, agency, lead):
    run_on(MONDAY)

    (message,) = mail.outbox
    assert "Fellside Police\n\nNo changes this week.\n" in message.body


def test_a_lead_without_an_active_account_gets_none(requirement, lead):
    lead.is_active = False
    lead.save()

    assert run_on(MONDAY) == 0
