from allauth.account.decorators import verified_email_required

from django.shortcuts import render

from wagtail import hooks

from records.models import Completion


def my_training_panels(request, person):
    """What the apps above add to "My training" (bookings: upcoming bookings; e-learning and
    certificates theirs), through the ``my_training_panels`` hook: each function is called as
    ``fn(request, person)`` and returns a list of ``{"template": ..., "order": N, ...}`` panels,
    costing a fixed number of queries."""
    panels = []
    for fn in hooks.get_hooks("my_training_panels"):
        panels.extend(fn(request, person) or [])
    return sorted(panels, key=lambda panel: panel.get("order", 50))


@verified_email_required
def my_training(request):
    """The person's own training: their completions and what the other apps add. Booking and
    e-learning hang off this page, so it is the first place that insists on a verified email."""
    person = request.user
    completions = (
        Completion.objects.for_person(person).with_expired().select_related("course").order_by("-completed_on", "-id")
    )
    return render(
        request,
        "records/my_training.html",
        {
            "person": person,
            "completions": list(completions),
            "panels": my_training_panels(request, person),
        },
    )
