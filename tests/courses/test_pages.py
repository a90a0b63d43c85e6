"""What the training, forum and library pages show a professional."""

import pytest

from wagtail import hooks

from bookings.models import SessionStatus
from courses.models import CourseFormat
from tests.bookings.factories import BookingFactory, SessionFactory, VenueFactory
from tests.courses.factories import (
    CoursePageFactory,
    ForumPageFactory,
    TrainingLevelPageFactory,
    forum_index,
    training_index,
)
from tests.people.factories import JobRoleFactory

pytestmark = pytest.mark.django_db


def test_training_index_lists_the_four_levels_in_order_each_linking_to_its_page(client):
    levels = [TrainingLevelPageFactory(number=n, title=f"Level {n} title") for n in (3, 1, 4, 2)]

    html = client.get(training_index().url).content.decode()

    positions = [html.index(f'href="/training/level-{n}/"') for n in (1, 2, 3, 4)]
    assert positions == sorted(positions)
    assert all(level.title in html for level in levels)


def test_every_catalogue_page_has_one_h1_and_breadcrumbs(client):
    course = CoursePageFactory()
    forum = ForumPageFactory()

    for url in [
        training_index().url,
        course.get_parent().url,
        course.url,
        forum_index().url,
        forum.url,
        "/forums/resources/",
        "/search/?q=cse",
    ]:
        html = client.get(url).content.decode()
        assert html.count("<h1") == 1, url
        assert 'aria-label="Breadcrumb"' in html, url


def test_level_page_lists_its_courses_with_format_duration_and_next_dates_with_places(client):
    level = TrainingLevelPageFactory(number=2)
    course = CoursePageFactory(level=level, title="CSE awareness", format=CourseFormat.HALF_DAY, duration="3 hours")
    session = SessionFactory(course=course, capacity=10, days_ahead=40)
    BookingFactory(session=session)

    html = client.get(level.url).content.decode()

    assert "CSE awareness" in html
    assert "Half-day workshop" in html
    assert "3 hours" in html
    assert session.when in html
    assert "9 places left" in html


def test_level_page_shows_only_the_next_three_dates_of_a_course(client):
    course = CoursePageFactory()
    sessions = [SessionFactory(course=course, days_ahead=days) for days in (10, 20, 30, 40)]

    html = client.get(course.get_parent().url).content.decode()

    assert all(s.when in html for s in sessions[:3])
    assert sessions[3].when not in html


def test_course_page_for_everyone_says_all_professionals_and_validity_in_years(client):
    course = CoursePageFactory(validity_months=36)

    html = client.get(course.url).content.decode()

    assert "All professionals" in html
    assert "Valid for 3 years" in html
    assert "Not needed" in html


def test_course_page_names_the_eligible_roles_the_prerequisite_with_its_window_and_lead_approval(client):
    level3 = TrainingLevelPageFactory(number=3)
    level4 = TrainingLevelPageFactory(number=4)
    workshop = CoursePageFactory(level=level3, title="CSE full-day workshop")
    iro = JobRoleFactory(name="Independent Reviewing Officer", code="iro")
    course = CoursePageFactory(
        level=level4,
        eligible_job_roles=[iro],
        prerequisites=[(workshop, 36)],
        requires_lead_approval=True,
        validity_months=None,
    )

    html = client.get(course.url).content.decode()

    assert "Independent Reviewing Officer" in html
    assert "All professionals" not in html
    assert f'<a href="{workshop.url}">CSE full-day workshop</a>, within 36 months' in html
    assert "Your agency lead must approve your booking" in html
    assert "Does not expire" in html


def test_course_topics_link_to_whats_on_filtered_by_that_topic(client):
    course = CoursePageFactory(topics=["harmful-sexual-behaviour"])

    html = client.get(course.url).content.decode()

    assert 'href="/whats-on/?topic=harmful-sexual-behaviour"' in html


def test_training_index_links_to_every_upcoming_date_in_whats_on(client):
    html = client.get(training_index().url).content.decode()

    assert '<a href="/whats-on/">See every upcoming date in What’s on</a>' in html


CATALOGUE_PAGE_HOOKS = ("course_page_context", "level_page_context", "training_index_page_context")


def _main_content(response):
    return response.content.decode().split('<main id="main-content"')[1].split("</main>")[0]


def test_catalogue_pages_render_without_the_apps_above_and_name_none_of_their_addresses(client, monkeypatch):
    course = CoursePageFactory(topics=["harmful-sexual-behaviour"])
    SessionFactory(course=course, days_ahead=10)
    get_hooks = hooks.get_hooks
    monkeypatch.setattr(hooks, "get_hooks", lambda name: [] if name in CATALOGUE_PAGE_HOOKS else get_hooks(name))

    for url in [training_index().url, course.get_parent().url, course.url]:
        response = client.get(url)

        assert response.status_code == 200
        assert "/whats-on/" not in _main_content(response)
    assert "harmful-sexual-behaviour" in _main_content(client.get(course.url))


def test_course_page_lists_upcoming_sessions_with_venue_area_and_availability_including_cancelled(client):
    course = CoursePageFactory()
    venue = VenueFactory(name="Skiddaw Room, Keswick", area="allerdale")
    open_session = SessionFactory(course=course, venue=venue, capacity=1, days_ahead=15)
    BookingFactory(session=open_session)
    cancelled = SessionFactory(course=course, days_ahead=25, status=SessionStatus.CANCELLED)

    html = client.get(course.url).content.decode()

    assert "Skiddaw Room, Keswick" in html
    assert "Allerdale" in html
    assert "Waiting list" in html
    assert cancelled.when in html
    assert "Cancelled" in html
    assert f"/sessions/{open_session.uid}/calendar.ics" in html


def test_e_learning_course_page_says_there_are_no_dates_to_book(client):
    course = CoursePageFactory(format=CourseFormat.E_LEARNING)

    html = client.get(course.url).content.decode()

    assert "online and self-paced, so there are no dates to book" in html


def test_forum_index_lists_forums_newest_first(client):
    older = ForumPageFactory(title="Practitioner Forum January 2017", forum_date="2017-01-26")
    newer = ForumPageFactory(title="Practitioner Forum January 2018", forum_date="2018-01-25")

    html = client.get(forum_index().url).content.decode()

    assert html.index(newer.title) < html.index(older.title)


def test_forum_page_shows_its_details_and_resources_with_document_and_link(client):
    forum = ForumPageFactory(
        forum_date="2018-01-25",
        area="Penrith",
        venue="North Lakes Hotel",
        resources=[
            {"title": "CSE Screening Tool", "description": "For first contact.", "topics": ["cse"]},
            {"title": "NWG Network", "url": "https://www.nwgnetwork.org/"},
        ],
    )

    html = client.get(forum.url).content.decode()

    assert "Thursday 25 January 2018" in html
    assert "North Lakes Hotel" in html
    assert "CSE Screening Tool" in html
    assert "/documents/" in html
    assert 'href="https://www.nwgnetwork.org/"' in html
    assert 'href="/forums/resources/?topic=cse"' in html


def test_an_unknown_or_unpublished_course_address_is_not_found(client):
    course = CoursePageFactory()
    level_url = course.get_parent().url
    course.unpublish()

    assert client.get(course.url or f"{level_url}{course.slug}/").status_code == 404
    assert client.get(f"{level_url}no-such-course/").status_code == 404
    assert client.get("/training/no-such-level/").status_code == 404


def test_breadcrumbs_lead_from_home_through_the_training_section_and_level(client):
    course = CoursePageFactory()

    html = client.get(course.url).content.decode()
    crumbs = html.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]

    assert crumbs.index('href="/"') < crumbs.index('href="/training/"') < crumbs.index('href="/training/level-1/"')


def test_course_page_shows_the_next_few_dates_and_links_to_all_of_them_on_whats_on(client):
    course = CoursePageFactory()
    sessions = [SessionFactory(course=course, days_ahead=days) for days in (40, 10, 30, 20, 50)]
    cancelled = SessionFactory(course=course, days_ahead=15, status=SessionStatus.CANCELLED)

    html = client.get(course.url).content.decode()

    shown = [sessions[1], cancelled, sessions[3]]
    for session in shown:
        assert f"/sessions/{session.uid}/calendar.ics" in html
    for session in (sessions[0], sessions[2], sessions[4]):
        assert f"/sessions/{session.uid}/" not in html
    assert f'<a href="/whats-on/?course={course.pk}">All 6 dates' in html


def test_course_page_with_only_a_few_dates_has_no_link_to_more(client):
    course = CoursePageFactory()
    SessionFactory(course=course, days_ahead=10)

    html = client.get(course.url).content.decode()

    assert "/whats-on/?course=" not in html


def test_the_main_navigation_names_whats_on_with_the_sites_apostrophe(client):
    html = client.get(training_index().url).content.decode()

    assert '<a href="/whats-on/">What’s on</a>' in html
    assert "What's on" not in html
