"""Excusing a person from a requirement for a while (long-term leave, secondment, training
elsewhere). The one verb both the administrators' screen and a lead's person page call: an
exemption counts as compliant from its start until (not including) its end date."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from compliance.models import Exemption
from lscb_training.dates import add_months, format_short_date

GRANT_EXEMPTION = "compliance.grant_exemption"
END_EXEMPTION = "compliance.end_exemption"

# Long enough for a secondment or parental leave; anything longer is a change of requirement.
LONGEST_MONTHS = 24


def grant_exemption(person, requirement, reason, ends_on, granted_by, starts_on=None):
    """Records and audits an exemption. Raises ``ValidationError`` (by field), changing
    nothing, for an empty reason, an end not after the start or in the past, or one more than
    24 months from today, or one that an exemption of the person from the requirement already
    covers from start to end (a second click on the button, two tabs)."""
    today = timezone.localdate()
    starts_on = starts_on or today
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = "Enter the reason for the exemption"
    if ends_on is None:
        errors["ends_on"] = "Enter the date the exemption ends"
    elif ends_on <= max(starts_on, today):
        errors["ends_on"] = f"The exemption must end after {format_short_date(max(starts_on, today))}"
    elif ends_on > add_months(today, LONGEST_MONTHS):
        errors["ends_on"] = f"An exemption can last up to {LONGEST_MONTHS} months: end it by " + format_short_date(
            add_months(today, LONGEST_MONTHS)
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The person's row is the lock: of two grants at once, the second waits here and then
        # finds the first.
        type(person).objects.select_for_update().filter(pk=person.pk).first()
        covering = (
            Exemption.objects.filter(
                person=person, requirement=requirement, starts_on__lte=starts_on, ends_on__gte=ends_on
            )
            .order_by("-ends_on")
            .first()
        )
        if covering is not None:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: f"{person.full_name or person.email} is already exempt from "
                    f"“{requirement.title}” until {format_short_date(covering.ends_on)}, so nothing was recorded."
                }
            )
        exemption = Exemption.objects.create(
            person=person,
            requirement=requirement,
            reason=reason,
            starts_on=starts_on,
            ends_on=ends_on,
            granted_by=granted_by,
        )
        log(exemption, GRANT_EXEMPTION, user=granted_by, data={"reason": reason, "ends_on": ends_on.isoformat()})
    return exemption


def end_exemption(exemption, ended_by):
    """Ends a running or future exemption today: the person's status is computed from their
    completions again from today. One that had not run a whole day yet is removed (an
    exemption ends after it starts). Returns whether there was anything to end."""
    today = timezone.localdate()
    with transaction.atomic():
        log(exemption, END_EXEMPTION, user=ended_by)
        unstarted = Exemption.objects.filter(pk=exemption.pk, starts_on__gte=today, ends_on__gt=today)
        if unstarted.delete()[0]:
            return True
        ended = Exemption.objects.filter(pk=exemption.pk, ends_on__gt=today).update(ends_on=today)
        if not ended:
            transaction.set_rollback(True)
    return bool(ended)
