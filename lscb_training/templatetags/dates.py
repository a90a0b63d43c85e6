"""Dates in templates, worded as ``lscb_training.dates`` words them: ``{% load dates %}``."""

from django import template

from lscb_training.dates import format_date, format_month, format_short_date, format_time, format_when

register = template.Library()


@register.filter
def long_date(value):
    """'Monday 5 April 2027' for a date or an aware datetime (Europe/London)."""
    return format_date(value) if value else ""


@register.filter
def short_date(value):
    """'5 April 2027'."""
    return format_short_date(value) if value else ""


@register.filter
def short_time(value):
    """'9:30am' for an aware datetime (Europe/London)."""
    return format_time(value) if value else ""


@register.filter
def month_year(value):
    """'March 2027' for a date."""
    return format_month(value.year, value.month) if value else ""


@register.filter
def when(session):
    """'Tuesday 14 March 2027, 9:30am to 12:30pm' for anything with ``starts_at`` and ``ends_at``."""
    return format_when(session.starts_at, session.ends_at)
