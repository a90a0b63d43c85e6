import uuid

from django.urls import path, register_converter

from bookings import booking_views, change_views, lead_views, views


class SessionUidConverter:
    """A session's UUID in either case: people retype links, and some mail and chat apps
    upper-case them; Django's ``uuid`` converter takes lower case only. Links are written
    lower case."""

    regex = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"

    def to_python(self, value):
        return uuid.UUID(value)

    def to_url(self, value):
        return str(value).lower()


register_converter(SessionUidConverter, "session_uid")

app_name = "bookings"
urlpatterns = [
    path("whats-on/", views.whats_on, name="whats_on"),
    path("whats-on/calendar.ics", views.calendar_feed, name="calendar_feed"),
    path("sessions/<session_uid:uid>/", views.session_detail, name="session_detail"),
    path("sessions/<session_uid:uid>/calendar.ics", views.session_calendar, name="session_calendar"),
    # A person's own bookings (bookings.booking_views).
    path("sessions/<session_uid:uid>/book/", booking_views.book, name="book"),
    path("bookings/past/", booking_views.past_bookings, name="past_bookings"),
    path("bookings/<int:pk>/", booking_views.booking_detail, name="booking_detail"),
    path("bookings/<int:pk>/cancel/", booking_views.cancel, name="cancel"),
    path("bookings/<int:pk>/offer/accept/", booking_views.my_offer, {"action": "accept"}, name="my_offer_accept"),
    path("bookings/<int:pk>/offer/decline/", booking_views.my_offer, {"action": "decline"}, name="my_offer_decline"),
    path("offer/<str:token>/accept/", booking_views.offer_accept, name="offer_accept"),
    path("offer/<str:token>/decline/", booking_views.offer_decline, name="offer_decline"),
    # Moving to another date after the partnership cancelled a session (bookings.change_views).
    path("bookings/<int:pk>/move/", change_views.my_transfer, name="my_transfer"),
    path("move/<str:token>/", change_views.transfer, name="transfer"),
    path("bookings/<int:pk>/hand-on/", change_views.substitute_as_line_manager, name="substitute"),
    path("calendar/<str:token>.ics", booking_views.personal_calendar, name="personal_calendar"),
    path("profile/training/calendar/reset/", booking_views.reset_calendar, name="reset_calendar"),
    # Agency leads (bookings.lead_views), behind two-factor sign-in.
    path("leads/", lead_views.leads_home, name="leads"),
    path("leads/requests/<str:token>/approve/", lead_views.approval_approve, name="approval_approve"),
    path("leads/requests/<str:token>/decline/", lead_views.approval_decline, name="approval_decline"),
    path("leads/history/", lead_views.leads_history, name="leads_history"),
    path("leads/ledger/", lead_views.leads_ledger, name="leads_ledger"),
    path("leads/bookings/<int:pk>/hand-on/", change_views.substitute_as_lead, name="lead_substitute"),
]
