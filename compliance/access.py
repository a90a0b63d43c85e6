"""Who may see which agency's compliance pages, in one place: every lead page starts here.

``agency_for`` finds the agency through ``Agency.objects.visible_to`` (administrators every one,
a lead those they lead), so another agency's id, a learner, or an id too large for the database
is a 404, as if it did not exist."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from lscb_training.forms import is_possible_key
from people.models import Agency


def agency_for(request, agency_id):
    # A number too large for the database would fail the lookup instead of finding nothing.
    if not is_possible_key(Agency, agency_id):
        raise Http404("No such agency.")
    return get_object_or_404(Agency.objects.visible_to(request.user), pk=agency_id)
