from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    training_administrators_manage = True  # see people/groups.py
