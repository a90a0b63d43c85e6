"""Certificates made as the site makes them: a completion recorded through
``records.services.record_completion``, which issues the certificate."""

import datetime

from records.choices import CompletionSource
from records.services import record_completion
from tests.courses.factories import CoursePageFactory
from tests.people.factories import UserFactory


def issue(person=None, course=None, completed_on=None, source=CompletionSource.ATTENDANCE):
    """The certificate for a new completion of ``course`` by ``person`` (made if not given)."""
    person = person or UserFactory()
    course = course or CoursePageFactory(validity_months=36)
    completed_on = completed_on or datetime.date.today() - datetime.timedelta(days=10)
    return record_completion(person, course, completed_on, source).certificate
