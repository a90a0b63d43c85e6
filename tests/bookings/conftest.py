"""Fixtures of the booking tests."""

from contextlib import contextmanager

import pytest

from bookings.signals import booking_changed


@pytest.fixture
def announced(django_capture_on_commit_callbacks):
    """``with announced() as sent:`` runs the commit callbacks of the block and collects what
    ``booking_changed`` said: (person, event, extra) in order."""
    sent = []

    def receiver(sender, booking, event, by, signal, **extra):
        sent.append((booking.user, event, extra))

    booking_changed.connect(receiver, dispatch_uid="tests-announced")

    @contextmanager
    def recording():
        with django_capture_on_commit_callbacks(execute=True):
            yield sent

    yield recording
    booking_changed.disconnect(dispatch_uid="tests-announced")
