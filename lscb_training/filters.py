"""The base of every public GET filter form (What's on, the forum resource library).

Filters are plain GET parameters, so a filtered list is a link people share and bookmark. A
link that no longer fits (a topic since renamed, ``?forum=abc``, a value cut short in an email)
must not be an error page: a bad value is dropped, the other filters still apply, and the page
says what it could not use (``templates/includes/filter_notice.html``).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

NOT_APPLIED = "“%(value)s” is not one of the choices, so it was not applied."
NOT_A_DATE = "“%(value)s” is not a date like 2027-03-01, so it was not applied."

# A value is echoed back in the notice only this far: a 10,000-character parameter would
# otherwise be printed whole and widen the page.
ECHO_CHARACTERS = 40


class PlainSelect(forms.Select):
    """A ``<select>`` written in Python.

    Django's select widget renders each option through its own templates, which made the
    filter form about a sixth of the What's on page's cost; the markup here is the same.
    Flat choices only (no option groups), as filter forms use.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if key in selected else "", label)
                for key, label in (("" if option is None else str(option), label) for option, label in self.choices)
            ),
        )
        return format_html(
            "<select{}>{}</select>", flatatt({"name": name, **self.build_attrs(self.attrs, attrs)}), options
        )


class FilterDateField(forms.DateField):
    """A date typed into a filter (``2027-03-01``, as a date input sends it); a value that is
    not one is reported by name, like a bad choice, rather than as "Enter a valid date"."""

    widget = forms.DateInput(attrs={"type": "date"})

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(NOT_A_DATE, code="invalid", params={"value": value}) from None


class GetFilterForm(forms.Form):
    """Optional fields that combine; a bad value is dropped and reported, never an error.

    Bind it to ``request.GET`` (an empty query leaves it unbound: no filters, nothing to
    report). ``filters()`` gives the usable values, ``ignored()`` says what was dropped and why.
    Subclasses declare their fields as usual, all ``required=False``.
    """

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data or None, *args, **kwargs)
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = NOT_APPLIED
            if type(field.widget) is forms.Select:
                plain = PlainSelect(attrs=field.widget.attrs, choices=field.widget.choices)
                plain.is_required = field.widget.is_required
                field.widget = plain

    def filters(self):
        """``{name: cleaned value}`` of the fields given a usable, non-empty value."""
        if not self.is_bound:
            return {}
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in self.fields if name not in self.errors and cleaned.get(name)}

    def kept_query(self):
        """The parameters worth keeping in this list's links (its pages): the usable filters as
        they were given, without the dropped ones."""
        query, usable = QueryDict(mutable=True), self.filters()
        for name in self.data:  # in the order given, so a shared link keeps its shape
            if name in usable:
                query.setlist(name, self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data[name]])
        return query

    def ignored(self):
        """``(label, message)`` for each parameter that could not be used, its value cut short."""
        if not self.is_bound:
            return []
        self.is_valid()
        return [
            (self.fields[name].label, _worded(errors[0]))
            for name, errors in self.errors.as_data().items()
            if name in self.fields
        ]


def _worded(error):
    params = dict(error.params or {})
    if "value" in params:
        params["value"] = Truncator(str(params["value"])).chars(ECHO_CHARACTERS)
    return error.message % params if params else error.message
