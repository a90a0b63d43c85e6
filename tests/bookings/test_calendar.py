import re
import uuid
from datetime import timedelta

import pytest
from icalendar import Calendar

from bookings.services import cancel_session
from tests.bookings.factories import SessionFactory, VenueFactory
from tests.courses.factories import CoursePageFactory, training_level
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db

FEED = "/whats-on/calendar.ics"


def session_url(session):
    return f"/sessions/{session.uid}/calendar.ics"


def events(response):
    return Calendar.from_ical(response.content).events


def test_session_download_is_a_calendar_file_with_a_filename(client):
    session = SessionFactory(course=CoursePageFactory(title="CSE Awareness"))

    response = client.get(session_url(session))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert re.fullmatch(r'attachment; filename="cse-awareness-\d{4}-\d{2}-\d{2}\.ics"', response["Content-Disposition"])


def test_session_event_carries_the_fields_a_calendar_needs(client):
    venue = VenueFactory(name="Fellview Centre", address="1 Castle Street\nCarlisle", postcode="CA3 8SY")
    course = CoursePageFactory(title="CSE Awareness", summary="What CSE is and what to do.")
    session = SessionFactory(course=course, venue=venue, delegate_notes="Bring a notebook.")

    (event,) = events(client.get(session_url(session)))

    assert str(event["UID"]) == f"{session.uid}@training.lscb.example.org"
    assert event.start == session.starts_at and event.end == session.ends_at
    assert str(event.start.tzinfo) == "Europe/London"
    assert "DTSTAMP" in event
    assert str(event["SUMMARY"]) == "CSE Awareness"
    assert str(event["LOCATION"]) == "Fellview Centre, 1 Castle Street, Carlisle, CA3 8SY"
    assert str(event["URL"]) == course.get_full_url()
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("DESCRIPTION") == "What CSE is and what to do.\n\nBring a notebook."


def test_calendar_file_has_a_small_london_timezone(client):
    calendar = Calendar.from_ical(client.get(session_url(SessionFactory())).content)

    (tz,) = calendar.timezones
    assert str(tz["TZID"]) == "Europe/London"
    assert len(tz.subcomponents) <= 8


def test_moving_a_session_raises_sequence_and_keeps_uid_in_the_file(client):
    session = SessionFactory()
    (before,) = events(client.get(session_url(session)))

    session.starts_at += timedelta(hours=1)
    session.ends_at += timedelta(hours=1)
    session.save()
    (after,) = events(client.get(session_url(session)))

    assert after["UID"] == before["UID"]
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])


def test_cancelled_session_is_status_cancelled(client):
    session = SessionFactory()
    cancel_session(session)

    (event,) = events(client.get(session_url(session)))

    assert str(event["STATUS"]) == "CANCELLED"


def test_unknown_session_uid_is_not_found(client):
    assert client.get(f"/sessions/{uuid.uuid4()}/calendar.ics").status_code == 404


def test_malformed_session_uid_is_not_found(client):
    assert client.get("/sessions/not-a-uuid/calendar.ics").status_code == 404


def test_feed_has_one_event_per_upcoming_session_including_cancelled(client):
    sessions = SessionFactory.create_batch(3)
    cancel_session(sessions[0])
    SessionFactory(days_ahead=-5)

    response = client.get(FEED)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="whats-on.ics"' in response["Content-Disposition"]
    by_uid = {str(event["UID"]): event for event in events(response)}
    assert set(by_uid) == {f"{s.uid}@training.lscb.example.org" for s in sessions}
    assert str(by_uid[f"{sessions[0].uid}@training.lscb.example.org"]["STATUS"]) == "CANCELLED"


def test_feed_carries_no_email_addresses(client):
    session = SessionFactory(trainers="Sam Trainer", delegate_notes="Questions to the training team.")
    UserFactory()

    body = client.get(FEED).content.decode()

    assert "@" not in body.replace(f"{session.uid}@training.lscb.example.org", "")
    assert "Sam Trainer" not in body


def test_feed_level_filter_keeps_that_level_only(client):
    level4 = SessionFactory(course=CoursePageFactory(level=training_level(4)))
    SessionFactory(course=CoursePageFactory(level=training_level(2)))

    uids = [str(event["UID"]) for event in events(client.get(FEED, {"level": "4"}))]

    assert uids == [f"{level4.uid}@training.lscb.example.org"]


def test_feed_with_a_bad_level_is_not_found_rather_than_an_error(client):
    assert client.get(FEED, {"level": "abc"}).status_code == 404


def test_feed_with_no_sessions_is_still_a_valid_calendar(client):
    calendar = Calendar.from_ical(client.get(FEED).content)

    assert calendar.events == [] and str(calendar["VERSION"]) == "2.0"


@pytest.mark.parametrize("url", [FEED, None])
def test_calendar_files_may_be_cached_for_a_quarter_of_an_hour(client, url):
    session = SessionFactory()

    response = client.get(url or session_url(session))

    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=900"}
    assert "Cookie" not in response.get("Vary", "")
