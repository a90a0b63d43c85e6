"""Shared set-up for the tests of the booking verbs: people who may book, sessions at fixed
times, what the services announced, and a snapshot to prove a refusal changed nothing."""

from datetime import datetime, timedelta

from bookings.models import Booking, Session
from lscb_training.dates import LONDON
from tests.bookings.factories import SessionFactory
from tests.people.factories import AgencyLeadershipFactory, UserFactory


def person(**kwargs):
    """Someone who may book: verified email, active, a job role, a line manager on the profile."""
    kwargs.setdefault("line_manager_name", "Lee Manager")
    kwargs.setdefault("line_manager_email", "lee.manager@agency.example.org")
    return UserFactory(**kwargs)


def person_with_a_lead(**kwargs):
    """Someone who may book, whose agency has a lead to approve their requests."""
    someone = person(**kwargs)
    AgencyLeadershipFactory(agency=someone.agency)
    return someone


def london(*args):
    return datetime(*args, tzinfo=LONDON)


def session_at(starts_at, hours=3, **kwargs):
    return SessionFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours), **kwargs)


def snapshot(session):
    """Everything a booking verb could change on a session, to compare before and after."""
    row = Session.objects.values("capacity", "places_taken").get(pk=session.pk)
    bookings = list(
        Booking.objects.filter(session=session)
        .order_by("pk")
        .values("pk", "user", "status", "offer_expires_at", "cancelled_at", "sequence", "decided_by")
    )
    return row, bookings
