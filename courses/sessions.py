"""The catalogue's window on the bookings app: upcoming sessions for level and course pages.

Kept in one module so the pages never reach into booking rules themselves: the sessions come
from ``bookings.models`` with availability annotated, so a list of any length costs one query.
"""

from bookings.models import Session, next_sessions_by_course

NEXT_SESSIONS_PER_COURSE = 3


def attach_next_sessions(courses, limit=NEXT_SESSIONS_PER_COURSE):
    """Sets ``course.next_sessions`` on each course: its next few dates that go ahead."""
    by_course = next_sessions_by_course(courses, limit=limit)
    for course in courses:
        course.next_sessions = by_course.get(course.pk, [])
    return courses


def upcoming_sessions_for(course):
    """Every upcoming session of a course in date order, cancelled ones included so people see them."""
    return list(Session.objects.filter(course=course).upcoming().with_availability().order_by("starts_at", "id"))
