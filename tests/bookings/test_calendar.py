"""Calendar files: every one the site emits parses with icalendar and with the stricter ``ical``
parser, and is right for Outlook, Google and Apple Calendar (time zone rules, cancellations,
links on the request's host, stable stamps, subscription properties)."""

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from django.core.cache import cache
from django.utils import timezone
from django.utils.http import parse_http_date

from wagtail.models import Page, PageLogEntry

from bookings.models import LATEST_STORED_YEAR, Session, Venue
from bookings.services import cancel_session
from lscb_training.dates import LONDON
from tests.bookings.factories import SessionFactory, VenueFactory
from tests.courses.factories import CoursePageFactory, training_level
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db

FEED = "/whats-on/calendar.ics"
UID_AT = "@training.lscb.example.org"


@pytest.fixture(autouse=True)
def _empty_cache():
    """The feed body is cached per process; each test starts from a cold cache."""
    cache.clear()
    yield
    cache.clear()


def session_url(session):
    return f"/sessions/{session.uid}/calendar.ics"


def parse(response):
    """The calendar as icalendar reads it, after checking the stricter ``ical`` parser accepts it too."""
    assert response.status_code == 200, response.status_code
    IcsCalendarStream.calendar_from_ics(response.content.decode())
    return Calendar.from_ical(response.content)


def events(response):
    return parse(response).events


def event_of(response, session):
    (event,) = [e for e in events(response) if str(e["UID"]) == f"{session.uid}{UID_AT}"]
    return event


def london(year, month, day, hour, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def session_at(starts_at, hours=3, **kwargs):
    """A session at a fixed time, written around the model's "starts in the future" rule."""
    session = SessionFactory(**kwargs)
    Session.objects.filter(pk=session.pk).update(starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours))
    session.refresh_from_db()
    return session


# Every kind of calendar the site emits: each must parse with both parsers.
def _empty_feed(client):
    return client.get(FEED)


def _feed(client):
    SessionFactory()
    cancel_session(SessionFactory())
    return client.get(FEED)


def _level_feed(client):
    SessionFactory(course=CoursePageFactory(level=training_level(3)))
    return client.get(FEED, {"level": "3"})


def _session_file(client):
    return client.get(session_url(SessionFactory()))


def _cancelled_session_file(client):
    session = SessionFactory()
    cancel_session(session)
    return client.get(session_url(session))


EVERY_CALENDAR = [_empty_feed, _feed, _level_feed, _session_file, _cancelled_session_file]


@pytest.mark.parametrize("fetch", EVERY_CALENDAR)
def test_every_calendar_has_one_london_timezone_with_yearly_rules(client, fetch):
    calendar = parse(fetch(client))

    (tz,) = calendar.timezones
    assert str(tz["TZID"]) == "Europe/London"
    daylight, standard = (tz.walk(name) for name in ("DAYLIGHT", "STANDARD"))
    assert len(daylight) == len(standard) == 1 and len(tz.subcomponents) == 2
    assert dict(daylight[0]["RRULE"]) == {"FREQ": ["YEARLY"], "BYMONTH": [3], "BYDAY": ["-1SU"]}
    assert dict(standard[0]["RRULE"]) == {"FREQ": ["YEARLY"], "BYMONTH": [10], "BYDAY": ["-1SU"]}
    # Local time in the offset before each change: 01:00 GMT and 02:00 BST are both 01:00 UTC.
    assert daylight[0].decoded("DTSTART").time().hour == 1
    assert standard[0].decoded("DTSTART").time().hour == 2
    assert [daylight[0].decoded("TZOFFSETTO"), standard[0].decoded("TZOFFSETTO")] == [timedelta(hours=1), timedelta(0)]
    assert "RDATE" not in daylight[0] and "RDATE" not in standard[0] and "COMMENT" not in tz


def test_the_timezone_changes_at_one_in_the_morning_utc(client):
    (tz,) = parse(client.get(FEED)).timezones
    zone = tz.to_tz()

    def offset(*moment):
        return datetime(*moment, tzinfo=UTC).astimezone(zone).utcoffset()

    # 2027: summer time from Sunday 28 March, winter time from Sunday 31 October.
    assert offset(2027, 3, 28, 0, 59) == timedelta(0)
    assert offset(2027, 3, 28, 1, 0) == timedelta(hours=1)
    assert offset(2027, 10, 31, 0, 59) == timedelta(hours=1)
    assert offset(2027, 10, 31, 1, 0) == timedelta(0)


@pytest.mark.parametrize(
    ("starts_at", "utc_hour"),
    [(london(2027, 1, 12, 9, 30), 9), (london(2027, 7, 13, 9, 30), 8)],
    ids=["winter", "summer"],
)
def test_both_parsers_read_half_past_nine_in_london_at_the_right_utc_time(client, starts_at, utc_hour):
    session = session_at(starts_at)
    body = client.get(session_url(session)).content.decode()

    (strict,) = IcsCalendarStream.calendar_from_ics(body).events
    (lenient,) = Calendar.from_ical(body).events

    for start in (strict.dtstart, lenient.start):
        assert start.astimezone(UTC).replace(tzinfo=None) == datetime(
            starts_at.year, starts_at.month, starts_at.day, utc_hour, 30
        )
    assert f"DTSTART;TZID=Europe/London:{starts_at:%Y%m%d}T093000" in body


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

    assert str(event["UID"]) == f"{session.uid}{UID_AT}"
    assert event.start == session.starts_at and event.end == session.ends_at
    assert str(event.start.tzinfo) == "Europe/London"
    assert "DTSTAMP" in event
    assert str(event["SUMMARY"]) == "CSE Awareness"
    assert str(event["LOCATION"]) == "Fellview Centre, 1 Castle Street, Carlisle, CA3 8SY"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("DESCRIPTION").startswith("What CSE is and what to do.\n\nBring a notebook.")


def test_url_is_the_session_page_on_the_host_the_file_was_fetched_from(client):
    session = SessionFactory()
    page = f"https://127.0.0.1:8001/sessions/{session.uid}/"

    for response in (
        client.get(FEED, headers={"host": "127.0.0.1:8001"}, secure=True),
        client.get(session_url(session), headers={"host": "127.0.0.1:8001"}, secure=True),
    ):
        event = event_of(response, session)
        assert str(event["URL"]) == page
        assert event.decoded("DESCRIPTION").endswith(f"Details: {page}")


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


def test_cancelled_session_says_so_in_summary_and_first_line_of_description_with_other_dates(client):
    course = CoursePageFactory(title="CSE Awareness")
    session = SessionFactory(course=course)
    cancel_session(session)

    event = event_of(client.get(FEED), session)

    assert str(event["SUMMARY"]) == "Cancelled: CSE Awareness"
    first_line = event.decoded("DESCRIPTION").splitlines()[0]
    assert (
        first_line
        == f"Cancelled: this session will not run. Other dates for this course: http://testserver{course.url}"
    )


def test_cancelled_session_page_does_not_offer_add_to_calendar(client):
    session = SessionFactory()
    cancel_session(session)

    page = client.get(f"/sessions/{session.uid}/").content.decode()

    assert "This session has been cancelled" in page
    assert session_url(session) not in page
    assert "Add this session to your calendar" not in page


def test_scheduled_session_page_offers_add_to_calendar(client):
    session = SessionFactory()

    page = client.get(f"/sessions/{session.uid}/").content.decode()

    assert f'href="{session_url(session)}"' in page


def test_unknown_session_uid_is_not_found(client):
    assert client.get(f"/sessions/{uuid.uuid4()}/calendar.ics").status_code == 404


def test_malformed_session_uid_is_not_found(client):
    assert client.get("/sessions/not-a-uuid/calendar.ics").status_code == 404


def test_feed_has_one_event_per_upcoming_session_including_cancelled(client):
    sessions = SessionFactory.create_batch(3)
    cancel_session(sessions[0])
    session_at(timezone.now() - timedelta(days=120))

    response = client.get(FEED)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="whats-on.ics"' in response["Content-Disposition"]
    by_uid = {str(event["UID"]): event for event in events(response)}
    assert set(by_uid) == {f"{s.uid}{UID_AT}" for s in sessions}
    assert str(by_uid[f"{sessions[0].uid}{UID_AT}"]["STATUS"]) == "CANCELLED"


def test_feed_keeps_sessions_that_started_or_ended_within_ninety_days_cancelled_included(client):
    now = timezone.now()
    running = session_at(now - timedelta(hours=1))
    last_month = session_at(now - timedelta(days=30))
    cancelled_last_month = session_at(now - timedelta(days=31))
    cancel_session(cancelled_last_month)
    session_at(now - timedelta(days=92))  # ended more than 90 days before today: gone

    uids = {str(event["UID"]) for event in events(client.get(FEED))}

    assert uids == {f"{s.uid}{UID_AT}" for s in (running, last_month, cancelled_last_month)}


def test_feed_carries_no_email_addresses(client):
    session = SessionFactory(trainers="Sam Trainer", delegate_notes="Questions to the training team.")
    UserFactory()

    body = client.get(FEED).content.decode()

    assert "@" not in body.replace(f"{session.uid}{UID_AT}", "")
    assert "Sam Trainer" not in body


def test_feed_level_filter_keeps_that_level_only_in_a_file_named_by_level(client):
    level4 = SessionFactory(course=CoursePageFactory(level=training_level(4)))
    SessionFactory(course=CoursePageFactory(level=training_level(2)))

    response = client.get(FEED, {"level": "4"})

    assert [str(event["UID"]) for event in events(response)] == [f"{level4.uid}{UID_AT}"]
    assert 'filename="whats-on-level-4.ics"' in response["Content-Disposition"]
    assert str(parse(response)["NAME"]) == "CSE training: level 4"


def test_feed_with_a_bad_level_is_not_found_rather_than_an_error(client):
    assert client.get(FEED, {"level": "abc"}).status_code == 404


def test_feed_with_no_sessions_is_still_a_valid_calendar(client):
    calendar = parse(client.get(FEED))

    assert calendar.events == [] and str(calendar["VERSION"]) == "2.0"


def test_feed_asks_to_be_refreshed_hourly_and_names_and_describes_itself(client):
    response = client.get(FEED)
    body = response.content.decode()
    calendar = parse(response)

    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in body
    assert "X-PUBLISHED-TTL:PT1H\r\n" in body
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"]) == "CSE training: what's on"
    assert "child sexual exploitation training" in str(calendar["DESCRIPTION"])


def test_prodid_names_no_real_partnership(client):
    prodid = str(parse(client.get(FEED))["PRODID"])

    assert prodid == "-//LSCB CSE Training//Sessions calendar//EN"


def test_feed_events_are_free_time_but_a_downloaded_session_is_not(client):
    session = SessionFactory()

    assert str(event_of(client.get(FEED), session)["TRANSP"]) == "TRANSPARENT"
    assert "TRANSP" not in event_of(client.get(session_url(session)), session)


def test_dtstamp_and_last_modified_are_when_the_session_last_changed_so_the_body_is_stable(client):
    session = SessionFactory()
    Session.objects.filter(pk=session.pk).update(updated_at=datetime(2026, 1, 5, 10, 0, 7, 500, tzinfo=UTC))
    session.course.last_published_at = datetime(2026, 1, 4, tzinfo=UTC)
    session.course.save()
    Venue.objects.filter(pk=session.venue.pk).update(updated_at=datetime(2026, 1, 3, tzinfo=UTC))

    first = client.get(FEED).content
    cache.clear()
    second = client.get(FEED).content

    assert first == second
    event = event_of(client.get(session_url(session)), session)
    assert event.decoded("DTSTAMP") == event.decoded("LAST-MODIFIED") == datetime(2026, 1, 5, 10, 0, 7, tzinfo=UTC)


@pytest.mark.parametrize("url", [FEED, None])
def test_an_unchanged_calendar_is_not_modified_for_its_etag_or_last_modified(client, url):
    session = SessionFactory()
    url = url or session_url(session)
    first = client.get(url)

    by_etag = client.get(url, headers={"if-none-match": first["ETag"]})
    by_date = client.get(url, headers={"if-modified-since": first["Last-Modified"]})

    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag["ETag"] == first["ETag"]


def test_feed_last_modified_is_this_morning_when_nothing_changed_since_the_window_moved(client):
    SessionFactory()
    long_ago = timezone.now() - timedelta(days=400)
    Session.objects.update(updated_at=long_ago)
    Venue.objects.update(updated_at=long_ago)
    Page.objects.update(last_published_at=long_ago)
    PageLogEntry.objects.all().delete()

    response = client.get(FEED)

    today = timezone.localdate(timezone=LONDON)
    midnight = datetime(today.year, today.month, today.day, tzinfo=LONDON)
    assert parse_http_date(response["Last-Modified"]) == int(midnight.timestamp())


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda s: setattr(s, "delegate_notes", "Bring lunch.") or s.save(), id="session"),
        pytest.param(lambda s: setattr(s.venue, "name", "New Hall") or s.venue.save(), id="venue"),
        pytest.param(lambda s: s.course.save_revision().publish(), id="course published"),
        pytest.param(lambda s: SessionFactory(), id="session added"),
        pytest.param(lambda s: Session.objects.filter(pk=s.pk).delete(), id="session deleted"),
    ],
)
def test_any_change_gives_the_feed_a_new_etag_and_body(client, change):
    session = SessionFactory()
    before = client.get(FEED)

    change(session)
    after = client.get(FEED, headers={"if-none-match": before["ETag"]})

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]


def test_the_etag_depends_on_the_host_the_links_point_at(client):
    SessionFactory()

    local = client.get(FEED)
    other = client.get(FEED, headers={"host": "127.0.0.1"})

    assert local["ETag"] != other["ETag"]
    assert b"http://127.0.0.1/sessions/" in other.content


def test_control_characters_pasted_into_admin_text_are_left_out_of_calendar_files(client):
    venue = VenueFactory(name="Fell\x0bview\x01 Centre")
    course = CoursePageFactory(title="CSE\x0bAwareness", summary="Line one\x0bline two\x1f.")
    session = SessionFactory(course=course, venue=venue, delegate_notes="Bring\x07 a\x0cnotebook.\r\nAnd a pen.")

    for response in (client.get(FEED), client.get(session_url(session))):
        body = response.content.decode()
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", body)
        event = event_of(response, session)
        assert str(event["SUMMARY"]) == "CSE\nAwareness"
        assert event.decoded("DESCRIPTION").startswith("Line one\nline two.\n\nBring a\nnotebook.\nAnd a pen.")


def test_model_clean_strips_control_characters_but_keeps_tabs_and_line_breaks(client):
    venue = VenueFactory(name="Fell\x0bview\x01 Centre", address="1 Castle\tStreet\r\nCarlisle\x0c")
    session = SessionFactory(venue=venue, delegate_notes="Bring\x07 a notebook.\x0bAnd a pen.")

    venue.full_clean()
    session.full_clean()

    assert venue.name == "Fell\nview Centre"
    assert venue.address == "1 Castle\tStreet\nCarlisle\n"
    assert session.delegate_notes == "Bring a notebook.\nAnd a pen."


def test_renaming_or_readdressing_a_venue_raises_sequence_of_its_sessions_not_yet_over():
    venue = VenueFactory()
    upcoming = SessionFactory(venue=venue)
    over = session_at(timezone.now() - timedelta(days=3), venue=venue)
    elsewhere = SessionFactory()

    venue.name = "Riverside Hall"
    venue.save()
    venue.address = "2 Castle Street\nCarlisle"
    venue.save()

    sequences = {s.pk: s.sequence for s in Session.objects.all()}
    assert sequences == {upcoming.pk: upcoming.sequence + 2, over.pk: over.sequence, elsewhere.pk: elsewhere.sequence}


def test_a_venue_change_that_calendars_do_not_show_leaves_sequence_alone():
    session = SessionFactory()

    session.venue.parking_notes = "Free parking behind the hall."
    session.venue.save()

    session.refresh_from_db()
    assert session.sequence == 0


def test_a_session_in_the_last_year_the_database_holds_does_not_break_the_feed_or_its_file(client):
    # A year-9999 session (once a 500 for every calendar) can no longer be stored at all
    # (tests/bookings/test_session_dates.py); the latest that can be must still be written.
    session = session_at(datetime(LATEST_STORED_YEAR, 12, 31, 20, 0, tzinfo=UTC))

    feed = client.get(FEED)
    download = client.get(session_url(session))

    assert event_of(feed, session).end == datetime(LATEST_STORED_YEAR, 12, 31, 23, 0, tzinfo=UTC)
    assert event_of(download, session).end == datetime(LATEST_STORED_YEAR, 12, 31, 23, 0, tzinfo=UTC)


def test_whats_on_offers_a_webcal_subscription_google_and_a_copyable_address(client):
    training_level(2)

    page = client.get("/whats-on/", {"level": "2"}).content.decode()

    assert 'href="webcal://testserver/whats-on/calendar.ics"' in page
    assert (
        'href="https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Ftestserver%2Fwhats-on%2Fcalendar.ics"' in page
    )
    assert 'value="http://testserver/whats-on/calendar.ics" readonly' in page
    assert 'href="webcal://testserver/whats-on/calendar.ics?level=2"' in page
    assert "a downloaded file is a copy of today's dates that never changes" in page


@pytest.mark.parametrize("url", [FEED, None])
def test_calendar_files_may_be_cached_for_a_quarter_of_an_hour(client, url):
    session = SessionFactory()

    response = client.get(url or session_url(session))

    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=900"}
    assert "Cookie" not in response.get("Vary", "")
