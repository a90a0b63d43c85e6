from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from people.staff_access import can_enter_admin, send_to_mfa_setup

# The two admin logins redirect to allauth; they are the way in, never refused here.
ADMIN_LOGIN_PATHS = ("/admin/login/", "/django-admin/login/")
ADMIN_PATHS = ("/admin/", "/django-admin/")


class RequireMFAForStaffMiddleware:
    """Sends administrators and agency leads without MFA to set it up on every path under
    ``MFA_REQUIRED_PATH_PREFIXES``, and turns away signed-in people who have no business in
    the admin. A staff view mounted elsewhere carries ``people.staff_access.mfa_required``.

    Both admins send a signed-in person who lacks permission to the login page, and allauth
    sends a signed-in person straight back: a redirect loop. A plain 403 ends it and says why.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith(tuple(settings.MFA_REQUIRED_PATH_PREFIXES)) and not path.startswith(ADMIN_LOGIN_PATHS):
            user = request.user
            # Someone who may use neither admin (an agency lead, a learner) is told so at once:
            # setting up two-factor authentication first would lead only to this refusal.
            if path.startswith(ADMIN_PATHS) and user.is_authenticated and not may_use_an_admin(user):
                return no_admin_access(request)
            refusal = send_to_mfa_setup(request)
            if refusal is not None:
                return refusal
            if user.is_authenticated and not can_enter_admin(user, path):
                if path.startswith(ADMIN_PATHS):
                    return no_admin_access(request)
                raise PermissionDenied("You do not have permission to use the admin.")
        return self.get_response(request)


def may_use_an_admin(user):
    return any(can_enter_admin(user, path) for path in ADMIN_PATHS)


def no_admin_access(request):
    return render(
        request,
        "people/no_admin_access.html",
        {"may_use_wagtail_admin": can_enter_admin(request.user, "/admin/")},
        status=403,
    )
