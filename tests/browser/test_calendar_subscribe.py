"""Subscribing to the calendar feed from What's on, in the browser: the webcal link, Google
Calendar's link and the copyable address all point at the feed on the host the page came from,
and the feed they name is a calendar whose links use that host too. Axe checks every page."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.bookings.factories import SessionFactory
from tests.courses.factories import CoursePageFactory, TrainingLevelPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def sessions():
    levels = {n: TrainingLevelPageFactory(number=n, title=f"Level {n} workshops") for n in (2, 3)}
    SessionFactory.create_batch(2, course=CoursePageFactory(level=levels[2], title="CSE awareness half-day"))
    return SessionFactory.create_batch(2, course=CoursePageFactory(level=levels[3], title="CSE practitioner day"))


def subscribe_section(page):
    return page.get_by_role("region", name="Add these dates to your calendar")


def test_whats_on_offers_webcal_google_and_a_copyable_feed_address(live_server, page, check_a11y, sessions):
    page.goto(live_server.url + "/whats-on/")
    host = urlsplit(live_server.url).netloc
    section = subscribe_section(page)

    webcal = section.get_by_role("link", name="Subscribe in Outlook or Apple Calendar to every date")
    assert webcal.get_attribute("href") == f"webcal://{host}/whats-on/calendar.ics"
    google = section.get_by_role("link", name="Add to Google Calendar (every date)").get_attribute("href")
    assert google.startswith("https://calendar.google.com/calendar/r?")
    assert parse_qs(urlsplit(google).query)["cid"] == [f"webcal://{host}/whats-on/calendar.ics"]
    address = section.get_by_label("Or copy the feed's address into your calendar app")
    assert address.input_value() == f"{live_server.url}/whats-on/calendar.ics"
    assert address.get_attribute("readonly") is not None
    assert "a downloaded file is a copy of today's dates that never changes" in section.inner_text()
    check_a11y(page)

    feed = page.request.get(address.input_value())
    assert feed.status == 200
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    assert f"URL:{live_server.url}/sessions/{sessions[0].uid}/" in feed.text()


def test_filtering_by_level_adds_that_level_s_feed(live_server, page, check_a11y, sessions):
    page.goto(live_server.url + "/whats-on/")
    page.get_by_label("Level").select_option(value="3")
    page.get_by_role("button", name="Apply filters").click()
    host = urlsplit(live_server.url).netloc
    section = subscribe_section(page)

    link = section.get_by_role("link", name="Subscribe in Outlook or Apple Calendar to level 3 dates")
    assert link.get_attribute("href") == f"webcal://{host}/whats-on/calendar.ics?level=3"
    address = section.get_by_label("Feed address for these dates only").input_value()
    check_a11y(page)

    feed = page.request.get(address)
    assert feed.status == 200
    assert 'filename="whats-on-level-3.ics"' in feed.headers["content-disposition"]
    assert feed.text().count("BEGIN:VEVENT") == 2
