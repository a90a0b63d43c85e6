"""``manage.py reconcile_bookings`` reports every session whose places-taken count disagrees with
its bookings, and exits non-zero when one does."""

import pytest

from django.core.management import call_command
from django.db import IntegrityError, transaction

from bookings.models import Session
from bookings.services import book_session
from tests.bookings.factories import SessionFactory
from tests.bookings.helpers import person

pytestmark = pytest.mark.django_db


def test_reconcile_reports_no_drift_when_every_count_agrees(capsys):
    session = SessionFactory(capacity=1)
    book_session(person(), session)
    book_session(person(), session)

    call_command("reconcile_bookings")

    assert "Every session's places taken agrees with its bookings." in capsys.readouterr().out


def test_reconcile_names_a_drifted_session_and_exits_non_zero(capsys):
    session = SessionFactory(capacity=3)
    book_session(person(), session)
    Session.objects.filter(pk=session.pk).update(places_taken=2)  # a bug elsewhere, simulated

    with pytest.raises(SystemExit) as exit_:
        call_command("reconcile_bookings")

    assert exit_.value.code == 1
    out = capsys.readouterr()
    assert f"Session {session.pk} " in out.out and "places taken says 2, but 1 bookings hold a place" in out.out
    assert "1 session(s) drifted." in out.err


def test_the_database_refuses_more_places_taken_than_capacity():
    session = SessionFactory(capacity=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(places_taken=2)
