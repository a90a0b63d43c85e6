"""Keeps a course (or a level above it) from being deleted while the apps above still hold rows
that name it: sessions and bookings, completions. Each such app calls ``refuse_deletion_while``
from its ``wagtail_hooks`` module; the catalogue never imports those apps.
"""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect

from wagtail import hooks
from wagtail.models import Page


def refuse_deletion_while(model, explain):
    """Registers the page-delete and bulk-delete hooks that refuse while ``model`` rows (with a
    ``course`` key) name a page being deleted or a course beneath it. ``explain(names, count)``
    gives the message, ``names`` being the blocked pages' titles in quotes."""

    def count_under(pages):
        paths = Q()
        for page in pages:
            paths |= Q(course__path__startswith=page.path)
        return model.objects.filter(paths).count() if paths else 0

    def refuse(request, pages, count):
        messages.error(request, explain(", ".join(f"“{page.title}”" for page in pages), count))

    def before_delete_page(request, page):
        count = count_under([page])
        if count:
            refuse(request, [page], count)
            return redirect("wagtailadmin_pages:edit", page.pk)
        return None

    def before_bulk_action(request, action_type, objects, action_class_instance):
        pages = [obj for obj in objects if isinstance(obj, Page)]
        if action_type != "delete" or not pages:
            return None
        count = count_under(pages)
        if count:
            refuse(request, [page for page in pages if count_under([page])], count)
            return redirect("wagtailadmin_explore", pages[0].get_parent().pk)
        return None

    hooks.register("before_delete_page", before_delete_page)
    hooks.register("before_bulk_action", before_bulk_action)
