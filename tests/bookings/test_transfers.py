"""Moving a booking to another date: a cancelled session's people moving themselves (from the
email link or My bookings) and an administrator's "Move booking". ``transfer_booking`` checks
the new date as a booking is checked; a refusal changes nothing."""

import re

import pytest

from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import ModelLogEntry

from bookings import services
from bookings.choices import BookingEvent, SessionStatus
from bookings.models import Booking, BookingStatus, Session
from bookings.services import BookingRefused, book_session, cancel_session, transfer_booking
from tests.bookings.factories import SessionFactory
from tests.bookings.helpers import person, snapshot
from tests.bookings.notice_helpers import calendar_parts, invite_of
from tests.conftest import signed_in_with_mfa
from tests.courses.factories import CoursePageFactory
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db

MY_TRAINING = "/profile/training/"


def refused(call, *args, **kwargs):
    with pytest.raises(BookingRefused) as refusal:
        call(*args, **kwargs)
    return refusal.value


@pytest.fixture
def course():
    return CoursePageFactory(title="CSE Awareness for Practitioners")


@pytest.fixture
def cancelled_place(course, django_capture_on_commit_callbacks):
    """Ada's confirmed place on a session the partnership then cancelled (emails sent)."""
    ada = person(full_name="Ada Brown")
    booking = book_session(ada, SessionFactory(course=course, days_ahead=20))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_session(booking.session)
    return Booking.objects.get(pk=booking.pk)


def transfer_link(booking):
    [message] = [m for m in mail.outbox if m.to == [booking.user.email] and m.subject.startswith("Session cancelled")]
    return re.search(r"http://\S+/move/\S+/", message.body).group(0)


# Cancelling a session


def test_a_cancelled_session_marks_its_bookings_cancelled_by_the_partnership_and_never_late(cancelled_place):
    assert cancelled_place.cancelled_by_partnership
    assert not cancelled_place.cancelled_late


def test_the_session_cancelled_email_carries_a_link_to_move_to_another_date(cancelled_place):
    assert transfer_link(cancelled_place).startswith("http://")


def test_my_bookings_shows_cancelled_by_the_partnership_with_a_move_link(client, cancelled_place):
    client.force_login(cancelled_place.user)

    html = client.get(MY_TRAINING).content.decode()

    assert "Cancelled by the partnership" in html
    assert reverse("bookings:my_transfer", args=[cancelled_place.pk]) in html


# The verb


def test_transfer_confirms_a_place_on_the_new_date_and_ends_the_old_booking_not_late(course, cancelled_place):
    other = SessionFactory(course=course, days_ahead=40)

    moved = transfer_booking(cancelled_place, other, by=cancelled_place.user)

    old = Booking.objects.get(pk=cancelled_place.pk)
    assert (moved.session, moved.status) == (other, BookingStatus.CONFIRMED)
    assert (old.status, old.moved_to, old.cancelled_late) == (BookingStatus.CANCELLED, moved, False)
    assert Session.objects.get(pk=other.pk).places_taken == 1
    assert Session.objects.get(pk=cancelled_place.session_id).places_taken == 0


def test_transfer_keeps_the_line_manager_and_access_needs(course):
    booking = book_session(person(), SessionFactory(course=course), access_needs="Hearing loop")
    moved = transfer_booking(booking, SessionFactory(course=course), by=None)

    assert (moved.access_needs, moved.line_manager_email) == ("Hearing loop", booking.line_manager_email)


def test_moving_a_booking_offers_its_freed_place_to_the_first_person_waiting(course):
    full = SessionFactory(course=course, capacity=1)
    booking = book_session(person(), full)
    waiting = book_session(person(), full)

    transfer_booking(booking, SessionFactory(course=course), by=None)

    assert Booking.objects.get(pk=waiting.pk).status == BookingStatus.OFFERED


def test_moving_to_a_full_session_is_refused_and_changes_nothing(course, cancelled_place):
    full = SessionFactory(course=course, capacity=1, waiting_list_size=0)
    book_session(person(), full)
    before = snapshot(full), snapshot(cancelled_place.session)

    refusal = refused(transfer_booking, cancelled_place, full, by=None)

    assert "full" in str(refusal)
    assert (snapshot(full), snapshot(cancelled_place.session)) == before


def test_moving_to_a_full_session_with_room_on_its_waiting_list_is_refused_unless_asked(course, cancelled_place):
    full = SessionFactory(course=course, capacity=1)
    book_session(person(), full)

    refusal = refused(transfer_booking, cancelled_place, full, by=None)

    assert "has no free place" in str(refusal)
    assert Booking.objects.get(pk=cancelled_place.pk).status == BookingStatus.CONFIRMED


def test_moving_to_a_full_session_joins_its_waiting_list_when_asked(course, cancelled_place):
    full = SessionFactory(course=course, capacity=1)
    book_session(person(), full)

    moved = transfer_booking(cancelled_place, full, by=None, join_waiting_list=True)

    assert moved.status == BookingStatus.WAITLISTED


def test_moving_to_a_cancelled_session_is_refused_and_changes_nothing(course, cancelled_place):
    other = SessionFactory(course=course)
    cancel_session(other)
    before = snapshot(other), snapshot(cancelled_place.session)

    refusal = refused(transfer_booking, cancelled_place, other, by=None)

    assert "This session has been cancelled." in refusal.messages
    assert (snapshot(other), snapshot(cancelled_place.session)) == before


def test_moving_to_another_course_is_refused(cancelled_place):
    refusal = refused(transfer_booking, cancelled_place, SessionFactory(), by=None)

    assert refusal.messages == ["A booking can only be moved to another date of the same course."]


def test_moving_to_the_same_session_is_refused(course):
    booking = book_session(person(), SessionFactory(course=course))

    refusal = refused(transfer_booking, booking, booking.session, by=None)

    assert refusal.messages == ["Choose a different date: the booking is already on this one."]


def test_moving_a_booking_already_moved_is_refused(course, cancelled_place):
    transfer_booking(cancelled_place, SessionFactory(course=course), by=None)

    refusal = refused(transfer_booking, cancelled_place, SessionFactory(course=course), by=None)

    assert refusal.messages == ["This booking cannot be moved: it is cancelled."]


def test_moving_someone_the_new_date_would_not_take_is_refused_with_the_reason(course):
    booking = book_session(person(), SessionFactory(course=course))
    clash = SessionFactory(course=course, days_ahead=60)
    book_session(booking.user, SessionFactory(starts_at=clash.starts_at, ends_at=clash.ends_at))

    refusal = refused(transfer_booking, booking, clash, by=None)

    assert "at the same time" in str(refusal)
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED


def test_a_move_is_logged_with_both_dates(course, cancelled_place):
    admin = UserFactory(is_superuser=True)
    other = SessionFactory(course=course)

    moved = transfer_booking(cancelled_place, other, by=admin)

    entry = ModelLogEntry.objects.get(action=services.TRANSFER)
    assert entry.user == admin
    assert entry.data == {"from": cancelled_place.session_id, "to": other.pk, "booking": moved.pk}


def test_a_move_sends_the_new_invite_and_cancels_the_old_entry(course, django_capture_on_commit_callbacks):
    booking = book_session(person(), SessionFactory(course=course))
    other = SessionFactory(course=course)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        transfer_booking(booking, other, by=None)

    moved_mail = next(m for m in mail.outbox if m.subject.startswith("Booking moved"))
    confirmed_mail = next(m for m in mail.outbox if m.subject.startswith("Place confirmed"))
    assert other.when in moved_mail.body
    assert invite_of(moved_mail)["METHOD"] == "CANCEL"
    assert str(booking.session.uid) in invite_of(moved_mail).walk("VEVENT")[0]["UID"]
    assert invite_of(confirmed_mail)["METHOD"] == "REQUEST"
    assert str(other.uid) in invite_of(confirmed_mail).walk("VEVENT")[0]["UID"]


def test_moving_a_waiting_list_place_cancels_no_calendar_entry(course, django_capture_on_commit_callbacks):
    full = SessionFactory(course=course, capacity=1)
    book_session(person(), full)
    waiting = book_session(person(), full)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        transfer_booking(waiting, SessionFactory(course=course), by=None)

    moved_mail = next(m for m in mail.outbox if m.subject.startswith("Booking moved"))
    assert calendar_parts(moved_mail) == ([], [])


def test_moving_announces_moved_then_the_new_place(course, announced):
    booking = book_session(person(), SessionFactory(course=course))
    with announced() as sent:
        transfer_booking(booking, SessionFactory(course=course), by=None)

    assert [event for _, event, _ in sent] == [BookingEvent.MOVED, BookingEvent.CONFIRMED]


# The person's own move


def test_the_email_link_moves_the_place_in_one_click(client, course, cancelled_place):
    other = SessionFactory(course=course, days_ahead=40)
    client.force_login(cancelled_place.user)
    link = transfer_link(cancelled_place)

    page = client.get(link).content.decode()
    response = client.post(link, {"session": other.pk})

    moved = Booking.objects.get(user=cancelled_place.user, session=other)
    assert other.when in page
    assert response.status_code == 302
    assert response.url == reverse("bookings:booking_detail", args=[moved.pk])
    assert moved.status == BookingStatus.CONFIRMED


def test_the_email_link_used_twice_says_so_and_changes_nothing(client, course, cancelled_place):
    first, second = SessionFactory(course=course), SessionFactory(course=course)
    client.force_login(cancelled_place.user)
    link = transfer_link(cancelled_place)
    client.post(link, {"session": first.pk})

    response = client.post(link, {"session": second.pk})

    assert response.status_code == 400
    assert "This link no longer works" in response.content.decode()
    assert not Booking.objects.filter(session=second).exists()


def test_the_email_link_used_by_someone_else_says_so_and_changes_nothing(client, course, cancelled_place):
    other = SessionFactory(course=course)
    client.force_login(person(full_name="Bob Green"))
    link = transfer_link(cancelled_place)

    response = client.post(link, {"session": other.pk})

    html = response.content.decode()
    assert response.status_code == 403
    assert "This link is for someone else" in html
    assert "Ada Brown" not in html
    assert not Booking.objects.filter(session=other).exists()
    assert Booking.objects.get(pk=cancelled_place.pk).status == BookingStatus.CONFIRMED


def test_a_tampered_link_says_it_no_longer_works(client, cancelled_place):
    client.force_login(cancelled_place.user)

    response = client.get(transfer_link(cancelled_place).replace("/move/", "/move/x"))

    assert response.status_code == 400


def test_choosing_no_listed_date_says_so_and_changes_nothing(client, course, cancelled_place):
    client.force_login(cancelled_place.user)

    response = client.post(transfer_link(cancelled_place), {"session": SessionFactory().pk})

    assert response.status_code == 400
    assert "Choose one of the dates listed." in response.content.decode()
    assert Booking.objects.get(pk=cancelled_place.pk).status == BookingStatus.CONFIRMED


def test_my_bookings_move_page_moves_the_place(client, course, cancelled_place):
    other = SessionFactory(course=course)
    client.force_login(cancelled_place.user)

    client.post(reverse("bookings:my_transfer", args=[cancelled_place.pk]), {"session": other.pk})

    assert Booking.objects.get(user=cancelled_place.user, session=other).status == BookingStatus.CONFIRMED


def test_my_bookings_move_page_of_a_session_going_ahead_moves_nothing(client, course):
    booking = book_session(person(), SessionFactory(course=course))
    other = SessionFactory(course=course)
    client.force_login(booking.user)

    response = client.post(reverse("bookings:my_transfer", args=[booking.pk]), {"session": other.pk})

    assert response.status_code == 400
    assert not Booking.objects.filter(session=other).exists()


def test_my_bookings_move_page_of_another_persons_booking_is_not_found(client, cancelled_place):
    client.force_login(person())

    response = client.get(reverse("bookings:my_transfer", args=[cancelled_place.pk]))

    assert response.status_code == 404


def test_a_full_date_can_be_joined_on_its_waiting_list_from_the_move_page(client, course, cancelled_place):
    full = SessionFactory(course=course, capacity=1)
    book_session(person(), full)
    client.force_login(cancelled_place.user)
    link = transfer_link(cancelled_place)

    assert "Join the waiting list" in client.get(link).content.decode()
    client.post(link, {"session": full.pk, "waiting_list": "1"})

    assert Booking.objects.get(user=cancelled_place.user, session=full).status == BookingStatus.WAITLISTED


# The administrators' "Move booking"


def move_url(booking):
    return reverse("bookings_admin:move_booking", args=[booking.pk])


def test_an_administrator_sees_the_other_dates_and_moves_a_booking(administrator_client, course):
    booking = book_session(person(), SessionFactory(course=course))
    other = SessionFactory(course=course)

    page = administrator_client.get(move_url(booking))
    response = administrator_client.post(move_url(booking), {"session": other.pk})

    assert page.status_code == 200
    assert other.when in page.content.decode()
    assert response.status_code == 302
    assert Booking.objects.get(user=booking.user, session=other).status == BookingStatus.CONFIRMED


def test_an_administrator_moving_to_a_full_session_is_told_and_nothing_changes(administrator_client, course):
    booking = book_session(person(), SessionFactory(course=course))
    full = SessionFactory(course=course, capacity=1, waiting_list_size=0)
    book_session(person(), full)
    before = snapshot(full), snapshot(booking.session)

    response = administrator_client.post(move_url(booking), {"session": full.pk})

    assert response.status_code == 400
    assert "Nothing has changed." in response.content.decode()
    assert (snapshot(full), snapshot(booking.session)) == before


def test_an_administrator_cannot_move_to_a_cancelled_session(administrator_client, course):
    booking = book_session(person(), SessionFactory(course=course))
    other = SessionFactory(course=course)
    cancel_session(other)

    response = administrator_client.post(move_url(booking), {"session": other.pk})

    assert response.status_code == 400
    assert Session.objects.get(pk=other.pk).status == SessionStatus.CANCELLED
    assert not Booking.objects.filter(session=other).exists()


def test_a_learner_cannot_move_a_booking(client, course):
    booking = book_session(person(), SessionFactory(course=course))
    other = SessionFactory(course=course)
    client.force_login(booking.user)

    response = client.post(move_url(booking), {"session": other.pk})

    assert response.status_code == 403
    assert not Booking.objects.filter(session=other).exists()


def test_staff_without_the_administrators_permissions_cannot_move_a_booking(client, course):
    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    signed_in_with_mfa(client, editor)
    booking = book_session(person(), SessionFactory(course=course))
    other = SessionFactory(course=course)

    response = client.post(move_url(booking), {"session": other.pk})

    # Wagtail turns a refused permission into a redirect to the dashboard, with a message.
    assert (response.status_code, response.url) == (302, "/admin/")
    assert not Booking.objects.filter(session=other).exists()


# Query counts


def dates_page_queries(client, url):
    client.get(url)  # warm the caches a first visit fills (site, navigation)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_dates(course, count):
    for _ in range(count):
        session = SessionFactory(course=course)
        book_session(person(), session)


def test_the_move_page_costs_the_same_queries_for_2_dates_as_for_12(client, course, cancelled_place):
    client.force_login(cancelled_place.user)
    url = reverse("bookings:my_transfer", args=[cancelled_place.pk])
    add_dates(course, 2)
    few = dates_page_queries(client, url)
    add_dates(course, 10)

    assert dates_page_queries(client, url) == few


def test_the_admin_move_page_costs_the_same_queries_for_2_dates_as_for_12(administrator_client, course):
    booking = book_session(person(), SessionFactory(course=course))
    url = move_url(booking)
    add_dates(course, 2)
    few = dates_page_queries(administrator_client, url)
    add_dates(course, 10)

    assert dates_page_queries(administrator_client, url) == few


def test_the_booking_page_of_a_cancelled_session_offers_the_move(client, cancelled_place):
    client.force_login(cancelled_place.user)

    html = client.get(reverse("bookings:booking_detail", args=[cancelled_place.pk])).content.decode()

    assert reverse("bookings:my_transfer", args=[cancelled_place.pk]) in html


def test_the_old_booking_page_links_to_the_new_date(client, course, cancelled_place):
    moved = transfer_booking(cancelled_place, SessionFactory(course=course), by=None)
    client.force_login(cancelled_place.user)

    html = client.get(reverse("bookings:booking_detail", args=[cancelled_place.pk])).content.decode()

    assert reverse("bookings:booking_detail", args=[moved.pk]) in html
    assert reverse("bookings:my_transfer", args=[cancelled_place.pk]) not in html


def test_moves_leave_no_session_whose_places_taken_disagree_with_its_bookings(course, cancelled_place):
    full = SessionFactory(course=course, capacity=1)
    held = book_session(person(), full)
    waiting = book_session(person(), full)
    transfer_booking(cancelled_place, SessionFactory(course=course), by=None)
    transfer_booking(held, SessionFactory(course=course), by=None)
    transfer_booking(waiting, SessionFactory(course=course), by=None)

    assert list(Session.objects.with_place_drift()) == []
