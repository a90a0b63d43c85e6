"""Demo venues and sessions: about 40 dates over the next six months for every workshop course.

Venues are invented but sit in real Cumbrian towns, one or more in each of the six areas plus
an online room. Dates are laid out from the Monday of the current week, so the demo always has
upcoming sessions, and each session's calendar UID is a uuid5 of its course and start: running
the seeder again the same week creates nothing new. Some sessions are full (real confirmed
bookings of demo people whose job role may book the course, plus a waiting list), some are
cancelled and some are not open for booking yet.
"""

import uuid
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from bookings.models import Area, Booking, BookingStatus, Session, SessionStatus, Venue
from courses.models import CourseFormat, CoursePage
from demo.people import PERSONAS
from lscb_training.dates import LONDON
from people.models import User

DEMO_NAMESPACE = uuid.UUID("6f1d2b0e-7a4c-4c8e-9a51-3f0b6c2d9e17")
SESSIONS_WANTED = 40
HORIZON_DAYS = 175  # about six months

VENUES = [
    (
        "Citadel Learning Centre",
        "14 Botchergate\nCarlisle",
        "CA1 1QS",
        Area.CARLISLE,
        "Step-free entrance from Botchergate; lift to all floors; hearing loop in the main room.",
        "No parking on site. Pay and display at the Devonshire Walk car park, 5 minutes' walk.",
    ),
    (
        "Harraby Community Hub",
        "Edgehill Road\nHarraby\nCarlisle",
        "CA1 3SL",
        Area.CARLISLE,
        "All on the ground floor; accessible toilet.",
        "Free car park beside the building.",
    ),
    (
        "Solway Coast Training Rooms",
        "Oxford Street\nWorkington",
        "CA14 2AH",
        Area.ALLERDALE,
        "Lift to the first-floor training rooms.",
        "Free parking at the rear, 20 spaces.",
    ),
    (
        "Derwent House",
        "Main Street\nCockermouth",
        "CA13 9LE",
        Area.ALLERDALE,
        "Ground-floor rooms with level access.",
        "Town-centre pay and display nearby.",
    ),
    (
        "Harbourside Conference Rooms",
        "Lowther Street\nWhitehaven",
        "CA28 7DG",
        Area.COPELAND,
        "Step-free access; hearing loop; accessible toilet on each floor.",
        "Pay and display on the harbour.",
    ),
    (
        "Fellgate Centre",
        "Middlegate\nPenrith",
        "CA11 7PT",
        Area.EDEN,
        "Ramp at the side entrance; accessible toilet.",
        "Limited parking; the Bluebell Lane car park is close.",
    ),
    (
        "Kentmere Rooms",
        "Stricklandgate\nKendal",
        "LA9 4PU",
        Area.SOUTH_LAKELAND,
        "Lift to the second floor; quiet room available on request.",
        "Use the Westmorland Shopping Centre car park.",
    ),
    (
        "Furness Learning Hub",
        "Duke Street\nBarrow-in-Furness",
        "LA14 1HP",
        Area.BARROW,
        "Level access throughout; hearing loop.",
        "Free parking on site.",
    ),
    (
        "Online classroom",
        "Microsoft Teams",
        "",
        Area.ONLINE,
        "Live captions are switched on. Tell us if you need a break-out room for an interpreter.",
        "",
    ),
]
ONLINE_NOTE = "The joining link is sent with your booking confirmation and again the day before."

# Half-day sessions alternate morning and afternoon; full days run 9:30am to 4pm.
HALF_DAY_TIMES = [(time(9, 30), time(12, 30)), (time(13, 30), time(16, 30))]
FULL_DAY_TIMES = (time(9, 30), time(16, 0))


def seed(log):
    venues, venues_added = _seed_venues()
    courses = list(CoursePage.objects.live().exclude(format=CourseFormat.E_LEARNING).order_by("path"))
    if not courses:
        log(f"Venues: {len(venues)} ({venues_added} added). No workshop courses yet, so no sessions.")
        return
    added = _seed_sessions(courses, venues)
    upcoming = Session.objects.upcoming().with_availability()
    codes = [session.availability.code for session in upcoming]
    log(
        f"Venues: {len(venues)} ({venues_added} added); upcoming sessions: {len(codes)} ({added} added), "
        f"{codes.count('full')} full, {codes.count('waiting_list')} full with room on the waiting list, "
        f"{codes.count('cancelled')} cancelled, "
        f"{codes.count('not_open')} not yet open for booking"
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
                trainers=("Alison Graham", "Dr Ruth Moffat", "Steve Irving and Kath Dixon")[n % 3],
                booking_opens_at=opens_at if opens_at > now else None,
                booking_closes_at=starts_at - timedelta(days=2),
                status=SessionStatus.CANCELLED if kind == "cancelled" else SessionStatus.SCHEDULED,
                delegate_notes=_notes(venue),
            )
            if session.booking_opens_at is None:
                _seed_bookings(session, kind, _eligible(people, course), n)
        added += 1
    return added


def _notes(venue):
    if venue.area == Area.ONLINE:
        return "Join five minutes early to test your sound and camera. Please have your camera on if you can."
    return "Refreshments are provided. Please bring a copy of the Partnership's CSE screening tool."


def _demo_people():
    """Generated demo people (not the persona sign-ins, whose bookings a tester starts from)."""
    personas = {spec["email"] for spec in PERSONAS}
    return [
        person
        for person in User.objects.filter(is_active=True, is_superuser=False, job_role__isnull=False).order_by("email")
        if person.email not in personas
    ]


def _eligible(people, course):
    roles = set(course.eligible_job_roles.values_list("pk", flat=True))
    return [person for person in people if not roles or person.job_role_id in roles]


def _seed_bookings(session, kind, people, n):
    """Confirmed bookings (and a waiting list) from a different slice of people for each session."""
    if not people:
        return
    confirmed = {"full": session.capacity, "waiting_list": session.capacity, "full_list": session.capacity}.get(
        kind, session.capacity // 2 if kind == "filling" else 3
    )
    waitlisted = {"waiting_list": 2, "full_list": session.waiting_list_size}.get(kind, 0)
    offset = (n * 17) % len(people)
    chosen = [people[(offset + i) % len(people)] for i in range(min(confirmed + waitlisted, len(people)))]
    joined = timezone.now() - timedelta(days=10)
    Booking.objects.bulk_create(
        Booking(
            session=session,
            user=person,
            status=BookingStatus.CONFIRMED if i < confirmed else BookingStatus.WAITLISTED,
            waitlisted_at=None if i < confirmed else joined + timedelta(minutes=i),
        )
        for i, person in enumerate(chosen)
    )
