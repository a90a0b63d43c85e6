import uuid

from django.urls import path, register_converter

from bookings import views


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
]
