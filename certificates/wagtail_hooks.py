"""What certificates add to the Wagtail admin: its log actions, the refusal to delete a course
that certificates name, a session's certificates as a ZIP and the booking desk's link to it."""

from django.urls import include, path, reverse

from wagtail import hooks

from certificates import views
from certificates.models import Certificate
from certificates.services import RESTORE, REVOKE
from courses.deletion import refuse_deletion_while
from people.staff_access import is_training_administrator


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
