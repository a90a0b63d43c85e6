"""The status filter of the leads' and administrators' lists agrees with the words each row
shows (``status_filter`` and ``status_of``, side by side in certificates.status)."""

import datetime

import pytest

from certificates.models import Certificate
from certificates.services import revoke_certificate
from certificates.status import Status, status_filter, status_of
from tests.certificates.factories import issue
from tests.courses.factories import CoursePageFactory
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def test_each_certificate_is_found_by_the_filter_of_its_own_status_and_no_other():
    yearly, forever = CoursePageFactory(validity_months=12), CoursePageFactory(validity_months=None)
    made = [
        issue(course=yearly),  # valid
        issue(course=forever),  # valid, no expiry
        issue(course=yearly, completed_on=TODAY - datetime.timedelta(days=330)),  # expiring
        issue(course=yearly, completed_on=TODAY - datetime.timedelta(days=400)),  # expired
    ]
    person = UserFactory()
    superseded = issue(person, yearly, TODAY - datetime.timedelta(days=100))
    issue(person, yearly)
    revoked = issue(course=yearly)
    revoke_certificate(revoked, UserFactory(), "Marked in error")
    made += [superseded, revoked]

    for certificate in Certificate.objects.filter(pk__in=[c.pk for c in made]):
        wanted = status_of(certificate, TODAY).code
        for code in Status:
            found = Certificate.objects.filter(status_filter(code, TODAY), pk=certificate.pk).exists()
            assert found == (code == wanted), (certificate, code, wanted)
    assert {status_of(c, TODAY).code for c in Certificate.objects.filter(pk__in=[c.pk for c in made])} == set(Status)
