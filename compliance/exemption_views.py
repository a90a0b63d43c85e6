"""A lead (or an administrator) excuses one of the agency's staff from a requirement, from the
person's record on the compliance pages. The agency comes from ``Agency.objects.visible_to``
and the person must be on its staff today (``compliance.staff.accounts``): anything else is a
404, as if it did not exist."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from compliance.access import agency_for
from compliance.exemptions import grant_exemption
from compliance.models import Requirement
from compliance.report_views import from_list_query
from compliance.staff import accounts
from compliance.status import requirements_for
from lscb_training.forms import ModelChoiceField, is_possible_key
from people.models import User
from people.staff_access import mfa_required


class ExemptionForm(forms.Form):
    requirement = ModelChoiceField(
        queryset=Requirement.objects.none(),
        label="Requirement",
        empty_label="Choose a requirement",
        error_messages={
            "required": "Choose the requirement they are excused from",
            "invalid_choice": "Choose one of the requirements that apply to them",
        },
    )
    reason = forms.CharField(
        label="Reason",
        help_text="For example: long-term sick leave, secondment, maternity leave.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for the exemption"},
    )
    ends_on = forms.DateField(
        label="Exempt until",
        help_text="They count as up to date until the day before; from this date their own training counts again.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Enter the date the exemption ends", "invalid": "Enter a real date"},
    )

    def __init__(self, *args, requirements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = Requirement.objects.filter(pk__in=[r.pk for r in requirements])


def staff_member(request, agency_id, person_id):
    """The agency (visible to the user) and one of its staff today, or a 404."""
    agency = agency_for(request, agency_id)
    if not is_possible_key(User, person_id):
        raise Http404("No such person.")
    on_staff = accounts([agency], timezone.localdate()).filter(user_id=person_id).values("user_id")
    person = get_object_or_404(User.objects.filter(pk__in=on_staff))
    return agency, person


@mfa_required
@require_http_methods(["GET", "POST"])
def exempt(request, agency_id, person_id):
    agency, person = staff_member(request, agency_id, person_id)
    requirements = requirements_for(person)
    # Bound on any POST, even an empty one, so a tampered post is told what is missing.
    form = ExemptionForm(request.POST if request.method == "POST" else None, requirements=requirements)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grant_exemption(person, data["requirement"], data["reason"], data["ends_on"], granted_by=request.user)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            who = person.full_name or person.email
            messages.success(request, f"{who} is exempt from “{data['requirement'].title}”.")
            return redirect(reverse("compliance:person", args=[agency.pk, person.pk]) + from_list_query(request))
    return render(
        request,
        "compliance/exempt.html",
        {
            "agency": agency,
            "person": person,
            "form": form,
            "requirements": requirements,
            "from_list": from_list_query(request),
        },
        status=400 if form.errors else 200,
    )
