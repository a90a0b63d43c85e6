from django.conf import settings
from django.core.exceptions import PermissionDenied

from people.staff_access import can_enter_admin, send_to_mfa_setup

# The two admin logins redirect to allauth; they are the way in, never refused here.
ADMIN_LOGIN_PATHS = ("/admin/login/", "/django-admin/login/")


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
            refusal = send_to_mfa_setup(request)
            if refusal is not None:
                return refusal
            if request.user.is_authenticated and not can_enter_admin(request.user, path):
                raise PermissionDenied("You do not have permission to use the admin.")
        return self.get_response(request)
