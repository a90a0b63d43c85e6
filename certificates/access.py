"""Who may open which certificate, in one place: every download, page and list asks here.

A person sees their own; an agency lead those of the people in the agencies they lead
(``User.objects.led_by``); a training administrator every one. Anyone else gets a 404, as if
the code did not exist. The public verify page is not this: it shows a certificate's status
and no more to anyone holding its code.
"""

from django.db.models import Q

from certificates.models import Certificate
from people.models import User
from people.staff_access import is_training_administrator


def visible_certificates(user):
    if not user.is_authenticated:
        return Certificate.objects.none()
    if is_training_administrator(user):
        return Certificate.objects.all()
    if user.is_agency_lead:
        return Certificate.objects.filter(Q(person=user) | Q(person__in=User.objects.led_by(user).values("pk")))
    return Certificate.objects.filter(person=user)


def sees_as_staff(user, certificate):
    """Whether ``user`` is opening someone else's certificate (so must be using MFA)."""
    return certificate.person_id != user.pk
