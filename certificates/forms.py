"""The agency leads' certificate filters: plain GET parameters, so a filtered list is a link."""

from django import forms

from certificates.status import Status
from lscb_training.filters import GetFilterForm


class LeadCertificateFilterForm(GetFilterForm):
    """Agency (offered to a lead of several only), course and status. The rows are scoped by the
    lead (``Certificate.objects.led_by``) whatever is chosen here."""

    agency = forms.TypedChoiceField(label="Agency", required=False, coerce=int, empty_value=None)
    course = forms.TypedChoiceField(label="Course", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *Status.choices])

    def __init__(self, *args, agencies, courses, **kwargs):
        super().__init__(*args, **kwargs)
        if len(agencies) > 1:
            self.fields["agency"].choices = [("", "All your agencies")] + [(str(a.pk), a.name) for a in agencies]
        else:
            del self.fields["agency"]
        self.fields["course"].choices = [("", "All courses")] + [(str(pk), title) for pk, title in courses]
