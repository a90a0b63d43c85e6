"""The answer links' URL names, for tests/bookings/test_links.py: the views that serve them are
built on top of bookings.services, apart from these tests."""

from django.http import HttpResponse
from django.urls import include, path


def answer(request, token):
    return HttpResponse(token)


bookings_patterns = (
    [
        path(f"{prefix}/<str:token>/", answer, name=name)
        for prefix, name in [
            ("offer/accept", "offer_accept"),
            ("offer/decline", "offer_decline"),
            ("approval/approve", "approval_approve"),
            ("approval/decline", "approval_decline"),
        ]
    ],
    "bookings",
)
urlpatterns = [path("", include(bookings_patterns))]
