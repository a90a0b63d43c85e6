from django.urls import path

from bookings import views

app_name = "bookings"
urlpatterns = [
    path("whats-on/", views.whats_on, name="whats_on"),
    path("whats-on/calendar.ics", views.calendar_feed, name="calendar_feed"),
    path("sessions/<uuid:uid>/", views.session_detail, name="session_detail"),
    path("sessions/<uuid:uid>/calendar.ics", views.session_calendar, name="session_calendar"),
]
