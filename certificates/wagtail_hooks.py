"""What certificates add to the Wagtail admin and to "My training".

In the admin, certificates are listed read-only ("Certificates"): only
``certificates.services`` writes them, so the generic create, edit and delete screens do not
exist (``WithoutScreensMixin``), and adding and deleting are refused to everyone, superusers
included (``LimitedPermissionPolicy``); each row can be revoked with a reason or restored
(``certificates.admin_views``), which needs the "change" permission. A session's certificates
come as one ZIP, linked from the booking desk through its ``session_desk_links`` hook.
"""

from django.urls import include, path, reverse
from django.utils import timezone

from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from certificates import admin_views, views
from certificates.models import Certificate
from certificates.services import RESTORE, REVOKE
from certificates.status import status_of
from courses.deletion import refuse_deletion_while
from people.staff_access import is_training_administrator
from records.wagtail_hooks import LimitedPermissionPolicy, WithoutScreensMixin

# Registered before any admin screen asks for the policy. "change" stays: it is what revoking
# and restoring ask for; the generic edit screen itself is not there to use it.
register_permission_policy(Certificate, LimitedPermissionPolicy(Certificate, refused={"add", "delete"}))


class CertificateViewSet(WithoutScreensMixin, ModelViewSet):
    removed_screens = ("add", "edit", "delete")
    model = Certificate
    url_prefix = "certificates"
    icon = "doc-full"
    menu_label = "Certificates"
    menu_order = 312
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = admin_views.CertificateIndexView
    filterset_class = admin_views.CertificateFilterSet
    list_display = [
        "code",  # the first column, a field name: Wagtail hangs the row's buttons on it
        Column("person", label="Person", accessor="person", sort_key="person__full_name"),
        Column("course", label="Course", accessor="course", sort_key="course__title"),
        Column("kind", label="Kind", accessor="get_kind_display", sort_key="kind"),
        DateColumn("completed_on", label="Completed on"),
        Column("status", label="Status", accessor=lambda certificate: status_of(certificate).words),
    ]
    search_fields = ["code", "person__full_name", "person__email"]
    inspect_view_fields = [
        "code",
        "person",
        "course",
        "kind",
        "completed_on",
        "expires_on",
        "issued_at",
        "superseded_by",
        "revoked_at",
        "revoked_by",
        "revoked_reason",
        "notified_at",
    ]
    ordering = ["-completed_on", "-id"]
    list_per_page = 50
    form_fields = []

    def get_queryset(self, request):
        return Certificate.objects.select_related("person", "course")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("revoke/<str:pk>/", admin_views.RevokeCertificateView.as_view(), name="revoke"),
            path("restore/<str:pk>/", admin_views.RestoreCertificateView.as_view(), name="restore"),
        ]


@hooks.register("register_admin_viewset")
def register_viewsets():
    return CertificateViewSet("certificates_admin")


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(REVOKE, "Revoke certificate", "Certificate revoked")
    actions.register_action(RESTORE, "Restore certificate", "Certificate restored")


# Certificate.course is PROTECT: a certificate keeps saying which course it proves.
refuse_deletion_while(
    Certificate,
    lambda names, count: (
        f"{names} cannot be deleted because {count} certificate{'s' if count != 1 else ''} "
        f"{'name' if count != 1 else 'names'} it, and certificates must stay checkable. "
        "Unpublish it instead to take it off the site."
    ),
)


# "My training" (records.views.my_training) asks this app for the person's certificates.


@hooks.register("my_training_panels")
def add_certificates(request, person):
    """Every certificate of the person, newest first, with its status today and links to view
    and download it (no download once revoked). One query however many there are."""
    today = timezone.localdate()
    certificates = Certificate.objects.for_person(person).select_related("course").order_by("-completed_on", "-id")
    return [
        {
            "template": "certificates/includes/my_training.html",
            "order": 30,
            "rows": [(certificate, status_of(certificate, today)) for certificate in certificates],
        }
    ]


@hooks.register("register_admin_urls")
def register_admin_urls():
    """A session's certificates as one ZIP, under /admin/ (so behind its MFA middleware). Its own
    prefix and namespace, apart from the admin's certificate list."""
    urls = [path("sessions/<int:pk>/", views.session_zip, name="session")]
    return [path("certificate-zips/", include((urls, "certificate_zips"), namespace="certificate_zips"))]


@hooks.register("session_desk_links")
def session_desk_links(request, session):
    """The booking desk (bookings.desk_views) links administrators to the session's ZIP."""
    if not is_training_administrator(request.user):
        return []
    return [{"url": reverse("certificate_zips:session", args=[session.pk]), "label": "Certificates (ZIP)"}]
