"""Signed links that let a person answer from an email: accept or decline an offered place, and
for agency leads approve or decline a request.

A token is ``signing.dumps({"b": booking.pk, "s": booking.sequence}, salt=...)``: it names the
booking and the SEQUENCE it had when the email went out. Every answer raises the booking's
sequence, so a link works once; a changed character fails the signature. The views that serve
the links (``bookings:offer_accept``, ``bookings:offer_decline``, ``bookings:approval_approve``,
``bookings:approval_decline``, each taking ``<str:token>``) still check who is signed in: for an
approval, a lead of the person's agency (``bookings.services.may_decide``).
"""

from django.core import signing
from django.urls import reverse

from bookings.models import Booking

OFFER_SALT = "bookings.offer"
APPROVAL_SALT = "bookings.approval"
TRANSFER_SALT = "bookings.transfer"


def make_token(booking, salt=OFFER_SALT):
    return signing.dumps({"b": booking.pk, "s": booking.sequence}, salt=salt)


def booking_for_token(token, salt=OFFER_SALT):
    """The booking a token names, if the token is genuine and not yet used; otherwise ``None``."""
    try:
        data = signing.loads(token, salt=salt)
        booking = Booking.objects.select_related("session", "user").get(pk=data["b"])
    except (signing.BadSignature, Booking.DoesNotExist, KeyError, TypeError):
        return None
    return booking if booking.sequence == data.get("s") else None


def _absolute(request_or_base_url, path):
    if hasattr(request_or_base_url, "build_absolute_uri"):
        return request_or_base_url.build_absolute_uri(path)
    return f"{request_or_base_url.rstrip('/')}{path}"


def offer_urls(booking, request_or_base_url):
    """(accept_url, decline_url) for an offered place, absolute, for an email."""
    token = make_token(booking, OFFER_SALT)
    return tuple(
        _absolute(request_or_base_url, reverse(name, kwargs={"token": token}))
        for name in ("bookings:offer_accept", "bookings:offer_decline")
    )


def approval_urls(booking, request_or_base_url):
    """(approve_url, decline_url) for a request awaiting a lead's approval, absolute."""
    token = make_token(booking, APPROVAL_SALT)
    return tuple(
        _absolute(request_or_base_url, reverse(name, kwargs={"token": token}))
        for name in ("bookings:approval_approve", "bookings:approval_decline")
    )


def transfer_url(booking, request_or_base_url):
    """The link to move a booking of a cancelled session to another date, absolute. It works
    once: moving the booking raises its sequence."""
    token = make_token(booking, TRANSFER_SALT)
    return _absolute(request_or_base_url, reverse("bookings:transfer", kwargs={"token": token}))
