"""How dates and times are shown everywhere on the site: Europe/London, in GOV.UK style.

"Tuesday 14 March 2027, 9:30am to 12:30pm". One place, so a page, a calendar description, an
email and a form's message never disagree about a date. Templates use the same functions
through ``{% load dates %}`` (``long_date``, ``short_date``, ``short_time``, ``month_year``).
"""

import calendar
from datetime import date
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


def local(value):
    """An aware datetime in Europe/London (the partnership's time, whatever the server's)."""
    return timezone.localtime(value, LONDON)


def _as_date(value):
    return local(value).date() if hasattr(value, "hour") else value


def format_date(value):
    """'Monday 5 April 2027' for a date or an aware datetime (shown in Europe/London)."""
    value = _as_date(value)
    return f"{value:%A} {value.day} {value:%B %Y}"


def format_short_date(value):
    """'5 April 2027', where the weekday would be noise (a role's start, a completion)."""
    value = _as_date(value)
    return f"{value.day} {value:%B %Y}"


def format_month(year, month):
    """'March 2027'."""
    return f"{date(year, month, 1):%B %Y}"


def format_time(value):
    """'9am', '9:30am', '12:30pm', 'midday', 'midnight' (GOV.UK style) in Europe/London."""
    value = local(value)
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def format_when(starts_at, ends_at):
    """'Tuesday 14 March 2027, 9:30am to 12:30pm'; names both days if it runs past midnight."""
    start, end = local(starts_at), local(ends_at)
    if start.date() == end.date():
        return f"{format_date(start)}, {format_time(start)} to {format_time(end)}"
    return f"{format_date(start)}, {format_time(start)} to {format_date(end)}, {format_time(end)}"


def add_months(day, months):
    """``day`` moved on by whole calendar months, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
