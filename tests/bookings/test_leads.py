"""Agency leads' pages: the requests waiting for them and their staff's bookings, only for the
agencies they lead, and approving or declining from the page or the email link (two-factor
sign-in; a GET never decides; a lead of another agency gets a 404)."""

import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings import links, services
from bookings.models import Booking, BookingStatus
from lscb_training.dates import format_date
from tests.bookings.factories import SessionFactory
from tests.bookings.helpers import person, person_with_a_lead, snapshot
from tests.courses.factories import CoursePageFactory
from tests.people.conftest import activate_totp
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, JobRoleFactory
from tests.records.factories import EligibilityExceptionFactory

pytestmark = pytest.mark.django_db

LEADS = "/leads/"


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def lead(client, agency):
    someone = AgencyLeadershipFactory(agency=agency, user=person(full_name="Lena Lead")).user
    activate_totp(someone)
    client.force_login(someone)
    return someone


@pytest.fixture
def request_from(agency):
    """A request for a place on a course that needs approval, made through the services."""

    def make(**kwargs):
        session = SessionFactory(course=CoursePageFactory(requires_lead_approval=True))
        return services.book_session(person(agency=agency, **kwargs), session)

    return make


def test_the_leads_page_lists_requests_from_their_agency_only(client, lead, request_from):
    request_from(full_name="Sam Staff")
    services.book_session(
        person_with_a_lead(full_name="Other Agency Person"),
        SessionFactory(course=CoursePageFactory(requires_lead_approval=True)),
    )

    html = client.get(LEADS).content.decode()

    assert "Sam Staff" in html
    assert "Other Agency Person" not in html


def test_the_leads_page_lists_their_staffs_upcoming_bookings(client, lead, agency):
    services.book_session(person(agency=agency, full_name="Booked Staff"), SessionFactory())
    services.book_session(person(full_name="Someone Elsewhere"), SessionFactory())

    html = client.get(LEADS).content.decode()

    assert "Booked Staff" in html
    assert "Someone Elsewhere" not in html


def test_a_request_is_listed_once_as_a_request_not_again_among_the_staffs_bookings(client, lead, request_from):
    asked = request_from(full_name="Sam Staff")

    response = client.get(LEADS)

    assert response.context["requests"] == [asked]
    assert response.context["staff_bookings"] == []


def test_a_request_on_a_cancelled_session_is_no_longer_asked_for_a_decision(client, lead, request_from):
    asked = request_from(full_name="Sam Staff")
    services.cancel_session(asked.session)

    response = client.get(LEADS)

    assert response.context["requests"] == []
    assert response.context["staff_bookings"] == [asked]
    assert "Session cancelled" in response.content.decode()


def test_the_approval_link_of_a_request_on_a_cancelled_session_offers_no_decision(client, lead, request_from):
    booking = request_from()
    services.cancel_session(booking.session)
    # Cancelling stops the emailed link working; one signed since (none is sent) still decides nothing.
    approve_url, _ = links.approval_urls(Booking.objects.get(pk=booking.pk), "http://testserver")

    page = client.get(approve_url).content.decode()

    assert "The session has been cancelled, so there is nothing to decide." in page
    assert "Approve the request" not in page


def test_someone_who_leads_no_agency_is_refused(client):
    client.force_login(person())

    assert client.get(LEADS).status_code == 403


def test_a_lead_without_two_factor_is_sent_to_set_it_up(client, agency):
    client.force_login(AgencyLeadershipFactory(agency=agency).user)

    response = client.get(LEADS)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_the_approval_link_asks_first_and_a_get_changes_nothing(client, lead, request_from):
    booking = request_from()
    approve_url, _ = links.approval_urls(booking, "http://testserver")

    response = client.get(approve_url)

    assert "Approve the request" in response.content.decode()
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.AWAITING_APPROVAL


def test_approving_from_the_link_confirms_the_place(client, lead, request_from):
    booking = request_from()
    approve_url, _ = links.approval_urls(booking, "http://testserver")

    response = client.post(approve_url)

    assert response.status_code == 302
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED


def test_declining_from_the_link_keeps_the_reason(client, lead, request_from):
    booking = request_from()
    _, decline_url = links.approval_urls(booking, "http://testserver")

    client.post(decline_url, {"reason": "Please book the spring date instead."})

    booking.refresh_from_db()
    assert (booking.status, booking.decline_reason) == (BookingStatus.CANCELLED, "Please book the spring date instead.")


def test_the_approve_button_on_the_leads_page_approves(client, lead, request_from):
    booking = request_from()
    html = client.get(LEADS).content.decode()
    # The signed token carries the second it was made, so it is read back from the page.
    approve_url = re.search(r'(/leads/requests/[^"/]+/approve/)', html).group(1)

    client.post(approve_url)

    assert links.booking_for_token(approve_url.split("/")[3], salt=links.APPROVAL_SALT) is None  # used once
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED


def test_a_lead_of_another_agency_gets_a_404_and_nothing_changes(client, agency, request_from):
    AgencyLeadershipFactory(agency=agency)
    booking = request_from()
    other_lead = AgencyLeadershipFactory().user
    activate_totp(other_lead)
    client.force_login(other_lead)
    approve_url, _ = links.approval_urls(booking, "http://testserver")
    before = snapshot(booking.session)

    assert client.post(approve_url).status_code == 404
    assert snapshot(booking.session) == before


def test_a_reused_approval_link_says_it_no_longer_works(client, lead, request_from):
    booking = request_from()
    approve_url, decline_url = links.approval_urls(booking, "http://testserver")
    client.post(approve_url)
    before = snapshot(booking.session)

    response = client.post(decline_url)

    assert response.status_code == 400
    assert "This link no longer works" in response.content.decode()
    assert snapshot(booking.session) == before


def test_a_tampered_approval_link_says_it_no_longer_works(client, lead, request_from):
    booking = request_from()
    token = links.make_token(booking, links.APPROVAL_SALT)

    response = client.post(reverse("bookings:approval_approve", args=["x" + token[1:]]))

    assert response.status_code == 400
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.AWAITING_APPROVAL


def test_an_offer_token_does_not_work_as_an_approval(client, lead, request_from):
    booking = request_from()
    offer_token = links.make_token(booking, links.OFFER_SALT)

    response = client.post(reverse("bookings:approval_approve", args=[offer_token]))

    assert response.status_code == 400
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.AWAITING_APPROVAL


def test_a_released_request_cannot_be_approved_from_its_link(client, lead, request_from):
    """An expired request: released after the working days (its sequence rose), so the link is spent."""
    booking = request_from()
    approve_url, _ = links.approval_urls(booking, "http://testserver")
    services.release_undecided(now=services.approval_deadline(booking))

    response = client.post(approve_url)

    assert response.status_code == 400
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED


def test_the_leads_page_costs_the_same_queries_whatever_the_requests(client, lead, request_from):
    def queries():
        client.get(LEADS)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LEADS).status_code == 200
        return len(captured)

    request_from()
    small = queries()
    for _ in range(6):
        request_from()
    large = queries()

    assert small == large


@pytest.fixture
def under_exception(agency):
    """A booking by a teacher of the agency on a course only for social workers, made under an
    individual exception granted by Sam Lee; ``needs_approval`` makes it a request."""

    def make(reason="Covering the specialist team.", needs_approval=True):
        social_worker = JobRoleFactory(code="social-worker", name="Front-line social worker")
        course = CoursePageFactory(requires_lead_approval=needs_approval, eligible_job_roles=[social_worker])
        teacher = person(agency=agency, job_role=JobRoleFactory(code="teacher", name="Teacher"))
        EligibilityExceptionFactory(
            person=teacher, course=course, reason=reason, granted_by=person(full_name="Sam Lee")
        )
        return services.book_session(teacher, SessionFactory(course=course))

    return make


def test_the_leads_page_says_a_request_was_made_under_an_individual_exception(client, lead, under_exception):
    booking = under_exception(reason="Covering the specialist team.")

    html = client.get(LEADS).content.decode()

    assert booking.status == BookingStatus.AWAITING_APPROVAL
    assert f"granted by Sam Lee on {format_date(timezone.now())}: Covering the specialist team." in html


def test_the_leads_page_says_a_staff_booking_was_made_under_an_individual_exception(client, lead, under_exception):
    booking = under_exception(reason="Standing in for the IRO.", needs_approval=False)

    html = client.get(LEADS).content.decode()

    assert booking.status == BookingStatus.CONFIRMED
    assert "Booked under an individual exception granted by Sam Lee" in html
    assert "Standing in for the IRO." in html


def test_the_approval_page_shows_the_individual_exception(client, lead, under_exception):
    booking = under_exception(reason="Covering the specialist team.")
    approve_url, _ = links.approval_urls(booking, "http://testserver")

    html = client.get(approve_url).content.decode()

    assert "Individual exception" in html
    assert "Covering the specialist team." in html


def test_the_leads_page_costs_the_same_queries_whatever_the_exceptions(client, lead, under_exception):
    def queries():
        client.get(LEADS)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LEADS).status_code == 200
        return len(captured)

    under_exception()
    under_exception(needs_approval=False)
    small = queries()
    for _ in range(3):
        under_exception()
        under_exception(needs_approval=False)
    large = queries()

    assert small == large


def test_my_training_links_an_agency_lead_to_their_page(client, lead):
    assert reverse("bookings:leads") in client.get("/profile/training/").content.decode()
