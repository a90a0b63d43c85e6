import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter

from django.contrib.sites.shortcuts import get_current_site

from lscb_training.tasks import queue_email
from people import mfa_secrets


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter, with its emails (verification, password reset, notices) sent in the
    background rather than during the request."""

    def send_mail(self, template_prefix, email, context_data):
        request = context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request), **context_data},
        )
        queue_email(message)

    def is_reauthentication_required(self, *, app, **kwargs):
        """Not within the timeout of signing in, as well as of confirming it is you.

        allauth counts only a "Confirm it is you" as recent, so it asked for the password
        again straight after sign-in (when two-factor set-up follows at once). A completed
        sign-in of this session, password and code, is as fresh a proof.
        """
        request = context.request
        if request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            if records and time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT:
                return False
        return super().is_reauthentication_required(app=app, **kwargs)


class MFAAdapter(DefaultMFAAdapter):
    """allauth's MFA adapter, with authenticator secrets encrypted in the database."""

    def encrypt(self, text):
        return mfa_secrets.encrypt(text)

    def decrypt(self, encrypted_text):
        return mfa_secrets.decrypt(encrypted_text)
