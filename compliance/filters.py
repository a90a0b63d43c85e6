"""The lead's compliance filters: plain GET parameters, so a filtered staff list is a link a lead
can share, and a dashboard count links to exactly the rows it counts.

Built on ``lscb_training.filters.GetFilterForm``: a tampered or stale value (a requirement that no
longer covers the agency, ``?job_role=abc``) is dropped and the page says so; never a 500.
"""

from django import forms

from compliance.status import ComplianceStatus
from lscb_training.filters import GetFilterForm

SEARCH_MAX_LENGTH = 200


class RequirementForm(GetFilterForm):
    """Which requirement a page is about: one of those covering the agency (``requirements``)."""

    requirement = forms.TypedChoiceField(label="Requirement", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, requirements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].choices = [(str(requirement.pk), requirement.title) for requirement in requirements]
        self.requirements = {requirement.pk: requirement for requirement in requirements}

    def chosen(self):
        """The requirement asked for, or the first covering the agency (``None`` if none does)."""
        pk = self.filters().get("requirement")
        if pk in self.requirements:
            return self.requirements[pk]
        return next(iter(self.requirements.values()), None)


class StaffFilterForm(RequirementForm):
    """The staff list's filters: requirement, status, job role, team and a name or email search."""

    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *ComplianceStatus.choices])
    job_role = forms.TypedChoiceField(label="Job role", required=False, coerce=int, empty_value=None)
    team = forms.ChoiceField(label="Team", required=False)
    search = forms.CharField(
        label="Name or email",
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def __init__(self, *args, job_roles, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job_role"].choices = [("", "Any job role")] + [(str(pk), name) for pk, name in job_roles]
        self.fields["team"].choices = [("", "Any team")] + [(team, team) for team in teams]
        self.fields["search"].error_messages["max_length"] = (
            f"A search of more than {SEARCH_MAX_LENGTH} characters was given, so it was not applied."
        )
