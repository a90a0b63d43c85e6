"""The email that tells a person their certificate is ready: a link to the certificate's page
(behind their sign-in), never the PDF attached, so a forwarded email carries no document.

``issue_certificates`` announces what it issued once the transaction commits
(``announce_issued``); the background task words and sends one email per certificate. Sending
is once only: the task claims ``Certificate.notified_at`` with a conditional update in the
transaction that sends, so a retried, repeated or concurrent task finds it claimed and sends
nothing, and a failed send rolls the claim back, so the retry does send. A certificate revoked
or superseded before the email goes is not announced: it no longer proves anything new.
"""

from functools import partial

from django_tasks import task

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Site

from certificates.models import Certificate
from lscb_training.dates import format_date, format_short_date
from lscb_training.models import SiteSettings
from lscb_training.tasks import deliver_email


def announce_issued(certificates):
    """Queues the emails of ``certificates`` once the transaction that issued them commits, so a
    register that rolls back emails nobody."""
    ids = [certificate.pk for certificate in certificates]
    if ids:
        transaction.on_commit(partial(send_issued_emails.enqueue, certificate_ids=ids))


@task(backend="background")
def send_issued_emails(certificate_ids):
    """Sends each certificate's email unless it has been sent; returns how many it sent."""
    site = _site()
    sent = 0
    waiting = (
        Certificate.objects.in_force()
        .filter(pk__in=certificate_ids, notified_at__isnull=True)
        .select_related("person", "course")
        .order_by("id")
    )
    for certificate in waiting:
        with transaction.atomic():
            claimed = Certificate.objects.filter(pk=certificate.pk, notified_at__isnull=True).update(
                notified_at=timezone.now()
            )
            if claimed:
                sent += deliver_email(**compose_issued_email(certificate, site))
    return sent


def _site():
    """The partnership's name, contact address and public address (emails are made away from
    any request, so from the default Wagtail Site)."""
    site = Site.objects.filter(is_default_site=True).first()
    values = SiteSettings.for_site(site) if site else SiteSettings()
    return {
        "base_url": (site.root_url if site else settings.WAGTAILADMIN_BASE_URL).rstrip("/"),
        "partnership": values.partnership_name,
        "contact_email": values.contact_email,
    }


def compose_issued_email(certificate, site):
    """The arguments of ``deliver_email`` for ``certificate``'s email, plain text and HTML."""
    person = certificate.person
    context = {
        "person_name": person.full_name or person.email,
        "kind": certificate.get_kind_display(),
        "course": certificate.course.title,
        "completed_on": format_date(certificate.completed_on),
        "expires_on": format_short_date(certificate.expires_on) if certificate.expires_on else "",
        "certificate_url": site["base_url"] + reverse("certificates:detail", args=[certificate.code]),
        "my_training_url": site["base_url"] + reverse("records:my_training"),
        "verify_url": site["base_url"] + reverse("certificates:verify_form"),
        **site,
    }
    subject = f"Your certificate: {certificate.course.title}"
    context["subject"] = subject
    return {
        "subject": subject,
        "body": render_to_string("certificates/email/issued.txt", context),
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "to": [person.email],
        "alternatives": [[render_to_string("certificates/email/issued.html", context), "text/html"]],
        "headers": {"Reply-To": site["contact_email"]},
    }
