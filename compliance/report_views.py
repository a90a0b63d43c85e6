"""A placeholder: the reports and reminders are written elsewhere and replace this file."""

from django.http import Http404


def remind(request, agency_id):
    raise Http404("Not written yet.")
