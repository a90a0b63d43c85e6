import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_home_page_has_landmarks_and_passes_axe(live_server, page, check_a11y):
    page.goto(live_server.url + "/")

    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert page.get_by_role("main").count() == 1
    assert page.get_by_role("heading", level=1).inner_text() == "CSE training for professionals"
    check_a11y(page)


def test_skip_link_moves_focus_to_the_main_content(live_server, page):
    page.goto(live_server.url + "/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    assert skip_link.evaluate("element => element === document.activeElement")
    skip_link.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_home_page_reflows_at_320_pixels_without_horizontal_scrolling(live_server, page, check_a11y):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    check_a11y(page)
