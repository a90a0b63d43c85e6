"""The booking pages: what the course and session pages offer a signed-in person, the booking
form, its confirmation page and its refusals. Every change goes through bookings.services; a
refused or forced POST changes nothing."""

from datetime import timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from bookings import services
from bookings.models import Booking, BookingStatus, SessionStatus
from bookings.rules import booking_reasons
from lscb_training.dates import format_date
from tests.bookings.factories import BookingFactory, SessionFactory
from tests.bookings.helpers import person, snapshot
from tests.courses.factories import CoursePageFactory
from tests.people.factories import AgencyLeadershipFactory, JobRoleFactory
from tests.records.factories import EligibilityExceptionFactory

pytestmark = pytest.mark.django_db

LEVEL_4_ROLES_REASON = "This course is only for"


def book_url(session):
    return reverse("bookings:book", args=[session.uid])


@pytest.fixture
def me(client):
    someone = person(full_name="Ada Brown")
    client.force_login(someone)
    return someone


@pytest.fixture
def level_4_session():
    social_worker = JobRoleFactory(code="social-worker", name="Front-line social worker")
    course = CoursePageFactory(title="Specialist CSE practice", eligible_job_roles=[social_worker])
    return SessionFactory(course=course)


# Who may book, before anyone clicks


def test_a_teacher_sees_the_level_4_reason_and_a_forced_post_is_refused_with_it(client, level_4_session):
    teacher = person(job_role=JobRoleFactory(code="teacher", name="Teacher"))
    client.force_login(teacher)
    before = snapshot(level_4_session)

    session_page = client.get(reverse("bookings:session_detail", args=[level_4_session.uid])).content.decode()
    forced = client.post(book_url(level_4_session), {"access_needs": ""})

    [reason] = [reason.message for reason in booking_reasons(teacher, level_4_session)]
    assert reason.startswith(LEVEL_4_ROLES_REASON)
    assert "Your profile says: Teacher" in reason
    assert escape(reason) in session_page
    assert book_url(level_4_session) not in session_page
    assert forced.status_code == 400
    assert escape(reason) in forced.content.decode()
    assert snapshot(level_4_session) == before


def test_a_front_line_social_worker_books_the_same_session(client, level_4_session):
    social_worker = person(job_role=level_4_session.course.eligible_job_roles.first())
    client.force_login(social_worker)

    session_page = client.get(reverse("bookings:session_detail", args=[level_4_session.uid])).content.decode()
    response = client.post(book_url(level_4_session), {"access_needs": "A hearing loop, please."})

    booking = Booking.objects.get(user=social_worker, session=level_4_session)
    assert "Book a place" in session_page
    assert response.status_code == 302
    assert response["Location"] == reverse("bookings:booking_detail", args=[booking.pk])
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.access_needs == "A hearing loop, please."


NO_LEAD = "This workshop needs your agency lead’s approval, and your agency has no lead on this site yet."
NO_AGENCY = "This workshop needs your agency lead’s approval, and your profile does not say which agency you work for."


@pytest.mark.parametrize(("agency", "words"), [("without a lead", NO_LEAD), (None, NO_AGENCY)])
def test_a_request_no_lead_could_approve_is_refused_before_and_after_clicking(client, agency, words):
    someone = person() if agency else person(agency=None)
    client.force_login(someone)
    session = SessionFactory(course=CoursePageFactory(requires_lead_approval=True))
    before = snapshot(session)

    session_page = client.get(reverse("bookings:session_detail", args=[session.uid])).content.decode()
    forced = client.post(book_url(session), {})

    assert escape(words) in session_page
    assert "Request a place (needs approval)" not in session_page
    assert forced.status_code == 400
    assert escape(words) in forced.content.decode()
    assert snapshot(session) == before


def test_the_course_page_offers_each_date_to_book(client, me):
    session = SessionFactory()

    html = client.get(session.course.url).content.decode()

    assert "Book a place" in html
    assert book_url(session) in html


def test_the_course_page_asks_someone_signed_out_to_sign_in_to_book(client):
    session = SessionFactory()

    html = client.get(session.course.url).content.decode()

    assert "Sign in to book" in html
    assert book_url(session) not in html


def test_a_full_session_offers_the_waiting_list(client, me):
    session = SessionFactory(capacity=1)
    BookingFactory(session=session)

    html = client.get(reverse("bookings:session_detail", args=[session.uid])).content.decode()

    assert "Join the waiting list" in html


def test_a_course_that_needs_approval_offers_a_request(client, me):
    AgencyLeadershipFactory(agency=me.agency)
    session = SessionFactory(course=CoursePageFactory(requires_lead_approval=True))

    html = client.get(reverse("bookings:session_detail", args=[session.uid])).content.decode()

    assert "Request a place (needs approval)" in html


# The booking form and its confirmation


def test_the_form_asks_for_the_line_manager_only_when_the_profile_has_none(client):
    session = SessionFactory()
    with_manager, without = person(), person(line_manager_name="", line_manager_email="")

    client.force_login(with_manager)
    asked_with = "line_manager_email" in client.get(book_url(session)).content.decode()
    client.force_login(without)
    asked_without = "line_manager_email" in client.get(book_url(session)).content.decode()

    assert (asked_with, asked_without) == (False, True)


def test_a_missing_line_manager_is_a_message_beside_the_field_and_nothing_is_booked(client):
    session = SessionFactory()
    client.force_login(person(line_manager_name="", line_manager_email=""))

    response = client.post(book_url(session), {"line_manager_name": "Lee", "line_manager_email": "not-an-email"})

    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert "Enter an email address in the correct format" in response.content.decode()
    assert not Booking.objects.filter(session=session).exists()


def test_a_line_manager_given_when_booking_is_kept_on_the_booking(client):
    session = SessionFactory()
    someone = person(line_manager_name="", line_manager_email="")
    client.force_login(someone)

    client.post(book_url(session), {"line_manager_name": "Lee Manager", "line_manager_email": "lee@agency.example.org"})

    booking = Booking.objects.get(user=someone)
    assert (booking.line_manager_name, booking.line_manager_email) == ("Lee Manager", "lee@agency.example.org")


def test_the_confirmation_page_says_place_booked_and_what_happens_next(client, me):
    session = SessionFactory()

    response = client.post(book_url(session), {}, follow=True)

    html = response.content.decode()
    assert "Place booked" in html
    assert "What happens next" in html


def test_the_confirmation_page_gives_the_waiting_list_number(client, me):
    session = SessionFactory(capacity=1)
    BookingFactory(session=session)
    BookingFactory(session=session, status=BookingStatus.WAITLISTED)

    html = client.post(book_url(session), {}, follow=True).content.decode()

    assert "You are on the waiting list, number 2" in html


def test_the_confirmation_page_says_the_request_went_to_the_agency_lead(client, me):
    AgencyLeadershipFactory(agency=me.agency)
    session = SessionFactory(course=CoursePageFactory(requires_lead_approval=True))

    html = client.post(book_url(session), {}, follow=True).content.decode()

    assert "Request sent to your agency lead" in html


def test_the_page_says_when_the_session_is_busy_and_changes_nothing(client, me, monkeypatch):
    session = SessionFactory()

    def busy(*args, **kwargs):
        raise services.BookingBusy("busy")

    monkeypatch.setattr(services, "book_session", busy)
    response = client.post(book_url(session), {})

    assert response.status_code == 400
    assert "please try again" in response.content.decode()
    assert not Booking.objects.filter(session=session).exists()


# Bad input


def test_booking_a_cancelled_session_is_refused_with_the_reason(client, me):
    session = SessionFactory(status=SessionStatus.CANCELLED)

    response = client.post(book_url(session), {})

    assert response.status_code == 400
    assert "This session has been cancelled." in response.content.decode()
    assert not Booking.objects.exists()


def test_a_refused_booking_gives_each_reason_once_in_the_error_summary(client, me):
    session = SessionFactory(status=SessionStatus.CANCELLED)

    html = client.post(book_url(session), {}).content.decode()

    assert html.count("This session has been cancelled.") == 1
    assert html.index("There is a problem") < html.index("This session has been cancelled.")


def test_booking_a_past_session_is_refused_with_the_reason(client, me):
    session = SessionFactory(days_ahead=-2)

    response = client.post(book_url(session), {})

    assert response.status_code == 400
    assert "This session has already taken place." in response.content.decode()
    assert not Booking.objects.exists()


def test_booking_a_started_session_is_refused_with_the_reason(client, me):
    now = timezone.now()
    session = SessionFactory(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=2))

    response = client.post(book_url(session), {})

    assert response.status_code == 400
    assert "This session has already started." in response.content.decode()
    assert not Booking.objects.exists()


def test_booking_a_session_that_does_not_exist_is_a_404(client, me):
    assert client.post("/sessions/00000000-0000-4000-8000-000000000000/book/", {}).status_code == 404


def test_a_user_field_in_the_post_is_ignored_the_booking_is_the_signed_in_persons(client, me):
    session, other = SessionFactory(), person()

    client.post(book_url(session), {"user": other.pk, "user_id": other.pk, "person": other.pk})

    assert list(Booking.objects.values_list("user", flat=True)) == [me.pk]


def test_a_double_submit_makes_one_booking_and_shows_it(client, me):
    session = SessionFactory()

    first = client.post(book_url(session), {})
    second = client.post(book_url(session), {})

    booking = Booking.objects.get(user=me, session=session)
    assert first["Location"] == second["Location"] == reverse("bookings:booking_detail", args=[booking.pk])


def test_the_same_person_in_two_tabs_gets_one_booking_and_the_second_tab_shows_it(client, me, monkeypatch):
    """The second tab's check ran before the first tab's booking landed: the service then
    refuses it as already booked, and the page shows the booking made."""
    session = SessionFactory()
    services.book_session(me, session)
    shown = {"done": False}
    real_active = Booking.objects.for_person

    def first_lookup_misses(user):
        if not shown["done"]:
            shown["done"] = True
            return Booking.objects.none()
        return real_active(user)

    monkeypatch.setattr(Booking.objects, "for_person", first_lookup_misses)
    response = client.post(book_url(session), {})

    booking = Booking.objects.get(user=me, session=session)
    assert response.status_code == 302
    assert response["Location"] == reverse("bookings:booking_detail", args=[booking.pk])


def test_an_unverified_email_cannot_reach_the_booking_form(client):
    session = SessionFactory()
    client.force_login(person(verified=False))

    response = client.post(book_url(session), {})

    assert not Booking.objects.exists()
    assert "Confirm your email address first" in response.content.decode()


def test_someone_signed_out_is_sent_to_sign_in(client):
    session = SessionFactory()

    response = client.get(book_url(session))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_another_persons_booking_page_is_a_404(client, me):
    booking = BookingFactory()

    assert client.get(reverse("bookings:booking_detail", args=[booking.pk])).status_code == 404


def course_with_bookings(count):
    """A course with three dates, each with ``count`` bookings, some waiting."""
    course = CoursePageFactory()
    sessions = [SessionFactory(course=course, capacity=count) for _ in range(3)]
    for session in sessions:
        for n in range(count + 2):
            BookingFactory(session=session, status=BookingStatus.CONFIRMED if n < count else BookingStatus.WAITLISTED)
    return course, sessions[0]


def session_url(session):
    return reverse("bookings:session_detail", args=[session.uid])


def queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_course_and_session_pages_signed_in_cost_the_same_whatever_the_bookings(client, me):
    small_course, small_session = course_with_bookings(1)
    large_course, large_session = course_with_bookings(12)

    small = [
        queries(client, small_course.url),
        queries(client, reverse("bookings:session_detail", args=[small_session.uid])),
    ]
    large = [
        queries(client, large_course.url),
        queries(client, reverse("bookings:session_detail", args=[large_session.uid])),
    ]

    assert small == large


def test_a_teacher_with_an_individual_exception_sees_it_and_may_book(client, level_4_session):
    teacher = person(job_role=JobRoleFactory(code="teacher", name="Teacher"))
    EligibilityExceptionFactory(person=teacher, course=level_4_session.course, reason="Covering the specialist team.")
    client.force_login(teacher)

    html = client.get(book_url(level_4_session)).content.decode()
    client.post(book_url(level_4_session), {})

    assert "The training team made an exception for you: Covering the specialist team." in html
    assert Booking.objects.get(user=teacher).status == BookingStatus.CONFIRMED


def test_the_confirmation_page_says_the_place_was_booked_under_the_exception_who_granted_it_and_why(
    client, level_4_session
):
    teacher = person(job_role=JobRoleFactory(code="teacher", name="Teacher"))
    exception = EligibilityExceptionFactory(
        person=teacher,
        course=level_4_session.course,
        reason="Covering the specialist team.",
        granted_by=person(full_name="Sam Lee"),
    )
    client.force_login(teacher)

    html = client.post(book_url(level_4_session), {}, follow=True).content.decode()

    assert "Place booked" in html
    assert (
        f"Booked under an individual exception granted by Sam Lee on {format_date(exception.granted_at)}: "
        "Covering the specialist team." in html
    )


def test_the_confirmation_page_of_an_ordinary_booking_mentions_no_exception(client, me):
    html = client.post(book_url(SessionFactory()), {}, follow=True).content.decode()

    assert "individual exception" not in html
