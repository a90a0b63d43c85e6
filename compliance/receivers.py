"""Compliance listens for people joining: a roster entry waiting for a person's work email is
linked to their account, so from then on they count once, as the account, not also as a name on
the roster.

Two moments: an account's role in an agency starting (a new ``RoleHistory`` period, written by
``User.save`` whether the account came from sign-up, the admin or an import, and again when
someone moves to the agency in their profile), and someone confirming an email address
(allauth's ``email_confirmed``, which also covers an address added to an account later)."""

from allauth.account.signals import email_confirmed

from django.db.models.signals import post_save
from django.dispatch import receiver

from compliance.services import link_roster_entries
from people.models import RoleHistory


@receiver(post_save, sender=RoleHistory, dispatch_uid="compliance.link_roster_on_role")
def link_roster_when_a_role_starts(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.agency_id:
        link_roster_entries(instance.user, agency_id=instance.agency_id)


@receiver(email_confirmed, dispatch_uid="compliance.link_roster_on_email")
def link_roster_when_an_email_is_confirmed(request, email_address, **kwargs):
    link_roster_entries(email_address.user, email_address.email)
