"""Demo e-learning: the two level 1 modules (``demo.data.elearning``) and learners' progress
through them, made through ``elearning.services`` as the site makes it.

Each module is added to its demo course once, found by the course: a module already there is
left as it is, so an editor's changes survive. Learners enrol, read lessons, and take the
knowledge check through the services, dated in the past (``now=``), so a pass records its
completion through ``records.services.record_completion`` with that day's date and the expiry
the course's validity gives: a pass more than three years ago has lapsed. A person who already
has an enrolment on a module is skipped, so running it again adds nothing.

Generated learners are drawn with a ``random.Random`` seeded for each module, from the people
with no completion of its course except from the module itself: a set this seeder never
changes, so every run draws the same people.

``complete_lesson`` stamps the present, so the seeder dates each story's lesson progress back to
the story's day; everything else carries the date the services were given.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from wagtail.documents.models import Document
from wagtail.rich_text import RichText

from courses.models import CoursePage
from demo.data.elearning import GENERATED_STORIES, MODULES, PERSONA_STORIES
from demo.data.people import PERSONAS
from elearning.checks import questions_of
from elearning.models import Enrolment, Lesson, LessonProgress, Module
from elearning.services import LearningRefused, complete_lesson, enrol, start_attempt, submit_attempt
from people.models import User
from records.choices import CompletionSource
from records.models import Completion

# Time between one step of a story and the next on the same day (reading a lesson, an attempt).
STEP = timedelta(minutes=12)


def seed(log):
    modules = {}
    for spec, lessons, questions in MODULES:
        course = CoursePage.objects.filter(slug=spec["course"]).first()
        if course is None:
            continue
        module, added = _module(course, spec, lessons, questions)
        modules[spec["course"]] = module
        lesson_count = module.lessons.count()
        log(
            f"Module “{course.title}”: {lesson_count} lessons, {module.question_count} questions"
            + (" (added)" if added else "")
        )
    if not modules:
        log("No e-learning courses yet, so no modules.")
        return
    learners = Learners(modules)
    skipped = learners.personas()
    learners.generated()
    log(f"Enrolments: {Enrolment.objects.filter(module__in=modules.values()).count()} ({learners.added} added)")
    if skipped:
        log(f"Left as they are, since their records already say otherwise: {', '.join(skipped)}")


def _module(course, spec, lessons, questions):
    existing = Module.objects.filter(course=course).first()
    if existing:
        return existing, False
    fields = {key: value for key, value in spec.items() if key != "course"}
    module = Module.objects.create(course=course, questions=[_question(q) for q in questions], **fields)
    documents = {document.title: document for document in Document.objects.all()}
    Lesson.objects.bulk_create(
        [
            Lesson(module=module, title=lesson["title"], body=_body(lesson["body"], documents), sort_order=n)
            for n, lesson in enumerate(lessons, start=1)
        ]
    )
    # Read back, so the question and option ids are the ones stored.
    return Module.objects.get(pk=module.pk), True


def _body(sections, documents):
    body = []
    for kind, value in sections:
        if kind == "paragraph":
            body.append((kind, RichText(value)))
        elif kind == "callout":
            callout_kind, heading, text = value
            body.append((kind, {"kind": callout_kind, "heading": heading, "body": RichText(text)}))
        elif kind == "accordion":
            sections = [{"heading": heading, "body": RichText(text)} for heading, text in value]
            body.append((kind, {"sections": sections}))
        elif kind == "document":
            # A demo document the catalogue made; left out if an editor has since renamed it.
            if value in documents:
                body.append((kind, documents[value]))
        else:
            body.append((kind, value))
    return body


def _question(spec):
    if spec[0] == "true_false":
        _kind, statement, answer, feedback = spec
        return ("true_false", {"question": statement, "answer": "true" if answer else "false", "feedback": feedback})
    kind, question, options = spec
    block_type = {"single": "single_choice", "multiple": "multiple_choice"}[kind]
    options = [{"text": text, "correct": correct, "feedback": feedback} for text, correct, feedback in options]
    return (block_type, {"question": question, "options": options})


@dataclass
class Learners:
    """Plays learners' stories against the modules (keyed by course slug)."""

    modules: dict
    added: int = 0
    now: datetime = field(default_factory=timezone.now)
    passes: int = 0

    def personas(self):
        """Plays each persona's story; returns those skipped because the persona's records (from an
        earlier demo, or an administrator) no longer allow it."""
        by_persona = {spec["persona"]: spec["email"] for spec in PERSONAS}
        people = {person.email: person for person in User.objects.filter(email__in=by_persona.values())}
        skipped = []
        for persona, slug, steps in PERSONA_STORIES:
            person, module = people.get(by_persona[persona]), self.modules.get(slug)
            if person is None or module is None or self._enrolled(person, module):
                continue
            try:
                self.added += self.play(person, module, steps)
            except LearningRefused:
                skipped.append(persona)
        return skipped

    def generated(self):
        personas = {spec["email"] for spec in PERSONAS}
        for slug, module in self.modules.items():
            stories = [
                (pattern, days)
                for course, count, pattern, days in GENERATED_STORIES
                if course == slug
                for _ in range(count)
            ]
            lesson_count = module.lessons.count()
            # The same people every run: none of them has a completion of the course from
            # anywhere but this module.
            elsewhere = Completion.objects.filter(course=module.course).exclude(source=CompletionSource.E_LEARNING)
            candidates = list(
                User.objects.filter(is_superuser=False, is_active=True, job_role__isnull=False)
                .exclude(email__in=personas)
                .exclude(pk__in=elsewhere.values("user_id"))
                .order_by("email")
            )
            rng = random.Random(f"2026/{slug}")  # noqa: S311 - reproducible demo data, not security
            chosen = rng.sample(candidates, min(len(stories), len(candidates)))
            enrolled = set(Enrolment.objects.filter(module=module).values_list("person_id", flat=True))
            for person, (pattern, (earliest, latest)) in zip(chosen, stories, strict=False):
                # Every draw is made whether or not the story is played, so no one's shifts another's.
                days, renew_days = rng.randint(earliest, latest), rng.randint(10, 100)
                read = rng.randrange(lesson_count)
                if person.pk not in enrolled:
                    self.added += self.play(person, module, _steps(pattern, days, renew_days, read))

    def play(self, person, module, steps):
        """Plays ``steps`` (see ``demo.data.elearning``) for ``person`` and returns the number of
        enrolments made; a step the services refuse raises ``LearningRefused`` and leaves nothing
        of the story behind."""
        lessons = list(module.lessons.order_by("sort_order", "pk"))
        enrolment, clock, enrolments = None, None, 0
        with transaction.atomic():
            for action, value in steps:
                if action == "read":
                    clock = self._read(enrolment, lessons, clock, count=value)
                    continue
                clock = self._at(value, clock)
                if action == "enrol":
                    enrolment = enrol(person, module, now=clock)
                    enrolments += 1
                    continue
                clock = self._read(enrolment, lessons, clock)
                attempt = start_attempt(enrolment, now=clock)
                clock += STEP
                wrong = _wrong_to_fail(module, attempt) if action == "fail" else self._wrong_to_pass()
                submit_attempt(attempt, _answers(module, attempt, wrong), now=clock)
                if action == "fail" and module.cooldown_hours:
                    clock += timedelta(hours=module.cooldown_hours)
        return enrolments

    def _at(self, days, clock):
        """The moment of a step: ``days`` ago, and never before the step before it."""
        if days is None:
            return clock
        moment = self.now - timedelta(days=days)
        return moment if clock is None or moment > clock else clock + STEP

    def _read(self, enrolment, lessons, clock, count=None):
        """Reads the next ``count`` lessons (every one left when ``None``); ``complete_lesson``
        stamps the present, so the progress is dated back to the story's day."""
        done = set(LessonProgress.objects.filter(enrolment=enrolment).values_list("lesson_id", flat=True))
        left = [lesson for lesson in lessons if lesson.pk not in done]
        reading = left if count is None else left[:count]
        for lesson in reading:
            following = lessons[lessons.index(lesson) + 1] if lesson is not lessons[-1] else None
            complete_lesson(enrolment, lesson, next_lesson=following)
        if reading:
            LessonProgress.objects.filter(enrolment=enrolment, lesson__in=reading).update(done_at=clock)
        return clock + len(reading) * STEP

    def _wrong_to_pass(self):
        """Every other pass gets one question wrong, so scores vary."""
        self.passes += 1
        return self.passes % 2

    @staticmethod
    def _enrolled(person, module):
        return Enrolment.objects.filter(person=person, module=module).exists()


def _steps(pattern, days, renew_days, read):
    if pattern == "passed":
        return [("enrol", days), ("pass", days)]
    if pattern == "failed then passed":
        return [("enrol", days), ("fail", days), ("pass", days)]
    if pattern == "lapsed then renewed":
        # The renewal falls after the first completion lapsed (36 months, under 1,100 days).
        return [("enrol", days), ("pass", days), ("enrol", min(renew_days, days - 1100)), ("pass", None)]
    if pattern == "part-way":
        return [("enrol", days), ("read", read)]
    if pattern == "failed":
        return [("enrol", days), ("fail", days)]
    if pattern == "attempts used up":
        return [("enrol", days), ("fail", days), ("fail", None), ("fail", None)]
    raise ValueError(f"No such demo story: {pattern}")


def _wrong_to_fail(module, attempt):
    """The fewest wrong answers that fail the attempt."""
    asked = len(attempt.question_ids)
    return next(wrong for wrong in range(asked + 1) if (asked - wrong) * 100 // asked < module.pass_mark)


def _answers(module, attempt, wrong):
    """Right answers to the attempt's questions but the first ``wrong`` of them."""
    bank = questions_of(module)
    answers = {}
    for n, qid in enumerate(attempt.question_ids):
        question = bank[qid]
        if n < wrong:
            answers[qid] = [next(option.id for option in question.options if not option.correct)]
        else:
            answers[qid] = sorted(question.correct_ids)
    return answers
