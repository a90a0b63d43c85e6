"""``manage.py seed_demo``'s options: the sign-ins it prints and the site address it sets, as
``make run`` uses them. The demo it builds is tested in tests/demo/test_seeded_demo.py."""

import io
import subprocess
import sys
import types
from contextlib import redirect_stdout

import pytest

from django.conf import settings
from django.core.management import call_command

from wagtail.models import Site

from bookings.notice_models import SentNotice
from bookings.services import book_session
from demo.management.commands import seed_demo
from tests.bookings.factories import SessionFactory
from tests.bookings.helpers import person

pytestmark = pytest.mark.django_db


def logins(*args):
    out = io.StringIO()
    call_command("seed_demo", "--logins", *args, stdout=out)
    return out.getvalue()


def test_the_printed_sign_in_links_use_the_host_and_port_make_run_serves_on():
    printed = logins("--host", "localhost", "--port", "8001")

    assert "http://localhost:8001/accounts/login/" in printed
    assert "http://localhost:8001/admin/" in printed
    assert "8000" not in printed


def test_the_printed_sign_in_links_default_to_127_0_0_1_port_8000():
    assert "http://127.0.0.1:8000/accounts/login/" in logins()


def test_seed_demo_points_the_default_site_at_the_address_it_is_given(monkeypatch):
    monkeypatch.setattr(seed_demo, "SEEDERS", [])
    out = io.StringIO()

    call_command("seed_demo", "--port", "8001", stdout=out)

    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8001"
    assert "Site address set to http://127.0.0.1:8001" in out.getvalue()


def test_seed_demo_keeps_a_site_address_already_set_and_says_where_links_point(monkeypatch):
    monkeypatch.setattr(seed_demo, "SEEDERS", [])
    Site.objects.update(hostname="127.0.0.1", port=8000)
    out = io.StringIO()

    call_command("seed_demo", "--port", "8001", stdout=out)

    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8000"
    assert "The Site's address is http://127.0.0.1:8000, not http://127.0.0.1:8001" in out.getvalue()


def test_make_run_gives_seed_demo_and_runserver_the_same_host_and_port():
    commands = subprocess.run(
        ["make", "--dry-run", "run", "HOST=127.0.0.2", "PORT=8001"],  # noqa: S607 - make from PATH, as a developer runs it
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert "manage.py seed_demo --host 127.0.0.2 --port 8001\n" in commands
    assert "manage.py seed_demo --logins --host 127.0.0.2 --port 8001\n" in commands
    assert "manage.py runserver 127.0.0.2:8001\n" in commands


def test_make_run_runs_the_booking_and_compliance_jobs_beside_the_server_and_stops_them_with_it():
    commands = subprocess.run(
        ["make", "--dry-run", "run"],  # noqa: S607 - make from PATH, as a developer runs it
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert "manage.py run_booking_jobs --every 60" in commands
    assert "manage.py run_compliance_jobs --every 3600" in commands
    assert "trap 'kill $jobs $compliance 2>/dev/null' EXIT" in commands


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_booking_emails_the_demo_causes_are_kept_back_not_printed_over_the_sign_ins(monkeypatch, settings):
    # As make run has it (lscb_training.settings.dev): email printed to the terminal, sent at once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    session, someone = SessionFactory(), person()
    booking_seeder = types.SimpleNamespace(seed=lambda log: book_session(someone, session))
    monkeypatch.setitem(sys.modules, "tests.booking_seeder", booking_seeder)
    monkeypatch.setattr(seed_demo, "SEEDERS", ["tests.booking_seeder"])
    out, printed = io.StringIO(), io.StringIO()

    with redirect_stdout(printed):
        call_command("seed_demo", stdout=out)

    assert "1 booking email to the demo's people were written and not sent." in out.getvalue()
    assert printed.getvalue() == ""
    assert SentNotice.objects.filter(booking__user=someone).count() == 1
