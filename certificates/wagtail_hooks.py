"""What certificates add to the Wagtail admin."""

from wagtail import hooks

from certificates.models import Certificate
from certificates.services import RESTORE, REVOKE
from courses.deletion import refuse_deletion_while


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
