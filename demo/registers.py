"""Demo past sessions with marked registers: completions from attendance, charges in the ledger
(one waived with a reason) and one person blocked after three no-shows.

Three sessions, eight, five and two weeks ago, of up to three workshop courses that need no
lead's approval. Demo people are booked through ``bookings.services.book_session`` as of 20 days
before each date and the registers saved through ``mark_register`` once each ended, so
every completion, charge and email came from the same verbs as on the live site. The same
person missed all three, so the booking rule now refuses them. Each session's UID is a uuid5 of
its course and start, so running the seeder again adds nothing.
"""

import uuid
from datetime import datetime, timedelta

from django.utils import timezone

from bookings.attendance import Mark
from bookings.choices import Attendance, LedgerStatus
from bookings.models import LedgerEntry, Session, SessionStatus, Venue
from bookings.services import BookingRefused, book_session, mark_register, waive_entry
from courses.models import CourseFormat, CoursePage
from demo.data.sessions import HALF_DAY_TIMES, TRAINERS
from demo.sessions import DEMO_NAMESPACE, _demo_people, _eligible
from lscb_training.dates import LONDON
from people.models import User

WEEKS_AGO = (8, 5, 2)  # oldest first: each booking is made as of a date when the earlier ones were over
PEOPLE_PER_SESSION = 8


def seed(log):
    courses = list(
        CoursePage.objects.live()
        .exclude(format=CourseFormat.E_LEARNING)
        .filter(requires_lead_approval=False)
        .order_by("path")[: len(WEEKS_AGO)]
    )
    venue = Venue.objects.order_by("name").first()
    people = _demo_people()
    if not courses or venue is None or not people:
        log("No workshop courses, venues or people yet, so no past registers.")
        return
    # Someone every course takes, who will have missed all three.
    absentee = next((p for p in people if all(p in _eligible([p], course) for course in courses)), None)
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    added = 0
    for n, weeks in enumerate(WEEKS_AGO):
        course = courses[n % len(courses)]
        starts_at, ends_at = _past_times(weeks)
        uid = uuid.uuid5(DEMO_NAMESPACE, f"register/{course.slug}/{starts_at.isoformat()}")
        if Session.objects.filter(uid=uid).exists():
            continue
        session = Session.objects.create(
            uid=uid,
            course=course,
            venue=venue,
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=PEOPLE_PER_SESSION + 2,
            trainers=TRAINERS[n % len(TRAINERS)],
            status=SessionStatus.SCHEDULED,
        )
        booked_on = starts_at - timedelta(days=20)
        bookings = []
        others = [p for p in _eligible(people, course) if p != absentee]
        others = others[n * 5 :] + others[: n * 5]  # a different slice of people each time
        for person in [absentee, *others] if absentee else others:
            if len(bookings) >= PEOPLE_PER_SESSION:
                break
            try:
                bookings.append(book_session(person, session, now=booked_on))
            except BookingRefused:
                continue
        marks = [Mark(booking.pk, Attendance.ATTENDED) for booking in bookings]
        for i, booking in enumerate(bookings):
            if absentee is not None and booking.user_id == absentee.pk:
                marks[i] = Mark(booking.pk, Attendance.DID_NOT_ATTEND)
        if len(bookings) > 2:
            marks[1] = Mark(bookings[1].pk, Attendance.ARRIVED_LATE, 15)
            marks[2] = Mark(bookings[2].pk, Attendance.LEFT_EARLY if n else Attendance.DID_NOT_ATTEND)
        mark_register(session, marks, by=admin, now=ends_at)
        added += 1
    if added:
        first_due = LedgerEntry.objects.filter(status=LedgerStatus.DUE).exclude(person=absentee).first()
        if first_due is not None:
            waive_entry(first_due, by=admin, reason="Off sick: the line manager rang the training team that morning.")
    log(
        f"Past sessions with registers: {added} added; ledger entries: {LedgerEntry.objects.count()}; "
        f"blocked after three no-shows: {absentee.email if absentee else 'nobody'}"
    )


def _past_times(weeks):
    today = timezone.localdate()
    day = today - timedelta(weeks=weeks, days=today.weekday() - 1)  # a Tuesday
    start, end = HALF_DAY_TIMES[0]
    return datetime.combine(day, start, tzinfo=LONDON), datetime.combine(day, end, tzinfo=LONDON)
