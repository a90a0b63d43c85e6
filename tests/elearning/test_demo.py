"""The demo's e-learning (``demo.elearning``): the two level 1 modules and the learners' stories,
seeded once for this module over the demo's people, catalogue and records."""

import json
from collections import Counter

import pytest

from django.utils import timezone

from demo import catalogue, people, records
from demo import elearning as demo
from demo.data.people import PERSONAS
from elearning.checks import questions_of
from elearning.models import Attempt, Enrolment, EnrolmentStatus, Lesson, LessonProgress, Module
from elearning.services import standing
from lscb_training.dates import add_months
from people.models import User
from records.choices import CompletionSource
from records.models import Completion
from tests.conftest import shared_rows

pytestmark = pytest.mark.django_db


def quietly(seeder):
    seeder.seed(lambda message: None)


@pytest.fixture(scope="module", autouse=True)
def seeded(django_db_setup, django_db_blocker):
    """People, catalogue, records and e-learning, seeded once: what a test changes is rolled back."""
    with shared_rows(django_db_blocker):
        for seeder in (people, catalogue, records, demo):
            quietly(seeder)
        yield


def cse_module():
    return Module.objects.get(course__slug="cse-e-learning")


def missing_module():
    return Module.objects.get(course__slug="missing-e-learning")


def persona(name):
    return User.objects.get(email=next(p["email"] for p in PERSONAS if p["persona"] == name))


def row_counts():
    models = [Module, Lesson, Enrolment, LessonProgress, Attempt, Completion]
    return {model.__name__: model.objects.count() for model in models}


def test_the_cse_module_has_six_lessons_a_bank_of_15_and_asks_10_with_a_pass_mark_of_80():
    module = cse_module()

    assert module.course.title == "Child Sexual Exploitation — Level 1 awareness"
    assert module.course.get_parent().specific.number == 1
    assert module.lessons.count() == 6
    assert module.question_count == 15
    assert module.questions_per_attempt == 10
    assert module.pass_mark == 80
    assert module.max_attempts is None


def test_the_cse_bank_mixes_single_choice_multiple_choice_and_true_false_questions():
    kinds = Counter(question.kind for question in questions_of(cse_module()).values())

    assert set(kinds) == {"single_choice", "multiple_choice", "true_false"}
    assert min(kinds.values()) >= 3


def test_every_demo_question_is_valid_and_every_wrong_answer_has_feedback():
    for module in Module.objects.all():
        module.full_clean()
        module.questions.stream_block.clean(module.questions)
        for question in questions_of(module).values():
            wrong = [option for option in question.options if not option.correct]
            assert wrong and all(option.feedback for option in wrong), question.text


def test_the_cse_lessons_quote_the_2017_definition_and_say_boys_and_girls_are_at_risk():
    lessons = list(cse_module().lessons.order_by("sort_order"))
    text = [json.dumps(list(lesson.body.raw_data), ensure_ascii=False) for lesson in lessons]

    assert "It occurs where an individual or group takes advantage of an imbalance of power" in text[0]
    assert "it can also occur through the use of technology" in text[0]
    assert "Both girls and boys are at risk" in text[1]
    assert "CSE Screening Tool" in text[4] and "CSE Risk Assessment Tool" in text[4]


def test_the_cse_lessons_use_headings_paragraphs_documents_accordions_and_a_worried_callout():
    lessons = list(cse_module().lessons.all())
    for lesson in lessons:
        lesson.body.stream_block.clean(lesson.body)
    blocks = [child for lesson in lessons for child in lesson.body]

    assert {child.block_type for child in blocks} == {"heading", "paragraph", "callout", "accordion", "document"}
    assert any(child.block_type == "callout" and child.value["kind"] == "worried" for child in blocks)


def test_the_missing_module_is_short_with_three_attempts_an_hour_apart():
    module = missing_module()

    assert module.course.format == "e_learning"
    assert module.course.get_parent().specific.number == 1
    assert module.lessons.count() == 3
    assert (module.question_count, module.questions_asked, module.pass_mark) == (5, 5, 80)
    assert (module.max_attempts, module.cooldown_hours) == (3, 1)


def test_the_demo_has_learners_part_way_completed_and_lapsed_on_the_cse_module():
    module = cse_module()
    today = timezone.localdate()
    enrolments = Enrolment.objects.filter(module=module)
    passed = Completion.objects.filter(course=module.course, source=CompletionSource.E_LEARNING)

    part_way = enrolments.filter(status=EnrolmentStatus.IN_PROGRESS, progress__isnull=False).distinct()
    assert part_way.count() >= 5
    assert passed.filter(expires_on__gt=today).count() >= 20
    assert passed.filter(expires_on__lte=today).count() >= 5


def test_a_pass_dated_in_the_past_records_that_day_its_score_and_the_course_s_expiry():
    for enrolment in Enrolment.objects.filter(status=EnrolmentStatus.PASSED).select_related(
        "completion", "module__course"
    ):
        completion, passing = enrolment.completion, enrolment.attempts.get(passed=True)
        assert completion.completed_on == timezone.localdate(passing.submitted_at)
        assert completion.expires_on == add_months(completion.completed_on, enrolment.module.course.validity_months)
        assert (completion.source, completion.score) == (CompletionSource.E_LEARNING, passing.score)


def test_lessons_are_read_on_the_learner_s_day_not_the_day_the_demo_was_seeded():
    for enrolment in Enrolment.objects.filter(status=EnrolmentStatus.PASSED):
        first_attempt = enrolment.attempts.order_by("number").first()
        assert enrolment.progress.filter(done_at__gt=first_attempt.started_at).count() == 0


def test_some_learners_failed_the_check_before_they_passed_it():
    first_failed = Attempt.objects.filter(number=1, passed=False, enrolment__status=EnrolmentStatus.PASSED)

    assert first_failed.filter(enrolment__module=cse_module()).exists()
    assert first_failed.filter(enrolment__module=missing_module()).exists()


def test_a_learner_whose_completion_lapsed_renewed_it_in_a_fresh_enrolment_and_kept_the_history():
    module = cse_module()
    twice = Counter(Enrolment.objects.filter(module=module).values_list("person", flat=True))
    renewed = [person for person, runs in twice.items() if runs == 2]

    assert len(renewed) >= 2
    completions = Completion.objects.filter(user_id=renewed[0], course=module.course).order_by("completed_on")
    assert completions[0].expires_on < timezone.localdate() < completions[1].expires_on


def test_a_learner_used_every_attempt_on_the_missing_module_and_must_start_again():
    [ended] = Enrolment.objects.filter(module=missing_module(), status=EnrolmentStatus.ENDED)

    assert list(ended.attempts.values_list("passed", flat=True)) == [False, False, False]
    assert standing(ended.person, ended.module).may_enrol


def test_the_learner_persona_has_a_module_part_way_and_one_completed_and_due_for_renewal():
    jess = persona("Learner (youth worker)")

    cse = standing(jess, cse_module())
    assert cse.completed and cse.renew_by is not None and cse.may_enrol
    assert list(cse.enrolment.attempts.values_list("passed", flat=True)) == [False, True]
    missing = standing(jess, missing_module())
    assert missing.in_progress
    assert missing.enrolment.progress.count() == 1


def test_the_teacher_s_imported_completion_has_lapsed_and_the_health_lead_has_not_started():
    teacher = standing(persona("Teacher"), cse_module())
    health_lead = standing(persona("Agency lead, Health"), cse_module())

    assert teacher.lapsed and teacher.enrolment is None and teacher.may_enrol
    assert health_lead.completion is None and health_lead.enrolment is None


def test_the_social_worker_and_police_lead_passed_the_cse_module_and_are_not_due_to_renew():
    for name in ("Front-line social worker", "Agency lead, Police"):
        passed = standing(persona(name), cse_module())
        assert passed.completed and passed.renew_by is None, name
        assert passed.completion.source == CompletionSource.E_LEARNING, name


def test_running_the_seeder_again_adds_nothing():
    before = row_counts()

    quietly(demo)

    assert row_counts() == before


def test_a_persona_story_the_records_no_longer_allow_is_skipped_and_leaves_nothing():
    jess, module = persona("Learner (youth worker)"), cse_module()
    Enrolment.objects.filter(person=jess, module=module).delete()  # her completion stays
    said = []

    demo.seed(said.append)

    assert not Enrolment.objects.filter(person=jess, module=module).exists()
    assert Completion.objects.filter(user=jess, course=module.course).count() == 1
    assert said[-1] == "Left as they are, since their records already say otherwise: Learner (youth worker)"
