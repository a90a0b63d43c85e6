"""Working days in England and Wales: Monday to Friday, less the bank holidays.

The bank holidays come from the ``holidays`` package (kept up to date upstream, substitute days
included), never a hand-kept list. The late-cancellation cut-off and the time a lead has to
decide a request are counted in these days.
"""

from datetime import datetime, time, timedelta
from functools import lru_cache

import holidays

from lscb_training.dates import LONDON, local


@lru_cache(maxsize=32)
def _bank_holidays(year):
    # England and Wales share one list of bank holidays; "ENG" is the package's name for it.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=[year]))


def is_working_day(day):
    return day.isoweekday() <= 5 and day not in _bank_holidays(day.year)


def working_days_before(day, count):
    """The date ``count`` working days before ``day`` (a date)."""
    while count > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def add_working_days(moment, count):
    """``moment`` (an aware datetime) moved on by ``count`` working days, at the same time of day
    in Europe/London: Friday 3pm plus one working day is Monday 3pm (Tuesday after a bank holiday)."""
    start = local(moment)
    day = start.date()
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return datetime.combine(day, start.timetz().replace(tzinfo=None), tzinfo=LONDON)


def start_of_working_days_before(moment, count):
    """Midnight (Europe/London) at the start of the day ``count`` working days before the day of
    ``moment``: from then on, fewer than ``count`` whole working days are left before it."""
    return datetime.combine(working_days_before(local(moment).date(), count), time(0, 0), tzinfo=LONDON)
