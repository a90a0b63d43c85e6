"""The learner's pages: module, lessons, the knowledge check, results, the course page's panel
and "My training"."""

import pytest

from django.urls import reverse

from elearning.models import Attempt, Enrolment, LessonProgress
from elearning.services import enrol, start_attempt, submit_attempt
from records.models import Completion
from tests.elearning.conftest import read_every_lesson
from tests.elearning.factories import ModuleFactory, right_answers, wrong_answers
from tests.people.factories import UserFactory
from tests.records.factories import CompletionFactory

pytestmark = pytest.mark.django_db


def module_url(module):
    return reverse("elearning:module", args=[module.pk])


def lesson_url(module, lesson):
    return reverse("elearning:lesson", args=[module.pk, lesson.pk])


def attempt_url(attempt):
    return reverse("elearning:attempt", args=[attempt.enrolment.module_id, attempt.pk])


def as_post(answers):
    return {f"q-{qid}": options for qid, options in answers.items()}


def test_the_module_page_asks_to_sign_in(client, module):
    response = client.get(module_url(module))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_the_module_page_offers_to_start(learner_client, module):
    response = learner_client.get(module_url(module))
    assert "Start this module" in response.text
    assert "Lesson 1" in response.text


def test_starting_goes_to_the_first_lesson(learner_client, learner, module):
    response = learner_client.post(reverse("elearning:enrol", args=[module.pk]))
    first = module.lessons.order_by("sort_order").first()
    assert response.url == lesson_url(module, first)
    assert Enrolment.objects.filter(person=learner, module=module).exists()


def test_a_lesson_shows_its_content_and_progress_in_words(learner_client, learner, module):
    enrol(learner, module)
    response = learner_client.get(lesson_url(module, module.lessons.first()))
    assert "Child sexual exploitation is a form of child sexual abuse." in response.text
    assert "0 of 3 lessons done" in response.text
    assert "Next: Lesson 2" in response.text


def test_next_marks_the_lesson_done_and_moves_on(learner_client, learner, module):
    enrolment = enrol(learner, module)
    first, second, _ = module.lessons.order_by("sort_order")
    response = learner_client.post(lesson_url(module, first))
    assert response.url == lesson_url(module, second)
    assert LessonProgress.objects.filter(enrolment=enrolment, lesson=first).exists()


def test_the_last_lesson_leads_to_the_knowledge_check(learner_client, learner, module):
    enrol(learner, module)
    last = module.lessons.order_by("sort_order").last()
    response = learner_client.post(lesson_url(module, last))
    assert response.url == reverse("elearning:check", args=[module.pk])


def test_the_module_resumes_at_the_last_lesson_visited(learner_client, learner, module):
    enrol(learner, module)
    _, second, third = module.lessons.order_by("sort_order")
    learner_client.get(lesson_url(module, third))
    learner_client.logout()
    learner_client.force_login(learner)
    response = learner_client.get(module_url(module))
    assert f'href="{lesson_url(module, third)}">Continue where you left off: Lesson 3' in response.text


def test_a_lesson_of_another_module_is_not_found(learner_client, learner, module):
    enrol(learner, module)
    other = ModuleFactory().lessons.first()
    assert learner_client.get(lesson_url(module, other)).status_code == 404
    assert learner_client.post(lesson_url(module, other)).status_code == 404
    assert not LessonProgress.objects.exists()


def test_a_lesson_before_enrolling_leads_back_to_the_module(learner_client, module):
    response = learner_client.get(lesson_url(module, module.lessons.first()))
    assert response.url == module_url(module)


def test_the_check_before_the_lessons_are_done_says_so(learner_client, learner, module):
    enrol(learner, module)
    response = learner_client.get(reverse("elearning:check", args=[module.pk]))
    assert "Finish the lessons first: you have 3 lessons to go." in response.text
    response = learner_client.post(reverse("elearning:check", args=[module.pk]), follow=True)
    assert "Finish the lessons first" in response.text
    assert not Attempt.objects.exists()


def test_the_check_says_there_is_no_time_limit(learner_client, ready, module):
    response = learner_client.get(reverse("elearning:check", args=[module.pk]))
    assert "There is no time limit" in response.text


def test_the_questions_are_fieldsets_with_legends(learner_client, ready):
    attempt = start_attempt(ready)
    response = learner_client.get(attempt_url(attempt))
    assert response.text.count("<fieldset") == 5
    assert response.text.count("<legend>") == 5


def test_submitting_the_right_answers_shows_the_completion_and_its_renewal(learner_client, ready, learner, module):
    attempt = start_attempt(ready)
    response = learner_client.post(attempt_url(attempt), as_post(right_answers(attempt)), follow=True)
    completion = Completion.objects.get(user=learner, course=module.course)
    assert "You passed with 100%" in response.text
    assert "data-focus-on-load" in response.text
    assert "Renew by" in response.text
    assert f"{completion.expires_on.day} {completion.expires_on:%B %Y}" in response.text


def test_a_failed_attempt_gives_feedback_and_a_retry(learner_client, ready):
    attempt = start_attempt(ready)
    response = learner_client.post(attempt_url(attempt), as_post(wrong_answers(attempt)), follow=True)
    assert "You did not pass: 0%" in response.text
    assert "Look again at the lesson." in response.text
    assert "The right answer:" in response.text  # no attempt limit: the answer may be shown
    assert "Try again" in response.text


def test_with_an_attempt_limit_the_feedback_keeps_the_answer_back(client, learner):
    module = ModuleFactory(max_attempts=3)
    enrolment = enrol(learner, module)
    read_every_lesson(enrolment)
    attempt = start_attempt(enrolment)
    client.force_login(learner)
    response = client.post(attempt_url(attempt), as_post(wrong_answers(attempt)), follow=True)
    assert "Look again at the lesson." in response.text
    assert "The right answer:" not in response.text


def test_an_unanswered_question_is_marked_and_the_answers_kept(learner_client, ready):
    attempt = start_attempt(ready)
    answers = right_answers(attempt)
    del answers[attempt.question_ids[2]]
    response = learner_client.post(attempt_url(attempt), as_post(answers))
    assert response.status_code == 400
    assert "Answer question 3" in response.text
    assert "There is a problem" in response.text
    assert response.text.count(" checked") == sum(len(options) for options in answers.values())
    assert Attempt.objects.get(pk=attempt.pk).submitted_at is None


def test_answers_for_a_question_of_another_attempt_change_nothing(learner_client, ready, learner):
    attempt = start_attempt(ready)
    other = ModuleFactory()
    other_enrolment = enrol(UserFactory(), other)
    read_every_lesson(other_enrolment)
    stray = start_attempt(other_enrolment)
    answers = {**right_answers(attempt), **right_answers(stray)}
    response = learner_client.post(attempt_url(attempt), as_post(answers))
    assert response.status_code == 400
    assert "not for this attempt" in response.text
    assert Attempt.objects.get(pk=attempt.pk).submitted_at is None


def test_submitting_twice_shows_the_result_once(learner_client, ready, learner, module):
    attempt = start_attempt(ready)
    learner_client.post(attempt_url(attempt), as_post(right_answers(attempt)))
    response = learner_client.post(attempt_url(attempt), as_post(wrong_answers(attempt)), follow=True)
    assert "already submitted" in response.text
    assert Attempt.objects.get(pk=attempt.pk).score == 100
    assert Completion.objects.filter(user=learner).count() == 1


def test_someone_elses_attempt_is_not_found(client, ready):
    attempt = start_attempt(ready)
    client.force_login(UserFactory())
    assert client.get(attempt_url(attempt)).status_code == 404
    assert client.post(attempt_url(attempt), as_post(right_answers(attempt))).status_code == 404
    assert Attempt.objects.get(pk=attempt.pk).submitted_at is None


def test_an_attempt_under_another_modules_address_is_not_found(learner_client, ready):
    attempt = start_attempt(ready)
    other = ModuleFactory()
    assert learner_client.get(reverse("elearning:attempt", args=[other.pk, attempt.pk])).status_code == 404


def test_an_unknown_module_is_not_found(learner_client):
    assert learner_client.get(reverse("elearning:module", args=[999999])).status_code == 404


def test_an_unverified_person_is_asked_to_verify(client, module):
    client.force_login(UserFactory(verified=False))
    response = client.post(reverse("elearning:enrol", args=[module.pk]))
    assert not Enrolment.objects.exists()
    assert response.status_code == 200  # allauth's "verify your email" page


def test_the_course_page_offers_the_e_learning(learner_client, module):
    response = learner_client.get(module.course.url)
    assert "Do the e-learning" in response.text
    assert module_url(module) in response.text


def test_the_course_page_asks_a_visitor_to_sign_in(client, module):
    response = client.get(module.course.url)
    assert "Sign in to start the e-learning" in response.text


def test_my_training_shows_a_module_in_progress(learner_client, learner, module):
    enrol(learner, module)
    response = learner_client.get(reverse("records:my_training"))
    assert "0 of 3 lessons done" in response.text


def test_my_training_shows_a_completed_module_with_score_and_renewal(learner_client, ready):
    attempt = start_attempt(ready)
    submit_attempt(attempt, right_answers(attempt))
    response = learner_client.get(reverse("records:my_training"))
    assert "100%" in response.text
    assert "Valid until" in response.text


def test_my_training_offers_to_renew_within_sixty_days(learner_client, learner, module):
    CompletionFactory(user=learner, course=module.course, days_ago=3 * 365 - 30)
    response = learner_client.get(reverse("records:my_training"))
    assert "Renew by" in response.text
    assert reverse("elearning:enrol", args=[module.pk]) in response.text


def test_a_module_without_lessons_yet_does_not_fail(learner_client, learner):
    module = ModuleFactory(lessons=0)
    response = learner_client.post(reverse("elearning:enrol", args=[module.pk]), follow=True)
    assert response.status_code == 200
    assert learner_client.get(module_url(module)).status_code == 200


def test_two_answers_to_a_single_choice_question_change_nothing(learner_client, ready):
    attempt = start_attempt(ready)
    answers = right_answers(attempt)
    single = next(
        qid for qid in attempt.question_ids if len(answers[qid]) == 1 and answers[qid][0] not in ("true", "false")
    )
    answers[single] = answers[single] + wrong_answers(attempt)[single]
    response = learner_client.post(attempt_url(attempt), as_post(answers))
    assert response.status_code == 400
    assert "Choose one answer" in response.text
    assert Attempt.objects.get(pk=attempt.pk).submitted_at is None
