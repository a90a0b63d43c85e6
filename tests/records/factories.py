"""Factories for completions and eligibility exceptions, made through ``records.services`` as the
site makes them (so expiries come from the course's validity and grants are audited)."""

import datetime

import factory

from django.utils import timezone

from records.choices import CompletionSource
from records.models import Completion, EligibilityException
from records.services import grant_exception, record_completion
from tests.courses.factories import CoursePageFactory
from tests.people.factories import UserFactory


class CompletionFactory(factory.django.DjangoModelFactory):
    """A completion ``days_ago`` days ago (default 30), recorded by ``record_completion``."""

    class Meta:
        model = Completion

    class Params:
        days_ago = 30

    user = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CoursePageFactory)
    completed_on = factory.LazyAttribute(lambda o: timezone.localdate() - datetime.timedelta(days=o.days_ago))
    source = CompletionSource.ATTENDANCE
    recorded_by = None

    @classmethod
    def _create(cls, model_class, *args, user, course, completed_on, source, recorded_by=None, **kwargs):
        return record_completion(user, course, completed_on, source, recorded_by=recorded_by)


class EligibilityExceptionFactory(factory.django.DjangoModelFactory):
    """An exception in force, granted by ``grant_exception``."""

    class Meta:
        model = EligibilityException

    person = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CoursePageFactory)
    reason = "Covering the specialist caseload while a colleague is on leave."
    granted_by = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, person, course, reason, granted_by, **kwargs):
        return grant_exception(person, course, reason, granted_by)
