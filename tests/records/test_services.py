"""``record_completion`` and ``grant_exception``: the only writers of training records."""

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wagtail.models import ModelLogEntry

from records.choices import CompletionSource
from records.models import Completion, EligibilityException
from records.services import (
    grant_exception,
    record_completion,
    record_completions,
    revoke_exception,
    withdraw_completion,
)
from records.signals import completion_withdrawn, completions_recorded
from tests.courses.factories import CoursePageFactory
from tests.people.factories import UserFactory
from tests.records.factories import CompletionFactory, EligibilityExceptionFactory

pytestmark = pytest.mark.django_db

MARCH_3_2022 = datetime.date(2022, 3, 3)


@pytest.fixture
def person():
    return UserFactory()


@pytest.fixture
def listener():
    heard = []

    def receive(sender, completions, **kwargs):
        heard.extend((sender, completion) for completion in completions)

    completions_recorded.connect(receive)
    yield heard
    completions_recorded.disconnect(receive)


def test_the_expiry_comes_from_the_courses_validity(person):
    course = CoursePageFactory(validity_months=36)

    completion = record_completion(person, course, MARCH_3_2022, CompletionSource.ATTENDANCE)

    assert completion.expires_on == datetime.date(2025, 3, 3)


def test_a_course_without_validity_gives_a_completion_that_does_not_expire(person):
    course = CoursePageFactory(validity_months=None)

    completion = record_completion(person, course, MARCH_3_2022, CompletionSource.E_LEARNING)

    assert completion.expires_on is None


def test_a_later_change_to_the_courses_validity_leaves_stored_expiries_alone(person):
    course = CoursePageFactory(validity_months=36)
    completion = record_completion(person, course, MARCH_3_2022, CompletionSource.ATTENDANCE)

    course.validity_months = 12
    course.save_revision().publish()

    completion.refresh_from_db()
    assert completion.expires_on == datetime.date(2025, 3, 3)


def test_a_month_end_completion_expires_at_the_end_of_the_shorter_month(person):
    course = CoursePageFactory(validity_months=1)

    completion = record_completion(person, course, datetime.date(2023, 1, 31), CompletionSource.MANUAL)

    assert completion.expires_on == datetime.date(2023, 2, 28)


def test_a_completion_dated_in_the_future_is_refused_clearly_and_nothing_is_recorded(person):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        record_completion(person, CoursePageFactory(), tomorrow, CompletionSource.MANUAL)

    assert "cannot be dated in the future" in str(refused.value)
    assert not Completion.objects.exists()


def test_an_unknown_source_is_refused_and_nothing_is_recorded(person):
    with pytest.raises(ValidationError):
        record_completion(person, CoursePageFactory(), MARCH_3_2022, "rumour")

    assert not Completion.objects.exists()


def test_recording_the_same_person_course_and_day_again_returns_the_completion_already_there(person):
    course = CoursePageFactory()
    first = record_completion(person, course, MARCH_3_2022, CompletionSource.IMPORT)

    again = record_completion(person, course, MARCH_3_2022, CompletionSource.IMPORT)

    assert again == first
    assert Completion.objects.count() == 1


def test_who_recorded_a_completion_and_how_are_kept(person):
    administrator = UserFactory()

    completion = record_completion(
        person, CoursePageFactory(), MARCH_3_2022, CompletionSource.MANUAL, recorded_by=administrator
    )

    completion.refresh_from_db()
    assert completion.recorded_by == administrator
    assert completion.source == CompletionSource.MANUAL
    assert completion.recorded_at is not None


def test_a_new_completion_is_announced_inside_its_transaction(person, listener):
    with transaction.atomic():
        completion = record_completion(person, CoursePageFactory(), MARCH_3_2022, CompletionSource.ATTENDANCE)
        assert listener == [(Completion, completion)]  # before the commit, so a listener writes with it


def test_a_listener_that_fails_undoes_the_completion(person):
    def fail(sender, completions, **kwargs):
        raise RuntimeError("the certificate could not be issued")

    completions_recorded.connect(fail)
    try:
        with pytest.raises(RuntimeError):
            record_completion(person, CoursePageFactory(), MARCH_3_2022, CompletionSource.ATTENDANCE)
    finally:
        completions_recorded.disconnect(fail)
    assert not Completion.objects.exists()


def test_recording_a_completion_again_announces_nothing(person, listener):
    course = CoursePageFactory()
    record_completion(person, course, MARCH_3_2022, CompletionSource.ATTENDANCE)
    record_completion(person, course, MARCH_3_2022, CompletionSource.ATTENDANCE)
    assert len(listener) == 1


def test_current_completions_are_those_done_and_not_yet_expired_on_the_day(person):
    course = CoursePageFactory(validity_months=12)
    completion = record_completion(person, course, MARCH_3_2022, CompletionSource.ATTENDANCE)

    assert list(Completion.objects.current(on=datetime.date(2023, 3, 2))) == [completion]
    assert not Completion.objects.current(on=datetime.date(2023, 3, 3)).exists()  # expired that day
    assert not Completion.objects.current(on=datetime.date(2022, 3, 2)).exists()  # not done yet


def test_completions_are_marked_expired_from_their_expiry_date_by_the_same_rule_as_current(person):
    record_completion(person, CoursePageFactory(validity_months=12), MARCH_3_2022, CompletionSource.ATTENDANCE)
    record_completion(person, CoursePageFactory(validity_months=None), MARCH_3_2022, CompletionSource.ATTENDANCE)

    def expired_on(day):
        return sorted(Completion.objects.with_expired(on=day).values_list("expired", flat=True))

    assert expired_on(datetime.date(2023, 3, 2)) == [False, False]
    assert expired_on(datetime.date(2023, 3, 3)) == [False, True]  # the day it expires, as current() says


def test_completions_without_expiry_are_always_current(person):
    record_completion(person, CoursePageFactory(validity_months=None), MARCH_3_2022, CompletionSource.ATTENDANCE)

    assert Completion.objects.current(on=datetime.date(2099, 1, 1)).count() == 1


def test_completions_can_be_asked_for_by_person_and_by_course(person):
    course = CoursePageFactory()
    mine = CompletionFactory(user=person, course=course)
    CompletionFactory(course=course)  # someone else's
    CompletionFactory(user=person)  # another course

    assert list(Completion.objects.for_person(person).for_course(course)) == [mine]


def test_an_exception_keeps_who_granted_it_when_and_why_and_is_in_the_audit_log(person):
    administrator = UserFactory(full_name="Alison Graham")
    course = CoursePageFactory()

    exception = grant_exception(person, course, "Acting IRO for six months.", granted_by=administrator)

    exception.refresh_from_db()
    assert (exception.person, exception.course, exception.granted_by) == (person, course, administrator)
    assert exception.reason == "Acting IRO for six months."
    assert exception.granted_at is not None
    entry = ModelLogEntry.objects.for_instance(exception).get()
    assert entry.action == "records.grant_exception"
    assert entry.user == administrator
    assert entry.data == {"reason": "Acting IRO for six months."}


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_an_exception_without_a_reason_is_refused_and_nothing_is_recorded(person, reason):
    with pytest.raises(ValidationError) as refused:
        grant_exception(person, CoursePageFactory(), reason, granted_by=UserFactory())

    assert refused.value.message_dict == {"reason": ["Enter the reason for the exception."]}
    assert not EligibilityException.objects.exists()
    assert not ModelLogEntry.objects.filter(action="records.grant_exception").exists()


def test_a_second_exception_for_the_same_person_and_course_is_refused(person):
    first = EligibilityExceptionFactory(person=person)

    with pytest.raises(ValidationError) as refused:
        grant_exception(person, first.course, "Another reason.", granted_by=UserFactory())

    assert "already has an exception" in str(refused.value)
    assert EligibilityException.objects.count() == 1


def test_a_revoked_exception_is_kept_with_who_revoked_it_and_a_new_one_may_be_granted(person):
    exception = EligibilityExceptionFactory(person=person)
    administrator = UserFactory()

    assert revoke_exception(exception, revoked_by=administrator)
    assert not revoke_exception(exception, revoked_by=administrator)  # twice changes nothing
    again = grant_exception(person, exception.course, "Back in the role.", granted_by=administrator)

    exception.refresh_from_db()
    assert exception.revoked_by == administrator and exception.revoked_at is not None
    assert list(EligibilityException.objects.active()) == [again]
    assert ModelLogEntry.objects.filter(action="records.revoke_exception").count() == 1


def test_a_completion_reads_with_its_date_in_words(person):
    completion = record_completion(
        person, CoursePageFactory(title="CSE awareness"), MARCH_3_2022, CompletionSource.ATTENDANCE
    )

    assert str(completion) == f"{person} completed CSE awareness on 3 March 2022"


def test_recording_many_gives_each_person_a_completion_with_the_expiry(person):
    course = CoursePageFactory(validity_months=36)
    others = [UserFactory(), UserFactory()]
    recorded = record_completions([person, *others], course, MARCH_3_2022, CompletionSource.ATTENDANCE)
    assert set(recorded) == {person.pk, *(other.pk for other in others)}
    assert {c.expires_on for c in recorded.values()} == {datetime.date(2025, 3, 3)}


def test_recording_many_keeps_a_completion_already_there(person):
    course = CoursePageFactory()
    existing = record_completion(person, course, MARCH_3_2022, CompletionSource.E_LEARNING)
    recorded = record_completions([person, UserFactory()], course, MARCH_3_2022, CompletionSource.ATTENDANCE)
    assert recorded[person.pk] == existing
    assert Completion.objects.count() == 2


def test_recording_many_announces_only_the_new_ones(person, listener):
    course = CoursePageFactory()
    record_completion(person, course, MARCH_3_2022, CompletionSource.E_LEARNING)
    other = UserFactory()
    record_completions([person, other], course, MARCH_3_2022, CompletionSource.ATTENDANCE)
    assert [completion.user for _, completion in listener[1:]] == [other]


def test_withdrawing_a_completion_is_announced_before_it_goes(person):
    completion = record_completion(person, CoursePageFactory(), MARCH_3_2022, CompletionSource.ATTENDANCE)
    heard = []

    def receive(sender, completion, by, reason, **kwargs):
        heard.append((Completion.objects.filter(pk=completion.pk).exists(), reason))

    completion_withdrawn.connect(receive)
    try:
        withdraw_completion(completion, by=person, reason="Marked in error")
    finally:
        completion_withdrawn.disconnect(receive)
    assert heard == [(True, "Marked in error")]


def test_recording_many_in_the_future_is_refused_and_records_nothing(person):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        record_completions([person], CoursePageFactory(), tomorrow, CompletionSource.ATTENDANCE)
    assert not Completion.objects.exists()


def test_withdrawing_a_completion_removes_it_and_logs_the_reason(person):
    completion = record_completion(person, CoursePageFactory(), MARCH_3_2022, CompletionSource.ATTENDANCE)
    withdraw_completion(completion, by=person, reason="Marked in error")
    assert not Completion.objects.exists()
    entry = ModelLogEntry.objects.get(action="records.withdraw_completion")
    assert entry.data["reason"] == "Marked in error"


def test_withdrawing_without_a_reason_is_refused(person):
    completion = record_completion(person, CoursePageFactory(), MARCH_3_2022, CompletionSource.ATTENDANCE)
    with pytest.raises(ValidationError):
        withdraw_completion(completion, by=person, reason=" ")
    assert Completion.objects.exists()
