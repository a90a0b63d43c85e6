"""Demo venues and sessions: about 40 dates over the next six months for every workshop course.

Venues and the words on sessions come from ``demo.data.sessions``. Dates are laid out from the
Monday of the current week, so the demo always has upcoming sessions, and each session's
calendar UID is a uuid5 of its course and start: running the seeder again the same week creates
nothing new. Some sessions are not open for booking yet, some were booked and then cancelled
through ``bookings.services.cancel_session``, and the others are booked by demo people through
``bookings.services.book_session`` (never rows written around it), so each booking passed the
same rules a person meets: some sessions are full with a waiting list, on some a cancellation
has offered a place to the first person waiting (an open offer), and a course that needs a
lead's approval has requests from the agencies the persona leads lead, waiting for them to decide.
"""

import uuid
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from bookings.models import Area, Booking, BookingStatus, Session, SessionStatus, Venue
from bookings.services import BookingRefused, approve_booking, book_session, cancel_booking, cancel_session
from courses.models import CourseFormat, CoursePage
from demo.data.people import PERSONAS
from demo.data.sessions import (
    FULL_DAY_TIMES,
    HALF_DAY_TIMES,
    ONLINE_DELEGATE_NOTES,
    ONLINE_NOTE,
    TRAINERS,
    VENUE_DELEGATE_NOTES,
    VENUES,
)
from lscb_training.dates import LONDON
from people.models import AgencyLeadership, User

DEMO_NAMESPACE = uuid.UUID("6f1d2b0e-7a4c-4c8e-9a51-3f0b6c2d9e17")
SESSIONS_WANTED = 40
HORIZON_DAYS = 175  # about six months


def seed(log):
    venues, venues_added = _seed_venues()
    courses = list(CoursePage.objects.live().exclude(format=CourseFormat.E_LEARNING).order_by("path"))
    if not courses:
        log(f"Venues: {len(venues)} ({venues_added} added). No workshop courses yet, so no sessions.")
        return
    added = _seed_sessions(courses, venues)
    upcoming = Session.objects.upcoming().with_availability()
    codes = [session.availability.code for session in upcoming]
    bookings = Booking.objects.filter(session__in=upcoming)
    log(
        f"Venues: {len(venues)} ({venues_added} added); upcoming sessions: {len(codes)} ({added} added), "
        f"{codes.count('full')} full, {codes.count('waiting_list')} full with room on the waiting list, "
        f"{codes.count('cancelled')} cancelled, "
        f"{codes.count('not_open')} not yet open for booking; "
        f"{bookings.offered().count()} open offers, {bookings.awaiting_approval().count()} requests awaiting approval"
    )


def _seed_venues():
    venues, added = [], 0
    for name, address, postcode, area, access, parking in VENUES:
        venue, created = Venue.objects.get_or_create(
            name=name,
            defaults={
                "address": address,
                "postcode": postcode,
                "area": area,
                "accessibility_notes": access,
                "parking_notes": parking,
                "online_joining_note": ONLINE_NOTE if area == Area.ONLINE else "",
            },
        )
        venues.append(venue)
        added += created
    return venues, added


def _plan(courses, venues):
    """(course, starts_at, ends_at, venue, kind) for each demo session, the same all week."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    per_course = max(3, -(-SESSIONS_WANTED // len(courses)))
    plan = []
    for c, course in enumerate(courses):
        for k in range(per_course):
            day = monday + timedelta(days=10 + c * 3 + k * HORIZON_DAYS // per_course)
            if day.isoweekday() > 5:  # weekdays only
                day += timedelta(days=8 - day.isoweekday())
            if course.format == CourseFormat.FULL_DAY:
                start, end = FULL_DAY_TIMES
            else:
                start, end = HALF_DAY_TIMES[(c + k) % 2]
            starts_at = datetime.combine(day, start, tzinfo=LONDON)
            ends_at = datetime.combine(day, end, tzinfo=LONDON)
            plan.append((course, starts_at, ends_at, venues[(c * 2 + k) % len(venues)], len(plan)))
    return plan


def _seed_sessions(courses, venues):
    people = _demo_people()
    added = 0
    now = timezone.now()
    for course, starts_at, ends_at, venue, n in _plan(courses, venues):
        uid = uuid.uuid5(DEMO_NAMESPACE, f"{course.slug}/{starts_at.isoformat()}")
        if Session.objects.filter(uid=uid).exists():
            continue
        kind = ("cancelled", "full", "waiting_list", "filling", "open", "open", "full_list")[n % 7]
        capacity = 8 if kind in ("full", "waiting_list", "full_list") else 16 + (n % 3) * 4
        # Booking opens at 9am on the Monday 17 weeks before, so later dates are not open yet.
        opens_on = starts_at.date() - timedelta(weeks=17, days=starts_at.weekday())
        opens_at = datetime.combine(opens_on, time(9, 0), tzinfo=LONDON)
        with transaction.atomic():
            session = Session.objects.create(
                uid=uid,
                course=course,
                venue=venue,
                starts_at=starts_at,
                ends_at=ends_at,
                capacity=capacity,
                waiting_list_size=0 if kind == "full" else 4 if kind == "full_list" else 10,
                trainers=TRAINERS[n % len(TRAINERS)],
                booking_opens_at=opens_at if opens_at > now else None,
                booking_closes_at=starts_at - timedelta(days=2),
                status=SessionStatus.SCHEDULED,
                delegate_notes=_notes(venue),
            )
            if session.booking_opens_at is None:
                _seed_bookings(session, kind, _eligible(people, course), n)
            if kind == "cancelled":
                # Cancelled as the training team does it, so the people booked were told and
                # their bookings show the date was called off.
                cancel_session(session)
        added += 1
    return added


def _notes(venue):
    return ONLINE_DELEGATE_NOTES if venue.area == Area.ONLINE else VENUE_DELEGATE_NOTES


def _demo_people():
    """Generated demo people (not the persona sign-ins, whose bookings a tester starts from)
    with a line manager on their profile, as the booking form would otherwise ask for one."""
    personas = {spec["email"] for spec in PERSONAS}
    people = User.objects.filter(is_active=True, is_superuser=False, job_role__isnull=False).exclude(
        line_manager_email=""
    )
    return [person for person in people.order_by("email") if person.email not in personas]


def _eligible(people, course):
    roles = set(course.eligible_job_roles.values_list("pk", flat=True))
    return [person for person in people if not roles or person.job_role_id in roles]


def _seed_bookings(session, kind, people, n):
    """Bookings made through the booking service, by a different slice of people for each session.

    People the rules refuse (another date of the same course, a clash, a missing prerequisite or
    line manager) are passed over, as the site would refuse them. On a course that needs a lead's
    approval the people come from agencies with a lead; the lead approves all but the last two
    requests, which wait for them. A session with a waiting list also has one cancellation, so
    its first person waiting holds an open offer.
    """
    if session.course.requires_lead_approval:
        led = set(AgencyLeadership.objects.values_list("agency_id", flat=True))
        people = [person for person in people if person.agency_id in led]
    if not people:
        return
    places = {"full": session.capacity, "waiting_list": session.capacity, "full_list": session.capacity}.get(
        kind, session.capacity // 2 if kind == "filling" else 3
    )
    waiting = {"waiting_list": 2, "full_list": session.waiting_list_size}.get(kind, 0)
    offset = (n * 17) % len(people)
    made = {BookingStatus.WAITLISTED: [], "place": []}
    for i in range(len(people)):
        if len(made["place"]) >= places and len(made[BookingStatus.WAITLISTED]) >= waiting:
            break
        try:
            booking = book_session(people[(offset + i) % len(people)], session)
        except BookingRefused:
            continue
        made[BookingStatus.WAITLISTED if booking.status == BookingStatus.WAITLISTED else "place"].append(booking)
    requests = [booking for booking in made["place"] if booking.status == BookingStatus.AWAITING_APPROVAL]
    for booking in requests[:-2]:
        lead = AgencyLeadership.objects.filter(agency_id=booking.agency_id).order_by("pk").first()
        approve_booking(booking, by=lead.user)
    if kind == "waiting_list" and made[BookingStatus.WAITLISTED] and made["place"]:
        cancelled = made["place"][0]
        cancel_booking(cancelled, by=cancelled.user)
