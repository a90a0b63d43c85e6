from allauth.account.adapter import DefaultAccountAdapter
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


class MFAAdapter(DefaultMFAAdapter):
    """allauth's MFA adapter, with authenticator secrets encrypted in the database."""

    def encrypt(self, text):
        return mfa_secrets.encrypt(text)

    def decrypt(self, encrypted_text):
        return mfa_secrets.decrypt(encrypted_text)
