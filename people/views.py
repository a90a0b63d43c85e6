from allauth.mfa.utils import is_mfa_enabled

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from people.forms import ProfileForm
from people.staff_access import requires_mfa


@login_required
def profile(request):
    person = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=person)
        if form.is_valid():
            form.save()  # User.save keeps the role history
            messages.success(request, "Your details have been updated.")
            return redirect("people:profile")
        # A failed save must not leave half-changed values on request.user for the rest of
        # the page (the header shows the name), so read the person afresh.
        person.refresh_from_db()
    else:
        form = ProfileForm(instance=person)
    return render(
        request,
        "people/profile.html",
        {
            "person": person,
            "form": form,
            "role_history": person.role_history.select_related("agency", "job_role"),
            "mfa_enabled": is_mfa_enabled(person),
            "mfa_required": requires_mfa(person),
        },
    )
