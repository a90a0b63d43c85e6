"""Words for training records in templates: ``{% load records_tags %}``."""

from django import template

from records.eligibility import join_names

register = template.Library()


@register.filter
def names_joined(objects):
    """'a', 'a and b', 'a, b and c' from the names of ``objects`` (job roles, courses)."""
    return join_names(getattr(item, "name", None) or str(item) for item in objects)
