"""The module page, a lesson page, the check's pages and "My training" cost the same number of
queries whatever the number of lessons, attempts and modules."""

import pytest

from django.urls import reverse

from elearning.services import enrol, start_attempt, submit_attempt
from tests.courses.test_query_counts import count_queries, site_settings  # noqa: F401 - the fixture
from tests.elearning.conftest import read_every_lesson
from tests.elearning.factories import ModuleFactory, right_answers, wrong_answers
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 20


def learn(person, lessons, failed_attempts, modules):
    """``modules`` modules of ``lessons`` lessons; in the first, ``person`` read every lesson,
    failed ``failed_attempts`` times and passed; in the others they are part-way."""
    built = [ModuleFactory(lessons=lessons, bank=lessons + 2) for _ in range(modules)]
    first = enrol(person, built[0])
    read_every_lesson(first)
    for _ in range(failed_attempts):
        attempt = start_attempt(first)
        submit_attempt(attempt, wrong_answers(attempt))
    attempt = start_attempt(first)
    submit_attempt(attempt, right_answers(attempt))
    for module in built[1:]:
        enrolment = enrol(person, module)
        read_every_lesson(enrolment)
    return built, attempt


def pages(built, attempt):
    module = built[0]
    part_way = built[-1]
    lesson = part_way.lessons.order_by("sort_order").last()
    return [
        reverse("elearning:module", args=[module.pk]),
        reverse("elearning:module", args=[part_way.pk]),
        reverse("elearning:lesson", args=[part_way.pk, lesson.pk]),
        reverse("elearning:check", args=[part_way.pk]),
        reverse("elearning:attempt", args=[module.pk, attempt.pk]),
        reverse("records:my_training"),
        module.course.url,
    ]


def test_learning_pages_cost_the_same_whatever_the_lessons_attempts_and_modules(client):
    small_person, large_person = UserFactory(), UserFactory()
    small = pages(*learn(small_person, lessons=2, failed_attempts=0, modules=2))
    large = pages(*learn(large_person, lessons=12, failed_attempts=4, modules=6))

    client.force_login(small_person)
    small_counts = [count_queries(client, url) for url in small]
    client.force_login(large_person)
    large_counts = [count_queries(client, url) for url in large]

    assert small_counts == large_counts
    assert max(large_counts) <= MAX_QUERIES


def test_an_open_attempt_costs_the_same_whatever_the_questions(client):
    counts = []
    for bank in (3, 15):
        person = UserFactory()
        enrolment = enrol(person, ModuleFactory(bank=bank))
        read_every_lesson(enrolment)
        attempt = start_attempt(enrolment)
        client.force_login(person)
        counts.append(count_queries(client, reverse("elearning:attempt", args=[enrolment.module_id, attempt.pk])))
    assert counts[0] == counts[1] <= MAX_QUERIES
