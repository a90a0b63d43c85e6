"""Factories for venues, sessions and bookings. Page factories live in tests/courses/factories.py."""

from datetime import timedelta

import factory

from django.db.models import F
from django.utils import timezone

from bookings.choices import PLACE_HOLDING_STATUSES
from bookings.models import Area, Booking, BookingStatus, Session, Venue
from tests.courses.factories import CoursePageFactory
from tests.people.factories import UserFactory


def _next_morning(days):
    """09:30 Europe/London ``days`` from today, as an aware datetime."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 9, 30))


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Riverside Centre {n}")
    address = "1 Castle Street\nCarlisle"
    postcode = "CA3 8SY"
    area = Area.CARLISLE
    accessibility_notes = "Step-free access to all rooms."
    parking_notes = "Pay and display opposite."


class SessionFactory(factory.django.DjangoModelFactory):
    """A scheduled session ``days_ahead`` days from now (default 30), 9:30am to 12:30pm, open to book."""

    class Meta:
        model = Session

    class Params:
        days_ahead = factory.Sequence(lambda n: 30 + n % 150)

    course = factory.SubFactory(CoursePageFactory)
    venue = factory.SubFactory(VenueFactory)
    starts_at = factory.LazyAttribute(lambda o: _next_morning(o.days_ahead))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    capacity = 20
    waiting_list_size = 10
    trainers = "Alex Trainer"
    delegate_notes = "Please bring a notebook."


class BookingFactory(factory.django.DjangoModelFactory):
    """A booking row made directly, for tests of what reads bookings; ``places_taken`` is kept in
    step as the services keep it. Tests of booking itself use ``bookings.services``."""

    class Meta:
        model = Booking

    session = factory.SubFactory(SessionFactory)
    user = factory.SubFactory(UserFactory)
    status = BookingStatus.CONFIRMED
    waitlisted_at = factory.LazyAttribute(lambda o: timezone.now() if o.status == BookingStatus.WAITLISTED else None)
    offer_expires_at = factory.LazyAttribute(
        lambda o: o.session.starts_at if o.status == BookingStatus.OFFERED else None
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        booking = super()._create(model_class, *args, **kwargs)
        if booking.status in PLACE_HOLDING_STATUSES:
            Session.objects.filter(pk=booking.session_id).update(places_taken=F("places_taken") + 1)
            booking.session.places_taken += 1
        return booking
