"""Expiry reminders (compliance.reminders.send_expiry_reminders): 60, 30 and 7 days before a
required completion lapses and on the day, each once, whenever and however often the job runs."""

import datetime
import io
from types import SimpleNamespace

import pytest
import time_machine

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.choices import BookingStatus
from compliance.jobs import JOBS
from compliance.models import ReminderSent, RosterEntry
from compliance.reminders import completed_for_lapse_between, send_expiry_reminders
from lscb_training.dates import add_months
from records.choices import CompletionSource
from records.services import record_completion
from tests.bookings.factories import BookingFactory, SessionFactory
from tests.compliance.factories import ExemptionFactory, RequirementFactory
from tests.courses.factories import CoursePageFactory
from tests.elearning.factories import ModuleFactory
from tests.people.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

COMPLETED = datetime.date(2025, 8, 14)
LAPSES = datetime.date(2026, 8, 14)  # 12 months on


def days(number):
    return datetime.timedelta(days=number)


def at(day):
    """The clock at 6am on ``day``, when cron runs the job."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(6), tzinfo=datetime.UTC), tick=False)


def run_on(day):
    with at(day):
        return send_expiry_reminders()


@pytest.fixture
def course():
    return CoursePageFactory(title="CSE Awareness")


@pytest.fixture
def requirement(course):
    return RequirementFactory(title="CSE awareness", courses=[course], renewal_months=12)


@pytest.fixture
def learner(course):
    person = UserFactory(full_name="Sam Learner", role_started_on=datetime.date(2019, 1, 1))
    with at(COMPLETED):
        record_completion(person, course, COMPLETED, CompletionSource.ATTENDANCE)
    return person


def subjects():
    return [message.subject for message in mail.outbox]


def test_each_step_is_sent_once_as_the_clock_moves(requirement, learner):
    for day in (
        LAPSES - days(61),
        LAPSES - days(60),
        LAPSES - days(60),
        LAPSES - days(59),
        LAPSES - days(30),
        LAPSES - days(29),
        LAPSES - days(7),
        LAPSES - days(7),
        LAPSES,
        LAPSES,
        LAPSES + days(1),
    ):
        run_on(day)

    assert subjects() == ["Your CSE awareness training expires on Friday 14 August 2026"] * 3 + [
        "Your CSE awareness training has expired today"
    ]
    assert [message.to for message in mail.outbox] == [[learner.email]] * 4
    steps = ReminderSent.objects.filter(person=learner, requirement=requirement, due_on=LAPSES)
    assert sorted(steps.values_list("days_before", flat=True)) == [0, 7, 30, 60]


def test_running_twice_on_the_same_day_sends_nothing_more(requirement, learner):
    assert run_on(LAPSES - days(7)) == 1
    assert run_on(LAPSES - days(7)) == 0
    assert len(mail.outbox) == 1
    assert "expires in 7 days, on Friday 14 August 2026" in mail.outbox[0].body


def test_a_missed_day_still_sends_the_step_once(requirement, learner):
    run_on(LAPSES - days(27))
    run_on(LAPSES - days(26))

    assert len(mail.outbox) == 1
    assert "expires in 27 days" in mail.outbox[0].body
    assert ReminderSent.objects.get().days_before == 30


def test_a_step_missed_for_a_week_is_dropped_for_the_next(requirement, learner):
    assert run_on(LAPSES - days(23)) == 0
    assert run_on(LAPSES - days(2)) == 1
    assert ReminderSent.objects.get().days_before == 7


def test_the_day_after_a_missed_lapse_says_when_it_expired(requirement, learner):
    run_on(LAPSES + days(2))

    assert subjects() == ["Your CSE awareness training expired on Friday 14 August 2026"]


def test_a_person_who_has_renewed_gets_no_more_reminders(requirement, learner, course):
    run_on(LAPSES - days(60))
    renewed = LAPSES - days(40)
    with at(renewed):
        record_completion(learner, course, renewed, CompletionSource.ATTENDANCE)
    for day in (LAPSES - days(30), LAPSES - days(7), LAPSES):
        run_on(day)

    assert len(mail.outbox) == 1


def test_an_exempt_person_gets_none(requirement, learner):
    ExemptionFactory(person=learner, requirement=requirement, starts_on=LAPSES - days(90), ends_on=LAPSES + days(90))
    for day in (LAPSES - days(60), LAPSES - days(30), LAPSES - days(7), LAPSES):
        run_on(day)

    assert mail.outbox == []


def test_a_requirement_done_once_never_reminds(requirement, learner):
    requirement.renewal_months = None
    requirement.save()
    for day in (LAPSES - days(60), LAPSES - days(7), LAPSES, add_months(COMPLETED, 36)):
        run_on(day)

    assert mail.outbox == []


def test_a_person_who_has_left_gets_none(requirement, learner):
    RosterEntry.objects.create(
        agency=learner.agency,
        email=learner.email,
        full_name=learner.full_name,
        person=learner,
        leaves_on=LAPSES - days(61),
    )
    for day in (LAPSES - days(60), LAPSES - days(7), LAPSES):
        run_on(day)

    assert mail.outbox == []


def test_a_person_the_requirement_does_not_cover_gets_none(course, learner):
    RequirementFactory(courses=[course], renewal_months=12, agency=AgencyFactory())

    assert run_on(LAPSES - days(7)) == 0


def test_the_reminder_says_what_would_meet_it_with_full_links(requirement, learner, course):
    module = ModuleFactory(course__title="CSE online")
    requirement.courses.add(module.course)
    requirement.save()  # a ParentalManyToManyField writes on save
    with at(LAPSES - days(30)):
        session = SessionFactory(course=course, days_ahead=10)

    run_on(LAPSES - days(30))

    (message,) = mail.outbox
    assert f"- CSE Awareness, {session.when}: http://localhost/sessions/{session.uid}/" in message.body
    assert f"- CSE online: http://localhost/e-learning/{module.pk}/" in message.body
    assert "Your training record: http://localhost/profile/training/" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_with_nothing_on_offer_it_points_to_whats_on(requirement, learner):
    run_on(LAPSES - days(30))

    assert "See what's on: http://localhost/whats-on/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("first", "last", "months"),
    [
        (datetime.date(2027, 2, 28), datetime.date(2027, 2, 28), 1),  # 28 to 31 January lapse then
        (datetime.date(2027, 3, 29), datetime.date(2027, 3, 31), 1),  # nothing lapses then
        (datetime.date(2028, 2, 23), datetime.date(2028, 2, 29), 12),  # a leap day
        (datetime.date(2026, 8, 8), datetime.date(2026, 8, 14), 12),
    ],
)
def test_the_completions_that_lapse_in_a_range_allow_for_month_ends(first, last, months):
    low, high = completed_for_lapse_between(first, last, months)

    day = add_months(first, -months) - days(10)
    while day < add_months(last, -months) + days(10):
        assert (low <= day <= high) == (first <= add_months(day, months) <= last), day
        day += days(1)


def test_the_job_command_runs_the_reminders_and_digests(requirement, learner, capsys):
    with at(LAPSES):
        call_command("run_compliance_jobs")

    out = capsys.readouterr().out
    assert "send_reminders: Queued 1 expiry reminder(s)." in out
    assert "send_digests: Queued 0 weekly digest(s)." in out
    assert [job.__name__ for job in JOBS] == ["send_reminders", "send_digests"]


def test_a_person_with_a_place_booked_is_told_so_rather_than_offered_dates(requirement, learner, course):
    with at(LAPSES - days(30)):
        session = SessionFactory(course=course, days_ahead=10)
        BookingFactory(session=session, user=learner, status=BookingStatus.CONFIRMED)

    run_on(LAPSES - days(30))

    (message,) = mail.outbox
    assert "You have a place booked on a session, or e-learning under way, that will renew it" in message.body
    assert "Sessions you could book" not in message.body


def test_the_job_asks_the_database_the_same_number_of_times_for_one_person_or_many(
    requirement, learner, course, monkeypatch
):
    queued = []
    monkeypatch.setattr(
        "compliance.reminders.send_reminder", SimpleNamespace(enqueue=lambda **task: queued.append(task))
    )

    def queries_on(day):
        with CaptureQueriesContext(connection) as captured:
            run_on(day)
        return len(captured)

    queries_on(LAPSES - days(30))  # the first run fills caches (the site, its settings)
    alone = queries_on(LAPSES - days(30))
    for name in ("Kim", "Lou"):
        person = UserFactory(full_name=name, role_started_on=datetime.date(2019, 1, 1))
        with at(COMPLETED):
            record_completion(person, course, COMPLETED, CompletionSource.ATTENDANCE)

    assert queries_on(LAPSES - days(29)) == alone
    assert len(queued) == 5


def test_run_compliance_jobs_every_n_seconds_keeps_running_the_jobs(monkeypatch):
    runs = []

    def stop_after_the_second_pause(seconds):
        runs.append(seconds)
        if len(runs) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("lscb_training.jobs_command.time.sleep", stop_after_the_second_pause)

    with pytest.raises(KeyboardInterrupt):
        call_command("run_compliance_jobs", "--every", "3600", stdout=io.StringIO())

    assert runs == [3600, 3600]


def test_a_completion_at_a_months_end_is_told_it_expired_on_the_day_it_lapses(course):
    every_six_months = RequirementFactory(title="CSE refresher", courses=[course], renewal_months=6)
    person = UserFactory(role_started_on=datetime.date(2019, 1, 1))
    with at(datetime.date(2025, 8, 31)):
        record_completion(person, course, datetime.date(2025, 8, 31), CompletionSource.ATTENDANCE)
    run_on(datetime.date(2026, 2, 27))  # the 7-day step, caught up
    mail.outbox.clear()
    assert run_on(datetime.date(2026, 2, 28)) == 1  # six months on, at the month's end
    assert subjects() == [f"Your {every_six_months.title} training has expired today"]
