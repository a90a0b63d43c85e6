"""``manage.py seed_demo``: safe to repeat, and the demo it builds is the one the README shows."""

import io
import subprocess

import pytest
from allauth.account.models import EmailAddress

from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from wagtail.models import Site

from demo.data.people import DEMO_PASSWORD, JOB_ROLES, PERSONAS, SPECIALIST_ROLE_CODES
from demo.management.commands import seed_demo
from people.models import JobRole, User

pytestmark = pytest.mark.django_db

# Everything any seeder may write to, including Wagtail's revisions, logs and reference index.
COUNTED_APPS = [
    "people",
    "lscb_training",
    "courses",
    "records",
    "bookings",
    "elearning",
    "wagtailcore",
    "wagtaildocs",
    "wagtailimages",
    "taggit",
    "account",
    "auth",
]


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for label in COUNTED_APPS
        for model in apps.get_app_config(label).get_models()
    }


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def persona(name):
    spec = next(p for p in PERSONAS if p["persona"] == name)
    return User.objects.get(email=spec["email"])


def test_seeding_twice_leaves_every_row_count_unchanged():
    seed()
    first = row_counts()

    seed()

    assert row_counts() == first
    assert first["people.User"] >= 590


def test_every_persona_signs_in_with_the_printed_password_and_a_verified_email(client):
    seed()

    for spec in PERSONAS:
        assert client.login(email=spec["email"], password=DEMO_PASSWORD), spec["persona"]
        assert EmailAddress.objects.filter(email=spec["email"], verified=True, primary=True).exists()
        client.logout()


def test_agency_leads_lead_their_own_sector_and_staff_roles_are_right():
    seed()

    police_lead = persona("Agency lead, Police")
    health_lead = persona("Agency lead, Health")
    administrator = persona("Training administrator")
    superuser = persona("Site administrator (superuser)")

    assert [a.name for a in police_lead.led_agencies] == ["Fellside Constabulary"]
    assert len(health_lead.led_agencies) >= 2
    assert {a.sector for a in health_lead.led_agencies} == {"health"}
    assert set(User.objects.led_by(police_lead).values_list("agency__sector", flat=True)) == {"police"}
    assert administrator.is_staff and not administrator.is_superuser
    assert administrator.groups.filter(name="Training administrators").exists()
    assert superuser.is_superuser
    assert not persona("Learner (youth worker)").is_agency_lead


def test_demo_people_are_spread_over_agencies_in_roles_that_fit_their_sector():
    seed()

    assert set(JobRole.objects.filter(code__in=SPECIALIST_ROLE_CODES).values_list("code", flat=True)) == set(
        SPECIALIST_ROLE_CODES
    )
    assert JobRole.objects.count() >= 25
    assert 580 <= User.objects.count() <= 620
    sectors_of_role = {code: set(sectors) for code, _name, sectors, _description in JOB_ROLES}
    people = User.objects.values_list("email", "agency__sector", "job_role__code", "role_started_on")
    for email, sector, role, started_on in people:
        assert sector in sectors_of_role[role], email
        assert started_on is not None, email
    assert not User.objects.filter(role_history__isnull=True).exists()
    assert not User.objects.filter(emailaddress__isnull=True).exists()
    assert not User.objects.filter(emailaddress__verified=False).exists()
    assert User.objects.exclude(line_manager_email="").count() > 200


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


def test_make_run_runs_the_booking_jobs_beside_the_server_and_stops_them_with_it():
    commands = subprocess.run(
        ["make", "--dry-run", "run"],  # noqa: S607 - make from PATH, as a developer runs it
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert "manage.py run_booking_jobs --every 60" in commands
    assert "trap 'kill $jobs 2>/dev/null' EXIT" in commands
