"""Marking a register issues attendance certificates at once, in the same transaction, to those
marked as attending; leaving early (a partial attendance) or not coming earns none."""

from datetime import timedelta

import pytest

from django.utils import timezone

from bookings import services
from bookings.attendance import Mark
from bookings.choices import Attendance
from certificates.models import Certificate, CertificateKind
from tests.bookings.factories import BookingFactory
from tests.bookings.helpers import person, session_at
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def marked():
    session = session_at(timezone.now().replace(microsecond=0) - timedelta(hours=2))
    marks = {
        "attended": Attendance.ATTENDED,
        "left early": Attendance.LEFT_EARLY,
        "did not attend": Attendance.DID_NOT_ATTEND,
    }
    people = {}
    register = []
    for name, mark in marks.items():
        booking = BookingFactory(session=session, user=person(full_name=name))
        people[name] = booking.user
        register.append(Mark(booking.pk, mark))
    services.mark_register(session, register, by=UserFactory(is_superuser=True, is_staff=True))
    return people


def test_attending_earns_a_certificate_of_attendance_at_once(marked):
    certificate = Certificate.objects.get(person=marked["attended"])
    assert certificate.kind == CertificateKind.ATTENDANCE
    assert certificate.completion.user == marked["attended"]


def test_leaving_early_or_not_coming_earns_no_certificate(marked):
    assert not Certificate.objects.filter(person__in=[marked["left early"], marked["did not attend"]]).exists()
