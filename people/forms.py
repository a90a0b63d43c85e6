from django import forms
from django.db.models import Q

from people.models import Agency, JobRole, Sector, User


def agency_choices_by_sector(agencies, empty_label="Choose your agency"):
    """Agencies grouped under their sector, so a long list is quick to scan. Only the
    display changes: the field still validates against its queryset."""
    groups = {}
    for agency in agencies.order_by("name"):
        groups.setdefault(agency.sector, []).append((agency.pk, agency.name))
    return [("", empty_label)] + [(label, groups[value]) for value, label in Sector.choices if value in groups]


# The order a person thinks about themselves in: who, how to reach them, where they work,
# then the password. allauth adds email and password fields and honours this order.
SIGNUP_FIELD_ORDER = [
    "full_name",
    "email",
    "agency",
    "job_role",
    "team",
    "line_manager_name",
    "line_manager_email",
    "password1",
    "password2",
]


# What a person is asked about themselves, worded once for sign-up and the profile page.
PERSON_FIELD_OPTIONS = {
    "labels": {
        "full_name": "Full name",
        "agency": "Agency",
        "job_role": "Job role",
        "team": "Team (optional)",
        "line_manager_name": "Line manager's name (optional)",
        "line_manager_email": "Line manager's email address (optional)",
        "role_started_on": "Date your current role started",
    },
    "help_texts": {
        "agency": "The organisation you work for.",
        "job_role": "Some courses are only for certain roles. Choose the closest match.",
        "role_started_on": "If you have changed agency or job role, give the date the new role started. "
        "We keep your earlier roles on your training record.",
    },
    "widgets": {
        "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
        "team": forms.TextInput(attrs={"autocomplete": "organization-title"}),
        "role_started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    },
    "error_messages": {
        "full_name": {"required": "Enter your full name"},
        "agency": {"required": "Choose your agency", "invalid_choice": "Choose your agency from the list"},
        "job_role": {"required": "Choose your job role", "invalid_choice": "Choose your job role from the list"},
        "line_manager_email": {
            "invalid": "Enter your line manager's email address in the right format, like name@example.org"
        },
        "role_started_on": {
            "required": "Enter the date your current role started",
            "invalid": "Enter the date your role started as a real date",
        },
    },
}
PERSON_FIELDS = ["full_name", "agency", "job_role", "team", "line_manager_name", "line_manager_email"]


def offer_active_agencies_and_roles(form, person=None):
    """Agency and job role are required and offer only active ones; a person keeps the agency
    or role they already have even after it is retired, but cannot move into a retired one."""
    current = {"agency": person.agency_id if person else None, "job_role": person.job_role_id if person else None}
    for name, model in (("agency", Agency), ("job_role", JobRole)):
        field = form.fields[name]
        field.queryset = model.objects.filter(Q(is_active=True) | Q(pk=current[name]))
        field.required = True
    form.fields["agency"].choices = agency_choices_by_sector(form.fields["agency"].queryset)
    form.fields["job_role"].empty_label = "Choose your job role"


class SignupForm(forms.Form):
    """The details allauth's sign-up asks for besides email and password.

    allauth builds its own sign-up form on top of this one and calls ``signup`` once the
    account exists. Only active agencies and roles are offered; anything else posted by hand
    fails as an invalid choice, so nothing is created.
    """

    field_order = SIGNUP_FIELD_ORDER

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Fields built like the profile form's (same model fields, same words), then ordered
        # for sign-up: allauth adds its email and password fields around them.
        self.fields.update(forms.fields_for_model(User, fields=PERSON_FIELDS, **PERSON_FIELD_OPTIONS))
        self.order_fields(self.field_order)
        offer_active_agencies_and_roles(self)

    def signup(self, request, user):
        for field in PERSON_FIELDS:
            setattr(user, field, self.cleaned_data[field])
        user.save()


class ProfileForm(forms.ModelForm):
    """A person's own details. A change of agency or job role is kept in their role history
    by ``User.save``; ``User.clean_fields`` says whether the start date keeps it in order."""

    class Meta:
        model = User
        fields = [*PERSON_FIELDS, "role_started_on"]
        labels = PERSON_FIELD_OPTIONS["labels"]
        help_texts = PERSON_FIELD_OPTIONS["help_texts"]
        widgets = PERSON_FIELD_OPTIONS["widgets"]
        error_messages = PERSON_FIELD_OPTIONS["error_messages"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_active_agencies_and_roles(self, person=self.instance)
        self.fields["role_started_on"].required = True
