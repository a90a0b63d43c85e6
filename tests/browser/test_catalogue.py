"""A professional finds a course through the catalogue and takes a session into their calendar;
the forums, the resource library and search work in the browser too. Axe checks every page."""

import pytest
from icalendar import Calendar

from tests.bookings.factories import SessionFactory, VenueFactory
from tests.courses.factories import CoursePageFactory, ForumPageFactory, TrainingLevelPageFactory
from tests.people.factories import JobRoleFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def catalogue():
    levels = {n: TrainingLevelPageFactory(number=n, title=f"Level {n}: workshops for level {n}") for n in (1, 2, 3, 4)}
    workshop = CoursePageFactory(level=levels[3], title="CSE full-day workshop")
    specialist = CoursePageFactory(
        level=levels[4],
        title="CSE specialist workshop",
        topics=["cse", "risk-assessment"],
        eligible_job_roles=[JobRoleFactory(code="iro", name="Independent Reviewing Officer")],
        prerequisites=[(workshop, 36)],
    )
    venue = VenueFactory(name="Skiddaw Room, Keswick", area="allerdale")
    session = SessionFactory(course=specialist, venue=venue, days_ahead=20)
    SessionFactory(course=specialist, days_ahead=50, capacity=1)
    forum = ForumPageFactory(
        title="Practitioner Forum, January 2018",
        resources=[
            {"title": "CSE Screening Tool", "description": "For first contact.", "topics": ["cse"]},
            {"title": "Online safety for parents", "url": "https://example.org/online", "topics": ["online-safety"]},
        ],
    )
    return {"course": specialist, "session": session, "forum": forum}


def test_professional_walks_from_home_to_a_level_4_course_and_downloads_a_session_calendar_file(
    live_server, page, check_a11y, catalogue
):
    page.goto(live_server.url + "/")
    check_a11y(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Training").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Training"
    check_a11y(page)

    page.get_by_role("link", name="Level 4: workshops for level 4").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Level 4: workshops for level 4"
    assert page.get_by_text("Skiddaw Room, Keswick").is_visible()
    check_a11y(page)

    page.get_by_role("link", name="CSE specialist workshop", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "CSE specialist workshop"
    assert page.get_by_text("Independent Reviewing Officer").is_visible()
    assert page.get_by_text("within 36 months").is_visible()
    check_a11y(page)

    session = catalogue["session"]
    with page.expect_download() as download_info:
        page.locator(f'a[href$="/sessions/{session.uid}/calendar.ics"]').click()
    calendar = Calendar.from_ical(download_info.value.path().read_bytes())
    [event] = calendar.events
    assert str(event["UID"]).startswith(str(session.uid))
    assert "CSE specialist workshop" in str(event["SUMMARY"])


def test_forum_pages_resource_library_and_search_pass_axe(live_server, page, check_a11y, catalogue):
    page.goto(live_server.url + "/forums/")
    check_a11y(page)

    page.get_by_role("link", name="Practitioner Forum, January 2018").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Practitioner Forum, January 2018"
    check_a11y(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Forum resources").click()
    page.get_by_label("Topic").select_option("cse")
    page.get_by_role("button", name="Show resources").click()
    assert page.get_by_role("heading", name="1 resource").is_visible()
    assert page.get_by_role("link", name="CSE Screening Tool").is_visible()
    check_a11y(page)

    page.goto(live_server.url + "/forums/resources/?forum=abc")
    assert page.get_by_text("Forum: “abc” is not one of the choices").is_visible()
    check_a11y(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    page.get_by_label("Search the site").fill("specialist")
    page.get_by_role("button", name="Search").click()
    assert page.get_by_role("link", name="CSE specialist workshop", exact=True).is_visible()
    check_a11y(page)
