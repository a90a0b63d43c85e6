"""What the booking services announce, after the change commits. ``bookings.notices`` listens."""

from django.dispatch import Signal

# Sent as booking_changed.send(sender=Booking, booking=..., event=BookingEvent..., by=user or None, **extra).
booking_changed = Signal()
