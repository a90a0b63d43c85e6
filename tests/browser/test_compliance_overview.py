"""The partnership compliance overview in a real browser: the table, the trend and its chart pass
axe, and the downloads are linked."""

import datetime

import pytest
from playwright.sync_api import expect

from django.contrib.auth.models import Group

from compliance.snapshots import take_snapshot
from people.staff_access import TRAINING_ADMINISTRATORS
from records.choices import CompletionSource
from records.services import record_completion
from tests.browser.sessions import sign_in_with_mfa
from tests.compliance.factories import RequirementFactory
from tests.courses.factories import CoursePageFactory
from tests.people.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_administrator_reads_the_overview_and_its_trend(live_server, page, check_a11y):
    course = CoursePageFactory()
    RequirementFactory(title="CSE awareness", courses=[course])
    police = AgencyFactory(name="Fellside Police")
    for completed_on in (datetime.date.today() - datetime.timedelta(days=100), None):
        person = UserFactory(agency=police, role_started_on=datetime.date(2019, 1, 1))
        if completed_on:
            record_completion(person, course, completed_on, CompletionSource.ATTENDANCE)
    take_snapshot()
    administrator = UserFactory(agency=None)
    administrator.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    sign_in_with_mfa(page, live_server.url, administrator)

    page.goto(f"{live_server.url}/leads/compliance/partnership/")

    expect(page.get_by_role("row", name="Fellside Police")).to_contain_text("1 of 2")
    expect(page.get_by_role("img", name="CSE awareness, staff in date by month")).to_be_visible()
    expect(page.get_by_role("link", name="Download as CSV")).to_be_visible()
    check_a11y(page)
