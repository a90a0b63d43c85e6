""" "My training": the person's own completions, and what the apps above add through the
``my_training_panels`` hook (bookings: upcoming sessions). Nobody sees another person's."""

import datetime

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from bookings.models import BookingStatus
from records.choices import CompletionSource
from tests.bookings.factories import BookingFactory, SessionFactory
from tests.courses.factories import CoursePageFactory
from tests.people.factories import UserFactory
from tests.records.factories import CompletionFactory

pytestmark = pytest.mark.django_db

URL = "/profile/training/"


@pytest.fixture
def me(client):
    person = UserFactory(full_name="Ada Brown")
    client.force_login(person)
    return person


def training_page(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_my_training_is_named_in_the_records_app():
    assert reverse("records:my_training") == URL


def test_my_training_says_it_shows_bookings_and_completions_and_nothing_it_does_not_show(client, me):
    lead = training_page(client).split('<p class="lead">')[1].split("</p>")[0]

    assert lead == "The sessions you have booked and the training you have completed."


def test_my_completions_show_the_course_date_source_and_expiry(client, me):
    course = CoursePageFactory(title="CSE awareness", validity_months=36)
    CompletionFactory(user=me, course=course, completed_on=datetime.date(2025, 3, 3), source=CompletionSource.IMPORT)

    html = training_page(client)

    assert "CSE awareness" in html
    assert "3 March 2025" in html
    assert "Imported" in html
    assert "3 March 2028" in html


def test_a_completion_of_a_course_without_validity_says_it_does_not_expire(client, me):
    CompletionFactory(user=me, course=CoursePageFactory(validity_months=None))

    assert "Does not expire" in training_page(client)


def test_an_expired_completion_says_when_it_expired(client, me):
    CompletionFactory(user=me, course=CoursePageFactory(validity_months=12), completed_on=datetime.date(2020, 5, 4))

    assert "Expired on 4 May 2021" in training_page(client)


def test_someone_with_no_completions_is_told_so(client, me):
    assert "You have not completed any training recorded here yet." in training_page(client)


def test_another_persons_completions_and_bookings_never_show_on_my_training(client, me):
    other = UserFactory(full_name="Morgan Otherperson")
    CompletionFactory(user=other, course=CoursePageFactory(title="Someone else's completion"))
    BookingFactory(user=other, session=SessionFactory(course=CoursePageFactory(title="Someone else's booking")))
    CompletionFactory(user=me, course=CoursePageFactory(title="My own completion"))

    html = training_page(client)

    assert "My own completion" in html
    assert escape("Someone else's completion") not in html
    assert escape("Someone else's booking") not in html
    assert "Morgan Otherperson" not in html


def test_my_upcoming_bookings_show_through_the_bookings_panel(client, me):
    BookingFactory(user=me, session=SessionFactory(course=CoursePageFactory(title="Booked workshop")))
    BookingFactory(
        user=me,
        status=BookingStatus.WAITLISTED,
        session=SessionFactory(course=CoursePageFactory(title="Waiting workshop")),
    )

    html = training_page(client)

    assert "Your upcoming sessions" in html
    assert "Booked workshop" in html
    assert "Waiting workshop" in html
    assert "On the waiting list" in html


def test_cancelled_and_past_bookings_are_not_listed_as_upcoming(client, me):
    BookingFactory(
        user=me,
        status=BookingStatus.CANCELLED,
        session=SessionFactory(course=CoursePageFactory(title="Cancelled workshop")),
    )
    BookingFactory(user=me, session=SessionFactory(course=CoursePageFactory(title="Past workshop"), days_ahead=-3))

    html = training_page(client)

    assert "Cancelled workshop" not in html
    assert "Past workshop" not in html
    assert "You have no sessions booked." in html


def count_queries(client):
    cache.clear()
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_my_training_costs_the_same_queries_for_few_or_many_completions_and_bookings(client, me):
    CompletionFactory(user=me)
    BookingFactory(user=me)
    few = count_queries(client)

    for n in range(15):
        CompletionFactory(user=me, days_ago=40 + n)
        BookingFactory(user=me)

    assert count_queries(client) == few


def test_the_main_navigation_marks_your_training_as_the_current_page(client, me):
    html = training_page(client)

    assert f'<a href="{URL}" aria-current="page">Your training</a>' in html
