"""The what's-on filters: plain GET parameters, so a filtered list is a link people can share."""

from django import forms

from bookings.choices import Area
from lscb_training.dates import format_month


def month_choices(today, count=18):
    """This month and the ones after it, as ("2027-03", "March 2027")."""
    choices = []
    year, month = today.year, today.month
    for _ in range(count):
        choices.append((f"{year:04d}-{month:02d}", format_month(year, month)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return choices


class WhatsOnFilterForm(forms.Form):
    """Every field is optional and they combine (AND). A bad value is reported and dropped."""

    level = forms.TypedChoiceField(label="Level", required=False, coerce=int, empty_value=None)
    area = forms.ChoiceField(label="Area", required=False, choices=[("", "All areas"), *Area.choices])
    month = forms.ChoiceField(label="Month", required=False)
    topic = forms.ChoiceField(label="Topic", required=False)

    def __init__(self, *args, levels, topics, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", "All levels")] + [
            (str(number), f"Level {number}: {title}") for number, title in levels
        ]
        self.fields["month"].choices = [("", "Any month"), *month_choices(today)]
        self.fields["topic"].choices = [("", "All topics"), *topics]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "“%(value)s” is not one of the choices, so it was not applied."

    def filters(self):
        """The valid filters only: a bad parameter is dropped rather than spoiling the others."""
        if not self.is_bound:
            return {}
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in self.fields if name not in self.errors and cleaned.get(name)}

    def ignored(self):
        """(label, message) for each parameter that could not be used."""
        return [(self.fields[name].label, errors[0]) for name, errors in self.errors.items()]
