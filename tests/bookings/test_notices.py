"""Every booking change reaches the person's inbox (bookings.notices), once, in the wording an
administrator chose or the standard one."""

import re
from datetime import timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.db.models import Value

from bookings import links, notices, services
from bookings.choices import BookingEvent, BookingStatus
from bookings.models import Booking, BookingQuerySet
from bookings.notice_models import EmailTemplate, NoticeEvent, SentNotice, default_wording
from bookings.notices import compose_notice, send_notice
from bookings.signals import booking_changed
from lscb_training.dates import format_date, format_time, format_when
from tests.bookings.factories import BookingFactory
from tests.bookings.helpers import person, person_with_a_lead
from tests.bookings.notice_helpers import (
    STARTS,
    announce,
    calendar_parts,
    html_of,
    invite_of,
    make_booking,
    make_session,
)
from tests.courses.factories import CoursePageFactory
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, UserFactory

pytestmark = pytest.mark.django_db

WHEN = format_when(STARTS, STARTS.replace(hour=12, minute=30))


def test_the_date_reads_as_the_site_shows_it():
    assert WHEN.startswith("Tuesday 14 March ")
    assert WHEN.endswith(", 9:30am to 12:30pm")


def test_a_confirmation_goes_to_the_person_with_the_date_place_and_both_bodies(django_capture_on_commit_callbacks):
    booking = make_booking()

    announce(django_capture_on_commit_callbacks, booking, BookingEvent.CONFIRMED)

    [message] = mail.outbox
    assert message.subject == "Place confirmed: CSE Awareness for Practitioners"
    assert message.to == ["ruth.lowther@fellside.example.org"]
    assert "Dear Ruth Lowther," in message.body
    assert f"When: {WHEN}" in message.body
    assert "Where: Riverside Centre, 1 Castle Street, Carlisle, CA3 8SY" in message.body
    assert WHEN in html_of(message)
    assert message.extra_headers["Reply-To"] == "training@lscb.example.org"


def test_a_confirmation_copies_the_line_manager(django_capture_on_commit_callbacks):
    booking = make_booking(line_manager_email="pat.manager@fellside.example.org")

    announce(django_capture_on_commit_callbacks, booking, BookingEvent.CONFIRMED)

    assert mail.outbox[0].cc == ["pat.manager@fellside.example.org"]


def test_a_confirmation_without_a_line_manager_copies_nobody(django_capture_on_commit_callbacks):
    announce(django_capture_on_commit_callbacks, make_booking(), BookingEvent.CONFIRMED)

    assert mail.outbox[0].cc == []


def test_a_confirmation_carries_the_invite_inline_and_as_a_file(django_capture_on_commit_callbacks):
    booking = make_booking()

    announce(django_capture_on_commit_callbacks, booking, BookingEvent.CONFIRMED)

    message = mail.outbox[0]
    inline, files = calendar_parts(message)
    assert [mimetype for _, mimetype in message.alternatives] == [
        "text/html",
        "text/calendar; method=REQUEST",
    ]
    assert [(name, mimetype) for name, _, mimetype in files] == [("invite.ics", "application/ics")]
    assert files[0][1] == inline[0]
    invite = invite_of(message)
    assert invite["METHOD"] == "REQUEST"
    assert str(invite.events[0]["UID"]).startswith(f"{booking.session.uid}-{booking.user.pk}@")
    assert invite.events[0]["SEQUENCE"] == 0


def test_a_confirmation_is_built_into_a_real_mime_invite(django_capture_on_commit_callbacks):
    announce(django_capture_on_commit_callbacks, make_booking(), BookingEvent.CONFIRMED)

    raw = mail.outbox[0].message().as_string()

    assert 'Content-Type: text/calendar; method="REQUEST"; charset="utf-8"\n' in raw
    assert "multipart/alternative" in raw


def test_joining_the_waiting_list_says_the_position_in_the_queue(django_capture_on_commit_callbacks):
    session = make_session()
    BookingFactory(session=session, status=BookingStatus.WAITLISTED)
    booking = make_booking(session=session, status=BookingStatus.WAITLISTED)

    announce(django_capture_on_commit_callbacks, booking, BookingEvent.WAITLISTED)

    [message] = mail.outbox
    assert message.subject == "On the waiting list: CSE Awareness for Practitioners"
    assert "You are number 2 on the list." in message.body
    assert calendar_parts(message) == ([], [])


def test_the_waiting_list_email_numbers_the_queue_as_my_bookings_does(django_capture_on_commit_callbacks, monkeypatch):
    # One definition of the position: the queryset's annotation, which My bookings also shows.
    booking = make_booking(status=BookingStatus.WAITLISTED)
    monkeypatch.setattr(BookingQuerySet, "with_waiting_position", lambda qs: qs.annotate(waiting_position=Value(7)))

    announce(django_capture_on_commit_callbacks, booking, BookingEvent.WAITLISTED)

    assert "You are number 7 on the list." in mail.outbox[0].body


def test_an_offer_gives_the_deadline_and_signed_accept_and_decline_links(django_capture_on_commit_callbacks):
    booking = make_booking(status=BookingStatus.WAITLISTED)
    # Booking.offer_expires_at comes with the booking services; the email reads the attribute.
    booking.offer_expires_at = STARTS.replace(day=STARTS.day - 5, hour=17, minute=0)

    announce(django_capture_on_commit_callbacks, booking, BookingEvent.OFFERED)

    [message] = mail.outbox
    # The signed token carries the second it was made, so it is read back from the email.
    token = re.search(r"Accept the place: http://localhost/offer/([^/]+)/accept/", message.body).group(1)
    assert message.subject == "A place is free for you: CSE Awareness for Practitioners"
    assert f"You need to accept the place by 5pm on Thursday {STARTS.day - 5} March" in message.body
    assert f"Accept the place: http://localhost/offer/{token}/accept/" in message.body
    assert f"Turn the place down: http://localhost/offer/{token}/decline/" in message.body
    assert signing.loads(token, salt="bookings.offer") == {"b": booking.pk, "s": 0}
    assert f'href="http://localhost/offer/{token}/accept/"' in html_of(message)
    assert calendar_parts(message) == ([], [])


@pytest.mark.parametrize(
    ("event", "subject"),
    [
        (BookingEvent.OFFER_EXPIRED, "Offer ended: CSE Awareness for Practitioners"),
        (BookingEvent.OFFER_DECLINED, "You turned down a place: CSE Awareness for Practitioners"),
        (BookingEvent.DECLINED, "Request not approved: CSE Awareness for Practitioners"),
    ],
)
def test_the_person_is_told_of_an_ended_offer_or_request(django_capture_on_commit_callbacks, event, subject):
    announce(django_capture_on_commit_callbacks, make_booking(status=BookingStatus.CANCELLED), event)

    [message] = mail.outbox
    assert (message.subject, message.to, message.cc) == (subject, ["ruth.lowther@fellside.example.org"], [])
    assert WHEN in message.body


def test_a_declined_request_gives_the_leads_reason(django_capture_on_commit_callbacks):
    booking = make_booking(status=BookingStatus.CANCELLED)

    announce(django_capture_on_commit_callbacks, booking, BookingEvent.DECLINED, reason="Team cover that week.")

    assert "The reason they gave: Team cover that week." in mail.outbox[0].body


def leads_of(agency, count=2):
    return [AgencyLeadershipFactory(agency=agency, user=UserFactory(agency=agency)).user for _ in range(count)]


def test_a_request_for_approval_goes_to_the_leads_of_the_persons_agency_only(django_capture_on_commit_callbacks):
    agency = AgencyFactory(name="Fellside Children's Services")
    leads = leads_of(agency)
    leads_of(AgencyFactory(name="Another Agency"), count=1)
    person = UserFactory(full_name="Ruth Lowther", agency=agency)
    booking = make_booking(user=person)

    announce(django_capture_on_commit_callbacks, booking, BookingEvent.AWAITING_APPROVAL)

    [message] = [message for message in mail.outbox if message.to != [person.email]]
    assert sorted(message.to) == sorted(lead.email for lead in leads)
    assert message.subject == "Approval needed: Ruth Lowther, CSE Awareness for Practitioners"
    assert "Ruth Lowther from Fellside Children's Services has asked for a place" in message.body
    assert f"When: {WHEN}" in message.body
    assert "http://localhost/leads/" in message.body
    approve, refuse = (
        re.search(rf"{label} the request: (\S+)", message.body).group(1) for label in ("Approve", "Decline")
    )
    assert approve.startswith("http://localhost/leads/requests/") and approve.endswith("/approve/")
    assert refuse.startswith("http://localhost/leads/requests/") and refuse.endswith("/decline/")
    assert links.booking_for_token(approve.split("/")[-3], salt=links.APPROVAL_SALT) == booking


def test_a_request_for_approval_with_no_lead_to_ask_sends_the_leads_nothing(django_capture_on_commit_callbacks):
    booking = make_booking()

    announce(django_capture_on_commit_callbacks, booking, BookingEvent.AWAITING_APPROVAL)

    assert [message.to for message in mail.outbox] == [[booking.user.email]]


def request_through_the_services(capture):
    """A request made as the site makes it: a person whose agency has a lead, on a course that
    needs approval, booked by ``book_session``, with its emails sent."""
    agency = AgencyFactory(name="Fellside Children's Services")
    leads_of(agency, count=2)
    person = UserFactory(
        full_name="Ruth Lowther", email="ruth.lowther@fellside.example.org", agency=agency, line_manager_name="Pat"
    )
    session = make_session(course=CoursePageFactory(title="CSE specialist workshop", requires_lead_approval=True))
    with capture(execute=True):
        return services.book_session(person, session, line_manager_email="pat.manager@fellside.example.org")


def test_the_person_who_asked_gets_one_acknowledgement_saying_who_decides_and_by_when(
    django_capture_on_commit_callbacks,
):
    booking = request_through_the_services(django_capture_on_commit_callbacks)

    [message] = [message for message in mail.outbox if booking.user.email in message.to]
    assert booking.status == BookingStatus.AWAITING_APPROVAL
    assert message.to == ["ruth.lowther@fellside.example.org"]
    assert message.cc == []
    assert message.subject == "Request sent for approval: CSE specialist workshop"
    assert (
        f"Your request for a place on CSE specialist workshop, {WHEN}, has gone to your agency lead for approval. "
        "We will email you when they decide." in message.body
    )
    deadline = services.approval_deadline(booking)
    assert f"If nobody decides by {format_time(deadline)} on {format_date(deadline)}, the request is released" in (
        message.body
    )
    assert "If nobody decides by" in html_of(message)
    assert calendar_parts(message) == ([], [])
    assert len(mail.outbox) == 2  # and the leads' request to decide


def test_a_retried_acknowledgement_is_sent_once(django_capture_on_commit_callbacks):
    booking = request_through_the_services(django_capture_on_commit_callbacks)
    notice = compose_notice(booking, NoticeEvent.REQUEST_RECEIVED)

    retry = send_notice.enqueue(**notice)
    announce(django_capture_on_commit_callbacks, booking, BookingEvent.AWAITING_APPROVAL)

    assert retry.return_value == 0
    assert [message.subject for message in mail.outbox].count("Request sent for approval: CSE specialist workshop") == 1
    assert SentNotice.objects.filter(booking=booking, event=NoticeEvent.REQUEST_RECEIVED).count() == 1


def test_an_approval_confirms_the_place_with_the_invite_and_copies_the_line_manager(
    django_capture_on_commit_callbacks,
):
    booking = make_booking(line_manager_email="pat.manager@fellside.example.org")

    announce(django_capture_on_commit_callbacks, booking, BookingEvent.APPROVED)

    [message] = mail.outbox
    assert message.cc == ["pat.manager@fellside.example.org"]
    assert invite_of(message)["METHOD"] == "REQUEST"


def test_a_released_request_tells_the_person_and_copies_the_leads(django_capture_on_commit_callbacks):
    agency = AgencyFactory()
    leads = leads_of(agency, count=1)
    booking = make_booking(user=UserFactory(agency=agency), status=BookingStatus.CANCELLED)

    announce(django_capture_on_commit_callbacks, booking, BookingEvent.RELEASED)

    [message] = mail.outbox
    assert message.to == [booking.user.email]
    assert message.cc == [leads[0].email]
    assert message.subject == "Request not decided in time: CSE Awareness for Practitioners"


def test_cancelling_a_confirmed_place_cancels_the_same_calendar_entry_at_a_higher_sequence(
    django_capture_on_commit_callbacks,
):
    booking = make_booking(line_manager_email="pat.manager@fellside.example.org")
    announce(django_capture_on_commit_callbacks, booking, BookingEvent.CONFIRMED)
    booking.status = BookingStatus.CANCELLED
    booking.save()

    announce(django_capture_on_commit_callbacks, booking, BookingEvent.CANCELLED, late=False)

    invite, cancellation = mail.outbox
    sent, cancelled = invite_of(invite), invite_of(cancellation)
    assert cancellation.subject == "Booking cancelled: CSE Awareness for Practitioners"
    assert cancellation.cc == ["pat.manager@fellside.example.org"]
    assert cancelled["METHOD"] == "CANCEL"
    assert cancelled.events[0]["UID"] == sent.events[0]["UID"]
    assert cancelled.events[0]["SEQUENCE"] > sent.events[0]["SEQUENCE"]
    assert cancelled.events[0]["STATUS"] == "CANCELLED"
    assert [mimetype for _, mimetype in cancellation.alternatives][1] == "text/calendar; method=CANCEL"
    assert "late cancellation" not in cancellation.body


def test_a_late_cancellation_says_it_is_recorded_as_late(django_capture_on_commit_callbacks):
    booking = make_booking(status=BookingStatus.CANCELLED)

    announce(django_capture_on_commit_callbacks, booking, BookingEvent.CANCELLED, late=True)

    assert "it is recorded as a late cancellation" in mail.outbox[0].body


def test_a_cancellation_before_the_invite_was_sent_still_cancels_above_its_sequence(
    django_capture_on_commit_callbacks,
):
    booking = make_booking(status=BookingStatus.CANCELLED)

    announce(django_capture_on_commit_callbacks, booking, BookingEvent.CANCELLED, late=False)

    cancelled = invite_of(mail.outbox[0])
    assert cancelled["METHOD"] == "CANCEL"
    assert cancelled.events[0]["SEQUENCE"] == 1


def test_a_cancelled_session_cancels_each_persons_entry(django_capture_on_commit_callbacks):
    booking = make_booking(line_manager_email="pat.manager@fellside.example.org")
    announce(django_capture_on_commit_callbacks, booking, BookingEvent.CONFIRMED)

    announce(django_capture_on_commit_callbacks, booking, BookingEvent.SESSION_CANCELLED)

    message = mail.outbox[1]
    assert message.subject == "Session cancelled: CSE Awareness for Practitioners"
    assert message.cc == ["pat.manager@fellside.example.org"]
    assert invite_of(message)["METHOD"] == "CANCEL"


def place_of(status):
    """A booking made through the services that is ``status``: waiting, offered or awaiting approval."""
    approval = status == BookingStatus.AWAITING_APPROVAL
    session = make_session(capacity=1, course=CoursePageFactory(requires_lead_approval=approval))
    holder = person_with_a_lead() if approval else person()
    held = services.book_session(holder, session)
    if approval:
        return held
    mine = services.book_session(person(), session)
    if status == BookingStatus.OFFERED:
        services.cancel_booking(held, by=holder)
    return Booking.objects.get(pk=mine.pk)


@pytest.mark.parametrize("status", [BookingStatus.WAITLISTED, BookingStatus.OFFERED, BookingStatus.AWAITING_APPROVAL])
def test_cancelling_a_place_never_confirmed_sends_no_calendar_cancel_and_copies_nobody(
    django_capture_on_commit_callbacks, status
):
    booking = place_of(status)
    assert booking.status == status and booking.line_manager_email
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(booking, by=booking.user)

    [message] = [m for m in mail.outbox if m.subject.startswith("Booking cancelled")]
    assert message.to == [booking.user.email]
    assert message.cc == []
    assert calendar_parts(message) == ([], [])


def test_a_cancelled_session_sends_no_calendar_cancel_to_someone_waiting_and_copies_nobody(
    django_capture_on_commit_callbacks,
):
    booking = place_of(BookingStatus.WAITLISTED)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(booking.session)

    [message] = [m for m in mail.outbox if booking.user.email in m.to]
    assert message.subject.startswith("Session cancelled")
    assert message.cc == []
    assert calendar_parts(message) == ([], [])


def test_cancelling_a_confirmed_place_through_the_services_cancels_its_invite_and_copies_the_line_manager(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.book_session(person(), make_session())
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(booking, by=booking.user)

    [message] = mail.outbox
    assert message.cc == [booking.line_manager_email]
    assert invite_of(message)["METHOD"] == "CANCEL"


def test_nothing_is_sent_for_a_change_that_rolls_back(django_capture_on_commit_callbacks):
    booking = make_booking()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        booking_changed.send(sender=None, booking=booking, event=BookingEvent.CONFIRMED)

    assert len(callbacks) == 1
    assert mail.outbox == []


# Sent once.


def test_a_retried_task_sends_the_email_once():
    booking = make_booking()
    notice = compose_notice(booking, BookingEvent.CONFIRMED)

    first = send_notice.enqueue(**notice)
    retry = send_notice.enqueue(**notice)

    assert (first.return_value, retry.return_value) == (1, 0)
    assert len(mail.outbox) == 1
    assert SentNotice.objects.filter(booking=booking, event=BookingEvent.CONFIRMED, sequence=0).count() == 1


def test_a_failed_send_is_not_recorded_so_its_retry_sends(monkeypatch):
    booking = make_booking()
    notice = compose_notice(booking, BookingEvent.CONFIRMED)

    def mail_server_down(**email):
        raise ConnectionRefusedError

    monkeypatch.setattr(notices, "deliver_email", mail_server_down)
    with pytest.raises(ConnectionRefusedError):
        send_notice.call(**notice)
    monkeypatch.undo()

    assert not SentNotice.objects.filter(booking=booking).exists()
    assert send_notice.call(**notice) == 1
    assert len(mail.outbox) == 1


def test_a_renewed_invite_at_a_new_sequence_is_sent_again():
    booking = make_booking()
    notice = compose_notice(booking, BookingEvent.CONFIRMED)
    send_notice.call(**notice)

    assert send_notice.call(**{**notice, "sequence": 1}) == 1
    assert len(mail.outbox) == 2


# The wording administrators edit.


def test_an_administrators_wording_replaces_the_standard_one(django_capture_on_commit_callbacks):
    EmailTemplate.objects.create(
        event=NoticeEvent.CONFIRMED,
        subject="You're booked: {{ course }}",
        body="Hello {{ person_name }}, see you on {{ when }}.\n\nDetails: {{ session_url }}",
    )

    announce(django_capture_on_commit_callbacks, make_booking(), BookingEvent.CONFIRMED)

    message = mail.outbox[0]
    assert message.subject == "You're booked: CSE Awareness for Practitioners"
    assert message.body.startswith(f"Hello Ruth Lowther, see you on {WHEN}.")
    assert invite_of(message)["METHOD"] == "REQUEST"


def test_the_html_body_escapes_the_wording_and_the_values(django_capture_on_commit_callbacks):
    EmailTemplate.objects.create(
        event=NoticeEvent.CONFIRMED, subject="Booked", body="<b>Hello</b> {{ person_name }}\n\n{{ session_url }}"
    )
    person = UserFactory(full_name="Zoë <script>alert(1)</script> O’Neill")

    announce(django_capture_on_commit_callbacks, make_booking(user=person), BookingEvent.CONFIRMED)

    html = html_of(mail.outbox[0])
    assert "&lt;b&gt;Hello&lt;/b&gt; Zoë &lt;script&gt;alert(1)&lt;/script&gt; O’Neill" in html
    assert "<script>" not in html
    assert '<a href="http://localhost/sessions/' in html


@pytest.mark.parametrize("event", NoticeEvent.values)
def test_every_email_has_a_standard_wording_with_known_placeholders(event):
    subject, body = default_wording(event)

    EmailTemplate(event=event, subject=subject, body=body).clean()
    assert subject
    assert "{{ person_name }}" in body or "{{ agency }}" in body


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Hello {{ user.password }}", "Not known: {{ user }}"),
        ("{% include 'base.html' %}", "This wording cannot be used"),
        ("{% debug %}", "This wording cannot be used"),
        ("{% load static %}", "This wording cannot be used"),
        ("{% if late %}unclosed", "This wording cannot be used"),
    ],
)
def test_wording_with_an_unknown_placeholder_or_tag_is_refused_in_words(body, message):
    wording = EmailTemplate(event=NoticeEvent.CONFIRMED, subject="Booked", body=body)

    with pytest.raises(ValidationError) as refused:
        wording.full_clean()

    assert message in " ".join(refused.value.message_dict["body"])


def test_an_administrator_edits_the_wording_in_the_admin(administrator_client):
    response = administrator_client.post(
        "/admin/bookings/email-wording/new/",
        {"event": NoticeEvent.WAITLISTED, "subject": "Waiting: {{ course }}", "body": "Number {{ position }}."},
    )

    assert response.status_code == 302
    assert EmailTemplate.objects.wording(NoticeEvent.WAITLISTED) == ("Waiting: {{ course }}", "Number {{ position }}.")


def test_the_admin_refuses_an_unknown_placeholder_beside_the_field(administrator_client):
    response = administrator_client.post(
        "/admin/bookings/email-wording/new/",
        {"event": NoticeEvent.WAITLISTED, "subject": "Waiting", "body": "Number {{ place }}."},
    )

    assert response.status_code == 200
    assert "Not known: {{ place }}" in response.content.decode()
    assert not EmailTemplate.objects.exists()


def test_the_admin_lists_the_standard_emails_to_change(administrator_client):
    EmailTemplate.objects.create(event=NoticeEvent.CONFIRMED, subject="Booked", body="Hello {{ person_name }}")

    html = administrator_client.get("/admin/bookings/email-wording/").content.decode()

    assert "Change “Added to the waiting list”" in html
    assert "/admin/bookings/email-wording/new/?event=request_received" in html
    assert "/admin/bookings/email-wording/new/?event=waitlisted" in html
    assert "Change “Place confirmed”" not in html


def test_a_new_wording_starts_from_the_standard_one(administrator_client):
    response = administrator_client.get("/admin/bookings/email-wording/new/?event=waitlisted")

    html = response.content.decode()
    assert response.status_code == 200
    assert "On the waiting list: {{ course }}" in html
    assert "You are number {{ position }} on the list." in html


def test_the_acknowledgement_of_a_request_is_worded_in_the_admin_like_the_others(administrator_client):
    html = administrator_client.get("/admin/bookings/email-wording/new/?event=request_received").content.decode()

    assert "Request sent for approval: {{ course }}" in html
    assert "If nobody decides by {{ approval_deadline }}" in html


def test_an_administrators_wording_of_the_acknowledgement_is_the_one_sent(django_capture_on_commit_callbacks):
    EmailTemplate.objects.create(
        event=NoticeEvent.REQUEST_RECEIVED,
        subject="We have your request: {{ course }}",
        body="Hello {{ person_name }}, your lead has until {{ approval_deadline }}.",
    )

    booking = request_through_the_services(django_capture_on_commit_callbacks)

    [message] = [message for message in mail.outbox if booking.user.email in message.to]
    assert message.subject == "We have your request: CSE specialist workshop"
    deadline = services.approval_deadline(booking)
    assert f"your lead has until {format_time(deadline)} on {format_date(deadline)}." in message.body


def test_reminder_wording_is_kept_apart_from_the_calendar_sequence():
    booking = make_booking()

    notice = compose_notice(booking, NoticeEvent.REMINDER_1D, now=STARTS - timedelta(hours=20))

    assert (notice["event"], notice["sequence"]) == ("reminder_1d", 0)
    assert notice["email"]["subject"] == "Reminder: CSE Awareness for Practitioners tomorrow"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_the_database_queue_the_email_waits_for_the_worker_which_sends_it_once(settings):
    settings.TASKS = {**settings.TASKS, "background": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    booking = make_booking(line_manager_email="pat.manager@fellside.example.org")

    with transaction.atomic():
        booking_changed.send(sender=Booking, booking=booking, event=BookingEvent.CONFIRMED, by=None)
        queued_inside = DBTaskResult.objects.count()
    compose_notice_again = compose_notice(booking, BookingEvent.CONFIRMED)
    send_notice.using(backend="background").enqueue(**compose_notice_again)  # a duplicate, as a retry would be
    sent_before_the_worker = len(mail.outbox)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--backend", "background")

    assert (queued_inside, sent_before_the_worker) == (0, 0)
    assert DBTaskResult.objects.filter(task_path="bookings.notices.send_notice").count() == 2
    [message] = mail.outbox
    assert message.cc == ["pat.manager@fellside.example.org"]
    assert invite_of(message)["METHOD"] == "REQUEST"


def test_a_no_show_email_copies_the_line_manager_and_links_to_other_dates(django_capture_on_commit_callbacks):
    booking = make_booking(line_manager_email="lee.manager@fellside.example.org")
    announce(django_capture_on_commit_callbacks, booking, BookingEvent.DID_NOT_ATTEND)
    (message,) = mail.outbox
    assert message.cc == ["lee.manager@fellside.example.org"]
    assert "did not attend" in message.body
    assert f"/whats-on/?course={booking.session.course_id}" in message.body
