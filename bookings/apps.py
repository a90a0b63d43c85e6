from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class BookingsConfig(AppConfig):
    name = "bookings"
    training_administrators_manage = True  # see people/groups.py

    def ready(self):
        # Views and Wagtail's signals can only be imported once the apps are loaded.
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from bookings.notices import on_booking_changed
        from bookings.signals import booking_changed
        from bookings.views import forget_filter_choices

        for signal in (post_save, post_delete, page_published, page_unpublished, post_page_move):
            signal.connect(forget_filter_choices, dispatch_uid=f"bookings-forget-filter-choices-{id(signal)}")

        booking_changed.connect(on_booking_changed, dispatch_uid="bookings-notices")
