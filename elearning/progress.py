"""Progress for lists: how far each enrolment has got, and a person's e-learning at a glance
("My training"), each in a fixed number of queries whatever the number of modules, lessons and
attempts."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from elearning.models import Enrolment, Lesson, LessonProgress
from elearning.services import Standing
from records.models import Completion


def _count(queryset, field):
    return Coalesce(Subquery(queryset.values(field).annotate(n=Count("pk")).values("n")[:1]), 0)


def progress_of(enrolments):
    """``{enrolment pk: {"done", "total", "percent"}}`` for ``enrolments``, in one query."""
    ids = [enrolment.pk for enrolment in enrolments]
    rows = Enrolment.objects.filter(pk__in=ids).annotate(
        done=_count(LessonProgress.objects.filter(enrolment=OuterRef("pk")), "enrolment"),
        total=_count(Lesson.objects.filter(module=OuterRef("module")), "module"),
    )
    return {
        row.pk: {"done": row.done, "total": row.total, "percent": row.done * 100 // row.total if row.total else 0}
        for row in rows
    }


def my_elearning(person, today=None):
    """``in_progress``: enrolments under way (module, course, progress, due date); ``completed``:
    one ``Standing`` per module the person has completed, the latest completion of its course
    (from any source) with its score and renewal."""
    today = today or timezone.localdate()
    in_progress = list(
        Enrolment.objects.in_progress()
        .for_person(person)
        .select_related("module__course", "current_lesson")
        .annotate(
            done=_count(LessonProgress.objects.filter(enrolment=OuterRef("pk")), "enrolment"),
            total=_count(Lesson.objects.filter(module=OuterRef("module")), "module"),
        )
        .order_by("started_at")
    )
    for enrolment in in_progress:
        enrolment.percent = enrolment.done * 100 // enrolment.total if enrolment.total else 0
    under_way = {enrolment.module.course_id for enrolment in in_progress}
    latest = {}
    completions = (
        Completion.objects.for_person(person)
        .filter(course__module__isnull=False)
        .select_related("course__module")
        .order_by("course_id", "-completed_on", "-id")
    )
    for completion in completions:
        latest.setdefault(completion.course_id, completion)
    completed = [
        {"module": completion.course.module, "course": completion.course, "standing": Standing(None, completion, today)}
        for course_id, completion in latest.items()
        if course_id not in under_way
    ]
    completed.sort(key=lambda item: item["course"].title)
    return {"in_progress": in_progress, "completed": completed}
