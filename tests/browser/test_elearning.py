"""E-learning as a learner does it, on the demo's module: the demo teacher, whose imported
completion has lapsed, starts it again, reads every lesson (the last by keyboard alone), fails
the knowledge check once, passes it and sees the completion with its renewal date; progress
survives signing out and back in; a lesson works at 320 pixels wide. Axe checks every page
visited: the course, the module, each lesson, the check, the questions, both results and My training."""

import re

import pytest
from playwright.sync_api import expect

from demo import catalogue, people, records
from demo import elearning as demo_elearning
from demo.data.people import DEMO_PASSWORD
from elearning.checks import questions_of
from elearning.models import Attempt, Enrolment, Module
from tests.browser.test_accounts import sign_in
from tests.browser.test_pages_on_a_phone import assert_no_sideways_scrolling
from tests.elearning.factories import ModuleFactory
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL = "sam.learner@fellside.example.org"
TEACHER = "priya.sharma@walneychannel.example.org"  # the demo's teacher: CSE imported, now lapsed


def answer_every_question(page, right, email=TEACHER):
    """Ticks, for each question on the page, its right options (``right``) or one wrong one."""
    attempt = Attempt.objects.select_related("enrolment__module").get(
        submitted_at__isnull=True, enrolment__person__email=email
    )
    bank = questions_of(attempt.enrolment.module)
    for qid in attempt.question_ids:
        question = bank[qid]
        group = page.get_by_role("group", name=re.compile(re.escape(question.text)))
        wrong = next(option for option in question.options if not option.correct)
        chosen = [option for option in question.options if option.correct] if right else [wrong]
        for option in chosen:
            group.get_by_label(option.text, exact=True).check()
    page.get_by_role("button", name="Submit your answers").click()


@pytest.fixture
def module():
    return ModuleFactory(lessons=3, bank=6, questions_per_attempt=5, course__title="CSE awareness")


@pytest.fixture
def demo_module():
    for seeder in (people, catalogue, records, demo_elearning):
        seeder.seed(lambda message: None)
    return Module.objects.select_related("course").get(course__slug="cse-e-learning")


def test_renew_the_demo_module_read_every_lesson_fail_once_pass_and_see_the_renewal_date(
    live_server, page, check_a11y, demo_module
):
    titles = list(demo_module.lessons.order_by("sort_order").values_list("title", flat=True))
    sign_in(page, live_server.url, TEACHER, DEMO_PASSWORD)
    page.goto(live_server.url + demo_module.course.url)
    check_a11y(page)
    page.get_by_role("link", name="Renew the e-learning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo_module.course.title)
    expect(page.get_by_text("Your completion expired on")).to_be_visible()
    check_a11y(page)
    page.get_by_role("button", name="Start the module again").click()

    for number, title in enumerate(titles[:-1], start=1):
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.get_by_text(f"{number - 1} of {len(titles)} lessons done")).to_be_visible()
        check_a11y(page)
        if number == 3:
            # Progress survives signing out and back in: the module resumes at this lesson.
            page.get_by_role("button", name="Sign out").click()
            sign_in(page, live_server.url, TEACHER, DEMO_PASSWORD)
            page.goto(f"{live_server.url}/e-learning/{demo_module.pk}/")
            expect(page.get_by_text(f"2 of {len(titles)} lessons done")).to_be_visible()
            page.get_by_role("link", name=f"Continue where you left off: {title}").click()
        page.get_by_role("button", name=f"Next: {titles[number]}").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(titles[-1])
    check_a11y(page)
    # The last lesson by keyboard alone: Tab to its button and press Enter.
    finish = page.get_by_role("button", name="Finish the lessons and go to the knowledge check")
    for _ in range(80):
        page.keyboard.press("Tab")
        if finish.evaluate("button => button === document.activeElement"):
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Knowledge check")
    expect(page.get_by_text("There is no time limit.")).to_be_visible()
    check_a11y(page)

    page.get_by_role("button", name="Start the knowledge check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Knowledge check: attempt 1")
    expect(page.get_by_role("group")).to_have_count(10)
    check_a11y(page)
    answer_every_question(page, right=False)
    outcome = page.get_by_role("heading", level=1)
    expect(outcome).to_have_text("You did not pass: 0%")
    expect(outcome).to_be_focused()
    check_a11y(page)

    page.get_by_role("button", name="Try again").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Knowledge check: attempt 2")
    answer_every_question(page, right=True)
    outcome = page.get_by_role("heading", level=1)
    expect(outcome).to_have_text("You passed with 100%")
    expect(outcome).to_be_focused()
    expect(page.get_by_text("Renew by")).to_be_visible()
    check_a11y(page)
    # The lapsed completion led to a fresh enrolment; the earlier history stays.
    assert Enrolment.objects.filter(person__email=TEACHER, module=demo_module).count() == 1

    page.get_by_role("link", name="your training record").click()
    expect(page.get_by_role("heading", name="E-learning")).to_be_visible()
    expect(page.get_by_role("cell", name="100%")).to_be_visible()
    check_a11y(page)


def test_a_lesson_and_the_questions_at_320_pixels(live_server, page, check_a11y, module):
    UserFactory(email=EMAIL)
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, live_server.url, EMAIL)
    page.goto(f"{live_server.url}/e-learning/{module.pk}/")
    page.get_by_role("button", name="Start this module").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 1")
    check_a11y(page)
    assert_no_sideways_scrolling(page)
