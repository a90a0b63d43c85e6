"""Staff access: who must protect their account with MFA, who may enter which admin, and the
guard that keeps staff screens behind MFA.

Staff and report screens show other people's personal data, so a password alone must never
open them. Two things enforce that, with one rule (``send_to_mfa_setup``):
``RequireMFAForStaffMiddleware`` guards whole path prefixes (``MFA_REQUIRED_PATH_PREFIXES``),
and ``mfa_required`` guards one view wherever it is mounted. ``tests/test_staff_screens_need_mfa.py``
checks that every staff URL has one or the other.
"""

from functools import wraps

from allauth.mfa.utils import is_mfa_enabled

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

TRAINING_ADMINISTRATORS = "Training administrators"

MFA_SETUP_MESSAGE = (
    "Your account can see other people's training records, so it needs two-factor "
    "authentication. Set it up now to continue."
)


def is_training_administrator(user):
    return user.is_authenticated and (user.is_superuser or user.groups.filter(name=TRAINING_ADMINISTRATORS).exists())


def requires_mfa(user):
    """Anyone who can see other people's records must protect their account with MFA."""
    if not user.is_authenticated:
        return False
    return user.is_staff or is_training_administrator(user) or user.is_agency_lead


def has_mfa(user):
    return is_mfa_enabled(user)


def can_enter_admin(user, path):
    """Whether a signed-in person may open an admin screen at ``path`` at all (each admin
    then checks its own finer permissions)."""
    if path.startswith("/admin/"):
        return user.is_active and user.has_perm("wagtailadmin.access_admin")
    if path.startswith("/django-admin/"):
        return user.is_active and user.is_staff
    return True


def send_to_mfa_setup(request):
    """The redirect to MFA set-up (with a message saying why) for a person who must use MFA
    and has none; ``None`` for everyone else.

    Checked on every request to a staff screen rather than at sign-in, so a person made an
    agency lead while signed in is caught on their next click.
    """
    user = request.user
    if requires_mfa(user) and not has_mfa(user):
        messages.warning(request, MFA_SETUP_MESSAGE)
        return redirect(reverse("mfa_activate_totp"))
    return None


def mfa_required(view):
    """Guard a staff view with MFA wherever its URL is mounted.

    Someone signed out is sent to sign in; a person who must use MFA and has none is sent to
    set it up. It is not a permission check: the view still decides who may see what (a
    learner who is not an agency lead passes this guard and must be refused by the view).
    The wrapped view carries ``mfa_required = True`` so the URL test can see the guard.
    For a class-based view, use ``MFARequiredMixin``.
    """

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        refusal = send_to_mfa_setup(request)
        if refusal is not None:
            return refusal
        return view(request, *args, **kwargs)

    guarded.mfa_required = True
    return guarded


class MFARequiredMixin:
    """``mfa_required`` for a class-based view. It wraps the function ``as_view`` returns, so
    a subclass that overrides ``dispatch`` cannot drop the guard."""

    @classmethod
    def as_view(cls, **initkwargs):
        return mfa_required(super().as_view(**initkwargs))
