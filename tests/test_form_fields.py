"""Date-time fields in every admin form take only what a person could have typed."""

from datetime import datetime

import pytest

from django.core.exceptions import ValidationError

from courses.models import ForumPage
from lscb_training.dates import LONDON

MESSAGE = "Enter the date and time like 16/03/2027 09:30"


def page_form_field(name):
    return ForumPage.get_edit_handler().get_form_class().base_fields[name]


@pytest.mark.parametrize("typed", ["1" * 10_000, "1" * 16, "20270316T0930"])
def test_a_page_schedule_refuses_a_run_of_digits(typed):
    with pytest.raises(ValidationError) as refused:
        page_form_field("go_live_at").clean(typed)

    assert refused.value.messages == [MESSAGE]


@pytest.mark.parametrize("typed", ["2027-03-16 09:30", "16/03/2027 09:30"])
def test_a_page_schedule_still_reads_a_typed_date_and_time(typed):
    assert page_form_field("go_live_at").clean(typed) == datetime(2027, 3, 16, 9, 30, tzinfo=LONDON)
