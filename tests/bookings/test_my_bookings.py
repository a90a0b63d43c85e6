"""My bookings (in My training): places with their status and waiting-list number, answering an
offer from the page or the email link, cancelling with the late warning, and the personal
calendar feed with its reset. Nobody reaches another person's booking, offer or feed."""

import re
from datetime import timedelta

import pytest
import time_machine
from icalendar import Calendar

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings import links, services
from bookings.models import Booking, BookingStatus
from tests.bookings.factories import BookingFactory, SessionFactory
from tests.bookings.helpers import london, person, session_at, snapshot
from tests.courses.factories import CoursePageFactory

pytestmark = pytest.mark.django_db

MY_TRAINING = "/profile/training/"


@pytest.fixture
def me(client):
    someone = person(full_name="Ada Brown")
    client.force_login(someone)
    return someone


def offered_to(someone, **session_kwargs):
    """A full session whose freed place is offered to ``someone`` (through the services)."""
    session = SessionFactory(capacity=1, **session_kwargs)
    holder = person()
    held = services.book_session(holder, session)
    services.book_session(someone, session)
    services.cancel_booking(held, by=holder)
    return Booking.objects.get(user=someone, session=session)


# The panel


def test_my_bookings_shows_the_waiting_list_number(client, me):
    session = SessionFactory(capacity=1)
    services.book_session(person(), session)
    services.book_session(person(), session)
    services.book_session(me, session)

    html = client.get(MY_TRAINING).content.decode()

    assert "On the waiting list, number 2" in html


def test_my_bookings_shows_an_open_offer_with_its_deadline_and_answers(client, me):
    booking = offered_to(me)

    html = client.get(MY_TRAINING).content.decode()

    assert "Place offered" in html
    assert reverse("bookings:my_offer_accept", args=[booking.pk]) in html
    assert reverse("bookings:my_offer_decline", args=[booking.pk]) in html


def test_my_bookings_shows_a_calendar_download_and_a_cancel_link(client, me):
    booking = services.book_session(me, SessionFactory())

    html = client.get(MY_TRAINING).content.decode()

    assert reverse("bookings:session_calendar", args=[booking.session.uid]) in html
    assert reverse("bookings:cancel", args=[booking.pk]) in html


def test_an_offer_on_a_cancelled_session_shows_the_session_cancelled_and_no_answers(client, me):
    booking = offered_to(me)
    services.cancel_session(booking.session)

    html = client.get(MY_TRAINING).content.decode()

    assert "Cancelled by the partnership" in html
    assert reverse("bookings:my_offer_accept", args=[booking.pk]) not in html
    assert reverse("bookings:my_offer_decline", args=[booking.pk]) not in html


def test_an_offer_that_lapsed_is_not_shown_as_open(client, me):
    booking = offered_to(me)
    Booking.objects.filter(pk=booking.pk).update(offer_expires_at=timezone.now() - timedelta(minutes=1))

    html = client.get(MY_TRAINING).content.decode()

    assert "Place offered" not in html
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED


def test_past_and_cancelled_bookings_are_on_their_own_page(client, me):
    cancelled = services.book_session(me, SessionFactory(course=CoursePageFactory(title="Changed my mind")))
    services.cancel_booking(cancelled, by=me)

    html = client.get(reverse("bookings:past_bookings")).content.decode()

    assert "Changed my mind" in html
    assert "Cancelled" in html


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_my_training_queries_do_not_grow_with_bookings(client, me):
    def add(count):
        for _ in range(count):
            session = SessionFactory(capacity=1)
            BookingFactory(session=session)
            BookingFactory(session=session, user=me, status=BookingStatus.WAITLISTED)

    add(2)
    small = count_queries(client, MY_TRAINING)
    add(20)
    large = count_queries(client, MY_TRAINING)

    assert small == large


# Cancelling


def test_cancelling_asks_first_and_a_get_changes_nothing(client, me):
    booking = services.book_session(me, SessionFactory())

    response = client.get(reverse("bookings:cancel", args=[booking.pk]))

    assert "Yes, cancel" in response.content.decode()
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED


def test_cancelling_frees_the_place(client, me):
    booking = services.book_session(me, SessionFactory())

    response = client.post(reverse("bookings:cancel", args=[booking.pk]))

    assert response.status_code == 302
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED


def test_the_cancel_page_warns_when_it_would_be_late_with_the_cut_off(client, me):
    soon = timezone.now() + timedelta(days=1)
    booking = services.book_session(me, SessionFactory(starts_at=soon, ends_at=soon + timedelta(hours=3)))

    html = client.get(reverse("bookings:cancel", args=[booking.pk])).content.decode()

    assert "This is a late cancellation." in html
    assert "The cut-off for this session was" in html


def test_the_cancel_page_gives_the_cut_off_when_it_is_not_late(client, me):
    booking = services.book_session(me, SessionFactory(days_ahead=40))

    html = client.get(reverse("bookings:cancel", args=[booking.pk])).content.decode()

    assert "late cancellation" not in html
    assert "without it counting as late until" in html


@pytest.mark.parametrize(
    ("on", "words"),
    [
        (london(2027, 3, 1, 12, 0), "without it counting as late until midnight on Friday 12 March 2027."),
        (london(2027, 3, 19, 12, 0), "The cut-off for this session was midnight on Friday 12 March 2027."),
    ],
)
def test_the_cancel_page_gives_the_courses_own_cut_off(client, on, words):
    """Ten working days before Tuesday 30 March 2027, Good Friday and Easter Monday skipped."""
    course = CoursePageFactory(late_cancellation_working_days=10)
    with time_machine.travel(on, tick=False):
        someone = person()
        client.force_login(someone)
        booking = services.book_session(someone, session_at(london(2027, 3, 30, 9, 30), course=course))

        html = client.get(reverse("bookings:cancel", args=[booking.pk])).content.decode()

    assert words in html


def test_another_persons_cancel_page_is_a_404_and_nothing_changes(client, me):
    booking = services.book_session(person(), SessionFactory())
    before = snapshot(booking.session)

    get = client.get(reverse("bookings:cancel", args=[booking.pk]))
    post = client.post(reverse("bookings:cancel", args=[booking.pk]))

    assert (get.status_code, post.status_code) == (404, 404)
    assert snapshot(booking.session) == before


def test_a_booking_id_that_does_not_exist_is_a_404(client, me):
    assert client.post(reverse("bookings:cancel", args=[987654])).status_code == 404


def test_cancelling_a_started_session_is_refused_with_the_reason(client, me):
    booking = services.book_session(me, SessionFactory())
    session = booking.session
    now = timezone.now()
    type(session).objects.filter(pk=session.pk).update(
        starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=2)
    )

    response = client.post(reverse("bookings:cancel", args=[booking.pk]))

    assert response.status_code == 400
    assert "The session has started" in response.content.decode()
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED


def test_the_cancel_page_of_a_cancelled_session_says_why_and_offers_no_button(client, me):
    booking = services.book_session(me, session := SessionFactory())
    services.cancel_session(session)

    html = client.get(reverse("bookings:cancel", args=[booking.pk])).content.decode()

    assert "The session has been cancelled, so there is nothing to cancel." in html
    assert "Yes, cancel" not in html


def test_the_booking_page_offers_no_cancel_link_once_the_session_has_started(client, me):
    booking = services.book_session(me, SessionFactory())
    now = timezone.now()
    type(booking.session).objects.filter(pk=booking.session_id).update(
        starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=2)
    )

    html = client.get(reverse("bookings:booking_detail", args=[booking.pk])).content.decode()

    assert reverse("bookings:cancel", args=[booking.pk]) not in html


# Offers, from the email link


def test_the_offer_link_asks_first_and_a_get_changes_nothing(client, me):
    booking = offered_to(me)
    accept_url, _ = links.offer_urls(booking, "http://testserver")

    response = client.get(accept_url)

    assert "Accept the place" in response.content.decode()
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.OFFERED


def test_accepting_from_the_offer_link_confirms_the_place(client, me):
    booking = offered_to(me)
    accept_url, _ = links.offer_urls(booking, "http://testserver")

    client.post(accept_url)

    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED


def test_declining_from_the_offer_link_ends_the_offer(client, me):
    booking = offered_to(me)
    _, decline_url = links.offer_urls(booking, "http://testserver")

    client.post(decline_url)

    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED


def test_a_reused_offer_link_says_it_no_longer_works_and_changes_nothing(client, me):
    booking = offered_to(me)
    accept_url, decline_url = links.offer_urls(booking, "http://testserver")
    client.post(accept_url)
    before = snapshot(booking.session)

    response = client.post(decline_url)

    assert response.status_code == 400
    assert "This link no longer works" in response.content.decode()
    assert snapshot(booking.session) == before


def test_a_tampered_offer_link_says_it_no_longer_works(client, me):
    booking = offered_to(me)
    token = links.make_token(booking)

    response = client.post(reverse("bookings:offer_accept", args=[token[:-2] + "xx"]))

    assert response.status_code == 400
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.OFFERED


def test_an_expired_offer_link_changes_nothing(client, me):
    booking = offered_to(me)
    accept_url, _ = links.offer_urls(booking, "http://testserver")
    Booking.objects.filter(pk=booking.pk).update(offer_expires_at=timezone.now() - timedelta(minutes=1))

    response = client.post(accept_url)

    assert "no longer open" in response.content.decode()
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED  # expired, never accepted


def test_the_offer_link_after_the_session_is_cancelled_says_so_and_accepts_nothing(client, me):
    booking = offered_to(me)
    accept_url, _ = links.offer_urls(booking, "http://testserver")
    services.cancel_session(booking.session)

    response = client.post(accept_url)

    assert response.status_code == 400
    assert "This link no longer works" in response.content.decode()
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.OFFERED


def test_the_offer_page_from_my_bookings_after_the_session_is_cancelled_has_no_accept_button(client, me):
    booking = offered_to(me)
    services.cancel_session(booking.session)

    html = client.get(reverse("bookings:my_offer_accept", args=[booking.pk])).content.decode()

    assert "This session has been cancelled." in html
    assert "Accept the place" not in html


def test_the_booking_page_of_an_offer_on_a_cancelled_session_says_so_and_offers_no_answers(client, me):
    booking = offered_to(me)
    services.cancel_session(booking.session)

    html = client.get(reverse("bookings:booking_detail", args=[booking.pk])).content.decode()

    assert "<h1>This session has been cancelled</h1>" in html
    assert "A place is offered to you" not in html
    assert reverse("bookings:my_offer_accept", args=[booking.pk]) not in html


def test_someone_elses_offer_link_is_a_404(client, me):
    booking = offered_to(person())
    accept_url, _ = links.offer_urls(booking, "http://testserver")

    assert client.post(accept_url).status_code == 404
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.OFFERED


def test_the_offer_link_asks_someone_signed_out_to_sign_in(client):
    booking = offered_to(person())
    accept_url, _ = links.offer_urls(booking, "http://testserver")

    response = client.get(accept_url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_someone_elses_offer_from_my_bookings_is_a_404(client, me):
    booking = offered_to(person())

    assert client.post(reverse("bookings:my_offer_accept", args=[booking.pk])).status_code == 404


# The personal calendar feed


def feed_url(someone):
    return reverse("bookings:personal_calendar", args=[services.calendar_token(someone)])


def test_the_personal_feed_lists_confirmed_bookings_only(client, me):
    confirmed = services.book_session(me, SessionFactory(course=CoursePageFactory(title="Booked and going")))
    full = SessionFactory(capacity=1, course=CoursePageFactory(title="Only waiting"))
    services.book_session(person(), full)
    services.book_session(me, full)
    client.logout()  # a calendar app does not sign in

    feed = Calendar.from_ical(client.get(feed_url(me)).content)

    summaries = [str(event["SUMMARY"]) for event in feed.walk("VEVENT")]
    assert summaries == ["Booked and going"]
    assert str(feed.walk("VEVENT")[0]["UID"]).startswith(str(confirmed.session.uid))


def test_the_personal_feed_carries_no_personal_data(client, me):
    services.book_session(me, SessionFactory(), access_needs="Wheelchair user")

    body = client.get(feed_url(me)).content.decode()

    assert me.full_name not in body
    assert me.email not in body
    assert "Wheelchair" not in body


def test_resetting_the_feed_address_makes_the_old_one_a_404(client, me):
    old = feed_url(me)

    response = client.post(reverse("bookings:reset_calendar"))

    assert response.status_code == 302
    assert client.get(old).status_code == 404
    assert client.get(feed_url(me)).status_code == 200


def feed_address_on_my_training(client):
    """The personal feed's path as My training shows it, to paste into a calendar app."""
    html = client.get(MY_TRAINING).content.decode()
    return re.search(
        r'id="calendar-feed-url" type="text" readonly value="https?://[^/"]+(/calendar/[^"]+\.ics)"', html
    ).group(1)


def feed_summaries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [str(event["SUMMARY"]) for event in Calendar.from_ical(response.content).walk("VEVENT")]


def test_a_session_stays_in_the_personal_feed_for_90_days_after_it_ends_then_leaves(client):
    with time_machine.travel(london(2027, 3, 1, 12, 0), tick=False):
        someone = person()
        client.force_login(someone)
        session = session_at(london(2027, 3, 16, 9, 30), course=CoursePageFactory(title="CSE awareness"))
        services.book_session(someone, session)
        feed = feed_address_on_my_training(client)
        client.logout()  # a calendar app does not sign in

    moments = [
        london(2027, 3, 1, 12, 0),  # booked, to come
        london(2027, 3, 16, 11, 0),  # under way
        london(2027, 3, 17, 9, 0),  # just over: a subscriber's calendar keeps it
        london(2027, 6, 14, 23, 0),  # the 90th day after it ended
        london(2027, 6, 15, 0, 30),  # the 91st: gone
    ]
    shown = []
    for moment in moments:
        with time_machine.travel(moment, tick=False):
            shown.append(feed_summaries(client, feed))

    assert shown == [["CSE awareness"]] * 4 + [[]]


def test_after_a_reset_the_old_feed_address_stays_dead_and_the_new_one_keeps_working_days_later(client):
    with time_machine.travel(london(2027, 3, 1, 12, 0), tick=False):
        someone = person()
        client.force_login(someone)
        services.book_session(someone, session_at(london(2027, 3, 16, 9, 30), course=CoursePageFactory(title="Kept")))
        old = feed_address_on_my_training(client)
        client.post(reverse("bookings:reset_calendar"))
        new = feed_address_on_my_training(client)
        client.logout()

    with time_machine.travel(london(2027, 3, 10, 8, 0), tick=False):
        old_a_week_on, new_a_week_on = client.get(old).status_code, feed_summaries(client, new)
    with time_machine.travel(london(2027, 4, 20, 8, 0), tick=False):
        old_after_the_session, new_after_the_session = client.get(old).status_code, feed_summaries(client, new)

    assert new != old
    assert (old_a_week_on, new_a_week_on) == (404, ["Kept"])
    assert (old_after_the_session, new_after_the_session) == (404, ["Kept"])


def test_resetting_the_feed_needs_a_post(client, me):
    old = feed_url(me)

    client.get(reverse("bookings:reset_calendar"))

    assert client.get(old).status_code == 200


def test_a_made_up_feed_token_is_a_404(client):
    assert client.get(reverse("bookings:personal_calendar", args=["not-a-real-token"])).status_code == 404


def test_my_training_shows_the_feed_address_and_the_reset_button(client, me):
    html = client.get(MY_TRAINING).content.decode()

    assert feed_url(me) in html
    assert "Reset the address" in html
