from datetime import datetime, timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

from bookings import services
from bookings.models import Area, Booking, BookingStatus, Session, SessionStatus
from bookings.services import BookingBusy, book_session
from lscb_training.dates import LONDON, format_date
from tests.bookings.factories import BookingFactory, SessionFactory, VenueFactory
from tests.bookings.helpers import person, snapshot
from tests.courses.factories import CoursePageFactory, training_level
from tests.people.factories import JobRoleFactory, UserFactory
from tests.records.factories import EligibilityExceptionFactory

pytestmark = pytest.mark.django_db

INDEX = "/admin/bookings/sessions/"
ADD = "/admin/bookings/sessions/new/"


@pytest.fixture
def learner_client(client):
    client.force_login(UserFactory())
    return client


def admin_datetime(value):
    return timezone.localtime(value, LONDON).strftime("%d/%m/%Y %H:%M")


def form_data(course, venue, starts_at, **overrides):
    data = {
        "course": course.pk,
        "venue": venue.pk,
        "starts_at": admin_datetime(starts_at),
        "ends_at": admin_datetime(starts_at + timedelta(hours=3)),
        "capacity": "20",
        "waiting_list_size": "10",
        "trainers": "Alex Trainer",
        "booking_opens_at": "",
        "booking_closes_at": "",
        "status": SessionStatus.SCHEDULED,
        "delegate_notes": "",
    }
    return {**data, **overrides}


def next_year(hour=9, minute=30):
    today = timezone.localdate()
    return datetime(today.year + 1, 3, 16, hour, minute, tzinfo=LONDON)


def test_administrator_lists_sessions_with_course_date_venue_capacity_booked_and_status(administrator_client):
    session = SessionFactory(course=CoursePageFactory(title="CSE Awareness"), venue=VenueFactory(name="Fellview"))
    BookingFactory.create_batch(3, session=session)

    response = administrator_client.get(INDEX)
    html = response.content.decode()

    assert response.status_code == 200
    for text in ("CSE Awareness", session.when, "Fellview", "Booked", "Scheduled"):
        assert text in html
    assert response.context["object_list"][0].confirmed_count == 3


@pytest.mark.parametrize(
    ("param", "value"),
    [("level", "4"), ("area", Area.EDEN), ("course", None), ("starts_at_from", None)],
)
def test_administrator_filters_sessions(administrator_client, param, value):
    wanted = SessionFactory(
        course=CoursePageFactory(level=training_level(4)), venue=VenueFactory(area=Area.EDEN), days_ahead=90
    )
    SessionFactory(course=CoursePageFactory(level=training_level(1)), days_ahead=5)
    if param == "course":
        value = wanted.course.pk
    if param == "starts_at_from":
        value = (timezone.localdate() + timedelta(days=60)).strftime("%Y-%m-%d")

    response = administrator_client.get(INDEX, {param: value})

    assert list(response.context["object_list"]) == [wanted]


@pytest.mark.parametrize(
    "query", [{"course": "99999999999999999999999"}, {"level": "abc"}, {"starts_at_from": "99/99/9999"}]
)
def test_a_bad_filter_value_lists_sessions_rather_than_failing(administrator_client, query):
    session = SessionFactory()

    response = administrator_client.get(INDEX, query)

    assert response.status_code == 200
    assert session.course.title in response.content.decode()


@pytest.mark.parametrize("action", ["edit", "copy", "cancel"])
def test_an_out_of_range_session_id_is_not_found(administrator_client, action):
    response = administrator_client.get(f"/admin/bookings/sessions/{action}/99999999999999999999999/")

    assert response.status_code == 404


def test_administrator_creates_a_session(administrator_client):
    course, venue = CoursePageFactory(), VenueFactory()

    response = administrator_client.post(ADD, form_data(course, venue, next_year()))

    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.course, session.venue, session.starts_at) == (course, venue, next_year())


def test_editing_the_time_in_the_admin_raises_the_calendar_sequence(administrator_client):
    session = SessionFactory()

    response = administrator_client.post(
        f"/admin/bookings/sessions/edit/{session.pk}/",
        form_data(session.course, session.venue, session.starts_at + timedelta(hours=1)),
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.sequence == 1


def edit_url(session):
    return f"/admin/bookings/sessions/edit/{session.pk}/"


def test_raising_the_capacity_in_the_admin_offers_a_place_to_the_first_person_waiting(administrator_client):
    session = SessionFactory(capacity=1)
    book_session(person(), session)
    first, second = book_session(person(), session), book_session(person(), session)

    response = administrator_client.post(
        edit_url(session), form_data(session.course, session.venue, session.starts_at, capacity="2")
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.capacity, session.places_taken) == (2, 2)
    assert Booking.objects.get(pk=first.pk).status == BookingStatus.OFFERED
    assert Booking.objects.get(pk=second.pk).status == BookingStatus.WAITLISTED
    assert ModelLogEntry.objects.filter(object_id=str(session.pk), action="bookings.change_capacity").exists()


def test_lowering_the_capacity_below_the_places_taken_says_the_number_and_saves_nothing(administrator_client):
    session = SessionFactory(capacity=5, trainers="Alex Trainer")
    for _ in range(3):
        book_session(person(), session)
    before = snapshot(session)

    response = administrator_client.post(
        edit_url(session),
        form_data(session.course, session.venue, session.starts_at, capacity="2", trainers="Someone Else"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == [
        "3 places are taken (confirmed, offered or awaiting approval), so the capacity cannot be lower than 3."
    ]
    assert snapshot(session) == before
    session.refresh_from_db()
    assert session.trainers == "Alex Trainer"
    assert not ModelLogEntry.objects.filter(object_id=str(session.pk), action="bookings.change_capacity").exists()


def test_a_capacity_change_while_the_session_is_busy_asks_to_try_again_and_saves_nothing(
    administrator_client, monkeypatch
):
    session = SessionFactory(capacity=5, trainers="Alex Trainer")

    def busy(*args, **kwargs):
        raise BookingBusy("Many people are booking this session right now. Please try again.")

    monkeypatch.setattr(services, "change_capacity", busy)
    response = administrator_client.post(
        edit_url(session),
        form_data(session.course, session.venue, session.starts_at, capacity="6", trainers="Someone Else"),
    )

    assert response.status_code == 200
    assert "Please try again." in response.context["form"].errors["capacity"][0]
    session.refresh_from_db()
    assert (session.capacity, session.trainers) == (5, "Alex Trainer")


def test_editing_other_fields_leaves_the_capacity_to_the_service(administrator_client):
    session = SessionFactory(capacity=5)

    administrator_client.post(
        edit_url(session), form_data(session.course, session.venue, session.starts_at, capacity="5", trainers="Jo")
    )

    session.refresh_from_db()
    assert (session.capacity, session.trainers) == (5, "Jo")
    assert not ModelLogEntry.objects.filter(object_id=str(session.pk), action="bookings.change_capacity").exists()


def test_duplicate_opens_the_create_form_prefilled_from_the_session(administrator_client):
    session = SessionFactory(trainers="Jo Trainer", status=SessionStatus.CANCELLED)

    response = administrator_client.get(f"/admin/bookings/sessions/copy/{session.pk}/")

    form = response.context["form"]
    assert response.status_code == 200
    assert (form["course"].value(), form["trainers"].value()) == (session.course.pk, "Jo Trainer")
    assert form.instance.status == SessionStatus.SCHEDULED
    assert 'action="/admin/bookings/sessions/new/"' in response.content.decode()


def test_editing_a_session_cannot_cancel_it_around_the_cancel_action(administrator_client):
    session = SessionFactory()
    data = form_data(session.course, session.venue, next_year())
    data["status"] = SessionStatus.CANCELLED

    administrator_client.post(f"/admin/bookings/sessions/edit/{session.pk}/", data)

    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED


def test_duplicate_saved_with_a_new_date_is_a_new_session_with_its_own_uid(administrator_client):
    session = SessionFactory()

    administrator_client.post(ADD, form_data(session.course, session.venue, next_year()))

    duplicate = Session.objects.exclude(pk=session.pk).get()
    assert duplicate.course == session.course
    assert duplicate.uid != session.uid


def test_list_offers_duplicate_and_cancel_actions(administrator_client):
    session = SessionFactory()

    html = administrator_client.get(INDEX).content.decode()

    assert f"/admin/bookings/sessions/copy/{session.pk}/" in html and "Duplicate (new date)" in html
    assert f"/admin/bookings/sessions/cancel/{session.pk}/" in html


def test_cancel_asks_first_then_cancels_and_raises_the_sequence(administrator_client):
    session = SessionFactory()
    url = f"/admin/bookings/sessions/cancel/{session.pk}/"

    assert administrator_client.get(url).status_code == 200
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED

    response = administrator_client.post(url)

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.status, session.sequence) == (SessionStatus.CANCELLED, 1)


def test_cancelling_is_recorded_in_the_session_history(administrator_client):
    session = SessionFactory()

    administrator_client.post(f"/admin/bookings/sessions/cancel/{session.pk}/")

    history = administrator_client.get(f"/admin/bookings/sessions/history/{session.pk}/").content.decode()
    assert "Session cancelled" in history


@pytest.mark.parametrize(
    ("field", "overrides", "message"),
    [
        ("ends_at", {"ends_at": "16/03/2020 08:00"}, "The session must end after it starts."),
        (
            "booking_closes_at",
            {"booking_opens_at": "10/03/2020 09:00", "booking_closes_at": "01/03/2020 09:00"},
            "Booking must close after it opens.",
        ),
    ],
)
def test_admin_form_refuses_impossible_times_with_a_clear_error(administrator_client, field, overrides, message):
    course, venue = CoursePageFactory(), VenueFactory()
    data = form_data(course, venue, next_year(), **overrides)
    if field == "ends_at":
        data["ends_at"] = admin_datetime(next_year() - timedelta(hours=1))

    response = administrator_client.post(ADD, data)

    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("field", "days_before_start", "message"),
    [
        ("booking_closes_at", -1, "Booking must close by the time the session starts."),
        ("booking_opens_at", -1, "Booking must open before the session starts."),
    ],
)
def test_admin_form_refuses_a_booking_window_after_the_session(administrator_client, field, days_before_start, message):
    course, venue = CoursePageFactory(), VenueFactory()
    when = admin_datetime(next_year() - timedelta(days=days_before_start))

    response = administrator_client.post(ADD, form_data(course, venue, next_year(), **{field: when}))

    assert message in response.context["form"].errors[field]
    assert not Session.objects.exists()


def test_admin_form_refuses_a_new_session_starting_in_the_past(administrator_client):
    course, venue = CoursePageFactory(), VenueFactory()

    response = administrator_client.post(ADD, form_data(course, venue, timezone.now() - timedelta(days=1)))

    assert response.status_code == 200
    assert "A new session must start in the future." in response.context["form"].errors["starts_at"]
    assert not Session.objects.exists()


def test_learner_cannot_see_the_sessions_admin(learner_client):
    SessionFactory()

    response = learner_client.get(INDEX)

    assert response.status_code in (302, 403)


def test_learner_cannot_cancel_a_session(learner_client):
    session = SessionFactory()

    learner_client.post(f"/admin/bookings/sessions/cancel/{session.pk}/")

    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED


def test_learner_cannot_create_a_session(learner_client):
    course, venue = CoursePageFactory(), VenueFactory()

    learner_client.post(ADD, form_data(course, venue, next_year()))

    assert not Session.objects.exists()


def test_administrator_lists_venues(administrator_client):
    VenueFactory(name="Fellview Centre", area=Area.COPELAND)

    html = administrator_client.get("/admin/bookings/venues/").content.decode()

    assert "Fellview Centre" in html and "Copeland" in html


def test_edit_page_offers_duplicate_and_cancel(administrator_client):
    session = SessionFactory()

    html = administrator_client.get(f"/admin/bookings/sessions/edit/{session.pk}/").content.decode()

    assert f"/admin/bookings/sessions/copy/{session.pk}/" in html
    assert f"/admin/bookings/sessions/cancel/{session.pk}/" in html


@pytest.fixture
def finished_and_coming():
    return SessionFactory(days_ahead=-10), SessionFactory(days_ahead=10)


def test_the_session_list_shows_sessions_not_yet_finished_by_default(administrator_client, finished_and_coming):
    finished, coming = finished_and_coming

    response = administrator_client.get(INDEX)

    assert list(response.context["object_list"]) == [coming]


@pytest.mark.parametrize(("shown", "expected"), [("past", [0]), ("all", [0, 1])])
def test_the_session_list_shows_past_or_all_sessions_on_request(
    administrator_client, finished_and_coming, shown, expected
):
    response = administrator_client.get(INDEX, {"shown": shown})

    assert list(response.context["object_list"]) == [finished_and_coming[i] for i in expected]


def test_a_date_range_in_the_past_lists_the_sessions_in_it(administrator_client, finished_and_coming):
    finished, _ = finished_and_coming
    day = timezone.localdate(finished.starts_at).strftime("%Y-%m-%d")

    response = administrator_client.get(INDEX, {"starts_at_from": day, "starts_at_to": day})

    assert list(response.context["object_list"]) == [finished]


def test_a_session_in_progress_is_still_listed(administrator_client):
    now = timezone.now()
    in_progress = SessionFactory(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=2))

    response = administrator_client.get(INDEX)

    assert list(response.context["object_list"]) == [in_progress]


@pytest.mark.parametrize(("param", "bad_value"), [("shown", "everything-ever"), ("course", "999999")])
def test_a_bad_filter_value_still_lists_only_sessions_not_yet_finished(
    administrator_client, finished_and_coming, param, bad_value
):
    _, coming = finished_and_coming

    response = administrator_client.get(INDEX, {param: bad_value})

    assert response.status_code == 200
    assert list(response.context["object_list"]) == [coming]


def test_past_sessions_are_listed_most_recent_first(administrator_client):
    older, recent = SessionFactory(days_ahead=-20), SessionFactory(days_ahead=-2)

    response = administrator_client.get(INDEX, {"shown": "past"})

    assert list(response.context["object_list"]) == [recent, older]


def test_the_site_history_says_a_booking_was_made_under_an_individual_exception(administrator_client):
    social_worker = JobRoleFactory(code="social-worker", name="Front-line social worker")
    session = SessionFactory(course=CoursePageFactory(eligible_job_roles=[social_worker]))
    teacher = person(job_role=JobRoleFactory(code="teacher", name="Teacher"))
    EligibilityExceptionFactory(
        person=teacher,
        course=session.course,
        reason="Covering the specialist team.",
        granted_by=person(full_name="Sam Lee"),
    )
    services.book_session(teacher, session)
    services.book_session(person(job_role=social_worker), session)

    history = administrator_client.get(reverse("wagtailadmin_reports:site_history")).content.decode()

    assert f"Booked under an individual exception granted by Sam Lee on {format_date(timezone.now())}" in history
    assert "Covering the specialist team." in history
    assert history.count("Booked under an individual exception") == 1
