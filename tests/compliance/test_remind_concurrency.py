""" "Remind selected" submitted several times at once (a double click, two leads, two servers)
reminds each person once: the daily limit is read and written under a lock on the requirement.
Runs on the suite's engine, in a copy of the test database that threads share (the race fixtures
of tests/bookings/test_concurrency.py)."""

import datetime

from django.core import mail
from django.utils import timezone

from compliance.lead_reminders import remind
from compliance.models import LeadReminderSent
from compliance.status import in_force
from tests.bookings.test_concurrency import race, race_database, test_database  # noqa: F401 - fixtures
from tests.compliance.factories import RequirementFactory
from tests.courses.factories import CoursePageFactory
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, UserFactory

SUBMITS = 6


def test_the_same_reminder_submitted_at_once_is_sent_once(race_database):  # noqa: F811
    agency = AgencyFactory()
    lead = AgencyLeadershipFactory(agency=agency, user=UserFactory(agency=agency)).user
    requirement = RequirementFactory(courses=[CoursePageFactory()])
    people = [UserFactory(agency=agency, role_started_on=datetime.date(2019, 1, 1)) for _ in range(3)]
    ids = [person.pk for person in people]
    mail.outbox.clear()

    def submit(_):
        today = timezone.localdate()
        return remind(
            lead, agency, requirement, ids, copy_managers=False, on=today, requirements=in_force(today)
        ).reminded

    reminded = race(submit, range(SUBMITS))

    assert sorted(reminded) == [0] * (SUBMITS - 1) + [3]
    assert LeadReminderSent.objects.filter(requirement=requirement).count() == 3
    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in people)
