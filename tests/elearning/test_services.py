"""The verbs of learning (elearning.services): enrolment, lessons, attempts and the completion."""

import datetime

import pytest
import time_machine

from django.utils import timezone

from elearning.checks import questions_of
from elearning.models import Attempt, Enrolment, EnrolmentStatus, LessonProgress
from elearning.services import (
    LearningRefused,
    complete_lesson,
    enrol,
    lessons_left,
    standing,
    start_attempt,
    submit_attempt,
)
from records.choices import CompletionSource
from records.models import Completion
from tests.courses.factories import CoursePageFactory
from tests.elearning.conftest import read_every_lesson
from tests.elearning.factories import ModuleFactory, right_answers, wrong_answers
from tests.people.factories import JobRoleFactory, UserFactory
from tests.records.factories import CompletionFactory

pytestmark = pytest.mark.django_db


def test_enrolling_starts_at_the_first_lesson(module, learner):
    enrolment = enrol(learner, module)
    assert enrolment.status == EnrolmentStatus.IN_PROGRESS
    assert enrolment.current_lesson == module.lessons.order_by("sort_order").first()


def test_enrolling_twice_returns_the_enrolment_under_way(module, learner):
    assert enrol(learner, module) == enrol(learner, module)
    assert Enrolment.objects.count() == 1


def test_a_deadline_gives_a_date_to_finish_by(learner):
    module = ModuleFactory(deadline_weeks=4)
    enrolment = enrol(learner, module)
    assert enrolment.due_on == timezone.localdate() + datetime.timedelta(weeks=4)


def test_someone_whose_role_the_course_is_not_for_cannot_enrol(learner):
    module = ModuleFactory(course__eligible_job_roles=[JobRoleFactory()])
    with pytest.raises(LearningRefused, match="cannot start this module"):
        enrol(learner, module)
    assert not Enrolment.objects.exists()


def test_an_unpublished_course_cannot_be_started(module, learner):
    module.course.unpublish()
    module.course.refresh_from_db()
    with pytest.raises(LearningRefused, match="not available"):
        enrol(learner, module)


def test_completing_a_lesson_twice_counts_it_once(module, learner):
    enrolment = enrol(learner, module)
    lesson = module.lessons.first()
    complete_lesson(enrolment, lesson)
    complete_lesson(enrolment, lesson)
    assert LessonProgress.objects.filter(enrolment=enrolment).count() == 1
    assert lessons_left(enrolment) == 2


def test_a_lesson_of_another_module_is_refused(module, learner):
    enrolment = enrol(learner, module)
    other = ModuleFactory().lessons.first()
    with pytest.raises(LearningRefused, match="not part of this module"):
        complete_lesson(enrolment, other)
    assert not LessonProgress.objects.exists()


def test_the_check_does_not_open_before_every_lesson_is_done(module, learner):
    enrolment = enrol(learner, module)
    complete_lesson(enrolment, module.lessons.first())
    with pytest.raises(LearningRefused, match="2 lessons to go"):
        start_attempt(enrolment)
    assert not Attempt.objects.exists()


def test_the_check_waits_for_the_minimum_time(learner):
    module = ModuleFactory(minimum_minutes=30)
    enrolment = enrol(learner, module)
    read_every_lesson(enrolment)
    with pytest.raises(LearningRefused, match="opens at"):
        start_attempt(enrolment)
    assert start_attempt(enrolment, now=timezone.now() + datetime.timedelta(minutes=31))


def test_an_attempt_draws_the_set_number_of_questions_from_the_bank(learner):
    module = ModuleFactory(bank=15, questions_per_attempt=10)
    enrolment = enrol(learner, module)
    read_every_lesson(enrolment)
    attempt = start_attempt(enrolment)
    assert len(attempt.question_ids) == len(set(attempt.question_ids)) == 10


def test_starting_the_check_twice_returns_the_open_attempt(ready):
    assert start_attempt(ready) == start_attempt(ready)
    assert Attempt.objects.count() == 1


def test_passing_records_the_completion_with_the_score_at_once(ready, learner, module):
    attempt = submit_attempt(start_attempt(ready), right_answers(start_attempt(ready)))
    completion = Completion.objects.get(user=learner, course=module.course)
    assert attempt.passed and attempt.score == 100
    assert completion.source == CompletionSource.E_LEARNING
    assert completion.score == 100
    assert completion.completed_on == timezone.localdate()
    assert completion.expires_on == timezone.localdate().replace(year=timezone.localdate().year + 3)
    ready.refresh_from_db()
    assert ready.status == EnrolmentStatus.PASSED and ready.completion == completion


def test_failing_records_no_completion_and_stores_the_attempt(ready):
    attempt = start_attempt(ready)
    submit_attempt(attempt, wrong_answers(attempt))
    attempt.refresh_from_db()
    assert attempt.passed is False and attempt.score == 0 and attempt.submitted_at
    assert attempt.answers == wrong_answers(attempt)
    assert not Completion.objects.exists()


def test_a_score_below_the_pass_mark_fails(ready):
    attempt = start_attempt(ready)
    answers = right_answers(attempt)
    first = attempt.question_ids[0]
    answers[first] = wrong_answers(attempt)[first]  # 4 of 5 right: 80%
    answers[attempt.question_ids[1]] = wrong_answers(attempt)[attempt.question_ids[1]]  # 3 of 5: 60%
    submit_attempt(attempt, answers)
    assert attempt.score == 60 and attempt.passed is False


def test_multiple_choice_needs_every_right_option_and_no_wrong_one(ready):
    attempt = start_attempt(ready)
    answers = right_answers(attempt)
    multiple = next(qid for qid in attempt.question_ids if len(answers[qid]) == 2)
    answers[multiple] = answers[multiple][:1]
    submit_attempt(attempt, answers)
    assert attempt.score == 80


def test_submitting_an_attempt_twice_is_refused_and_changes_nothing(ready):
    attempt = start_attempt(ready)
    submit_attempt(attempt, wrong_answers(attempt))
    again = Attempt.objects.get(pk=attempt.pk)
    with pytest.raises(LearningRefused, match="already submitted"):
        submit_attempt(again, right_answers(again))
    again.refresh_from_db()
    assert again.score == 0
    assert not Completion.objects.exists()


def test_answers_naming_a_question_the_attempt_did_not_draw_are_refused(ready):
    attempt = start_attempt(ready)
    answers = right_answers(attempt)
    answers["not-a-question-of-this-attempt"] = ["x"]
    with pytest.raises(LearningRefused, match="not for this attempt"):
        submit_attempt(attempt, answers)
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_answers_naming_an_option_of_another_question_are_refused(ready):
    attempt = start_attempt(ready)
    answers = right_answers(attempt)
    bank = questions_of(attempt.enrolment.module)
    # True/false questions share the option ids "true" and "false", so take a pair that do not.
    first, second = next(
        (a, b)
        for a in attempt.question_ids
        for b in attempt.question_ids
        if not set(answers[b]) <= {option.id for option in bank[a].options}
    )
    answers[first] = answers[second]
    with pytest.raises(LearningRefused, match="option the question does not have"):
        submit_attempt(attempt, answers)
    assert Attempt.objects.get(pk=attempt.pk).submitted_at is None


def test_every_question_must_be_answered(ready):
    attempt = start_attempt(ready)
    answers = right_answers(attempt)
    del answers[attempt.question_ids[0]]
    with pytest.raises(LearningRefused) as refused:
        submit_attempt(attempt, answers)
    assert refused.value.missing == [attempt.question_ids[0]]
    assert Attempt.objects.get(pk=attempt.pk).submitted_at is None


def test_the_attempt_limit_ends_the_enrolment_and_a_restart_is_a_new_one(learner):
    module = ModuleFactory(max_attempts=2)
    enrolment = enrol(learner, module)
    read_every_lesson(enrolment)
    for _ in range(2):
        attempt = start_attempt(enrolment)
        submit_attempt(attempt, wrong_answers(attempt))
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENDED
    with pytest.raises(LearningRefused):
        start_attempt(enrolment)
    restart = enrol(learner, module)
    assert restart != enrolment
    assert lessons_left(restart) == 3
    assert Enrolment.objects.filter(person=learner).count() == 2


def test_the_cool_down_holds_back_a_retry(learner):
    module = ModuleFactory(cooldown_hours=2)
    enrolment = enrol(learner, module)
    read_every_lesson(enrolment)
    attempt = start_attempt(enrolment)
    submit_attempt(attempt, wrong_answers(attempt))
    with pytest.raises(LearningRefused, match="try the knowledge check again from"):
        start_attempt(enrolment)
    assert Attempt.objects.count() == 1
    assert start_attempt(enrolment, now=timezone.now() + datetime.timedelta(hours=2, minutes=1)).number == 2


def test_a_completion_that_still_counts_cannot_be_started_again(ready, learner, module):
    attempt = start_attempt(ready)
    submit_attempt(attempt, right_answers(attempt))
    with pytest.raises(LearningRefused, match="valid until"):
        enrol(learner, module)


def test_a_completion_lapsing_within_sixty_days_can_be_renewed(module, learner):
    CompletionFactory(user=learner, course=module.course, days_ago=3 * 365 - 30)
    assert standing(learner, module).renew_by is not None
    assert enrol(learner, module).status == EnrolmentStatus.IN_PROGRESS


def test_a_lapsed_completion_leads_to_a_fresh_enrolment_and_keeps_the_history(learner):
    module = ModuleFactory()
    with time_machine.travel(timezone.now() - datetime.timedelta(days=4 * 365), tick=False):
        first = enrol(learner, module)
        read_every_lesson(first)
        attempt = start_attempt(first)
        submit_attempt(attempt, right_answers(attempt))
    assert standing(learner, module).lapsed
    renewal = enrol(learner, module)
    assert renewal != first and renewal.is_in_progress
    assert lessons_left(renewal) == 3
    first.refresh_from_db()
    assert first.status == EnrolmentStatus.PASSED and first.attempts.count() == 1


def test_a_completion_from_a_session_counts_as_completing_the_module(module, learner):
    CompletionFactory(user=learner, course=module.course, source=CompletionSource.ATTENDANCE)
    assert standing(learner, module).completed


def test_another_course_completion_does_not_count(module, learner):
    CompletionFactory(user=learner, course=CoursePageFactory())
    assert not standing(learner, module).completed


def test_someone_elses_enrolment_is_not_mine(module, learner):
    enrol(UserFactory(), module)
    assert standing(learner, module).enrolment is None
