from datetime import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from bookings.models import Area, Session, SessionStatus
from lscb_training.dates import LONDON
from tests.bookings.factories import SessionFactory, VenueFactory
from tests.courses.factories import CoursePageFactory, TrainingLevelPageFactory, training_level

pytestmark = pytest.mark.django_db

URL = "/whats-on/"


def listed(response):
    return list(response.context["page_obj"].object_list)


@pytest.fixture
def catalogue():
    """Sessions across two levels and two areas, one course tagged "online safety"."""
    level2, level3 = training_level(2), training_level(3)
    tagged = CoursePageFactory(level=level2, title="Staying safe online", topics=["Online safety"])
    plain = CoursePageFactory(level=level3, title="Working with families")
    carlisle, eden = VenueFactory(area=Area.CARLISLE), VenueFactory(area=Area.EDEN)
    return {
        "l2_carlisle": SessionFactory(course=tagged, venue=carlisle, days_ahead=10),
        "l2_eden": SessionFactory(course=tagged, venue=eden, days_ahead=20),
        "l3_carlisle": SessionFactory(course=plain, venue=carlisle, days_ahead=30),
        "l3_eden": SessionFactory(course=plain, venue=eden, days_ahead=40),
    }


def test_whats_on_is_at_the_named_url():
    assert reverse("bookings:whats_on") == URL


def test_whats_on_lists_upcoming_sessions_including_cancelled_ones(client, catalogue):
    cancelled = SessionFactory(course=catalogue["l2_eden"].course, status=SessionStatus.CANCELLED, days_ahead=50)
    SessionFactory(course=catalogue["l2_eden"].course, days_ahead=-2)

    response = client.get(URL)

    assert response.status_code == 200
    assert listed(response) == [*catalogue.values(), cancelled]
    assert "Cancelled" in response.content.decode()


def test_level_and_area_filters_combine(client, catalogue):
    response = client.get(URL, {"level": "3", "area": "eden"})

    assert listed(response) == [catalogue["l3_eden"]]
    assert "1 session matches these filters." in response.content.decode()


def test_topic_filter_keeps_courses_with_that_topic(client, catalogue):
    response = client.get(URL, {"topic": "online-safety"})

    assert listed(response) == [catalogue["l2_carlisle"], catalogue["l2_eden"]]


def test_month_filter_keeps_sessions_starting_in_that_london_month(client, catalogue):
    month = timezone.localtime(catalogue["l3_eden"].starts_at)
    expected = [s for s in catalogue.values() if timezone.localtime(s.starts_at).month == month.month]

    response = client.get(URL, {"month": f"{month:%Y-%m}"})

    assert listed(response) == expected


@pytest.mark.parametrize(
    "query",
    [
        {"level": "abc"},
        {"level": "9"},
        {"month": "2027-13"},
        {"month": "13"},
        {"area": "nowhere"},
        {"topic": "no-such-topic"},
    ],
)
def test_a_bad_filter_value_shows_all_sessions_with_a_notice(client, catalogue, query):
    response = client.get(URL, query)

    assert response.status_code == 200
    assert listed(response) == list(catalogue.values())
    assert "so those filters are not applied" in response.content.decode()


def test_a_bad_value_is_dropped_but_the_good_filters_still_apply(client, catalogue):
    response = client.get(URL, {"level": "abc", "area": "eden"})

    assert listed(response) == [catalogue["l2_eden"], catalogue["l3_eden"]]
    assert "Level: “abc” is not one of the choices" in response.content.decode()


def test_an_unknown_page_number_shows_a_page_not_an_error(client, catalogue):
    response = client.get(URL, {"page": "zzz"})

    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


def test_pagination_links_keep_the_filters(client):
    venue = VenueFactory(area=Area.COPELAND)
    course = CoursePageFactory(level=training_level(2))
    SessionFactory.create_batch(25, course=course, venue=venue)
    SessionFactory(course=course)  # Carlisle: filtered out

    response = client.get(URL, {"area": "copeland", "level": "2"})
    html = response.content.decode()

    assert len(listed(response)) == 20
    assert 'href="?area=copeland&amp;level=2&amp;page=2"' in html
    second = client.get(URL, {"area": "copeland", "level": "2", "page": "2"})
    assert len(listed(second)) == 5


def test_filter_form_has_labels_an_apply_button_and_a_clear_link(client, catalogue):
    html = client.get(URL).content.decode()

    for name in ("level", "area", "month", "topic"):
        assert f'<label for="id_{name}">' in html
    assert "Apply filters</button>" in html
    assert f'<a href="{URL}">Clear filters</a>' in html


def test_sessions_of_unpublished_courses_are_not_listed(client):
    session = SessionFactory()
    session.course.unpublish()

    assert listed(client.get(URL)) == []


def test_session_times_are_shown_in_london_time(client):
    SessionFactory(
        starts_at=datetime(2027, 7, 6, 9, 0, tzinfo=LONDON), ends_at=datetime(2027, 7, 6, 16, 0, tzinfo=LONDON)
    )

    assert "Tuesday 6 July 2027, 9am to 4pm" in client.get(URL).content.decode()


def test_level_filter_names_each_level_once_whether_or_not_its_title_says_level(client):
    TrainingLevelPageFactory(number=1, title="Level 1: e-learning")
    TrainingLevelPageFactory(number=2, title="half-day workshops")

    html = client.get(URL).content.decode()

    assert '<option value="1">Level 1: e-learning</option>' in html
    assert '<option value="2">Level 2: half-day workshops</option>' in html


def test_pagination_links_keep_the_good_filters_and_drop_a_bad_one(client):
    venue = VenueFactory(area=Area.COPELAND)
    SessionFactory.create_batch(25, course=CoursePageFactory(level=training_level(2)), venue=venue)

    html = client.get(URL, {"area": "copeland", "topic": "y" * 10_000}).content.decode()

    assert 'href="?area=copeland&amp;page=2"' in html
    assert "y" * 100 not in html


def test_a_very_long_bad_filter_value_is_echoed_only_in_part(client, catalogue):
    value = "x" * 10_000

    html = client.get(URL, {"topic": value}).content.decode()

    assert "so those filters are not applied" in html
    assert "x" * 100 not in html
    assert f"Topic: “{'x' * 39}…” is not one of the choices" in html


def test_course_filter_lists_every_upcoming_date_of_that_course_only(client, catalogue):
    course = catalogue["l3_carlisle"].course
    cancelled = SessionFactory(course=course, status=SessionStatus.CANCELLED, days_ahead=50)

    response = client.get(URL, {"course": str(course.pk)})

    assert listed(response) == [catalogue["l3_carlisle"], catalogue["l3_eden"], cancelled]
    assert f'<option value="{course.pk}" selected>{course.title}</option>' in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "99999999999999999999999", "-1"])
def test_an_unknown_course_is_reported_and_every_session_listed(client, catalogue, value):
    response = client.get(URL, {"course": value})

    assert listed(response) == list(catalogue.values())
    assert f"Course: “{value}” is not one of the choices" in response.content.decode()


def test_a_course_published_after_the_filters_were_cached_can_be_chosen(client, catalogue):
    client.get(URL)  # caches the filters' choices
    new_course = CoursePageFactory(level=training_level(2), title="Exploitation and county lines")
    session = SessionFactory(course=new_course, days_ahead=5)

    response = client.get(URL, {"course": str(new_course.pk)})

    assert listed(response) == [session]


def test_long_lists_link_the_first_last_and_nearby_pages_not_every_page(client):
    course = CoursePageFactory(level=training_level(2))
    venue = VenueFactory()
    Session.objects.bulk_create(
        SessionFactory.build(course=course, venue=venue, days_ahead=1 + n % 300) for n in range(300)
    )

    html = client.get(URL, {"page": "7"}).content.decode()

    for number in (1, 5, 6, 7, 8, 9, 15):
        assert f'href="?page={number}"' in html
    for number in (2, 3, 4, 10, 11, 12, 13, 14):
        assert f'href="?page={number}"' not in html
    assert 'href="?page=7" aria-current="page"' in html
    assert html.count('<li class="pagination__gap">…</li>') == 2


def test_course_titles_and_venue_names_are_escaped_in_the_list(client):
    course = CoursePageFactory(level=training_level(2), title="Risk <b>& harm</b>")
    SessionFactory(course=course, venue=VenueFactory(name="Hall <script>"))

    html = client.get(URL).content.decode()

    assert "Risk &lt;b&gt;&amp; harm&lt;/b&gt;" in html
    assert "Hall &lt;script&gt;" in html
    assert "<script>" not in html.split("<main", 1)[1]
