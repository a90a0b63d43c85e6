"""What's on in the browser: two filters, the results, a bad link's notice and the next page.
Axe checks every page visited."""

import pytest

from bookings.models import Area
from tests.bookings.factories import SessionFactory, VenueFactory
from tests.courses.factories import CoursePageFactory, TrainingLevelPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def sessions():
    """23 level 2 sessions in Eden (two pages), plus others that the filters must leave out."""
    levels = {n: TrainingLevelPageFactory(number=n, title=f"Level {n} workshops") for n in (1, 2, 3, 4)}
    awareness = CoursePageFactory(level=levels[2], title="CSE awareness half-day")
    specialist = CoursePageFactory(level=levels[4], title="CSE specialist workshop")
    eden = VenueFactory(name="Fellgate Centre, Penrith", area=Area.EDEN)
    kendal = VenueFactory(name="Kentmere Rooms, Kendal", area=Area.SOUTH_LAKELAND)
    SessionFactory.create_batch(23, course=awareness, venue=eden)
    SessionFactory.create_batch(3, course=awareness, venue=kendal)
    SessionFactory.create_batch(3, course=specialist, venue=eden)


def rows(page):
    return page.locator("table.session-list tbody tr")


def test_professional_filters_by_level_and_area_and_pages_through_the_results(live_server, page, check_a11y, sessions):
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="What’s on").click()
    assert page.get_by_role("heading", level=1).inner_text() == "What’s on"
    assert page.locator("#results-count").inner_text() == "29 sessions, showing 1 to 20."
    check_a11y(page)

    page.get_by_label("Level").select_option(label="Level 2: Level 2 workshops")
    page.get_by_label("Area").select_option(label="Eden")
    page.get_by_role("button", name="Apply filters").click()

    assert page.locator("#results-count").inner_text() == "23 sessions match these filters, showing 1 to 20."
    assert rows(page).count() == 20
    assert all("Fellgate Centre, Penrith" in text for text in rows(page).all_inner_texts())
    assert page.get_by_label("Level").input_value() == "2"
    check_a11y(page)

    page.get_by_role("navigation", name="Pages of results").get_by_role("link", name="Next page").click()

    assert "level=2" in page.url and "area=eden" in page.url and "page=2" in page.url
    assert page.locator("#results-count").inner_text() == "23 sessions match these filters, showing 21 to 23."
    assert rows(page).count() == 3
    check_a11y(page)

    rows(page).first.get_by_role("link").first.click()

    assert page.get_by_role("heading", level=1).inner_text() == "CSE awareness half-day"
    assert page.get_by_text("Fellgate Centre, Penrith").first.is_visible()
    check_a11y(page)


def test_a_bad_link_shows_every_session_with_a_notice(live_server, page, check_a11y, sessions):
    page.goto(live_server.url + "/whats-on/?level=abc&month=2027-13")

    notice = page.get_by_role("alert")
    assert "so those filters are not applied" in notice.inner_text()
    assert "Level: “abc” is not one of the choices" in notice.inner_text()
    assert page.locator("#results-count").inner_text() == "29 sessions, showing 1 to 20."
    check_a11y(page)

    page.get_by_role("link", name="Clear filters").click()

    assert page.get_by_role("alert").count() == 0
    check_a11y(page)
