"""A session's dates must mean something: within the years a partnership plans, a few days
long at most, with booking in the year before the start; and only workshops have dates."""

from datetime import UTC, datetime, timedelta

import pytest

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bookings.models import SESSION_YEARS_AHEAD, Session, SessionStatus
from courses.models import CourseFormat
from lscb_training.dates import LONDON
from tests.bookings.factories import SessionFactory, VenueFactory
from tests.courses.factories import CoursePageFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/bookings/sessions/new/"
LATEST_YEAR_MESSAGE = "Enter a date in {} or earlier."


def latest_year():
    return timezone.localdate().year + SESSION_YEARS_AHEAD


def next_year():
    return datetime(timezone.localdate().year + 1, 3, 16, 9, 30, tzinfo=LONDON)


def admin_datetime(value):
    return timezone.localtime(value, LONDON).strftime("%d/%m/%Y %H:%M")


def form_data(course, venue, start, **overrides):
    data = {
        "course": course.pk,
        "venue": venue.pk,
        "starts_at": admin_datetime(start),
        "ends_at": admin_datetime(start + timedelta(hours=3)),
        "capacity": "20",
        "waiting_list_size": "10",
        "booking_opens_at": "",
        "booking_closes_at": "",
        "status": SessionStatus.SCHEDULED,
    }
    return {**data, **overrides}


def post_new_session(client, start=None, **overrides):
    return client.post(ADD, form_data(CoursePageFactory(), VenueFactory(), start or next_year(), **overrides))


def test_a_session_ending_in_9999_is_refused_with_the_latest_year(administrator_client):
    response = post_new_session(administrator_client, ends_at="16/03/9999 12:30")

    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"] == [LATEST_YEAR_MESSAGE.format(latest_year())]
    assert not Session.objects.exists()


def test_a_session_starting_after_the_planning_horizon_is_refused(administrator_client):
    starts_at = next_year().replace(year=latest_year() + 1)

    response = post_new_session(administrator_client, starts_at)

    assert response.context["form"].errors["starts_at"] == [LATEST_YEAR_MESSAGE.format(latest_year())]
    assert not Session.objects.exists()


def test_a_session_lasting_a_year_is_refused(administrator_client):
    response = post_new_session(administrator_client, ends_at=admin_datetime(next_year() + timedelta(days=365)))

    assert response.context["form"].errors["ends_at"] == ["The session must end within 3 days of its start."]
    assert not Session.objects.exists()


def test_a_session_over_three_days_is_allowed_up_to_the_third_day(administrator_client):
    response = post_new_session(administrator_client, ends_at=admin_datetime(next_year() + timedelta(days=3)))

    assert response.status_code == 302
    assert Session.objects.get().ends_at == next_year() + timedelta(days=3)


@pytest.mark.parametrize("field", ["booking_opens_at", "booking_closes_at"])
def test_a_booking_window_in_year_1_is_refused(administrator_client, field):
    response = post_new_session(administrator_client, **{field: "01/01/0001 09:00"})

    assert response.context["form"].errors[field] == ["Enter a date in 2000 or later."]
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("booking_opens_at", "Booking must open no more than a year before the session starts."),
        ("booking_closes_at", "Booking must close no more than a year before the session starts."),
    ],
)
def test_booking_more_than_a_year_before_the_start_is_refused(administrator_client, field, message):
    response = post_new_session(administrator_client, **{field: admin_datetime(next_year() - timedelta(days=400))})

    assert response.context["form"].errors[field] == [message]
    assert not Session.objects.exists()


def test_moving_an_existing_session_to_year_1_is_refused_and_changes_nothing(administrator_client):
    session = SessionFactory()
    starts_at = session.starts_at

    response = administrator_client.post(
        f"/admin/bookings/sessions/edit/{session.pk}/",
        form_data(session.course, session.venue, session.starts_at, starts_at="01/01/0001 09:30"),
    )

    assert response.context["form"].errors["starts_at"] == ["Enter a date in 2000 or later."]
    session.refresh_from_db()
    assert session.starts_at == starts_at


@pytest.mark.parametrize("typed", ["1" * 10_000, "1" * 16, "202703161030"])
def test_a_run_of_digits_is_not_read_as_a_date(administrator_client, typed):
    response = post_new_session(administrator_client, starts_at=typed)

    assert response.status_code == 200
    assert response.context["form"].errors["starts_at"] == ["Enter the date and time like 16/03/2027 09:30"]
    assert not Session.objects.exists()


def test_a_dated_session_of_an_e_learning_course_is_refused(administrator_client):
    e_learning = CoursePageFactory(format=CourseFormat.E_LEARNING)

    response = administrator_client.post(ADD, form_data(e_learning, VenueFactory(), next_year()))

    assert response.context["form"].errors["course"] == [
        "E-learning courses are taken online, not on a date. Choose a workshop course."
    ]
    assert not Session.objects.exists()


def test_the_model_refuses_a_session_of_an_e_learning_course():
    session = SessionFactory.build(course=CoursePageFactory(format=CourseFormat.E_LEARNING), venue=VenueFactory())

    with pytest.raises(ValidationError) as refused:
        session.full_clean()

    assert "course" in refused.value.message_dict


@pytest.mark.parametrize(
    "change",
    [
        {"ends_at": datetime(9999, 12, 31, 10, tzinfo=UTC)},
        {"starts_at": datetime(1, 1, 2, 9, tzinfo=UTC)},
        {"ends_at": "start + 4 days"},
        {"booking_closes_at": "start + 1 hour"},
        {"booking_opens_at": "start"},
        {"booking_opens_at": "start - 400 days"},
        {"booking_closes_at": "start - 400 days"},
    ],
    ids=[
        "ends-9999",
        "starts-year-1",
        "four-days",
        "closes-after-start",
        "opens-at-start",
        "opens-early",
        "closes-early",
    ],
)
def test_the_database_refuses_impossible_session_dates(change):
    session = SessionFactory()
    offsets = {
        "start + 4 days": timedelta(days=4),
        "start + 1 hour": timedelta(hours=1),
        "start": timedelta(0),
        "start - 400 days": timedelta(days=-400),
    }
    for field, value in change.items():
        setattr(session, field, session.starts_at + offsets[value] if isinstance(value, str) else value)

    with pytest.raises(IntegrityError), transaction.atomic():
        session.save()
