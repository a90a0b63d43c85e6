from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "Training records"
    training_administrators_manage = True  # see people/groups.py

    def ready(self):
        # Imported here: allauth's signals and our services import models, which cannot load
        # while apps.py does.
        from allauth.account.signals import email_confirmed

        email_confirmed.connect(_record_kept_completions, dispatch_uid="records.record_kept_completions")


def _record_kept_completions(request, email_address, **kwargs):
    """Someone has just confirmed an email address: completions an import kept for it are theirs."""
    from records.services import match_pending_completions

    match_pending_completions(email_address.user, email_address.email)
