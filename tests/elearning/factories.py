"""Factories for modules (an e-learning course with lessons and a question bank), enrolments and
attempts. Enrolments and attempts are made through ``elearning.services`` as the site makes them."""

import factory

from courses.models import CourseFormat
from elearning.models import Lesson, Module
from tests.courses.factories import CoursePageFactory


def lesson_body(text="Child sexual exploitation is a form of child sexual abuse."):
    return [("heading", "What it is"), ("paragraph", f"<p>{text}</p>")]


def single_choice(question, right, *wrong, feedback="Look again at the lesson."):
    options = [{"text": right, "correct": True, "feedback": ""}]
    options += [{"text": text, "correct": False, "feedback": feedback} for text in wrong]
    return ("single_choice", {"question": question, "options": options})


def multiple_choice(question, right, wrong, feedback="Look again at the lesson."):
    options = [{"text": text, "correct": True, "feedback": ""} for text in right]
    options += [{"text": text, "correct": False, "feedback": feedback} for text in wrong]
    return ("multiple_choice", {"question": question, "options": options})


def true_false(statement, answer, feedback="Look again at the lesson."):
    return ("true_false", {"question": statement, "answer": "true" if answer else "false", "feedback": feedback})


def question_bank(count):
    """``count`` questions of the three kinds, each with its right answer first."""
    kinds = [
        lambda n: single_choice(f"Question {n}: which is right?", f"Right {n}", f"Wrong {n}a", f"Wrong {n}b"),
        lambda n: multiple_choice(f"Question {n}: which are right?", [f"Right {n}a", f"Right {n}b"], [f"Wrong {n}"]),
        lambda n: true_false(f"Question {n} is true.", True),
    ]
    return [kinds[n % 3](n) for n in range(1, count + 1)]


class ModuleFactory(factory.django.DjangoModelFactory):
    """A module with ``lessons`` lessons (default 3) and ``bank`` questions (default 5) on a new
    e-learning course (valid for 3 years, as the factory's courses are)."""

    class Meta:
        model = Module
        skip_postgeneration_save = True

    class Params:
        bank = 5

    course = factory.SubFactory(CoursePageFactory, format=CourseFormat.E_LEARNING, duration="1 hour")
    introduction = "Work through the lessons, then take the knowledge check."
    pass_mark = 80
    questions = factory.LazyAttribute(lambda o: question_bank(o.bank))

    @factory.post_generation
    def lessons(self, create, extracted, **kwargs):
        """``lessons=N`` (default 3) lessons, numbered from 1."""
        if create:
            count = 3 if extracted is None else extracted
            rows = [
                Lesson(module=self, title=f"Lesson {n}", body=lesson_body(), sort_order=n) for n in range(1, count + 1)
            ]
            Lesson.objects.bulk_create(rows)


def right_answers(attempt):
    """The answers that score 100% on ``attempt``, as the check's form would post them."""
    from elearning.checks import questions_of

    bank = questions_of(attempt.enrolment.module)
    return {qid: sorted(bank[qid].correct_ids) for qid in attempt.question_ids}


def wrong_answers(attempt):
    from elearning.checks import questions_of

    bank = questions_of(attempt.enrolment.module)
    return {
        qid: [next(option.id for option in bank[qid].options if not option.correct)] for qid in attempt.question_ids
    }
