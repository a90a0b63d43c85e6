"""Form fields every app's forms share."""

import re

from django import forms

# The longest date and time anyone types ("16/03/2027 09:30:00" or ISO with seconds and
# microseconds and an offset) is well under this.
LONGEST_DATE_TIME = 32
DATE_SEPARATOR = re.compile(r"\d[/-]\d")


class DateTimeField(forms.DateTimeField):
    """Django's date-time field, taking only what a person could have typed.

    Django tries ``datetime.fromisoformat`` first, and since Python 3.11 that accepts ISO's
    compact form with any number of fraction digits: a run of 10,000 ones was read as
    11:11 on 11 November 1111. A date here must have its parts separated, as people write them.
    """

    default_error_messages = {"invalid": "Enter the date and time like 16/03/2027 09:30"}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            if value and (len(value) > LONGEST_DATE_TIME or not DATE_SEPARATOR.search(value)):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)
