"""The verbs of learning: enrol, read a lesson, start and submit the knowledge check.

Each raises ``LearningRefused`` (a ``ValidationError``) with the words the learner reads when
the step is not allowed, changing nothing. Passing records the completion through
``records.services.record_completion`` in the same transaction as the attempt, so there is
never a pass without its completion or the other way round.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from elearning.checks import draw, questions_of, score
from elearning.models import Attempt, Enrolment, EnrolmentStatus, LessonProgress
from lscb_training.dates import format_date, format_short_date, format_time
from records.choices import CompletionSource
from records.eligibility import eligibility
from records.models import Completion
from records.services import record_completion

# A completion lapsing within this many days may be renewed (My training says "renew by").
RENEWAL_WINDOW_DAYS = 60


class LearningRefused(ValidationError):
    """A step of learning that is not allowed now, with the reason in the learner's words."""


@dataclass(frozen=True)
class Standing:
    """Where a person stands with a module today: their latest run through it, their latest
    completion of its course (from any source: a session, an import, the module itself), and
    what they may do next. The one place for "may they start, continue or renew"."""

    enrolment: Enrolment | None
    completion: Completion | None
    today: datetime.date

    @property
    def in_progress(self):
        return self.enrolment is not None and self.enrolment.is_in_progress

    @property
    def completed(self):
        """A completion that counts today."""
        c = self.completion
        return c is not None and (c.expires_on is None or c.expires_on > self.today)

    @property
    def lapsed(self):
        return self.completion is not None and not self.completed

    @property
    def renew_by(self):
        """The date to renew by, once a current completion is within the renewal window."""
        c = self.completion
        if self.completed and c.expires_on and (c.expires_on - self.today).days <= RENEWAL_WINDOW_DAYS:
            return c.expires_on
        return None

    @property
    def attempts_used_up(self):
        return self.enrolment is not None and self.enrolment.status == EnrolmentStatus.ENDED

    @property
    def may_enrol(self):
        """Whether starting (again) is open: nothing under way, and no completion that still
        counts beyond the renewal window."""
        return not self.in_progress and (not self.completed or self.renew_by is not None)


def standing(person, module, today=None):
    today = today or timezone.localdate()
    enrolment = Enrolment.objects.filter(person=person, module=module).order_by("-started_at", "-id").first()
    completion = (
        Completion.objects.filter(user=person, course_id=module.course_id).order_by("-completed_on", "-id").first()
    )
    return Standing(enrolment=enrolment, completion=completion, today=today)


def enrol(person, module, now=None):
    """Starts ``person`` on ``module`` and returns the enrolment; an enrolment already under way
    is returned as it is (a second click, another tab). A renewal or a restart after every
    attempt was used is a new enrolment; the earlier ones stay."""
    now = now or timezone.now()
    course = module.course
    if not course.live:
        raise LearningRefused("This module is not available at the moment.")
    current = standing(person, module, today=timezone.localdate(now))
    if current.in_progress:
        return current.enrolment
    if not current.may_enrol:
        done = current.completion
        if not done.expires_on:
            raise LearningRefused(
                f"You completed this module on {format_short_date(done.completed_on)} and it does not need renewing."
            )
        renew_from = done.expires_on - datetime.timedelta(days=RENEWAL_WINDOW_DAYS)
        raise LearningRefused(
            f"You completed this module on {format_short_date(done.completed_on)}. It is valid until "
            f"{format_short_date(done.expires_on)}, and you can renew it from {format_short_date(renew_from)}."
        )
    verdict = eligibility(person, course)
    if not verdict.may_take:
        raise LearningRefused(
            "You cannot start this module yet: " + " ".join(reason.message for reason in verdict.reasons)
        )
    due_on = None
    if module.deadline_weeks:
        due_on = timezone.localdate(now) + datetime.timedelta(weeks=module.deadline_weeks)
    first = module.lessons.order_by("sort_order", "pk").first()
    try:
        with transaction.atomic():
            return Enrolment.objects.create(
                person=person, module=module, started_at=now, due_on=due_on, current_lesson=first
            )
    except IntegrityError:
        # Two clicks raced: the other one enrolled.
        return Enrolment.objects.get(person=person, module=module, status=EnrolmentStatus.IN_PROGRESS)


def visit_lesson(enrolment, lesson):
    """Remembers ``lesson`` as where the learner is, so the module resumes there."""
    if enrolment.is_in_progress and enrolment.current_lesson_id != lesson.pk:
        Enrolment.objects.filter(pk=enrolment.pk).update(current_lesson=lesson)
        enrolment.current_lesson = lesson


def complete_lesson(enrolment, lesson, next_lesson=None):
    """Marks ``lesson`` done (once, however often it is sent) and moves the resume point on to
    ``next_lesson``. A lesson of another module is refused."""
    if lesson.module_id != enrolment.module_id:
        raise LearningRefused("That lesson is not part of this module.")
    if not enrolment.is_in_progress:
        return
    LessonProgress.objects.bulk_create(
        [LessonProgress(enrolment=enrolment, lesson=lesson)],
        ignore_conflicts=True,
    )
    if next_lesson is not None:
        visit_lesson(enrolment, next_lesson)


def lessons_left(enrolment):
    """How many of the module's lessons the learner has not marked done."""
    done = LessonProgress.objects.filter(enrolment=enrolment).values("lesson_id")
    return enrolment.module.lessons.exclude(pk__in=done).count()


def check_closed_reason(enrolment, now=None):
    """Why the knowledge check cannot start now, or ``None`` when it can. The rules: every
    lesson done, the minimum time since enrolment passed, attempts left, the wait after a failed
    attempt over."""
    now = now or timezone.now()
    module = enrolment.module
    if not enrolment.is_in_progress:
        return "This run through the module has finished."
    left = lessons_left(enrolment)
    if left:
        return f"Finish the lessons first: you have {left} lesson{'s' if left != 1 else ''} to go."
    if module.minimum_minutes:
        opens_at = enrolment.started_at + datetime.timedelta(minutes=module.minimum_minutes)
        if now < opens_at:
            return (
                f"The knowledge check opens at {_moment(opens_at)}, {module.minimum_minutes} minutes after you started."
            )
    submitted = list(enrolment.attempts.filter(submitted_at__isnull=False).order_by("-number"))
    if module.max_attempts and len(submitted) >= module.max_attempts:
        return f"You have used all {module.max_attempts} attempts."
    if submitted and module.cooldown_hours and not submitted[0].passed:
        retry_at = submitted[0].submitted_at + datetime.timedelta(hours=module.cooldown_hours)
        if now < retry_at:
            return f"You can try the knowledge check again from {_moment(retry_at)}."
    return None


def start_attempt(enrolment, now=None):
    """Opens the knowledge check: returns the attempt already open, or draws the questions for
    a new one. Refused with the reason from ``check_closed_reason``."""
    now = now or timezone.now()
    open_attempt = enrolment.attempts.filter(submitted_at__isnull=True).first()
    if open_attempt:
        return open_attempt
    reason = check_closed_reason(enrolment, now)
    if reason:
        raise LearningRefused(reason)
    number = enrolment.attempts.count() + 1
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                enrolment=enrolment, number=number, question_ids=draw(enrolment.module), started_at=now
            )
    except IntegrityError:
        return enrolment.attempts.get(submitted_at__isnull=True)


def clean_answers(attempt, data, bank):
    """The answers posted for ``attempt`` as ``{question id: [option ids]}``, refusing what
    names a question the attempt did not draw or an option its question does not have.

    ``data`` maps each question id to the option ids chosen. Returns ``(answers, missing)``:
    ``missing`` lists the drawn questions left unanswered.
    """
    drawn = set(attempt.question_ids)
    stray = [key for key in data if key not in drawn]
    if stray:
        raise LearningRefused("Those answers are not for this attempt. Nothing was saved: answer the questions below.")
    answers, missing = {}, []
    for qid in attempt.question_ids:
        chosen = [option for option in dict.fromkeys(data.get(qid) or ()) if option]
        question = bank.get(qid)
        if question is None:
            continue  # taken out of the bank since the attempt began: it scores as wrong
        known = {option.id for option in question.options}
        if any(option not in known for option in chosen):
            raise LearningRefused("An answer names an option the question does not have. Nothing was saved.")
        if not question.multiple and len(chosen) > 1:
            raise LearningRefused("Choose one answer for each single-choice question. Nothing was saved.")
        if chosen:
            answers[qid] = chosen
        else:
            missing.append(qid)
    return answers, missing


def submit_attempt(attempt, data, now=None):
    """Marks ``attempt`` with the answers in ``data`` (see ``clean_answers``) and returns it.

    Every drawn question must be answered. A pass records the completion at once (source
    e-learning, with the score) and finishes the enrolment; a failed last allowed attempt ends
    it, and the learner reads the lessons again in a new one. An attempt is submitted once: a
    second submission (a double click, the back button) is refused and changes nothing.
    """
    now = now or timezone.now()
    enrolment = attempt.enrolment
    module = enrolment.module
    if attempt.is_submitted:
        raise LearningRefused("You have already submitted this attempt. Your result is below.")
    bank = questions_of(module)
    answers, missing = clean_answers(attempt, data, bank)
    if missing:
        error = LearningRefused("Answer every question before you submit.")
        error.missing = missing
        raise error
    result = score(attempt.question_ids, answers, bank)
    passed = result >= module.pass_mark
    with transaction.atomic():
        claimed = Attempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(
            submitted_at=now, answers=answers, score=result, passed=passed
        )
        if not claimed:
            raise LearningRefused("You have already submitted this attempt. Your result is below.")
        attempt.submitted_at, attempt.answers, attempt.score, attempt.passed = now, answers, result, passed
        if passed:
            completion = record_completion(
                enrolment.person,
                module.course,
                timezone.localdate(now),
                CompletionSource.E_LEARNING,
                score=result,
            )
            Enrolment.objects.filter(pk=enrolment.pk).update(
                status=EnrolmentStatus.PASSED, finished_at=now, completion=completion
            )
            enrolment.status, enrolment.finished_at, enrolment.completion = EnrolmentStatus.PASSED, now, completion
        elif module.max_attempts and attempt.number >= module.max_attempts:
            Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.ENDED, finished_at=now)
            enrolment.status, enrolment.finished_at = EnrolmentStatus.ENDED, now
    return attempt


def _moment(value):
    return f"{format_date(value)}, {format_time(value)}"
