"""The training team's certificate screens in the Wagtail admin ("Certificates"): a read-only
list, and revoking (with a reason) and restoring one certificate through
``certificates.services``, so the audit log holds every decision. Certificates are issued only
by ``issue_certificates``; there is no create, edit or delete screen
(``certificates.wagtail_hooks.CertificateViewSet``). Two-factor sign-in is enforced for
/admin/ by the middleware; each view checks the certificates' "change" permission.
"""

import django_filters

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from certificates.codes import normalise
from certificates.models import Certificate, CertificateKind
from certificates.services import restore_certificate, revoke_certificate
from certificates.status import Status, status_filter
from courses.models import CoursePage
from lscb_training.forms import FilterModelChoiceField, is_possible_key


class CourseChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = FilterModelChoiceField


def _courses(request):
    return CoursePage.objects.order_by("title")


class CertificateFilterSet(WagtailFilterSet):
    course = CourseChoiceFilter(label="Course", queryset=_courses)
    status = django_filters.ChoiceFilter(label="Status", choices=Status.choices, method="filter_status")
    kind = django_filters.ChoiceFilter(label="Kind", choices=CertificateKind.choices)

    class Meta:
        model = Certificate
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.filter(status_filter(value, timezone.localdate()))


class CertificateIndexView(IndexView):
    def search_queryset(self, queryset):
        # A code typed as people type it ("cse 7k3q 9xmd") finds its certificate too. Only
        # "too": a name of eight letters ("Ada Brown") reads as a code as well.
        found = super().search_queryset(queryset)
        code = normalise(self.search_query) if self.is_searching else None
        return found | queryset.filter(code=code) if code is not None else found

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        buttons.append(
            MenuItem(
                "View certificate",
                url=reverse("certificates:detail", args=[instance.code]),
                icon_name="doc-full",
                priority=5,
            )
        )
        if self.user_has_permission("change"):
            if instance.is_revoked:
                url, label, icon = reverse("certificates_admin:restore", args=[instance.pk]), "Restore", "undo"
            else:
                url, label, icon = reverse("certificates_admin:revoke", args=[instance.pk]), "Revoke", "cross"
            buttons.append(MenuItem(label, url=url, icon_name=icon, priority=25))
        return buttons


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Reason for revoking",
        help_text="For example: the register was marked for the wrong person. It is kept with the certificate "
        "and shown to administrators only; the public verify page says only that it was revoked and when.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for revoking the certificate"},
    )


class _CertificatePage(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    model = Certificate
    permission_required = "change"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        pk = kwargs["pk"]
        found = (
            Certificate.objects.select_related("person", "course", "revoked_by").filter(pk=pk).first()
            if is_possible_key(Certificate, pk)
            else None
        )
        if found is None:
            raise Http404("No such certificate.")
        self.object = found

    def get_page_subtitle(self):
        return f"{self.object.code}: {self.object.person}, {self.object.course.title}"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("certificates_admin:index"), "label": "Certificates"},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(certificate=self.object, **kwargs)


class RevokeCertificateView(_CertificatePage):
    """Asks for the reason, then revokes: the holder can no longer download it and the verify
    page says it was revoked, with the date."""

    template_name = "certificates/admin/revoke.html"
    page_title = "Revoke certificate"
    header_icon = "cross"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", RevokeForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = RevokeForm(request.POST)
        if form.is_valid():
            try:
                revoke_certificate(self.object, request.user, form.cleaned_data["reason"])
            except ValidationError as error:
                if not hasattr(error, "error_dict"):  # already revoked: nothing to ask
                    messages.info(request, f"Certificate {self.object.code} was already revoked.")
                    return redirect("certificates_admin:index")
                form.add_error(None, error)
            else:
                messages.success(request, f"Certificate {self.object.code} revoked.")
                return redirect("certificates_admin:index")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RestoreCertificateView(_CertificatePage):
    """Asks, then undoes the revocation (audited)."""

    template_name = "certificates/admin/restore.html"
    page_title = "Restore certificate"
    header_icon = "undo"

    def post(self, request, *args, **kwargs):
        if restore_certificate(self.object, request.user):
            messages.success(request, f"Certificate {self.object.code} restored.")
        else:
            messages.info(request, f"Certificate {self.object.code} was not revoked.")
        return redirect("certificates_admin:index")
