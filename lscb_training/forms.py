"""Form fields every app shares: choices by id that refuse an id which cannot be one.

A model choice posted or linked with an id that is not a number (``?course=abc``) or is too
large for the database (SQLite raises OverflowError past 64 bits, and its queries fail before
Django can answer "no such row") must be a plain "not a valid choice", never an error page.
Wagtail's chooser widgets and views fetch the chosen row themselves and fail the same way
(``lscb_training.admin_ids``).

``lscb_training.apps`` makes these the fields of every foreign key and many-to-many field in
Wagtail's admin forms built from panels; a ``ModelViewSet`` built from ``form_fields`` whose
model has relations takes ``ChoiceFieldsMixin``; other forms and django-filter filters name
them (``field_class``). ``tests/test_admin_bad_ids.py`` walks every admin form to find one that
was missed.
"""

import django_filters

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, models, router


def is_possible_key(model, value, field_name=None):
    """Whether ``value`` could be the key (``field_name``, else the primary key) of a ``model`` row.

    Says no, without a query, to what the key's column cannot hold: text in a number column,
    a number outside the column's range on the database that would be asked.
    """
    field = model._meta.get_field(field_name) if field_name else model._meta.pk
    while field.is_relation:  # a page's key is its link to wagtailcore.Page
        field = field.target_field
    try:
        key = field.to_python(value)
    except ValidationError:
        return False
    if isinstance(key, int) and not isinstance(key, bool):
        ops = connections[router.db_for_read(model)].ops
        try:
            low, high = ops.integer_field_range(field.get_internal_type())
        except KeyError:  # not an integer column
            return True
        return (low is None or key >= low) and (high is None or key <= high)
    return True


class PossibleKeyMixin:
    """For ``ModelChoiceField``: an impossible id is an invalid choice, found without a query."""

    def is_impossible_key(self, value):
        if value in self.empty_values or isinstance(value, models.Model):
            return False
        if getattr(self, "null_label", None) is not None and value == self.null_value:
            return False  # django-filter's "no value" choice
        return not is_possible_key(self.queryset.model, value, self.to_field_name)

    def to_python(self, value):
        if self.is_impossible_key(value):
            # The value goes with the message, as Django's own fields send it: some forms say it.
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return super().to_python(value)


class PossibleKeysMixin(PossibleKeyMixin):
    """For ``ModelMultipleChoiceField``: the same, for each id of a list."""

    def _check_values(self, value):
        if isinstance(value, list | tuple | set | frozenset):
            for key in value:
                if self.is_impossible_key(key):
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": key}
                    )
        return super()._check_values(value)


class ModelChoiceField(PossibleKeyMixin, forms.ModelChoiceField):
    pass


class ModelMultipleChoiceField(PossibleKeysMixin, forms.ModelMultipleChoiceField):
    pass


class FilterModelChoiceField(PossibleKeyMixin, django_filters.fields.ModelChoiceField):
    """For ``django_filters.ModelChoiceFilter``: ``field_class = FilterModelChoiceField``."""


class FilterModelMultipleChoiceField(PossibleKeysMixin, django_filters.fields.ModelMultipleChoiceField):
    """For ``django_filters.ModelMultipleChoiceFilter``."""


def choice_field_class(db_field):
    """This module's choice field for a model field that relates to rows by id, else None."""
    if isinstance(db_field, models.ManyToManyField):
        return ModelMultipleChoiceField
    if isinstance(db_field, models.ForeignKey):
        return ModelChoiceField
    return None


class ChoiceFieldsMixin:
    """For a Wagtail ``ModelViewSet`` built from ``form_fields``, which bypasses Wagtail's form
    field registry: its relations get this module's choice fields."""

    def formfield_for_dbfield(self, db_field, **kwargs):
        form_class = choice_field_class(db_field)
        if form_class is not None:
            kwargs.setdefault("form_class", form_class)
        return super().formfield_for_dbfield(db_field, **kwargs)
