from datetime import UTC, datetime

import pytest

from lscb_training.dates import LONDON, format_time, format_when
from tests.bookings.factories import SessionFactory


def test_when_reads_as_day_date_and_times_in_london():
    starts = datetime(2027, 3, 16, 9, 30, tzinfo=LONDON)
    ends = datetime(2027, 3, 16, 12, 30, tzinfo=LONDON)

    assert format_when(starts, ends) == "Tuesday 16 March 2027, 9:30am to 12:30pm"


def test_when_converts_utc_to_british_summer_time():
    starts = datetime(2027, 7, 6, 8, 0, tzinfo=UTC)
    ends = datetime(2027, 7, 6, 15, 0, tzinfo=UTC)

    assert format_when(starts, ends) == "Tuesday 6 July 2027, 9am to 4pm"


def test_noon_and_midnight_are_words():
    assert format_time(datetime(2027, 1, 1, 12, 0, tzinfo=LONDON)) == "midday"
    assert format_time(datetime(2027, 1, 1, 0, 0, tzinfo=LONDON)) == "midnight"


def test_a_session_past_midnight_names_both_days():
    starts = datetime(2027, 1, 1, 22, 0, tzinfo=LONDON)
    ends = datetime(2027, 1, 2, 1, 15, tzinfo=LONDON)

    assert format_when(starts, ends) == "Friday 1 January 2027, 10pm to Saturday 2 January 2027, 1:15am"


@pytest.mark.django_db
def test_session_when_filter_renders_the_same_text():
    from django.template import Context, Template

    session = SessionFactory(
        starts_at=datetime(2027, 3, 16, 9, 30, tzinfo=LONDON), ends_at=datetime(2027, 3, 16, 12, 30, tzinfo=LONDON)
    )

    html = Template("{% load session_tags %}{{ session|session_when }}").render(Context({"session": session}))

    assert html == "Tuesday 16 March 2027, 9:30am to 12:30pm"
