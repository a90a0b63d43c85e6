"""The what's-on and agency leads' filters: plain GET parameters, so a filtered list is a link
people can share; and the booking form."""

from django import forms

from bookings.choices import Area
from lscb_training.dates import format_month
from lscb_training.filters import FilterDateField, GetFilterForm


def month_choices(today, count=18):
    """This month and the ones after it, as ("2027-03", "March 2027")."""
    choices = []
    year, month = today.year, today.month
    for _ in range(count):
        choices.append((f"{year:04d}-{month:02d}", format_month(year, month)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return choices


def level_label(number, title):
    """ "Level 1: e-learning", whether the level page's title is "e-learning" or already
    "Level 1: e-learning" (as the demo's are), never "Level 1: Level 1: e-learning"."""
    prefix = f"Level {number}: "
    return title if title.startswith(prefix) else f"{prefix}{title}"


class WhatsOnFilterForm(GetFilterForm):
    """Every field is optional and they combine (AND). A bad value is reported and dropped.

    ``course`` is a course's id: each course page links to all its dates here.
    """

    level = forms.TypedChoiceField(label="Level", required=False, coerce=int, empty_value=None)
    course = forms.TypedChoiceField(label="Course", required=False, coerce=int, empty_value=None)
    area = forms.ChoiceField(label="Area", required=False, choices=[("", "All areas"), *Area.choices])
    month = forms.ChoiceField(label="Month", required=False)
    topic = forms.ChoiceField(label="Topic", required=False)

    def __init__(self, *args, levels, courses, topics, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", "All levels")] + [
            (str(number), level_label(number, title)) for number, title in levels
        ]
        self.fields["course"].choices = [("", "All courses")] + [(str(pk), title) for pk, title in courses]
        self.fields["month"].choices = [("", "Any month"), *month_choices(today)]
        self.fields["topic"].choices = [("", "All topics"), *topics]


class _LeadFilterForm(GetFilterForm):
    """A lead's filters start with their agencies; the choice is offered to a lead of several
    only. The rows are scoped by the lead (``led_by``) whatever is chosen here."""

    agency = forms.TypedChoiceField(label="Agency", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        if len(agencies) > 1:
            self.fields["agency"].choices = [("", "All your agencies")] + [(str(a.pk), a.name) for a in agencies]
        else:
            del self.fields["agency"]


class StaffHistoryFilterForm(_LeadFilterForm):
    name = forms.CharField(label="Name", required=False, max_length=200, strip=True)


class LeadLedgerFilterForm(_LeadFilterForm):
    start = FilterDateField(label="Sessions from", required=False)
    end = FilterDateField(label="Sessions to", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", "The end date is before the start date, so it was not applied.")
        return cleaned


class BookingForm(forms.Form):
    """What a person adds when they book: their access needs and, if the profile has none,
    their line manager. Who is booking is always the signed-in person, never a field."""

    access_needs = forms.CharField(
        label="Access or reasonable-adjustment needs (optional)",
        help_text="For example a hearing loop, step-free access, breaks or materials in another format.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    line_manager_name = forms.CharField(label="Your line manager’s full name", max_length=200)
    line_manager_email = forms.EmailField(
        label="Your line manager’s email address",
        help_text="We copy them in when your place is confirmed or cancelled.",
        max_length=254,
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line_manager_name"].error_messages["required"] = "Enter your line manager’s full name"
        self.fields["line_manager_email"].error_messages.update(
            required="Enter your line manager’s email address",
            invalid="Enter an email address in the correct format, like name@example.org",
        )
        if person.line_manager_name and person.line_manager_email:
            del self.fields["line_manager_name"]
            del self.fields["line_manager_email"]

    @property
    def asks_for_line_manager(self):
        return "line_manager_name" in self.fields
