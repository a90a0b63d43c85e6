"""Who holds which staff role, and what each role must do before seeing staff screens."""

from allauth.mfa.utils import is_mfa_enabled

TRAINING_ADMINISTRATORS = "Training administrators"

# Apps whose models training administrators manage in full (taggit: the shared topics).
# Later issues add their apps here.
ADMINISTERED_APPS = ("people", "courses", "records", "bookings", "elearning", "taggit")


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
