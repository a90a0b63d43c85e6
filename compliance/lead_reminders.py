""" "Remind selected": a lead emails chosen people of their agency about one requirement.

Each person is told their status and date (``compliance.status``) and what would meet it next
(``compliance.next_steps``). A person reminded by any lead about the same requirement in the last
24 hours is skipped: ``LeadReminderSent`` rows are the record, written in the transaction that
queues the emails, and the requirement's row is locked while the check and the writes happen, so
a double submit, or two leads at once on two servers, reminds nobody twice.
"""

import dataclasses
import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from compliance.models import LeadReminderSent, Requirement
from compliance.next_steps import e_learning, next_sessions
from compliance.staff import accounts
from compliance.status import ComplianceStatus, applies_to, due_dates, with_status
from lscb_training.dates import format_date, format_when
from lscb_training.tasks import send_email

MAX_PEOPLE = 200
RATE_LIMIT = datetime.timedelta(hours=24)


@dataclasses.dataclass
class Outcome:
    reminded: int
    skipped: int

    def message(self, title):
        """What the lead is told, e.g. 'Reminder emailed to 3 people about “Level 1”. 1 person
        was not sent one: they had a reminder about it in the last day.' Says what was sent and
        about what, since the staff list it returns to may show another page."""

        def people(count):
            return "1 person" if count == 1 else f"{count} people"

        if self.reminded:
            words = f"Reminder emailed to {people(self.reminded)} about “{title}”."
        else:
            words = f"Nobody was reminded about “{title}”."
        if self.skipped == 1:
            words += " 1 person was not sent one: they had a reminder about it in the last day."
        elif self.skipped:
            words += f" {self.skipped} people were not sent one: they had a reminder about it in the last day."
        return words


def staff_it_applies_to(agency, requirement, on, requirements):
    """The role periods of ``agency``'s staff on ``on`` that ``requirement`` applies to, with
    their status: who may be reminded."""
    return with_status(
        applies_to(requirement, accounts([agency], on), on, requirements=requirements),
        requirement,
        today=on,
        person="user_id",
        started="started_on",
    )


def base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _what_is_due(row, requirement):
    due = due_dates(row, requirement)
    when = format_date(due) if due else ""
    status = row.compliance_status
    if row.exempt:
        return "You are excused from this at the moment, so nothing is due yet."
    if status == ComplianceStatus.EXPIRED:
        return f"Your training lapsed on {when}. Please complete it again as soon as you can."
    if status == ComplianceStatus.EXPIRING:
        return f"Your training runs out on {when}. Please renew it before then."
    if status == ComplianceStatus.NEW_STARTER:
        return f"As someone new to your role, you need to complete it by {when}."
    if status == ComplianceStatus.NOT_STARTED:
        return "Our records show you have not completed it yet. Please complete it as soon as you can."
    if when:
        return f"Your training is in date until {when}."
    return "Your training is in date."


def compose(row, requirement, lead, agency, sessions, modules):
    """The arguments of ``send_email`` for one person (a row of ``staff_it_applies_to`` with
    ``user`` loaded), plain text and HTML."""
    person = row.user
    row.role_started_on = row.started_on  # what due_dates reads for a new starter's date
    root = base_url()
    context = {
        "person_name": person.full_name or person.email,
        "lead_name": lead.full_name or lead.email,
        "agency": agency.name,
        "requirement": requirement.title,
        "what_is_due": _what_is_due(row, requirement),
        "booked": row.booked,
        "sessions": [
            {
                "course": session.course.title,
                "when": format_when(session.starts_at, session.ends_at),
                "venue": session.venue.name if session.venue_id else "",
                "url": root + reverse("bookings:session_detail", args=[session.uid]),
            }
            for session in sessions
        ],
        "modules": [
            {"course": module.course.title, "url": root + reverse("elearning:module", args=[module.pk])}
            for module in modules
        ],
        "whats_on_url": root + reverse("bookings:whats_on"),
        "my_training_url": root + reverse("records:my_training"),
    }
    subject = f"Reminder: {requirement.title}"
    context["subject"] = subject
    copy = [person.line_manager_email] if row.copy_manager and person.line_manager_email else []
    return {
        "subject": subject,
        "body": render_to_string("compliance/email/lead_reminder.txt", context),
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "to": [person.email],
        "cc": copy,
        "alternatives": [[render_to_string("compliance/email/lead_reminder.html", context), "text/html"]],
        "headers": {"Reply-To": lead.email},
    }


def remind(lead, agency, requirement, person_ids, *, copy_managers, on, requirements):
    """Queues a reminder to each of ``person_ids`` (all checked by the caller to be in
    ``staff_it_applies_to``) not reminded about ``requirement`` in the last day. A fixed number
    of queries whatever the number of people, and one write for the records."""
    now = timezone.now()
    with transaction.atomic():
        # One remind at a time per requirement: the rate limit below is read and written under it.
        Requirement.objects.select_for_update().filter(pk=requirement.pk).values_list("pk").first()
        recent = set(
            LeadReminderSent.objects.filter(
                requirement=requirement, person_id__in=person_ids, sent_at__gt=now - RATE_LIMIT
            ).values_list("person_id", flat=True)
        )
        due = [pk for pk in person_ids if pk not in recent]
        rows = list(
            staff_it_applies_to(agency, requirement, on, requirements)
            .filter(user_id__in=due)
            .select_related("user")
            .order_by("user__full_name", "user_id")
        )
        if rows:
            sessions = next_sessions(requirement, now=now)
            modules = e_learning(requirement)
        for row in rows:
            row.copy_manager = copy_managers
            send_email.enqueue(**compose(row, requirement, lead, agency, sessions, modules))
        LeadReminderSent.objects.bulk_create(
            LeadReminderSent(
                person_id=row.user_id,
                requirement=requirement,
                sent_by=lead,
                sent_at=now,
                copied_manager=bool(copy_managers and row.user.line_manager_email),
            )
            for row in rows
        )
    return Outcome(reminded=len(rows), skipped=len(person_ids) - len(rows))
