"""What would meet a requirement next: the upcoming sessions a person could book and the
e-learning they could start. Reminders, "remind selected" and the digest all word their
"what to do" from here."""

from django.utils import timezone

from bookings.availability import availability
from bookings.models import Session
from compliance.status import satisfying_course_ids
from elearning.models import Module


def next_sessions(requirement, limit=3, now=None):
    """The next ``limit`` sessions of courses that meet ``requirement`` that a newcomer could
    ask for a place on now (places left or a waiting list), soonest first."""
    now = now or timezone.now()
    candidates = (
        Session.objects.published()
        .scheduled()
        .upcoming(now)
        .filter(course_id__in=satisfying_course_ids(requirement))
        .with_availability()
        .order_by("starts_at", "id")[: limit * 4]
    )
    return [session for session in candidates if availability(session, now).can_book][:limit]


def e_learning(requirement):
    """The live e-learning modules that meet ``requirement``."""
    return list(
        Module.objects.filter(course_id__in=satisfying_course_ids(requirement), course__live=True)
        .select_related("course")
        .order_by("course__title")
    )
