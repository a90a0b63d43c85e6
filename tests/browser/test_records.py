"""A teacher signs in, reads on the Level 4 page and a specialist course why they may not take
it, follows the link to the level that suits them, and sees their training. Axe checks each page."""

import datetime

import pytest
from playwright.sync_api import expect

from bookings.choices import BookingStatus
from records.choices import CompletionSource
from tests.bookings.factories import BookingFactory, SessionFactory
from tests.browser.test_accounts import sign_in
from tests.courses.factories import CoursePageFactory, TrainingLevelPageFactory
from tests.people.factories import JobRoleFactory, UserFactory
from tests.records.factories import CompletionFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL = "priya.sharma@walneychannel.example.org"


@pytest.fixture
def teacher():
    levels = {n: TrainingLevelPageFactory(number=n, title=f"Level {n}") for n in (1, 3, 4)}
    e_learning = CoursePageFactory(level=levels[1], title="CSE e-learning", validity_months=12)
    full_day = CoursePageFactory(level=levels[3], title="CSE full-day workshop")
    CoursePageFactory(
        level=levels[4],
        title="CSE specialist workshop",
        eligible_job_roles=[JobRoleFactory(code="iro", name="Independent Reviewing Officer")],
        prerequisites=[(full_day, 36)],
    )
    person = UserFactory(email=EMAIL, job_role=JobRoleFactory(code="teacher", name="Teacher"))
    CompletionFactory(
        user=person, course=e_learning, completed_on=datetime.date(2021, 4, 6), source=CompletionSource.IMPORT
    )
    BookingFactory(user=person, session=SessionFactory(course=full_day), status=BookingStatus.CONFIRMED)
    return person


def test_a_teacher_is_told_why_not_on_level_4_follows_the_link_and_sees_their_training(
    live_server, page, check_a11y, teacher
):
    sign_in(page, live_server.url, EMAIL)
    page.goto(live_server.url + "/training/level-4/")
    expect(page.get_by_text("Your profile says: Teacher.")).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="CSE specialist workshop", exact=True).click()
    expect(page.get_by_role("heading", name="Can you take this course?")).to_be_visible()
    expect(page.get_by_text("Complete “CSE full-day workshop” first.")).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="See the courses at Level 3, which suit your role").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Level 3")
    expect(page.get_by_text("You can take this course")).to_be_visible()
    check_a11y(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Your training").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your training")
    expect(page.get_by_text("Expired on 6 April 2022")).to_be_visible()
    expect(page.get_by_role("cell", name="CSE full-day workshop")).to_be_visible()
    check_a11y(page)


def test_an_anonymous_visitor_is_prompted_to_sign_in_on_a_course_page(live_server, page, check_a11y, teacher):
    page.goto(live_server.url + "/training/level-4/cse-specialist-workshop/")
    expect(page.get_by_text("only for the job roles under “Who may book”")).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="Sign in to see whether you can book").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/training/level-4/cse-specialist-workshop/")
