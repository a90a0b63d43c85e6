from datetime import datetime

import pytest

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from bookings.models import Area, Session, SessionStatus, next_sessions_by_course
from lscb_training.dates import LONDON
from tests.bookings.factories import BookingFactory, SessionFactory, VenueFactory
from tests.courses.factories import CoursePageFactory, training_level

pytestmark = pytest.mark.django_db


def test_upcoming_leaves_out_sessions_that_have_started():
    past = SessionFactory(days_ahead=-3)
    future = SessionFactory(days_ahead=3)

    assert list(Session.objects.upcoming()) == [future]
    assert past not in Session.objects.upcoming()


def test_for_level_accepts_the_level_page_or_its_number():
    level3 = training_level(3)
    in_level3 = SessionFactory(course=CoursePageFactory(level=level3))
    SessionFactory(course=CoursePageFactory(level=training_level(2)))

    assert list(Session.objects.for_level(level3)) == [in_level3]
    assert list(Session.objects.for_level(3)) == [in_level3]


def test_in_area_filters_by_the_venue_area():
    eden = SessionFactory(venue=VenueFactory(area=Area.EDEN))
    SessionFactory(venue=VenueFactory(area=Area.COPELAND))

    assert list(Session.objects.in_area(Area.EDEN)) == [eden]


def test_in_month_uses_london_time_at_the_month_boundary():
    # 00:30 on 1 July in London is 23:30 on 30 June in UTC: it belongs to July.
    july = SessionFactory(starts_at=datetime(2027, 7, 1, 0, 30, tzinfo=LONDON))
    SessionFactory(starts_at=datetime(2027, 6, 30, 9, 0, tzinfo=LONDON))

    assert list(Session.objects.in_month(2027, 7)) == [july]


def test_in_month_handles_december():
    december = SessionFactory(starts_at=datetime(2027, 12, 31, 9, 0, tzinfo=LONDON))
    SessionFactory(starts_at=datetime(2028, 1, 1, 9, 0, tzinfo=LONDON))

    assert list(Session.objects.in_month(2027, 12)) == [december]


def test_with_topic_filters_by_the_course_tag_slug():
    tagged = SessionFactory(course=CoursePageFactory(topics=["Online safety"]))
    SessionFactory(course=CoursePageFactory(topics=["Missing children"]))

    assert list(Session.objects.with_topic("online-safety")) == [tagged]


def test_with_level_number_annotates_each_session_with_its_level():
    session = SessionFactory(course=CoursePageFactory(level=training_level(4)))

    assert Session.objects.with_level_number().get(pk=session.pk).level_number == 4


def test_published_leaves_out_sessions_of_unpublished_courses():
    course = CoursePageFactory()
    SessionFactory(course=course)
    course.unpublish()

    assert not Session.objects.published().exists()


def test_next_sessions_by_course_gives_the_first_few_of_each_course_in_one_query(django_assert_num_queries):
    first, second = CoursePageFactory(), CoursePageFactory()
    first_sessions = [SessionFactory(course=first, days_ahead=days) for days in (40, 10, 30, 20)]
    SessionFactory(course=first, days_ahead=5, status=SessionStatus.CANCELLED)
    SessionFactory(course=first, days_ahead=-1)
    second_session = SessionFactory(course=second, days_ahead=7)
    BookingFactory(session=second_session)

    with django_assert_num_queries(1):
        result = next_sessions_by_course([first, second], limit=3)

    assert result[first.pk] == sorted(first_sessions, key=lambda s: s.starts_at)[:3]
    assert result[second.pk] == [second_session]
    assert result[second.pk][0].confirmed_count == 1


def test_session_list_include_shows_when_where_places_and_a_calendar_link():
    session = SessionFactory(
        starts_at=timezone.make_aware(datetime(2027, 3, 16, 9, 30)),
        ends_at=timezone.make_aware(datetime(2027, 3, 16, 12, 30)),
        venue=VenueFactory(name="Fellview Centre", area=Area.SOUTH_LAKELAND),
        capacity=8,
    )
    request = RequestFactory().get("/")

    html = render_to_string(
        "bookings/includes/session_list.html",
        {"sessions": Session.objects.with_availability(), "request": request},
    )

    assert "Tuesday 16 March 2027, 9:30am to 12:30pm" in html
    assert "Fellview Centre" in html and "South Lakeland" in html
    assert '<strong class="tag tag--green">8 places left</strong>' in html
    assert f"/sessions/{session.uid}/calendar.ics" in html


def test_session_list_include_says_when_there_are_no_dates():
    html = render_to_string("bookings/includes/session_list.html", {"sessions": []})

    assert "There are no dates for this course at the moment." in html


def test_sessions_are_ordered_by_start():
    later = SessionFactory(days_ahead=20)
    sooner = SessionFactory(days_ahead=10)

    assert list(Session.objects.all()) == [sooner, later]
