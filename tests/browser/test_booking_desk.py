"""The booking desk in a real browser: its pages pass axe (every list, the waiting list's forms,
the add page with a refusal), and an administrator adds a person the course would refuse by
giving a reason."""

import pytest
from playwright.sync_api import expect

from bookings.choices import BookingStatus
from bookings.models import Booking
from tests.bookings.factories import BookingFactory, SessionFactory
from tests.bookings.helpers import person
from tests.browser.test_content_security_policy import sign_in_as_administrator
from tests.courses.factories import CoursePageFactory, training_level
from tests.people.factories import JobRoleFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_administrator_adds_an_ineligible_person_with_a_reason(live_server, page, check_a11y):
    social_worker = JobRoleFactory(code="social-worker", name="Front-line social worker")
    session = SessionFactory(
        capacity=2, course=CoursePageFactory(level=training_level(4), eligible_job_roles=[social_worker])
    )
    BookingFactory(session=session, user=UserFactory(full_name="Ada Confirmed"), access_needs="Hearing loop")
    BookingFactory(session=session, user=UserFactory(full_name="Ben Offered"), status=BookingStatus.OFFERED)
    BookingFactory(session=session, user=UserFactory(full_name="Dee Waiting"), status=BookingStatus.WAITLISTED)
    BookingFactory(session=session, user=UserFactory(full_name="Eve Cancelled"), status=BookingStatus.CANCELLED)
    teacher = person(full_name="Tess Teacher", job_role=JobRoleFactory(code="teacher", name="Teacher"))
    sign_in_as_administrator(page, live_server.url)

    page.goto(f"{live_server.url}/admin/bookings/desk/{session.pk}/")
    expect(page.get_by_role("heading", name="Confirmed (1)")).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Name or email address").fill("Tess")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Choose Tess Teacher").click()
    expect(page.get_by_text("Cannot book this session:")).to_be_visible()
    check_a11y(page)

    page.get_by_label("Reason for an individual exception").fill("Covering the specialist team")
    page.get_by_role("button", name="Book with an exception").click()

    # Someone was already waiting, so she joins the waiting list behind them.
    expect(page.get_by_text("Added Tess Teacher: on the waiting list.")).to_be_visible()
    expect(page.get_by_role("heading", name="Waiting list (2 waiting, 1 offered)")).to_be_visible()
    # With the success message showing: Wagtail's own green is too light for AA, and
    # lscb_training/static/lscb_training/admin.css darkens it.
    check_a11y(page)
    assert Booking.objects.get(session=session, user=teacher).eligibility_exception.reason == (
        "Covering the specialist team"
    )
