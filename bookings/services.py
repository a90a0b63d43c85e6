"""State changes of sessions and bookings: one verb each, called by every view, admin screen,
command and task that needs it, so a rule, its audit log entry and its notices live in one place.
"""

from django.db import transaction

from wagtail.log_actions import log

from bookings.choices import SessionStatus
from bookings.models import Session


def cancel_session(session, by=None):
    """Cancels a session, logged against ``by`` in the Wagtail audit log.

    Its calendar entry becomes STATUS:CANCELLED with a higher SEQUENCE (``Session.save``).
    Returns ``False``, changing nothing, if it was already cancelled (a double submit).
    """
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.status == SessionStatus.CANCELLED:
            return False
        session.status = SessionStatus.CANCELLED
        session.save()
        log(instance=session, action="bookings.cancel_session", user=by)
    return True
