"""The compliance emails the clock sends: a learner's reminders before a required completion
lapses, and each agency lead's weekly digest. Run by ``manage.py run_compliance_jobs``
(``compliance.jobs``).

- **Reminders** go 60, 30 and 7 days before a completion lapses and on the day it does
  (``STEPS``), each once, to the people in an agency's staff (``compliance.staff.accounts``,
  roster leavers out) that the requirement applies to, whose status (``compliance.status``, the
  one definition) says they hold that completion still or lost it that day, and who are not
  excused. A step whose day passed up to ``CATCH_UP_DAYS`` ago is still sent, so a job that did
  not run for a few days loses nothing; once the next step is due, the missed one is dropped.
- **Digests** go once an ISO week to each lead: for each agency they lead and each requirement
  that applies to some of its staff, who lapsed in the last 7 days, who became compliant by
  training recorded in the last 7 days, and which new starters are due within 30 days. A week
  with nothing to report still sends one saying so: leads can rely on it arriving.

Sending is once only, as for the booking emails (``bookings.notices.send_notice``): the job
skips what is already recorded, and the task writes the ``ReminderSent`` / ``DigestSent`` row
(unique) in the transaction that sends. A second run, or a second server, queues at most a
duplicate task that finds the row and sends nothing; a failed send rolls the row back, so the
next run queues it again.
"""

import datetime

from django_tasks import task

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from bookings.notices import SiteDetails, html_body
from compliance.models import DigestSent, ReminderSent
from compliance.next_steps import e_learning, next_sessions
from compliance.staff import accounts, halves, roster_only
from compliance.status import (
    ComplianceStatus,
    applies_to,
    completed_for_lapse_between,
    due_dates,
    in_force,
    satisfying_course_ids,
    with_status,
)
from lscb_training.dates import format_date
from lscb_training.tasks import deliver_email
from people.models import Agency, AgencyLeadership
from records.models import Completion

# Days before the lapse date, latest last; 0 is the day it lapses.
STEPS = (60, 30, 7, 0)
# A step is still sent this many days after its day (less than the gap between two steps).
CATCH_UP_DAYS = 6
DIGEST_DAYS = 7
NEW_STARTERS_DUE_WITHIN_DAYS = 30


def _window(step, today):
    """The lapse dates owed the ``step`` reminder on ``today``: its own day and the
    ``CATCH_UP_DAYS`` before it."""
    return today + datetime.timedelta(days=step - CATCH_UP_DAYS), today + datetime.timedelta(days=step)


def _reminder_candidates(requirement, step, today, requirements):
    """The role periods (one a person) owed ``requirement``'s ``step`` reminder on ``today``
    by their status, with ``due_on`` (the lapse date), whether or not it was sent."""
    first, last = _window(step, today)
    low, high = completed_for_lapse_between(first, last, requirement.renewal_months)
    people = applies_to(requirement, accounts(Agency.objects.all(), today), today, requirements=requirements)
    # Only people with a completion in the range can have their latest there: an index lookup
    # that spares working out everyone else's status (demo, 600 people, two requirements:
    # 160 ms of database time a run instead of 205).
    completed_then = Completion.objects.filter(
        user=OuterRef("user_id"), course_id__in=satisfying_course_ids(requirement), completed_on__range=(low, high)
    )
    people = people.filter(Exists(completed_then))
    people = with_status(people, requirement, today=today, person="user_id", started="started_on")
    wanted = [ComplianceStatus.EXPIRED] if step == 0 else [ComplianceStatus.COMPLIANT, ComplianceStatus.EXPIRING]
    people = people.filter(
        exempt=False, compliance_status__in=wanted, latest_completion__gte=low, latest_completion__lte=high
    ).select_related("user")
    for period in people.order_by("user_id"):
        period.due_on = due_dates(period, requirement)
        if period.due_on and first <= period.due_on <= last:
            yield period


def send_expiry_reminders(today=None):
    """Queues every expiry reminder due on ``today``; returns how many. Run daily or more often:
    each is sent once, however often and on however many servers."""
    today = today or timezone.localdate()
    requirements = in_force(today)
    site = SiteDetails()
    queued = 0
    for requirement in requirements:
        if not requirement.renewal_months:
            continue  # done once is done for good: nothing lapses
        ways = None
        for step in STEPS:
            due = list(_reminder_candidates(requirement, step, today, requirements))
            if not due:
                continue
            sent = set(
                ReminderSent.objects.filter(
                    requirement=requirement, days_before=step, due_on__range=_window(step, today)
                ).values_list("person_id", "due_on")
            )
            ways = ways or _ways_to_meet(requirement, site)
            for period in due:
                if (period.user_id, period.due_on) in sent:
                    continue
                send_reminder.enqueue(
                    person_id=period.user_id,
                    requirement_id=requirement.pk,
                    due_on=period.due_on.isoformat(),
                    days_before=step,
                    email=compose_reminder(period.user, requirement, period, today, ways, site),
                )
                queued += 1
    return queued


@task(backend="background")
def send_reminder(person_id, requirement_id, due_on, days_before, email):
    """Sends one composed reminder unless it has been sent before; returns how many it sent."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                person_id=person_id,
                requirement_id=requirement_id,
                due_on=datetime.date.fromisoformat(due_on),
                days_before=days_before,
            )
            return deliver_email(**email)
    except IntegrityError:
        return 0


def _ways_to_meet(requirement, site):
    """What would meet ``requirement``, with full links: the next sessions to book, the
    e-learning to do, and the course list to look at when neither is on offer."""
    return {
        "sessions": [
            {
                "course": session.course.title,
                "when": session.when,
                "url": site.base_url + reverse("bookings:session_detail", args=[session.uid]),
            }
            for session in next_sessions(requirement)
        ],
        "e_learning": [
            {"course": module.course.title, "url": site.base_url + reverse("elearning:module", args=[module.pk])}
            for module in e_learning(requirement)
        ],
        "whats_on_url": site.base_url + reverse("bookings:whats_on"),
    }


def _email(subject, template, context, to, site):
    """``deliver_email``'s arguments: the text from ``template``, the HTML the booking emails
    wrap it in, the partnership's footer."""
    body = render_to_string(template, context).strip()
    footer = f"{site.partnership}. Questions about your training: {site.contact_email}"
    html = render_to_string(
        "bookings/email/base.html",
        {"subject": subject, "partnership": site.partnership, "body_html": html_body(body), "footer": footer},
    )
    return {
        "subject": subject,
        "body": f"{body}\n\n--\n{footer}\n",
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "to": to,
        "alternatives": [[html, "text/html"]],
        "headers": {"Reply-To": site.contact_email},
    }


def compose_reminder(person, requirement, period, today, ways, site):
    """The arguments of ``deliver_email`` for ``person``'s reminder about ``requirement``."""
    days_left = (period.due_on - today).days
    if days_left > 0:
        subject = f"Your {requirement.title} training expires on {format_date(period.due_on)}"
    elif days_left == 0:
        subject = f"Your {requirement.title} training has expired today"
    else:
        subject = f"Your {requirement.title} training expired on {format_date(period.due_on)}"
    context = {
        "person_name": person.full_name or person.email,
        "requirement": requirement.title,
        "completed_on": format_date(period.latest_completion),
        "due_on": format_date(period.due_on),
        "days_left": days_left,
        "booked": period.booked,
        "my_training_url": site.base_url + reverse("records:my_training"),
        **ways,
    }
    return _email(subject, "compliance/email/expiry_reminder.txt", context, [person.email], site)


def _week_of(day):
    return day - datetime.timedelta(days=day.weekday())


def digest_changes(agency, requirement, today, requirements, now=None):
    """What changed in ``agency`` against ``requirement`` over the last week, by the status
    functions: ``{"expired": [...], "compliant": [...], "new_starters": [...]}``, each a list of
    ``(name, date)`` (the lapse date, the completion date, the date due by), sorted by name."""
    now = now or timezone.now()
    people, waiting = halves([agency], requirement, today, requirements=requirements, now=now)
    changes = {"expired": [], "compliant": [], "new_starters": []}
    if requirement.renewal_months:
        low, high = completed_for_lapse_between(
            today - datetime.timedelta(days=DIGEST_DAYS - 1), today, requirement.renewal_months
        )
        lapsed = people.filter(
            compliance_status=ComplianceStatus.EXPIRED, latest_completion__gte=low, latest_completion__lte=high
        )
        for period in lapsed.select_related("user"):
            changes["expired"].append((period.user.full_name or period.user.email, due_dates(period, requirement)))
    recent = Completion.objects.filter(
        user=OuterRef("user_id"),
        course_id__in=satisfying_course_ids(requirement),
        completed_on=OuterRef("latest_completion"),
        recorded_at__gt=now - datetime.timedelta(days=DIGEST_DAYS),
    )
    newly = people.filter(
        Exists(recent),
        exempt=False,
        compliance_status__in=[ComplianceStatus.COMPLIANT, ComplianceStatus.EXPIRING],
    )
    for period in newly.select_related("user"):
        changes["compliant"].append((period.user.full_name or period.user.email, period.latest_completion))
    due_by = today + datetime.timedelta(days=NEW_STARTERS_DUE_WITHIN_DAYS)
    starters = [
        *people.filter(compliance_status=ComplianceStatus.NEW_STARTER)
        .annotate(role_started_on=F("started_on"), name=F("user__full_name"), work_email=F("user__email"))
        .order_by(),
        *waiting.filter(compliance_status=ComplianceStatus.NEW_STARTER)
        .annotate(role_started_on=F("started_on"), name=F("full_name"), work_email=F("email"))
        .order_by(),
    ]
    for row in starters:
        due = due_dates(row, requirement)
        if due and due <= due_by:
            changes["new_starters"].append((row.name or row.work_email, due))
    for rows in changes.values():
        rows.sort(key=lambda row: (row[0].lower(), row[1]))
    return changes


def send_weekly_digests(today=None):
    """Queues this ISO week's digest for every agency lead not sent it yet; returns how many."""
    today = today or timezone.localdate()
    week_of = _week_of(today)
    requirements = in_force(today)
    site = SiteDetails()
    sent = DigestSent.objects.filter(lead=OuterRef("user_id"), week_of=week_of)
    leaderships = (
        AgencyLeadership.objects.filter(user__is_active=True)
        .exclude(Exists(sent))
        .select_related("user", "agency")
        .order_by("user_id", "agency__name", "agency_id")
    )
    by_lead = {}
    for leadership in leaderships:
        by_lead.setdefault(leadership.user, []).append(leadership.agency)
    for lead, agencies in by_lead.items():
        send_digest.enqueue(
            lead_id=lead.pk,
            week_of=week_of.isoformat(),
            email=compose_digest(lead, agencies, today, requirements, site),
        )
    return len(by_lead)


def compose_digest(lead, agencies, today, requirements, site):
    """The arguments of ``deliver_email`` for ``lead``'s digest about ``agencies``."""
    sections = []
    for agency in agencies:
        parts = []
        for requirement in requirements:
            if not any(
                applies_to(requirement, staff, today, requirements=requirements).exists()
                for staff in (accounts([agency], today), roster_only([agency], today))
            ):
                continue
            parts.append(
                {
                    "requirement": requirement.title,
                    **{
                        kind: [(name, format_date(day)) for name, day in rows]
                        for kind, rows in digest_changes(agency, requirement, today, requirements).items()
                    },
                }
            )
        changed = any(part[kind] for part in parts for kind in ("expired", "compliant", "new_starters"))
        sections.append(
            {
                "agency": agency.name,
                "requirements": parts,
                "changed": changed,
                # The lead dashboard's address (compliance.urls, being built beside this).
                "dashboard_url": site.base_url + reverse("compliance:dashboard", args=[agency.pk]),
            }
        )
    context = {
        "person_name": lead.full_name or lead.email,
        "week_of": format_date(_week_of(today)),
        "since": format_date(today - datetime.timedelta(days=DIGEST_DAYS - 1)),
        "today": format_date(today),
        "within": NEW_STARTERS_DUE_WITHIN_DAYS,
        "sections": sections,
    }
    subject = f"Training compliance: your weekly summary, {format_date(today)}"
    return _email(subject, "compliance/email/digest.txt", context, [lead.email], site)


@task(backend="background")
def send_digest(lead_id, week_of, email):
    """Sends one composed digest unless this week's has been sent; returns how many it sent."""
    try:
        with transaction.atomic():
            DigestSent.objects.create(lead_id=lead_id, week_of=datetime.date.fromisoformat(week_of))
            return deliver_email(**email)
    except IntegrityError:
        return 0
