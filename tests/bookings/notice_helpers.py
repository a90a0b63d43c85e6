"""Set-up shared by the notices, invites and reminders tests."""

from datetime import datetime

from icalendar import Calendar

from bookings.models import Booking
from bookings.signals import booking_changed
from lscb_training.dates import LONDON
from tests.bookings.factories import BookingFactory, SessionFactory, VenueFactory
from tests.courses.factories import CoursePageFactory
from tests.people.factories import UserFactory

# A Tuesday, a year or more ahead whatever today is (sessions are made in the future).
STARTS = datetime(datetime.now().year + 2, 3, 14, 9, 30, tzinfo=LONDON)
STARTS = STARTS.replace(day=14 + (1 - STARTS.weekday()) % 7)


def make_session(**kwargs):
    return SessionFactory(
        course=kwargs.pop("course", None) or CoursePageFactory(title="CSE Awareness for Practitioners"),
        venue=kwargs.pop("venue", None) or VenueFactory(name="Riverside Centre", address="1 Castle Street\nCarlisle"),
        **{"starts_at": STARTS, "ends_at": STARTS.replace(hour=12, minute=30), **kwargs},
    )


def make_booking(session=None, line_manager_email="", **kwargs):
    person = kwargs.pop("user", None) or UserFactory(
        full_name="Ruth Lowther", email="ruth.lowther@fellside.example.org", line_manager_email=line_manager_email
    )
    return BookingFactory(session=session or make_session(), user=person, **kwargs)


def announce(capture, booking, event, **extra):
    """Sends ``booking_changed`` as the booking services do, and runs what waits for the commit."""
    with capture(execute=True):
        booking_changed.send(sender=Booking, booking=booking, event=event, by=None, **extra)


def calendar_parts(message):
    """(inline text/calendar alternatives, .ics attachments) of a sent message."""
    inline = [content for content, mimetype in message.alternatives if mimetype.startswith("text/calendar")]
    files = [attachment for attachment in message.attachments if attachment[0].endswith(".ics")]
    return inline, files


def invite_of(message):
    inline, _ = calendar_parts(message)
    assert len(inline) == 1
    return Calendar.from_ical(inline[0])


def html_of(message):
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")
