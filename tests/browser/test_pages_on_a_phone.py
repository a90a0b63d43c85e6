"""Pages no other browser test visits (a session's page, the accessibility statement and privacy
notice), and the pages with tables or long email addresses at 320 pixels wide: axe on each, and
no sideways scrolling of the whole page (WCAG 1.4.10 Reflow; a table may scroll inside its box)."""

import pytest
from playwright.sync_api import expect

from demo import site as demo
from tests.bookings.factories import BookingFactory, SessionFactory, VenueFactory
from tests.browser.test_accounts import sign_in
from tests.courses.factories import CoursePageFactory, TrainingLevelPageFactory
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LONG_EMAIL = "alexandra.fotheringham-whittingstall@fellsidecommunity-nhs.example.org"


def assert_no_sideways_scrolling(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], page.url


@pytest.fixture
def session():
    level = TrainingLevelPageFactory(number=3, title="Level 3: full-day workshops")
    course = CoursePageFactory(level=level, title="Harmful sexual behaviour")
    venue = VenueFactory(
        name="Skiddaw Room, Keswick",
        area="allerdale",
        accessibility_notes="Step-free entrance from the car park.",
        parking_notes="Free parking behind the building.",
    )
    return SessionFactory(course=course, venue=venue, days_ahead=20)


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": 320, "height": 640})
    return page


def test_a_sessions_page_passes_axe_and_reflows_at_320_pixels(live_server, phone, check_a11y, session):
    phone.goto(f"{live_server.url}/sessions/{session.uid}/")

    expect(phone.get_by_role("heading", level=1)).to_contain_text("Harmful sexual behaviour")
    expect(phone.get_by_text("Step-free entrance from the car park.")).to_be_visible()
    check_a11y(phone)
    assert_no_sideways_scrolling(phone)


def test_session_tables_scroll_inside_their_box_not_the_whole_page_at_320_pixels(
    live_server, phone, check_a11y, session
):
    # The hidden text of each row's calendar link used to escape the table's scrolling box.
    for path in ["/whats-on/", session.course.url, session.course.get_parent().url]:
        phone.goto(live_server.url + path)
        expect(phone.locator("table.session-list")).to_be_visible()
        check_a11y(phone)
        assert_no_sideways_scrolling(phone)


def test_accessibility_statement_and_privacy_notice_pass_axe_and_reflow(live_server, phone, check_a11y):
    demo.seed(log=lambda message: None)
    phone.goto(live_server.url + "/")

    phone.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    check_a11y(phone)
    assert_no_sideways_scrolling(phone)

    phone.get_by_role("contentinfo").get_by_role("link", name="Privacy notice").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    check_a11y(phone)
    assert_no_sideways_scrolling(phone)


def test_profile_and_email_pages_wrap_a_long_email_address_at_320_pixels(live_server, phone, check_a11y):
    UserFactory(email=LONG_EMAIL)
    sign_in(phone, live_server.url, LONG_EMAIL)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your profile")

    phone.get_by_label("Team (optional)").fill("Eden locality team")
    phone.get_by_role("button", name="Save your details").click()
    expect(phone.get_by_text("Your details have been updated.")).to_be_visible()
    check_a11y(phone)
    assert_no_sideways_scrolling(phone)

    phone.goto(live_server.url + "/accounts/email/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your email address")
    check_a11y(phone)
    assert_no_sideways_scrolling(phone)


def test_the_demo_home_page_passes_axe_reflows_and_leads_a_newcomer_to_sign_up(live_server, phone, check_a11y):
    demo.seed(log=lambda message: None)
    phone.goto(live_server.url + "/")

    check_a11y(phone)
    assert_no_sideways_scrolling(phone)
    phone.get_by_role("main").get_by_role("link", name="Create an account to book training").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Create an account")


def test_at_320_pixels_each_session_is_a_stacked_card_with_its_places_on_screen(
    live_server, phone, check_a11y, session
):
    full = SessionFactory(course=session.course, venue=session.venue, days_ahead=30, capacity=1)
    BookingFactory(session=full)
    for path in ["/whats-on/", session.course.url]:
        phone.goto(live_server.url + path)
        cards = phone.locator("table.session-list tbody tr")
        expect(cards).to_have_count(2)
        check_a11y(phone)
        assert_no_sideways_scrolling(phone)
        for card in cards.all():
            assert card.evaluate("row => getComputedStyle(row).display") == "block"
            places = card.locator("td[data-label='Places']")
            places.scroll_into_view_if_needed()
            expect(places).to_be_in_viewport()
            box = places.bounding_box()
            assert box["x"] + box["width"] <= 320
            assert places.evaluate("cell => getComputedStyle(cell, '::before').content").startswith('"Places: "')
        expect(cards.last.locator("td[data-label='Places']")).to_have_text("Waiting list")
        expect(cards.first.locator("td[data-label='Area']")).to_have_text("Allerdale")

        # The links of each card are reached with the keyboard, in reading order.
        calendar_link = cards.first.get_by_role("link", name="Add to calendar")
        date_link = cards.first.get_by_role("link").first
        date_link.focus()
        for _ in range(10):
            phone.keyboard.press("Tab")
            if calendar_link.evaluate("link => link === document.activeElement"):
                break
        else:
            pytest.fail("Tab never reached the first card's calendar link")
        box = calendar_link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320
