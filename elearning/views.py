"""The learner's pages: a module, its lessons, the knowledge check and its results.

Every page belongs to the signed-in person: an attempt or enrolment of someone else is a 404,
as is a lesson of another module. Each page costs a fixed number of queries whatever the number
of lessons and attempts (lesson bodies are loaded only for the lesson shown).
"""

from allauth.account.decorators import verified_email_required

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from elearning.checks import mark, questions_of
from elearning.models import Attempt, Enrolment, LessonProgress, Module
from elearning.services import (
    LearningRefused,
    check_closed_reason,
    complete_lesson,
    enrol,
    standing,
    start_attempt,
    submit_attempt,
    visit_lesson,
)


def _module(module_id):
    """A module of a live course, or 404."""
    module = get_object_or_404(Module.objects.select_related("course"), pk=module_id)
    if not module.course.live:
        raise Http404("This module is not available.")
    return module


def _outline(module, enrolment):
    """The module's lessons (without their bodies) marked done, current or not started."""
    lessons = list(module.lessons.defer("body").order_by("sort_order", "pk"))
    done = set()
    if enrolment is not None:
        done = set(LessonProgress.objects.filter(enrolment=enrolment).values_list("lesson_id", flat=True))
    current_id = enrolment.current_lesson_id if enrolment is not None and enrolment.is_in_progress else None
    for number, lesson in enumerate(lessons, start=1):
        lesson.number = number
        lesson.done = lesson.pk in done
        lesson.current = lesson.pk == current_id
    return lessons


def _progress(lessons):
    total = len(lessons)
    done = sum(lesson.done for lesson in lessons)
    return {"done": done, "total": total, "percent": done * 100 // total if total else 0}


def _messages_from(request, error):
    for message in error.messages:
        messages.error(request, message)


@verified_email_required
def module_detail(request, module_id):
    module = _module(module_id)
    where = standing(request.user, module)
    enrolment = where.enrolment
    lessons = _outline(module, enrolment)
    attempts = list(enrolment.attempts.order_by("number")) if enrolment is not None else []
    resume = next((lesson for lesson in lessons if lesson.current), None) or next(
        (lesson for lesson in lessons if not lesson.done), lessons[0] if lessons else None
    )
    return render(
        request,
        "elearning/module.html",
        {
            "module": module,
            "course": module.course,
            "standing": where,
            "enrolment": enrolment,
            "lessons": lessons,
            "progress": _progress(lessons),
            "resume": resume,
            "attempts": attempts,
            "check_closed": check_closed_reason(enrolment) if where.in_progress else None,
        },
    )


@require_POST
@verified_email_required
def enrol_view(request, module_id):
    module = _module(module_id)
    try:
        enrolment = enrol(request.user, module)
    except LearningRefused as error:
        _messages_from(request, error)
        return redirect("elearning:module", module.pk)
    first = (
        enrolment.current_lesson_id or module.lessons.order_by("sort_order", "pk").values_list("pk", flat=True).first()
    )
    if first is None:  # a module with its lessons still to be written
        return redirect("elearning:module", module.pk)
    return redirect("elearning:lesson", module.pk, first)


def _latest_enrolment(person, module):
    return Enrolment.objects.filter(person=person, module=module).order_by("-started_at", "-id").first()


@verified_email_required
def lesson_detail(request, module_id, lesson_id):
    module = _module(module_id)
    enrolment = _latest_enrolment(request.user, module)
    lessons = _outline(module, enrolment)
    index = next((i for i, lesson in enumerate(lessons) if lesson.pk == lesson_id), None)
    if index is None:
        raise Http404("That lesson is not part of this module.")
    if enrolment is None:
        messages.info(request, "Start the module to read its lessons: your progress is then saved as you go.")
        return redirect("elearning:module", module.pk)
    lesson = module.lessons.get(pk=lesson_id)  # with its body
    previous_lesson = lessons[index - 1] if index > 0 else None
    next_lesson = lessons[index + 1] if index + 1 < len(lessons) else None
    if request.method == "POST":
        if enrolment.is_in_progress:
            complete_lesson(enrolment, lesson, next_lesson=next_lesson)
        if next_lesson is not None:
            return redirect("elearning:lesson", module.pk, next_lesson.pk)
        return redirect("elearning:check", module.pk)
    visit_lesson(enrolment, lesson)
    for item in lessons:
        item.current = item.pk == lesson.pk
    return render(
        request,
        "elearning/lesson.html",
        {
            "module": module,
            "course": module.course,
            "enrolment": enrolment,
            "lesson": lesson,
            "number": index + 1,
            "lessons": lessons,
            "progress": _progress(lessons),
            "previous_lesson": previous_lesson,
            "next_lesson": next_lesson,
        },
    )


@verified_email_required
def check(request, module_id):
    """The knowledge check's front page: its rules, and the button that starts an attempt (or
    why it cannot start yet). Posting starts the attempt (or finds the one already open)."""
    module = _module(module_id)
    enrolment = _latest_enrolment(request.user, module)
    if enrolment is None or not enrolment.is_in_progress:
        return redirect("elearning:module", module.pk)
    if request.method == "POST":
        try:
            attempt = start_attempt(enrolment)
        except LearningRefused as error:
            _messages_from(request, error)
            return redirect("elearning:check", module.pk)
        return redirect("elearning:attempt", module.pk, attempt.pk)
    attempts = list(enrolment.attempts.order_by("number"))
    open_attempt = next((attempt for attempt in attempts if not attempt.is_submitted), None)
    used = sum(attempt.is_submitted for attempt in attempts)
    return render(
        request,
        "elearning/check.html",
        {
            "module": module,
            "course": module.course,
            "enrolment": enrolment,
            "closed": None if open_attempt else check_closed_reason(enrolment),
            "open_attempt": open_attempt,
            "attempts_left": module.max_attempts - used if module.max_attempts else None,
            "used": used,
        },
    )


def _answers_posted(request):
    return {key[2:]: request.POST.getlist(key) for key in request.POST if key.startswith("q-")}


@verified_email_required
def attempt_detail(request, module_id, attempt_id):
    """One attempt: the questions while it is open, its result once submitted."""
    module = _module(module_id)
    attempt = get_object_or_404(
        Attempt.objects.select_related("enrolment"),
        pk=attempt_id,
        enrolment__person=request.user,
        enrolment__module=module,
    )
    attempt.enrolment.module = module
    bank = questions_of(module)
    context = {"module": module, "course": module.course, "attempt": attempt, "enrolment": attempt.enrolment}
    if request.method == "POST":
        answers = _answers_posted(request)
        try:
            submit_attempt(attempt, answers)
        except LearningRefused as error:
            if attempt.is_submitted or Attempt.objects.filter(pk=attempt.pk, submitted_at__isnull=False).exists():
                _messages_from(request, error)
                return redirect("elearning:attempt", module.pk, attempt.pk)
            # Tampered answers are not shown again; a form with some questions unanswered keeps
            # what was chosen, and marks the rest.
            missing = getattr(error, "missing", None)
            questions = _drawn(attempt, bank, chosen=answers if missing else {}, missing=missing or ())
            context.update({"error": error.messages[0], "questions": questions})
            return render(request, "elearning/attempt.html", context, status=400)
        return redirect("elearning:attempt", module.pk, attempt.pk)
    if not attempt.is_submitted:
        return render(request, "elearning/attempt.html", {**context, "questions": _drawn(attempt, bank)})
    enrolment = attempt.enrolment
    completion = enrolment.completion if attempt.passed else None
    return render(
        request,
        "elearning/result.html",
        {
            **context,
            "marked": mark(attempt, bank),
            "reveal": not module.max_attempts,
            "completion": completion,
            "retry_closed": check_closed_reason(enrolment) if enrolment.is_in_progress else None,
            "is_latest": not enrolment.attempts.filter(number__gt=attempt.number).exists(),
        },
    )


def _drawn(attempt, bank, chosen=None, missing=()):
    """The attempt's questions for the form, numbered, with what was chosen and whether each
    was left unanswered (after a submission that missed some)."""
    chosen = chosen or {}
    questions = [bank[qid] for qid in attempt.question_ids if qid in bank]
    return [
        {
            "number": number,
            "question": question,
            "chosen": set(chosen.get(question.id, ())),
            "missing": question.id in missing,
        }
        for number, question in enumerate(questions, start=1)
    ]
