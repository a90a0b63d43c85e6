"""The compliance tests' shared clock: most of them work out statuses on one fixed day."""

import datetime

import pytest
import time_machine

FIXED_DAY = datetime.date(2026, 6, 15)


@pytest.fixture
def on_a_fixed_day():
    """The clock stopped at 10am on ``FIXED_DAY`` (a Monday), for ``usefixtures``."""
    with time_machine.travel(datetime.datetime.combine(FIXED_DAY, datetime.time(10), tzinfo=datetime.UTC), tick=False):
        yield
