"""Handing a confirmed place to a colleague of the same agency: by the line manager named on
the booking, a lead of its agency or an administrator, up to the session's start. The colleague
passes the same rule as anyone booking; a refusal says why and changes nothing."""

from datetime import timedelta

import pytest
import time_machine

from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from wagtail.models import ModelLogEntry

from bookings import services
from bookings.choices import BookingEvent
from bookings.models import Booking, BookingStatus, Session
from bookings.services import BookingRefused, book_session, cancel_session, substitute_booking
from people.staff_access import TRAINING_ADMINISTRATORS
from records.choices import ReasonCode
from tests.bookings.factories import SessionFactory
from tests.bookings.helpers import person, snapshot
from tests.bookings.notice_helpers import invite_of
from tests.conftest import signed_in_with_mfa
from tests.courses.factories import CoursePageFactory, training_level
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, JobRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

MANAGER_EMAIL = "lee.manager@agency.example.org"


def refused(call, *args, **kwargs):
    with pytest.raises(BookingRefused) as refusal:
        call(*args, **kwargs)
    return refusal.value


@pytest.fixture
def agency():
    return AgencyFactory(name="Fellside Children’s Services")


@pytest.fixture
def place(agency):
    """Ada's confirmed place, with Lee Manager named as her line manager."""
    return book_session(person(full_name="Ada Brown", agency=agency), SessionFactory(capacity=1))


@pytest.fixture
def colleague(agency):
    return person(full_name="Cara White", agency=agency)


@pytest.fixture
def manager():
    return UserFactory(email=MANAGER_EMAIL, full_name="Lee Manager")


@pytest.fixture
def lead(agency):
    return AgencyLeadershipFactory(agency=agency).user


@pytest.fixture
def administrator():
    someone = UserFactory()
    someone.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    return someone


# The verb


@pytest.mark.parametrize("who", ["manager", "lead", "administrator"])
def test_the_line_manager_a_lead_or_an_administrator_hands_the_place_to_a_colleague(request, who, place, colleague):
    by = request.getfixturevalue(who)

    substitute = substitute_booking(place, colleague, by=by)

    old = Booking.objects.get(pk=place.pk)
    assert (substitute.user, substitute.status, substitute.session) == (
        colleague,
        BookingStatus.CONFIRMED,
        place.session,
    )
    assert (old.status, old.substituted_by, old.cancelled_late) == (BookingStatus.SUBSTITUTED, substitute, False)


def test_a_substitution_leaves_the_places_taken_alone_even_on_a_full_session(place, colleague, manager):
    substitute_booking(place, colleague, by=manager)

    assert Session.objects.get(pk=place.session_id).places_taken == 1


def test_a_colleague_from_another_agency_is_refused_and_nothing_changes(place, manager):
    outsider = person(agency=AgencyFactory(name="Another Agency"))
    before = snapshot(place.session)

    refusal = refused(substitute_booking, place, outsider, by=manager)

    assert refusal.messages == ["A place can only be handed to a colleague from the same agency."]
    assert snapshot(place.session) == before


def test_an_ineligible_colleague_is_refused_with_the_reason_and_nothing_changes(agency, manager):
    social_worker = JobRoleFactory(code="social-worker", name="Front-line social worker")
    course = CoursePageFactory(level=training_level(4), eligible_job_roles=[social_worker])
    place = book_session(person(agency=agency, job_role=social_worker), SessionFactory(course=course))
    teacher = person(agency=agency, job_role=JobRoleFactory(code="teacher", name="Teacher"))
    before = snapshot(place.session)

    refusal = refused(substitute_booking, place, teacher, by=manager)

    assert [reason.code for reason in refusal.reasons] == [ReasonCode.JOB_ROLE_NOT_ELIGIBLE]
    assert snapshot(place.session) == before


def test_a_line_manager_of_someone_else_is_refused_and_nothing_changes(place, colleague):
    not_theirs = UserFactory(email="other.manager@agency.example.org")
    before = snapshot(place.session)

    refusal = refused(substitute_booking, place, colleague, by=not_theirs)

    assert "Only the person’s line manager" in str(refusal)
    assert snapshot(place.session) == before


def test_a_lead_of_another_agency_is_refused(place, colleague):
    other_lead = AgencyLeadershipFactory(agency=AgencyFactory(name="Another Agency")).user

    refusal = refused(substitute_booking, place, colleague, by=other_lead)

    assert "Only the person’s line manager" in str(refusal)


def test_the_person_cannot_hand_on_their_own_place(place, colleague):
    refusal = refused(substitute_booking, place, colleague, by=place.user)

    assert "Only the person’s line manager" in str(refusal)


def test_a_place_cannot_be_handed_on_once_the_session_has_started(place, colleague, manager):
    with time_machine.travel(place.session.starts_at + timedelta(minutes=1)):
        refusal = refused(substitute_booking, place, colleague, by=manager)

    assert refusal.messages == ["The session has started, so the place can no longer be handed on."]


def test_a_place_on_a_cancelled_session_cannot_be_handed_on(place, colleague, manager):
    cancel_session(place.session)

    refusal = refused(substitute_booking, place, colleague, by=manager)

    assert refusal.messages == ["The session has been cancelled."]


def test_a_waiting_list_place_cannot_be_handed_on(agency, colleague, manager):
    session = SessionFactory(capacity=1)
    book_session(person(), session)
    waiting = book_session(person(agency=agency), session)

    refusal = refused(substitute_booking, waiting, colleague, by=manager)

    assert refusal.messages == ["Only a confirmed place can be handed to a colleague. This one is on the waiting list."]


def test_a_colleague_already_booked_on_the_session_is_refused(place, colleague, manager):
    session = place.session
    Session.objects.filter(pk=session.pk).update(capacity=2)
    book_session(colleague, session)

    refusal = refused(substitute_booking, place, colleague, by=manager)

    assert "You have already booked this session" in str(refusal)


def test_a_substitution_is_logged_and_announced(place, colleague, manager, announced):
    with announced() as sent:
        substitute_booking(place, colleague, by=manager)

    entry = ModelLogEntry.objects.get(action=services.SUBSTITUTE)
    assert (entry.user, entry.data["name"]) == (manager, "Cara White")
    assert [(who, event) for who, event, _ in sent] == [
        (place.user, BookingEvent.SUBSTITUTED),
        (colleague, BookingEvent.CONFIRMED),
    ]


def test_the_colleague_gets_the_invite_and_the_person_the_calendar_cancellation(
    place, colleague, manager, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        substitute_booking(place, colleague, by=manager)

    handed = next(m for m in mail.outbox if m.to == [place.user.email])
    confirmed = next(m for m in mail.outbox if m.to == [colleague.email])
    assert "handed to Cara White" in handed.body
    assert invite_of(handed)["METHOD"] == "CANCEL"
    assert invite_of(confirmed)["METHOD"] == "REQUEST"


# The pages


def test_the_confirmation_email_gives_the_line_manager_a_link_to_hand_the_place_on(
    client, agency, colleague, manager, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        place = book_session(person(full_name="Ada Brown", agency=agency), SessionFactory())
    [message] = mail.outbox
    link = next(line.split(": ")[-1] for line in message.body.splitlines() if line.startswith("For the line manager"))
    client.force_login(manager)

    response = client.post(link, {"email": colleague.email})

    assert response.status_code == 302
    assert Booking.objects.get(pk=place.pk).status == BookingStatus.SUBSTITUTED


def test_the_line_manager_page_refuses_a_colleague_from_another_agency_and_says_why(client, place, manager):
    outsider = person(agency=AgencyFactory(name="Another Agency"))
    client.force_login(manager)

    response = client.post(reverse("bookings:substitute", args=[place.pk]), {"email": outsider.email})

    assert response.status_code == 400
    assert "from the same agency" in response.content.decode()
    assert Booking.objects.get(pk=place.pk).status == BookingStatus.CONFIRMED


def test_the_page_says_when_nobody_has_that_email_address(client, place, manager):
    client.force_login(manager)

    response = client.post(reverse("bookings:substitute", args=[place.pk]), {"email": "nobody@example.org"})

    assert response.status_code == 400
    assert "Nobody with that email address has an account here." in response.content.decode()


def test_someone_who_is_not_the_line_manager_finds_no_such_page(client, place, colleague):
    client.force_login(UserFactory(email="other.manager@agency.example.org"))

    response = client.post(reverse("bookings:substitute", args=[place.pk]), {"email": colleague.email})

    assert response.status_code == 404
    assert Booking.objects.get(pk=place.pk).status == BookingStatus.CONFIRMED


def test_a_lead_hands_on_a_place_from_the_leads_page(client, place, colleague, lead):
    signed_in_with_mfa(client, lead)
    url = reverse("bookings:lead_substitute", args=[place.pk])

    assert url in client.get(reverse("bookings:leads")).content.decode()
    response = client.post(url, {"email": colleague.email})

    assert response.status_code == 302
    assert Booking.objects.get(pk=place.pk).status == BookingStatus.SUBSTITUTED


def test_a_lead_of_another_agency_finds_no_such_page(client, place, colleague):
    other_lead = AgencyLeadershipFactory(agency=AgencyFactory(name="Another Agency")).user
    signed_in_with_mfa(client, other_lead)

    response = client.get(reverse("bookings:lead_substitute", args=[place.pk]))

    assert response.status_code == 404
    assert "Ada Brown" not in response.content.decode()


def test_an_administrator_hands_on_a_place_in_the_admin(administrator_client, place, colleague):
    url = reverse("bookings_admin:substitute_booking", args=[place.pk])

    assert administrator_client.get(url).status_code == 200
    response = administrator_client.post(url, {"email": colleague.email})

    assert response.status_code == 302
    assert Booking.objects.get(pk=place.pk).status == BookingStatus.SUBSTITUTED


def test_the_administrators_page_refuses_an_ineligible_colleague_and_says_why(administrator_client, place):
    outsider = person(agency=AgencyFactory(name="Another Agency"))

    response = administrator_client.post(
        reverse("bookings_admin:substitute_booking", args=[place.pk]), {"email": outsider.email}
    )

    assert response.status_code == 400
    assert "from the same agency" in response.content.decode()


def test_a_learner_cannot_open_the_administrators_page(client, place):
    client.force_login(person())

    response = client.get(reverse("bookings_admin:substitute_booking", args=[place.pk]))

    assert response.status_code == 403


def test_the_past_bookings_page_shows_substituted_by_the_colleague(client, place, colleague, manager):
    substitute_booking(place, colleague, by=manager)
    client.force_login(place.user)

    html = client.get(reverse("bookings:past_bookings")).content.decode()

    assert "Substituted by Cara White" in html


def test_a_substitution_leaves_no_drift_between_places_taken_and_bookings(place, colleague, manager):
    substitute_booking(place, colleague, by=manager)

    assert list(Session.objects.with_place_drift()) == []
