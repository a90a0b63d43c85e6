"""Signed answer links: genuine, single use, and useless once tampered with."""

import pytest

from bookings.links import APPROVAL_SALT, booking_for_token, make_token, offer_urls
from bookings.services import accept_offer, book_session, cancel_booking
from tests.bookings.factories import SessionFactory
from tests.bookings.helpers import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer():
    session = SessionFactory(capacity=1)
    booked, waiting = book_session(person(), session), book_session(person(), session)
    cancel_booking(booked, by=booked.user)
    waiting.refresh_from_db()
    return waiting


def test_an_offer_token_names_the_booking(offer):
    assert booking_for_token(make_token(offer)) == offer


def test_a_tampered_token_names_nothing(offer):
    token = make_token(offer)

    assert booking_for_token(token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]) is None


def test_an_offer_token_is_no_approval_token(offer):
    assert booking_for_token(make_token(offer), salt=APPROVAL_SALT) is None


def test_a_token_stops_working_once_the_offer_is_answered(offer):
    token = make_token(offer)

    accept_offer(offer, by=offer.user)

    assert booking_for_token(token) is None


def test_offer_urls_are_absolute_accept_and_decline_links(offer, settings):
    settings.ROOT_URLCONF = "tests.bookings.link_urls"

    accept, decline = offer_urls(offer, "https://training.example.org/")

    assert accept.startswith("https://training.example.org/offer/accept/")
    assert decline.startswith("https://training.example.org/offer/decline/")
    assert booking_for_token(accept.rstrip("/").rsplit("/", 1)[1]) == offer
