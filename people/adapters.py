from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context

from django.contrib.sites.shortcuts import get_current_site

from lscb_training.tasks import queue_email


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
