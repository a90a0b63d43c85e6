"""Every booking email: one per ``booking_changed`` event, and the reminders before a session.

The booking services (``bookings.services``) announce each change after it commits
(``bookings.signals.booking_changed``); this module listens, words the email (an
administrator's ``EmailTemplate`` or the default in templates/bookings/email/), and queues it on
the ``background`` task backend. Nothing here changes a booking.

- The email is worded when the change happens (a waiting-list position is the one at that
  moment) and sent by the worker, so a slow mail server never holds up a booking.
- Sending is once only: ``send_notice`` writes a ``SentNotice`` (unique per booking, email and
  calendar sequence) in the same transaction as it sends. A retried, repeated or concurrent task
  finds the row, or waits for it on the unique index, and sends nothing; a failed send rolls the
  row back, so the retry does send.
- Confirmations carry the person's calendar invite (``bookings.invites``, ``METHOD:REQUEST``),
  cancellations of a confirmed place a ``METHOD:CANCEL`` of the same entry at a higher SEQUENCE;
  the line manager is copied on both. A waiting-list place, an offer or a request awaiting
  approval never had an invite, so its cancellation carries none and copies nobody. Only offer
  emails carry links with tokens, never the invites.
"""

from datetime import timedelta
from functools import partial

from django_tasks import task

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, Max, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import linebreaks, urlize
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from wagtail.models import Site

from bookings.choices import BookingEvent, BookingStatus, SessionStatus
from bookings.invites import CANCEL, REQUEST, build_invite, invite_filename
from bookings.links import approval_urls, offer_urls, transfer_url
from bookings.models import Booking
from bookings.notice_models import EmailTemplate, NoticeEvent, SentNotice, render_wording
from bookings.rules import deciding_leads
from bookings.services import approval_deadline
from lscb_training.dates import format_date, format_time
from lscb_training.models import SiteSettings
from lscb_training.tasks import deliver_email

# Emails with the person's invite, and with its cancellation (of a confirmed place only,
# ``ends_a_confirmed_place``); the line manager is copied on both.
INVITE_EVENTS = {BookingEvent.CONFIRMED: REQUEST, BookingEvent.APPROVED: REQUEST}
CANCEL_EVENTS = {BookingEvent.CANCELLED: CANCEL, BookingEvent.SESSION_CANCELLED: CANCEL}
# A moved place and a place handed to a colleague take the old entry out of the calendar; a
# rescheduled session updates it (same UID, higher SEQUENCE).
CANCEL_EVENTS |= {BookingEvent.MOVED: CANCEL, BookingEvent.SUBSTITUTED: CANCEL}
INVITE_EVENTS |= {BookingEvent.RESCHEDULED: REQUEST}
# Ended places whose announcement says what the booking was (``was``).
ENDED_EVENTS = (BookingEvent.CANCELLED, BookingEvent.MOVED, BookingEvent.SUBSTITUTED)

# The register's emails: the line manager is copied on both.
ATTENDANCE_EVENTS = (BookingEvent.DID_NOT_ATTEND, BookingEvent.LEFT_EARLY)

# A change that owes more than one email: a request goes to the leads who decide it, and the
# person who asked is told where it went and until when it waits.
NOTICES_OF = {BookingEvent.AWAITING_APPROVAL: (NoticeEvent.AWAITING_APPROVAL, NoticeEvent.REQUEST_RECEIVED)}

# How long before the session each reminder is due, latest last: a reminder whose moment has
# passed is still sent until the next one is due (a worker down for an hour loses nothing).
REMINDERS = [(NoticeEvent.REMINDER_7D, timedelta(days=7)), (NoticeEvent.REMINDER_1D, timedelta(days=1))]


def on_booking_changed(sender, booking, event, by=None, **extra):
    """``booking_changed`` receiver: queues the event's email once the change has committed
    (the services send it on commit already; this keeps a stray send inside a transaction safe)."""
    transaction.on_commit(partial(queue_notice, booking, event, extra))


def queue_notice(booking, event, extra=None, now=None):
    for notice_event in NOTICES_OF.get(event, (event,)):
        notice = compose_notice(booking, notice_event, extra or {}, now=now)
        if notice is not None:
            send_notice.enqueue(**notice)


@task(backend="background")
def send_notice(booking_id, event, sequence, email):
    """Sends one composed booking email unless it has been sent before; returns how many it sent."""
    try:
        with transaction.atomic():
            SentNotice.objects.create(booking_id=booking_id, event=event, sequence=sequence)
            return deliver_email(**email)
    except IntegrityError:
        return 0


class SiteDetails:
    """The partnership's name, contact address and public address, for emails (made away from
    any request, so from the default Wagtail Site, as docs/operations.md sets it up)."""

    def __init__(self):
        site = Site.objects.filter(is_default_site=True).first()
        self.base_url = (site.root_url if site else settings.WAGTAILADMIN_BASE_URL).rstrip("/")
        values = SiteSettings.for_site(site) if site else SiteSettings()
        self.partnership = values.partnership_name
        self.contact_email = values.contact_email


def sequence_of(booking):
    # ``Booking.sequence`` comes with the booking services' migration; until then every invite
    # of a booking starts at 0 and a cancellation goes one above the highest invite sent.
    return getattr(booking, "sequence", 0)


def waiting_list_position(booking):
    """1 for the first person waiting, as My bookings numbers them
    (``BookingQuerySet.with_waiting_position``); None if not waiting. One query."""
    positions = Booking.objects.with_waiting_position().filter(pk=booking.pk)
    return positions.values_list("waiting_position", flat=True).first() or None


def format_deadline(moment):
    """'5pm on Thursday 16 March 2027'."""
    return f"{format_time(moment)} on {format_date(moment)}" if moment else ""


def line_manager_email(booking):
    return getattr(booking, "line_manager_email", "") or booking.user.line_manager_email


def agency_lead_emails(booking):
    """The leads who may decide the request: those of the agency the person booked from
    (``bookings.rules.deciding_leads``), never the person themselves."""
    agency_id = getattr(booking, "agency_id", None) or booking.user.agency_id
    if not agency_id:
        return []
    leads = deciding_leads(agency_id, booking.user)
    return sorted({email for email in leads.values_list("user__email", flat=True) if email})


def notice_context(booking, event, extra, site):
    """The placeholders of ``bookings.notice_models.PLACEHOLDERS``, as plain values."""
    session, person = booking.session, booking.user
    context = {
        "person_name": person.full_name or person.email,
        "course": session.course.title,
        "when": session.when,
        "venue": session.venue.full_address,
        "session_url": site.base_url + reverse("bookings:session_detail", args=[session.uid]),
        "my_bookings_url": site.base_url + reverse("records:my_training"),
        "agency": person.agency.name if person.agency_id else "",
        "leads_url": site.base_url + "/leads/",
        "reason": str(extra.get("reason", "")),
        "late": bool(extra.get("late", False)),
        "partnership": site.partnership,
        "contact_email": site.contact_email,
        "position": "",
        "offer_deadline": "",
        "approval_deadline": "",
        "accept_url": "",
        "decline_url": "",
        "approve_url": "",
        "refuse_url": "",
        "dates_url": f"{site.base_url}{reverse('bookings:whats_on')}?{urlencode({'course': session.course_id})}",
        "transfer_url": "",
        "substitute_url": "",
        "new_when": str(extra.get("new_when", "")),
        "substitute_name": str(extra.get("substitute_name", "")),
        "changes": "\n".join(extra.get("changes", ())),
    }
    if event == BookingEvent.SESSION_CANCELLED:
        context["transfer_url"] = transfer_url(booking, site.base_url)
    if event in (BookingEvent.CONFIRMED, BookingEvent.APPROVED) and line_manager_email(booking):
        context["substitute_url"] = site.base_url + reverse("bookings:substitute", args=[booking.pk])
    if event == BookingEvent.WAITLISTED:
        context["position"] = waiting_list_position(booking) or ""
    if event == BookingEvent.OFFERED:
        context["offer_deadline"] = format_deadline(getattr(booking, "offer_expires_at", None))
        context["accept_url"], context["decline_url"] = offer_urls(booking, site.base_url)
    if event == BookingEvent.AWAITING_APPROVAL:
        context["approve_url"], context["refuse_url"] = approval_urls(booking, site.base_url)
    if event in (NoticeEvent.AWAITING_APPROVAL, NoticeEvent.REQUEST_RECEIVED) and booking.approval_requested_at:
        context["approval_deadline"] = format_deadline(approval_deadline(booking))
    return context


def html_body(text):
    """The plain text as HTML: everything escaped (wording and values alike), links made
    clickable, paragraphs kept."""
    return mark_safe(linebreaks(urlize(text, autoescape=True)))  # noqa: S308 (escaped by urlize)


def ends_a_confirmed_place(booking, event, extra):
    """Whether a cancellation ``event`` ends a confirmed place, the only kind that was sent a
    calendar invite and copied to the line manager. ``cancel_booking`` says what the booking
    was (``was``); an announcement without it counts as a confirmed place, as a calendar ignores
    the cancellation of an entry it does not hold. A cancelled session keeps its bookings as
    they were, so the booking itself says."""
    if event in ENDED_EVENTS:
        return extra.get("was", BookingStatus.CONFIRMED) == BookingStatus.CONFIRMED
    return booking.status == BookingStatus.CONFIRMED


def holds_an_invite(booking, event):
    """Whether ``event``'s email sends ``booking`` an invite: a change of the session is sent as
    one only to those with a confirmed place (nobody else has the entry in their calendar)."""
    return event in INVITE_EVENTS and (event != BookingEvent.RESCHEDULED or booking.status == BookingStatus.CONFIRMED)


def invite_for(booking, event, extra=None):
    """(method, sequence) of the invite this email carries, or None."""
    if holds_an_invite(booking, event):
        return REQUEST, sequence_of(booking)
    if event in CANCEL_EVENTS and ends_a_confirmed_place(booking, event, extra or {}):
        # Sent whether or not an invite went out: the invite may still be in the queue, and a
        # calendar ignores the cancellation of an entry it does not hold. Above every invite's
        # SEQUENCE, or a calendar would keep the entry.
        sent = SentNotice.objects.filter(booking=booking, event__in=list(INVITE_EVENTS)).aggregate(
            highest=Max("sequence")
        )["highest"]
        return CANCEL, max(sequence_of(booking), (sequence_of(booking) if sent is None else sent) + 1)
    return None


def compose_notice(booking, event, extra=None, now=None, site=None):
    """The task arguments of ``event``'s email about ``booking``, or None if nobody is to get one."""
    extra = extra or {}
    site = site or SiteDetails()
    person = booking.user
    to, cc = [person.email], []
    leads = agency_lead_emails(booking) if event in (BookingEvent.AWAITING_APPROVAL, BookingEvent.RELEASED) else []
    if event == BookingEvent.AWAITING_APPROVAL:
        to = leads
    elif event == BookingEvent.RELEASED:
        cc = leads
    if (
        holds_an_invite(booking, event)
        or event in ATTENDANCE_EVENTS
        or (event in CANCEL_EVENTS and ends_a_confirmed_place(booking, event, extra))
    ):
        manager = line_manager_email(booking)
        if manager and manager.lower() != person.email.lower():
            cc.append(manager)
    if not to:
        return None

    context = notice_context(booking, event, extra, site)
    subject_source, body_source = EmailTemplate.objects.wording(event)
    subject = " ".join(render_wording(subject_source, context).split())
    body = render_wording(body_source, context).strip()
    footer = f"{site.partnership}. Questions about your training: {site.contact_email}"
    html = render_to_string(
        "bookings/email/base.html",
        {"subject": subject, "partnership": site.partnership, "body_html": html_body(body), "footer": footer},
    )
    alternatives = [[html, "text/html"]]
    attachments = []
    invite = invite_for(booking, event, extra)
    if invite is not None:
        method, invite_sequence = invite
        ics = build_invite(
            booking,
            method=method,
            sequence=invite_sequence,
            organizer_email=site.contact_email,
            organizer_name=site.partnership,
            base_url=site.base_url,
            now=now,
        )
        # Inline, as Outlook and Gmail want for their accept-and-update handling; and as a file
        # for every other program. No charset here: Django adds it to every text part.
        alternatives.append([ics, f"text/calendar; method={method}"])
        attachments.append([ics, invite_filename(method), "application/ics"])
    return {
        "booking_id": booking.pk,
        "event": str(event),
        "sequence": 0 if event.startswith("reminder_") else sequence_of(booking),
        "email": {
            "subject": subject,
            "body": f"{body}\n\n--\n{footer}\n",
            "from_email": settings.DEFAULT_FROM_EMAIL,
            "to": to,
            "cc": cc,
            "alternatives": alternatives,
            "attachments": attachments,
            "headers": {"Reply-To": site.contact_email},
        },
    }


def due_reminders(event, ahead, now):
    """Confirmed bookings of sessions going ahead that are owed the ``event`` reminder now:
    its moment (``ahead`` before the start) has come, the next reminder's has not, the booking
    was made before the moment (someone booking three days ahead needs no week's notice), and
    it has not been sent."""
    later = min((gap for _, gap in REMINDERS if gap < ahead), default=timedelta(0))
    return (
        Booking.objects.filter(status=BookingStatus.CONFIRMED, session__status=SessionStatus.SCHEDULED)
        .filter(session__starts_at__lte=now + ahead, session__starts_at__gt=now + later)
        .filter(created_at__lte=F("session__starts_at") - ahead)
        .exclude(Exists(SentNotice.objects.filter(booking=OuterRef("pk"), event=event)))
        .select_related("session__course", "session__venue", "user__agency")
        .order_by("session__starts_at", "id")
    )


def send_due_reminders(now=None):
    """Queues every reminder due now; returns how many. Run every 15 minutes by
    ``manage.py run_booking_jobs`` (``bookings.jobs``): run twice, or on two servers at once,
    each reminder is still sent once (``send_notice``)."""
    now = now or timezone.now()
    site = SiteDetails()
    queued = 0
    for event, ahead in REMINDERS:
        for booking in due_reminders(event, ahead, now):
            send_notice.enqueue(**compose_notice(booking, event, now=now, site=site))
            queued += 1
    return queued
