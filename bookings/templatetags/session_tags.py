"""Template filters for sessions: ``{% load session_tags %}{{ session|session_when }}``."""

from django import template

from bookings.dates import format_date, format_time, format_when

register = template.Library()


@register.filter
def session_when(session):
    """'Tuesday 14 March 2027, 9:30am to 12:30pm' in Europe/London."""
    return format_when(session.starts_at, session.ends_at)


@register.filter
def long_date(value):
    """'Monday 5 April 2027' for a date or an aware datetime (Europe/London)."""
    return format_date(value) if value else ""


@register.filter
def short_time(value):
    """'9:30am' for an aware datetime (Europe/London)."""
    return format_time(value) if value else ""
