"""A person's calendar invite (bookings.invites): the public session's entry, made theirs."""

import re

import pytest
from icalendar import Calendar

from django.core import mail

from wagtail.models import Site

from bookings.calendar import UID_DOMAIN
from bookings.choices import BookingEvent, SessionStatus
from bookings.invites import CANCEL, REQUEST, build_invite, invite_uid
from lscb_training.models import SiteSettings
from tests.bookings.notice_helpers import STARTS, announce, invite_of, make_booking
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db


def invite(booking, method=REQUEST, sequence=0):
    text = build_invite(
        booking,
        method=method,
        sequence=sequence,
        organizer_email="training@fellside.example.org",
        organizer_name="Fellside Partnership",
        base_url="https://training.example.org",
    )
    return text, Calendar.from_ical(text)


def test_the_invite_requests_the_persons_own_entry_with_the_partnership_organising():
    booking = make_booking()

    _, calendar = invite(booking, sequence=3)

    [event] = calendar.events
    assert calendar["METHOD"] == "REQUEST"
    assert event["UID"] == f"{booking.session.uid}-{booking.user.pk}@{UID_DOMAIN}"
    assert event["SEQUENCE"] == 3
    assert event["STATUS"] == "CONFIRMED"
    assert str(event["ORGANIZER"]) == "mailto:training@fellside.example.org"
    assert event["ORGANIZER"].params["CN"] == "Fellside Partnership"
    assert str(event["ATTENDEE"]) == "mailto:ruth.lowther@fellside.example.org"
    assert event["ATTENDEE"].params["CN"] == "Ruth Lowther"
    assert event["ATTENDEE"].params["RSVP"] == "FALSE"


def test_the_invite_is_at_the_sessions_london_time_with_the_fixed_timezone():
    _, calendar = invite(make_booking())

    [event] = calendar.events
    assert [str(zone["TZID"]) for zone in calendar.timezones] == ["Europe/London"]
    assert event.start == STARTS
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["SUMMARY"] == "CSE Awareness for Practitioners"
    assert event["LOCATION"] == "Riverside Centre, 1 Castle Street, Carlisle, CA3 8SY"


def test_each_person_has_an_entry_of_their_own_apart_from_the_public_feeds():
    booking = make_booking()
    other = make_booking(session=booking.session, user=UserFactory())

    mine, theirs = invite_uid(booking.session, booking.user), invite_uid(other.session, other.user)

    assert mine != theirs
    assert mine != f"{booking.session.uid}@{UID_DOMAIN}"


def test_the_cancellation_has_the_same_uid_and_says_it_is_cancelled():
    booking = make_booking()

    _, request = invite(booking, sequence=0)
    _, cancel = invite(booking, method=CANCEL, sequence=1)

    assert cancel["METHOD"] == "CANCEL"
    assert cancel.events[0]["UID"] == request.events[0]["UID"]
    assert cancel.events[0]["STATUS"] == "CANCELLED"
    assert cancel.events[0]["SUMMARY"] == "Cancelled: CSE Awareness for Practitioners"


def test_a_cancelled_sessions_entry_is_not_said_cancelled_twice():
    booking = make_booking()
    booking.session.status = SessionStatus.CANCELLED
    booking.session.save()

    _, cancel = invite(booking, method=CANCEL, sequence=1)

    assert cancel.events[0]["SUMMARY"] == "Cancelled: CSE Awareness for Practitioners"


def test_the_invite_links_only_to_the_public_session_page():
    booking = make_booking()

    text, calendar = invite(booking)

    unfolded = text.replace("\r\n ", "")
    links = set(re.findall(r"https?://[^\s\\,;]+", unfolded))
    assert links == {f"https://training.example.org/sessions/{booking.session.uid}/"}
    assert calendar.events[0]["URL"] == f"https://training.example.org/sessions/{booking.session.uid}/"


def test_the_emailed_invite_carries_no_token_and_names_the_site_settings_contact(django_capture_on_commit_callbacks):
    settings_row = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.contact_email = "cse.training@partnership.example.org"
    settings_row.save()
    booking = make_booking()

    announce(django_capture_on_commit_callbacks, booking, BookingEvent.CONFIRMED)

    calendar = invite_of(mail.outbox[0])
    text = calendar.to_ical().decode().replace("\r\n ", "")
    assert str(calendar.events[0]["ORGANIZER"]) == "mailto:cse.training@partnership.example.org"
    assert "offers" not in text
    assert "token" not in text.lower()
    assert set(re.findall(r"https?://[^\s\\,;]+", text)) == {f"http://localhost/sessions/{booking.session.uid}/"}
