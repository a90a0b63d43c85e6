"""The demo's training records tell the story the personas are there to show."""

import io

import pytest

from django.core.management import call_command

from courses.models import CoursePage
from demo.people import PERSONAS
from people.models import User
from records.choices import ReasonCode
from records.eligibility import eligibility
from records.models import Completion

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def persona(name):
    return User.objects.get(email=next(p["email"] for p in PERSONAS if p["persona"] == name))


def test_the_demo_social_worker_may_take_the_specialist_workshop_and_the_teacher_may_not(demo):
    course = CoursePage.objects.get(slug="cse-specialist-workshop")

    assert eligibility(persona("Front-line social worker"), course).may_take
    teacher_reasons = eligibility(persona("Teacher"), course).reasons
    assert [reason.code for reason in teacher_reasons] == [
        ReasonCode.JOB_ROLE_NOT_ELIGIBLE,
        ReasonCode.PREREQUISITE_MISSING,
    ]


def test_the_demo_police_leads_full_day_workshop_has_lapsed_for_the_specialist_workshop(demo):
    course = CoursePage.objects.get(slug="cse-specialist-workshop")

    [reason] = eligibility(persona("Agency lead, Police"), course).reasons

    assert reason.code == ReasonCode.PREREQUISITE_LAPSED


def test_the_demo_has_completions_from_every_source_but_manual_for_hundreds_of_people(demo):
    assert Completion.objects.values("user").distinct().count() >= 200
    assert set(Completion.objects.values_list("source", flat=True)) == {"attendance", "e_learning", "import"}
    assert Completion.objects.filter(expires_on__isnull=True).exists()
