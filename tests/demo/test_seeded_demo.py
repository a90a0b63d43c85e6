"""The whole demo, seeded once for this module (``demo`` below): safe to repeat, with the
people, leads and training records the README's personas are there to show. Tests of one
seeder on its own live beside that seeder's app (tests/courses/test_demo.py and others)."""

import io

import pytest
from allauth.account.models import EmailAddress

from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from compliance.models import Exemption, Requirement
from compliance.staff import counts
from compliance.status import applies_to, in_force
from courses.models import CoursePage
from demo.data.people import DEMO_PASSWORD, JOB_ROLES, PERSONAS, SPECIALIST_ROLE_CODES
from people.models import Agency, JobRole, RoleHistory, User
from records.choices import ReasonCode
from records.eligibility import eligibility
from records.models import Completion
from tests.conftest import shared_rows

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
    "compliance",
]


def seed():
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded once: every test here reads it, and what a test changes is rolled back."""
    with shared_rows(django_db_blocker):
        seed()
        yield


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for label in COUNTED_APPS
        for model in apps.get_app_config(label).get_models()
    }


def persona(name):
    return User.objects.get(email=next(p["email"] for p in PERSONAS if p["persona"] == name))


def test_seeding_twice_leaves_every_row_count_unchanged():
    first = row_counts()

    seed()

    assert row_counts() == first
    assert first["people.User"] >= 590
    assert first["elearning.Module"] == 2
    assert first["elearning.Enrolment"] >= 50
    assert first["elearning.Attempt"] and first["elearning.LessonProgress"]
    assert first["compliance.Requirement"] == 4
    assert first["compliance.RosterEntry"] >= 70


def test_every_persona_signs_in_with_the_printed_password_and_a_verified_email(client):
    for spec in PERSONAS:
        assert client.login(email=spec["email"], password=DEMO_PASSWORD), spec["persona"]
        assert EmailAddress.objects.filter(email=spec["email"], verified=True, primary=True).exists()
        client.logout()


def test_agency_leads_lead_their_own_sector_and_staff_roles_are_right():
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


def test_the_demo_social_worker_may_take_the_specialist_workshop_and_the_teacher_may_not():
    course = CoursePage.objects.get(slug="cse-specialist-workshop")

    assert eligibility(persona("Front-line social worker"), course).may_take
    teacher_reasons = eligibility(persona("Teacher"), course).reasons
    assert [reason.code for reason in teacher_reasons] == [
        ReasonCode.JOB_ROLE_NOT_ELIGIBLE,
        ReasonCode.PREREQUISITE_MISSING,
    ]


def test_the_demo_police_leads_full_day_workshop_has_lapsed_for_the_specialist_workshop():
    course = CoursePage.objects.get(slug="cse-specialist-workshop")

    [reason] = eligibility(persona("Agency lead, Police"), course).reasons

    assert reason.code == ReasonCode.PREREQUISITE_LAPSED


def test_the_demo_has_completions_from_every_source_but_manual_for_hundreds_of_people():
    assert Completion.objects.values("user").distinct().count() >= 200
    assert set(Completion.objects.values_list("source", flat=True)) == {"attendance", "e_learning", "import"}
    assert Completion.objects.filter(expires_on__isnull=True).exists()


def police_figures():
    today = timezone.localdate()
    requirements = in_force(today)
    requirement = next(r for r in requirements if r.title == "CSE awareness (Level 1)")
    return counts([Agency.objects.get(name="Fellside Constabulary")], requirement, today, requirements=requirements)


def test_the_police_leads_dashboard_shows_a_realistic_mix_with_every_status():
    figures = police_figures()

    assert 60 <= figures["total"] <= 80
    assert 0.55 <= figures["compliant"] / figures["total"] <= 0.85
    assert 0.05 <= figures["expiring"] / figures["total"] <= 0.20
    assert 0.05 <= figures["expired"] / figures["total"] <= 0.20
    for status in ("not_started", "new_starter"):
        assert 1 <= figures[status] <= 0.10 * figures["total"], status
    assert Exemption.objects.filter(person__agency__name="Fellside Constabulary").count() >= 2


def test_the_nhs_trusts_own_requirement_wins_over_the_partnerships_for_its_staff():
    today = timezone.localdate()
    requirements = in_force(today)
    partnership, trust = (
        next(r for r in requirements if r.title == title)
        for title in ("CSE awareness (Level 1)", "CSE awareness for the NHS trust (Level 2)")
    )
    trust_staff = RoleHistory.objects.covering(today).filter(agency__name=trust.agency.name)

    assert not applies_to(partnership, trust_staff, today, requirements=requirements).exists()
    assert applies_to(trust, trust_staff, today, requirements=requirements).count() == trust_staff.count()
    assert Requirement.objects.filter(agency__isnull=True).count() == 3


def test_the_partnership_overview_has_twelve_months_of_snapshots_to_show_a_trend():
    from compliance.models import Snapshot

    months = sorted(set(Snapshot.objects.values_list("month", flat=True)))
    assert len(months) == 12
    assert months[-1] == timezone.localdate().replace(day=1)
    police_now = Snapshot.objects.get(
        month=months[-1], agency__name="Fellside Constabulary", requirement__title="CSE awareness (Level 1)"
    )
    police = Agency.objects.get(name="Fellside Constabulary")
    first_of_month = counts([police], police_now.requirement, months[-1])
    assert (police_now.compliant, police_now.expired, police_now.total) == (
        first_of_month["compliant"],
        first_of_month["expired"],
        first_of_month["total"],
    )
