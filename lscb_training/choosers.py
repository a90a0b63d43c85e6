"""Wagtail's choosers, kept from failing on an id that cannot be one.

A chooser looks the chosen row up by the id it is given, in the URL of its "chosen" views and
when its widget draws a form again, and expects only "no such row". Given text
(``/admin/person_chooser/chosen/abc/``) or a number too large for the database, the lookup
fails instead, an error page. ``ChosenIdMiddleware`` answers such a URL "not found" for every
chooser, Wagtail's and the site's; ``guard_chooser_widgets`` draws such a value as nothing
chosen (the form field beside it says why: ``lscb_training.forms``).
"""

from django.contrib.admin.utils import unquote
from django.db import models
from django.http import Http404

from wagtail.admin.views.chooser import ChosenMultipleView as PageChosenMultipleView
from wagtail.admin.views.generic.chooser import ChosenMultipleViewMixin, ChosenViewMixin
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.coreutils import resolve_model_string
from wagtail.models import Page

from lscb_training.forms import is_possible_key


def chooser_model(view_func):
    """The model a chooser's "chosen" view looks up, or None for any other view."""
    view_class = getattr(view_func, "view_class", None)
    if view_class is None:
        return None
    if issubclass(view_class, PageChosenMultipleView):
        return Page
    if issubclass(view_class, ChosenViewMixin | ChosenMultipleViewMixin):
        return resolve_model_string(view_func.view_initkwargs.get("model") or view_class.model)
    return None


class ChosenIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        model = chooser_model(view_func)
        if model is None:
            return None
        ids = [unquote(str(view_kwargs["pk"]))] if "pk" in view_kwargs else request.GET.getlist("id")
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
