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


class SignupForm(forms.Form):
    """The details allauth's sign-up asks for besides email and password.

    allauth builds its own sign-up form on top of this one and calls ``signup`` once the
    account exists. Only active agencies and roles are offered; anything else posted by hand
    fails as an invalid choice, so nothing is created.
    """

    field_order = SIGNUP_FIELD_ORDER

    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your full name"},
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.active(),
        label="Agency",
        help_text="The organisation you work for.",
        empty_label="Choose your agency",
        error_messages={"required": "Choose your agency", "invalid_choice": "Choose your agency from the list"},
    )
    job_role = forms.ModelChoiceField(
        queryset=JobRole.objects.active(),
        label="Job role",
        help_text="Some courses are only for certain roles. Choose the closest match.",
        empty_label="Choose your job role",
        error_messages={"required": "Choose your job role", "invalid_choice": "Choose your job role from the list"},
    )
    team = forms.CharField(
        label="Team (optional)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    line_manager_name = forms.CharField(label="Line manager's name (optional)", max_length=200, required=False)
    line_manager_email = forms.EmailField(
        label="Line manager's email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter your line manager's email address in the right format, like name@example.org"
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agency_choices_by_sector(self.fields["agency"].queryset)

    def signup(self, request, user):
        for field in ("full_name", "agency", "job_role", "team", "line_manager_name", "line_manager_email"):
            setattr(user, field, self.cleaned_data[field])
        user.save()


class ProfileForm(forms.ModelForm):
    """A person's own details. A change of agency or job role is kept in their role history
    by ``User.save``; this form only makes sure the start date of the new role is sensible."""

    class Meta:
        model = User
        fields = [
            "full_name",
            "agency",
            "job_role",
            "team",
            "line_manager_name",
            "line_manager_email",
            "role_started_on",
        ]
        labels = {
            "full_name": "Full name",
            "team": "Team (optional)",
            "line_manager_name": "Line manager's name (optional)",
            "line_manager_email": "Line manager's email address (optional)",
            "role_started_on": "Date your current role started",
        }
        help_texts = {
            "role_started_on": "If you have changed agency or job role, give the date the new role started. "
            "We keep your earlier roles on your training record.",
        }
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "role_started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "full_name": {"required": "Enter your full name"},
            "agency": {"required": "Choose your agency", "invalid_choice": "Choose your agency from the list"},
            "job_role": {"required": "Choose your job role", "invalid_choice": "Choose your job role from the list"},
            "line_manager_email": {"invalid": "Enter your line manager's email address in the right format"},
            "role_started_on": {"invalid": "Enter the date your role started as a real date"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        person = self.instance
        # A person keeps their current agency or role even after it is retired from the list,
        # but cannot move into a retired one.
        self.fields["agency"].queryset = Agency.objects.filter(Q(is_active=True) | Q(pk=person.agency_id))
        self.fields["job_role"].queryset = JobRole.objects.filter(Q(is_active=True) | Q(pk=person.job_role_id))
        self.fields["agency"].required = True
        self.fields["job_role"].required = True
        self.fields["agency"].choices = agency_choices_by_sector(self.fields["agency"].queryset)
        self.fields["job_role"].empty_label = "Choose your job role"
        self.fields["role_started_on"].required = True
        self.fields["role_started_on"].error_messages["required"] = "Enter the date your current role started"

    def role_changed(self):
        return "agency" in self.changed_data or "job_role" in self.changed_data

    def clean(self):
        cleaned_data = super().clean()
        started_on = cleaned_data.get("role_started_on")
        previous_start = self.initial.get("role_started_on")
        if self.role_changed() and started_on and previous_start and started_on <= previous_start:
            self.add_error(
                "role_started_on",
                "You have changed agency or job role: give the date the new role started, which must be after "
                f"{previous_start:%-d %B %Y} when your previous role started",
            )
        return cleaned_data
