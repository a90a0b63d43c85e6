"""The booking desk in the Wagtail admin: a session's people in four lists, adding a person by
hand, capacity, the waiting list's controls, the session list's columns, and who may see it."""

from datetime import timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings import services
from bookings.choices import BookingStatus
from bookings.models import Booking, Session
from records.models import EligibilityException
from tests.bookings.factories import BookingFactory, SessionFactory
from tests.bookings.helpers import person, snapshot
from tests.conftest import signed_in_with_mfa
from tests.courses.factories import CoursePageFactory, training_level
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, JobRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

INDEX = "/admin/bookings/sessions/"


def desk_url(session, name="session", *args):
    return reverse(f"bookings_desk:{name}", args=[session.pk, *args])


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def session_with_everyone():
    """A session with a person in each list: confirmed, awaiting approval, waiting, offered,
    cancelled late."""
    session = SessionFactory(capacity=3)
    agency, role = AgencyFactory(name="Eden Health Visiting"), JobRoleFactory(name="Health visitor")
    confirmed = BookingFactory(
        session=session,
        user=UserFactory(full_name="Ada Confirmed", agency=agency, job_role=role),
        agency=agency,
        access_needs="Hearing loop",
    )
    awaiting = BookingFactory(
        session=session, user=UserFactory(full_name="Ben Awaiting"), status=BookingStatus.AWAITING_APPROVAL
    )
    offered = BookingFactory(session=session, user=UserFactory(full_name="Cal Offered"), status=BookingStatus.OFFERED)
    waiting = BookingFactory(
        session=session, user=UserFactory(full_name="Dee Waiting"), status=BookingStatus.WAITLISTED
    )
    cancelled = BookingFactory(
        session=session,
        user=UserFactory(full_name="Eve Cancelled"),
        status=BookingStatus.CANCELLED,
        cancelled_at=timezone.now(),
        cancelled_late=True,
    )
    return session, {
        "confirmed": confirmed,
        "awaiting": awaiting,
        "offered": offered,
        "waiting": waiting,
        "cancelled": cancelled,
    }


def test_the_desk_shows_the_sessions_people_in_four_lists(administrator_client):
    session, bookings = session_with_everyone()

    response = administrator_client.get(desk_url(session))

    assert response.status_code == 200
    people = response.context["people"]
    assert people.confirmed == [bookings["confirmed"]]
    assert people.awaiting_approval == [bookings["awaiting"]]
    assert people.waiting == [bookings["waiting"]] and people.offered == [bookings["offered"]]
    assert people.cancelled == [bookings["cancelled"]]
    html = response.content.decode()
    for text in ("Ada Confirmed", "Eden Health Visiting", "Health visitor", "Hearing loop", "Late", "Offer ends"):
        assert text in html


def test_each_confirmed_place_links_to_moving_it_and_handing_it_to_a_colleague(administrator_client):
    session, bookings = session_with_everyone()

    html = administrator_client.get(desk_url(session)).content.decode()

    confirmed = bookings["confirmed"].pk
    assert reverse("bookings_admin:move_booking", args=[confirmed]) in html
    assert reverse("bookings_admin:substitute_booking", args=[confirmed]) in html
    assert reverse("bookings_admin:move_booking", args=[bookings["waiting"].pk]) not in html


def test_the_desk_links_to_the_sessions_register_beside_its_sign_in_sheet(administrator_client):
    session = SessionFactory()

    html = administrator_client.get(desk_url(session)).content.decode()

    assert reverse("bookings_register:register", args=[session.pk]) in html


def test_a_cancelled_sessions_desk_has_no_register_link(administrator_client):
    session = SessionFactory()
    services.cancel_session(session, by=UserFactory())

    html = administrator_client.get(desk_url(session)).content.decode()

    assert reverse("bookings_register:register", args=[session.pk]) not in html


def test_the_waiting_list_is_shown_in_queue_order_with_positions(administrator_client):
    session = SessionFactory(capacity=1)
    BookingFactory(session=session)
    now = timezone.now()
    later = BookingFactory(session=session, status=BookingStatus.WAITLISTED, waitlisted_at=now)
    sooner = BookingFactory(session=session, status=BookingStatus.WAITLISTED, waitlisted_at=now - timedelta(hours=1))

    waiting = administrator_client.get(desk_url(session)).context["people"].waiting

    assert [(booking.pk, booking.waiting_position) for booking in waiting] == [(sooner.pk, 1), (later.pk, 2)]


def seed_people(session, count):
    for n in range(count):
        status = [BookingStatus.CONFIRMED, BookingStatus.WAITLISTED, BookingStatus.CANCELLED][n % 3]
        BookingFactory(session=session, status=status, access_needs="Step-free access")


def desk_queries(client, session):
    client.get(desk_url(session))  # warm Wagtail's caches (menus, site)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(desk_url(session))
    assert response.status_code == 200
    return len(queries)


def test_the_desk_runs_the_same_number_of_queries_for_6_people_as_for_60(administrator_client):
    small, large = SessionFactory(capacity=100), SessionFactory(capacity=100)
    seed_people(small, 6)
    seed_people(large, 60)

    assert desk_queries(administrator_client, small) == desk_queries(administrator_client, large)


# Who may use the desk


@pytest.fixture
def learner_client(client):
    client.force_login(person())
    return client


@pytest.fixture
def lead_client(client):
    """An agency lead (with MFA, so the MFA guard is not what stops them)."""
    lead = AgencyLeadershipFactory().user
    return signed_in_with_mfa(client, lead)


def every_desk_request(session, waiting):
    return [
        ("get", desk_url(session), {}),
        ("get", desk_url(session, "add") + f"?q=a&person={waiting.user_id}", {}),
        ("post", desk_url(session, "add"), {"person": waiting.user_id, "reason": "Because"}),
        ("post", desk_url(session, "capacity"), {"capacity": "5"}),
        ("post", desk_url(session, "fill"), {}),
        ("post", desk_url(session, "move_in_waiting_list", waiting.pk), {"position": "1", "reason": "Mix"}),
        ("post", desk_url(session, "offer_out_of_turn", waiting.pk), {"reason": "Mix"}),
        ("get", desk_url(session, "export_csv"), {}),
        ("get", desk_url(session, "export_xlsx"), {}),
        ("get", desk_url(session, "sign_in_sheet"), {}),
    ]


@pytest.mark.parametrize("who", ["learner_client", "lead_client"])
def test_a_learner_or_an_agency_lead_is_kept_out_of_every_desk_url_and_changes_nothing(request, who):
    client = request.getfixturevalue(who)
    session = SessionFactory(capacity=1, days_ahead=1)
    BookingFactory(session=session, user=UserFactory(full_name="Private Person"))
    waiting = BookingFactory(session=session, status=BookingStatus.WAITLISTED)
    before = snapshot(session)

    for method, url, data in every_desk_request(session, waiting):
        response = getattr(client, method)(url, data)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert "/login/" in response["Location"], url
        assert b"Private Person" not in response.content

    assert snapshot(session) == before


@pytest.mark.parametrize("pk", ["999999", "9" * 26])
def test_an_unknown_session_is_not_found(administrator_client, pk):
    assert administrator_client.get(f"/admin/bookings/desk/{pk}/").status_code == 404


@pytest.mark.parametrize("pk", ["999999", "9" * 26])
def test_an_unknown_booking_is_not_found(administrator_client, pk):
    session = SessionFactory()

    response = administrator_client.post(f"/admin/bookings/desk/{session.pk}/waiting/{pk}/offer/", {"reason": "Mix"})

    assert response.status_code == 404


# Adding a person by hand


def specialist_session():
    social_worker = JobRoleFactory(code="social-worker", name="Front-line social worker")
    return SessionFactory(course=CoursePageFactory(level=training_level(4), eligible_job_roles=[social_worker]))


def test_finding_a_person_by_name_lists_them(administrator_client):
    session = SessionFactory()
    person(full_name="Priya Findable")

    response = administrator_client.get(desk_url(session, "add"), {"q": "findable"})

    assert [found.full_name for found in response.context["found"]] == ["Priya Findable"]


def test_choosing_an_eligible_person_shows_that_they_may_book(administrator_client):
    session, someone = SessionFactory(), person()

    response = administrator_client.get(desk_url(session, "add"), {"person": someone.pk})

    assert response.context["verdict"].may_book
    assert "May book this session." in response.content.decode()


def test_an_administrator_adds_an_eligible_person(administrator_client):
    session, someone = SessionFactory(), person()

    response = administrator_client.post(desk_url(session, "add"), {"person": someone.pk}, follow=True)

    assert Booking.objects.get(session=session, user=someone).status == BookingStatus.CONFIRMED
    assert messages_of(response) == [f"Added {someone}: confirmed."]


def test_an_ineligible_person_shows_the_reasons_and_the_override_form(administrator_client):
    session, teacher = specialist_session(), person(job_role=JobRoleFactory(name="Teacher"))

    response = administrator_client.get(desk_url(session, "add"), {"person": teacher.pk})

    verdict = response.context["verdict"]
    assert not verdict.may_book and verdict.overridable
    html = response.content.decode()
    assert verdict.reasons[0].message in html
    assert "Book with an exception" in html


def test_adding_an_ineligible_person_without_a_reason_shows_the_reasons_and_changes_nothing(administrator_client):
    session, teacher = specialist_session(), person(job_role=JobRoleFactory(name="Teacher"))
    before = snapshot(session)

    response = administrator_client.post(desk_url(session, "add"), {"person": teacher.pk, "reason": " "})

    assert response.status_code == 200
    assert response.context["errors"] == [reason.message for reason in response.context["verdict"].reasons]
    assert snapshot(session) == before


def test_overriding_with_a_reason_records_an_exception_and_books(administrator_client):
    session, teacher = specialist_session(), person(job_role=JobRoleFactory(name="Teacher"))

    administrator_client.post(desk_url(session, "add"), {"person": teacher.pk, "reason": "Covering the team"})

    exception = EligibilityException.objects.get(person=teacher)
    assert Booking.objects.get(session=session, user=teacher).eligibility_exception == exception


def test_a_full_session_shows_no_override(administrator_client):
    session = SessionFactory(capacity=1, waiting_list_size=0)
    BookingFactory(session=session)

    response = administrator_client.get(desk_url(session, "add"), {"person": person().pk})

    assert not response.context["verdict"].overridable
    assert "These reasons cannot be overridden here." in response.content.decode()


@pytest.mark.parametrize("value", ["", "abc", "9" * 23, "9" * 18, "9" * 10, "999999", "²"])
def test_adding_nobody_or_an_unknown_person_says_so(administrator_client, value):
    session = SessionFactory()

    response = administrator_client.post(desk_url(session, "add"), {"person": value}, follow=True)

    assert messages_of(response) == ["Choose a person to add."]
    assert not Booking.objects.exists()


# Capacity


def test_raising_the_capacity_from_the_desk_offers_the_place(administrator_client):
    session = SessionFactory(capacity=1)
    BookingFactory(session=session)
    waiting = BookingFactory(session=session, status=BookingStatus.WAITLISTED)

    response = administrator_client.post(desk_url(session, "capacity"), {"capacity": "2"}, follow=True)

    assert messages_of(response) == ["The capacity is now 2."]
    assert Booking.objects.get(pk=waiting.pk).status == BookingStatus.OFFERED


def test_lowering_the_capacity_below_the_places_taken_is_refused_with_the_number(administrator_client):
    session = SessionFactory(capacity=5)
    BookingFactory.create_batch(3, session=session)

    response = administrator_client.post(desk_url(session, "capacity"), {"capacity": "2"}, follow=True)

    assert messages_of(response) == [
        "3 places are taken (confirmed, offered or awaiting approval), so the capacity cannot be lower than 3."
    ]
    assert Session.objects.get(pk=session.pk).capacity == 5


@pytest.mark.parametrize("value", ["", "ten", "-1", "1.5", "99999999999", "²"])
def test_a_capacity_that_is_not_a_whole_number_is_refused(administrator_client, value):
    session = SessionFactory(capacity=5)

    response = administrator_client.post(desk_url(session, "capacity"), {"capacity": value}, follow=True)

    assert messages_of(response) == ["Enter the capacity as a whole number, like 12."]
    assert Session.objects.get(pk=session.pk).capacity == 5


# The waiting list


def test_moving_someone_on_the_waiting_list_from_the_desk(administrator_client):
    session = SessionFactory(capacity=1)
    BookingFactory(session=session)
    first = BookingFactory(session=session, status=BookingStatus.WAITLISTED)
    second = BookingFactory(session=session, status=BookingStatus.WAITLISTED)

    response = administrator_client.post(
        desk_url(session, "move_in_waiting_list", second.pk), {"position": "1", "reason": "Mix"}, follow=True
    )

    assert messages_of(response) == [f"Moved {second.user} to number 1 on the waiting list."]
    assert list(session.bookings.waitlisted()) == [second, first]


def test_moving_without_a_reason_from_the_desk_says_so_and_changes_nothing(administrator_client):
    session = SessionFactory(capacity=1)
    BookingFactory(session=session)
    first = BookingFactory(session=session, status=BookingStatus.WAITLISTED)
    second = BookingFactory(session=session, status=BookingStatus.WAITLISTED)

    response = administrator_client.post(
        desk_url(session, "move_in_waiting_list", second.pk), {"position": "1", "reason": ""}, follow=True
    )

    assert messages_of(response) == ["Enter the reason for the change."]
    assert list(session.bookings.waitlisted()) == [first, second]


def test_a_booking_of_another_session_is_not_found(administrator_client):
    session, other = SessionFactory(), BookingFactory(status=BookingStatus.WAITLISTED)

    response = administrator_client.post(
        desk_url(session, "offer_out_of_turn", other.pk), {"reason": "Mix"}, follow=False
    )

    assert response.status_code == 404


def test_offering_out_of_turn_from_the_desk(administrator_client):
    session = SessionFactory(capacity=2, days_ahead=1)
    BookingFactory(session=session)
    BookingFactory(session=session, status=BookingStatus.WAITLISTED)
    chosen = BookingFactory(session=session, status=BookingStatus.WAITLISTED)

    response = administrator_client.post(
        desk_url(session, "offer_out_of_turn", chosen.pk), {"reason": "Only person from health"}, follow=True
    )

    assert messages_of(response) == [f"Offered a place to {chosen.user}. They have been told."]
    assert Booking.objects.get(pk=chosen.pk).status == BookingStatus.OFFERED


def test_the_fill_button_shows_only_after_the_cut_off_and_fills(administrator_client):
    before_cut_off = SessionFactory(capacity=1)
    assert "Fill from the waiting list" not in administrator_client.get(desk_url(before_cut_off)).content.decode()
    session = SessionFactory(capacity=2, days_ahead=1)
    BookingFactory(session=session)
    waiting = BookingFactory(session=session, status=BookingStatus.WAITLISTED)
    assert "Fill from the waiting list" in administrator_client.get(desk_url(session)).content.decode()

    response = administrator_client.post(desk_url(session, "fill"), follow=True)

    assert messages_of(response) == [f"Confirmed 1 from the waiting list and told them: {waiting.user}."]
    assert Booking.objects.get(pk=waiting.pk).status == BookingStatus.CONFIRMED


def test_filling_before_the_cut_off_from_the_desk_says_why_and_changes_nothing(administrator_client):
    session = SessionFactory(capacity=1)
    BookingFactory(session=session)
    BookingFactory(session=session, status=BookingStatus.WAITLISTED)
    before = snapshot(session)

    response = administrator_client.post(desk_url(session, "fill"), follow=True)

    assert messages_of(response)[0].startswith("Free places are still offered")
    assert snapshot(session) == before


# The session list


def test_the_session_list_shows_places_taken_waiting_and_links_to_the_desk(administrator_client):
    session = SessionFactory(capacity=2)
    BookingFactory.create_batch(2, session=session)
    BookingFactory(session=session, status=BookingStatus.WAITLISTED)

    response = administrator_client.get(INDEX)

    html = response.content.decode()
    assert "Places taken" in html and "Waiting" in html
    assert desk_url(session) in html
    listed = response.context["object_list"][0]
    assert (listed.places_taken, listed.waitlisted_count) == (2, 1)


def test_a_session_below_its_minimum_close_to_the_date_is_flagged(administrator_client, settings):
    settings.BOOKING_MINIMUM_WARNING_DAYS = 14
    soon = SessionFactory(days_ahead=10, minimum_places=6)
    BookingFactory.create_batch(2, session=soon)
    SessionFactory(days_ahead=30, minimum_places=6)  # below, but not yet close

    html = administrator_client.get(INDEX).content.decode()

    assert html.count("Below minimum") == 1
    assert "Below minimum: 2 of 6" in html


def test_a_session_at_its_minimum_is_not_flagged(administrator_client):
    session = SessionFactory(days_ahead=5, minimum_places=2)
    BookingFactory.create_batch(2, session=session)

    assert "Below minimum" not in administrator_client.get(INDEX).content.decode()


def test_the_warning_window_is_a_setting(administrator_client, settings):
    settings.BOOKING_MINIMUM_WARNING_DAYS = 40
    SessionFactory(days_ahead=30, minimum_places=6)

    assert "Below minimum: 0 of 6" in administrator_client.get(INDEX).content.decode()


def test_the_session_list_costs_the_same_queries_with_minimums(administrator_client):
    SessionFactory(days_ahead=5, minimum_places=3)
    administrator_client.get(INDEX)
    with CaptureQueriesContext(connection) as few:
        administrator_client.get(INDEX)
    for _ in range(10):
        BookingFactory(session=SessionFactory(days_ahead=5, minimum_places=3))
    with CaptureQueriesContext(connection) as many:
        administrator_client.get(INDEX)

    assert len(few) == len(many)


def test_an_administrator_sets_the_minimum_in_the_session_form(administrator_client):
    session = SessionFactory()
    services.book_session(person(), session)

    response = administrator_client.get(reverse("bookings_session:edit", args=[session.pk]))

    assert "minimum_places" in response.context["form"].fields


def test_the_session_edit_page_links_to_the_desk(administrator_client):
    session = SessionFactory()

    response = administrator_client.get(reverse("bookings_session:edit", args=[session.pk]))

    assert desk_url(session) in response.content.decode()
