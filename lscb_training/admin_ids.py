"""Wagtail admin views that take ids in the URL, kept from failing on an id that cannot be one.

A chooser looks the chosen row up by the id in its "chosen" URLs (and when its widget draws a
form again); a bulk action looks up the rows ticked in a listing (``?id=1&id=2``). Both expect
only "no such row": given text (``/admin/person_chooser/chosen/abc/``) or a number too large
for the database, the lookup fails instead, an error page. ``BadIdMiddleware`` answers such a
URL "not found" for every chooser and bulk action, Wagtail's and the site's;
``guard_chooser_widgets`` draws such a value as nothing chosen (the form field beside it says
why: ``lscb_training.forms``).
"""

from django.apps import apps
from django.contrib.admin.utils import unquote
from django.core.exceptions import SuspiciousOperation
from django.db import models
from django.http import Http404

from modelcluster.forms import BaseTransientModelFormSet
from wagtail.admin.views.chooser import ChosenMultipleView as PageChosenMultipleView
from wagtail.admin.views.generic.chooser import ChosenMultipleViewMixin, ChosenViewMixin
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.blocks.base import BlockWidget
from wagtail.coreutils import resolve_model_string
from wagtail.models import Page

from lscb_training.forms import is_possible_key

BULK_ACTION_VIEW = "wagtail_bulk_action"


def model_and_ids(request, view_func, view_kwargs):
    """The model a chooser or bulk action view looks up and the ids it was given, or None."""
    if request.resolver_match and request.resolver_match.view_name == BULK_ACTION_VIEW:
        try:
            model = apps.get_model(view_kwargs["app_label"], view_kwargs["model_name"])
        except LookupError:
            return None  # Wagtail's view answers 404
        ids = [key for key in request.GET.getlist("id") if key != "all"]
        if "childOf" in request.GET:  # "all" the pages below this one
            ids.append(request.GET["childOf"])
        return model, ids
    view_class = getattr(view_func, "view_class", None)
    if view_class is None:
        return None
    if issubclass(view_class, PageChosenMultipleView):
        return Page, request.GET.getlist("id")
    if issubclass(view_class, ChosenViewMixin | ChosenMultipleViewMixin):
        model = resolve_model_string(view_func.view_initkwargs.get("model") or view_class.model)
        ids = [unquote(str(view_kwargs["pk"]))] if "pk" in view_kwargs else request.GET.getlist("id")
        return model, ids
    return None


class BadIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        found = model_and_ids(request, view_func, view_kwargs)
        if found is None:
            return None
        model, ids = found
        if not all(is_possible_key(model, key) for key in ids):
            raise Http404(f"No {model._meta.verbose_name} has that id")
        return None


def guard_chooser_widgets():
    """Wagtail's own admin forms (the site form's root page) give chooser widgets the posted id
    as it came, so the widget itself treats an impossible id as nothing chosen."""
    get_instance = BaseChooser.get_instance

    def get_possible_instance(widget, value):
        if value is None or isinstance(value, models.Model) or is_possible_key(widget.model_class, value):
            return get_instance(widget, value)
        return None

    BaseChooser.get_instance = get_possible_instance


def guard_inline_row_keys():
    """Inline panels (a course's prerequisites, a forum's resources) post each existing row's id
    in a hidden field, and modelcluster's formset converts it without catching a bad one: text
    there, or a row id missing altogether, was an error page. Such a form was not sent by the
    admin as drawn, so it is refused as a bad request (400) and nothing is saved."""
    construct_form = BaseTransientModelFormSet._construct_form

    def construct_form_with_possible_row_keys(formset, i, **kwargs):
        if formset.is_bound and i < formset.initial_form_count():
            key = formset.data.get(f"{formset.add_prefix(i)}-{formset.model._meta.pk.name}")
            if key is None or (key != "" and not is_possible_key(formset.model, key)):
                raise SuspiciousOperation(f"Row {i} of {formset.prefix} has no usable id")
        return construct_form(formset, i, **kwargs)

    BaseTransientModelFormSet._construct_form = construct_form_with_possible_row_keys


def guard_stream_field_data():
    """A StreamField's editor posts each block's parts (a count, an order, a type) in hidden
    fields, and Wagtail reads them without catching a missing or garbled one: a form posted by
    hand without them was an error page. Such a form was not sent by the editor as drawn, so it
    is refused as a bad request (400) and nothing is saved."""
    value_from_datadict = BlockWidget.value_from_datadict

    def value_from_complete_datadict(widget, data, files, name):
        try:
            return value_from_datadict(widget, data, files, name)
        except (KeyError, ValueError, TypeError) as error:
            raise SuspiciousOperation(f"The {name} field's editor data is incomplete") from error

    BlockWidget.value_from_datadict = value_from_complete_datadict
