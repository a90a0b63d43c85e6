"""What an administrator writes into a module is checked before it is saved: questions that
could never be answered right, and rules the bank cannot meet."""

import pytest

from django.core.exceptions import ValidationError

from courses.models import CourseFormat
from elearning.blocks import MultipleChoiceBlock, SingleChoiceBlock
from tests.courses.factories import CoursePageFactory
from tests.elearning.factories import ModuleFactory


def options(*correct):
    return [{"text": f"Option {n}", "correct": flag, "feedback": ""} for n, flag in enumerate(correct)]


def test_a_single_choice_question_needs_exactly_one_right_option():
    block = SingleChoiceBlock()
    for flags in ((True, True), (False, False)):
        with pytest.raises(ValidationError):
            block.clean(block.to_python({"question": "Which?", "options": options(*flags)}))
    assert block.clean(block.to_python({"question": "Which?", "options": options(True, False)}))


def test_a_multiple_choice_question_needs_a_right_option():
    block = MultipleChoiceBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"question": "Which?", "options": options(False, False)}))


@pytest.mark.django_db
def test_a_module_cannot_draw_more_questions_than_its_bank_holds():
    module = ModuleFactory(bank=5, questions_per_attempt=6)
    with pytest.raises(ValidationError, match="only 5 questions"):
        module.full_clean()


@pytest.mark.django_db
def test_a_module_needs_a_question():
    module = ModuleFactory(bank=0)
    with pytest.raises(ValidationError, match="at least one question"):
        module.full_clean()


@pytest.mark.django_db
def test_a_module_belongs_to_an_e_learning_course():
    module = ModuleFactory.build(course=CoursePageFactory(format=CourseFormat.HALF_DAY))
    with pytest.raises(ValidationError, match="format is e-learning"):
        module.clean()
