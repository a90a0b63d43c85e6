"""What ``bookings.notices`` keeps: the emails it has sent, and the wording administrators edit.

Apart from ``bookings.models`` (which imports these, so Django finds them) because the booking
models are the booking services' and these are only the notices'.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.template import Context, Engine, Library, TemplateSyntaxError, defaultfilters, defaulttags
from django.template.base import VariableNode
from django.template.loader import get_template
from django.utils import timezone

from bookings.choices import BookingEvent


class NoticeEvent(models.TextChoices):
    """Every email the bookings app sends: one per ``BookingEvent`` (two for a request awaiting
    approval: to the leads who decide, and to the person who asked), and the two reminders."""

    CONFIRMED = BookingEvent.CONFIRMED, "Place confirmed"
    WAITLISTED = BookingEvent.WAITLISTED, "Added to the waiting list"
    OFFERED = BookingEvent.OFFERED, "Place offered"
    OFFER_EXPIRED = BookingEvent.OFFER_EXPIRED, "Offer expired"
    OFFER_DECLINED = BookingEvent.OFFER_DECLINED, "Offer turned down"
    AWAITING_APPROVAL = BookingEvent.AWAITING_APPROVAL, "Request for approval (to agency leads)"
    REQUEST_RECEIVED = "request_received", "Request sent for approval (to the person)"
    APPROVED = BookingEvent.APPROVED, "Request approved"
    DECLINED = BookingEvent.DECLINED, "Request declined"
    RELEASED = BookingEvent.RELEASED, "Request released (not decided in time)"
    CANCELLED = BookingEvent.CANCELLED, "Booking cancelled"
    SESSION_CANCELLED = BookingEvent.SESSION_CANCELLED, "Session cancelled"
    REMINDER_7D = "reminder_7d", "Reminder a week before"
    REMINDER_1D = "reminder_1d", "Reminder the day before"
    DID_NOT_ATTEND = BookingEvent.DID_NOT_ATTEND, "Did not attend (register)"
    LEFT_EARLY = BookingEvent.LEFT_EARLY, "Left early (register)"
    MOVED = BookingEvent.MOVED, "Booking moved to another date"
    SUBSTITUTED = BookingEvent.SUBSTITUTED, "Place handed to a colleague"
    RESCHEDULED = BookingEvent.RESCHEDULED, "Session time or venue changed"


# The placeholders every email may use; ``bookings.notices.notice_context`` fills them. Values
# are plain text (never objects), so a template can reach nothing else.
PLACEHOLDERS = {
    "person_name": "the person's name",
    "course": "the course title",
    "when": "the date and time, as 'Tuesday 14 March 2027, 9:30am to 12:30pm'",
    "venue": "the venue's name and address",
    "session_url": "the session's page",
    "my_bookings_url": "the person's 'My training' page",
    "position": "their place on the waiting list (waiting list email)",
    "offer_deadline": "when an offer ends, as '5pm on Thursday 16 March 2027' (offer email)",
    "approval_deadline": "when an undecided request is released, as '5pm on Thursday 16 March 2027' (request emails)",
    "accept_url": "the link to accept an offer (offer email)",
    "decline_url": "the link to turn an offer down (offer email)",
    "approve_url": "the link for an agency lead to approve a request (approval email)",
    "refuse_url": "the link for an agency lead to decline a request (approval email)",
    "agency": "the person's agency",
    "leads_url": "the agency leads' page (approval emails)",
    "reason": "the lead's reason for declining, if given (declined email)",
    "late": "true when a cancellation was inside the cut-off (cancelled email)",
    "partnership": "the partnership's name",
    "contact_email": "the partnership's contact address",
    "dates_url": "the course's other dates on What's on (attendance emails)",
    "transfer_url": "the link to move to another date of the course (session cancelled email)",
    "new_when": "the new date and time (booking moved email)",
    "substitute_name": "the colleague who took the place (place handed on email)",
    "substitute_url": "the line manager's link to hand the place to a colleague (confirmation and approval emails)",
    "changes": "what changed, in plain words, one line each (session changed email)",
}

PLACEHOLDER_HELP = (
    "Write placeholders in double curly brackets, for example {{ person_name }}, and "
    "{% if late %}...{% endif %} for text only some emails need. Placeholders: "
    + "; ".join(f"{name}: {meaning}" for name, meaning in PLACEHOLDERS.items())
    + ". Links are written out in full and become clickable in the email."
)

# Enough to word an email; nothing that reads files, loads libraries or shows the context.
_ALLOWED_TAGS = ("if", "firstof", "comment", "spaceless", "templatetag")


def _wording_library():
    library = Library()
    for name in _ALLOWED_TAGS:
        library.tags[name] = defaulttags.register.tags[name]
    library.filters.update(defaultfilters.register.filters)
    return library


_engine = Engine(libraries={}, autoescape=False)
_engine.template_builtins = [_wording_library()]


def compile_wording(source):
    """The template of an email's subject or body, or a ``ValidationError`` in plain words."""
    try:
        template = _engine.from_string(source)
    except TemplateSyntaxError as error:
        raise ValidationError(f"This wording cannot be used: {error}") from error
    unknown = sorted(
        {
            node.filter_expression.var.var.split(".")[0]
            for node in template.nodelist.get_nodes_by_type(VariableNode)
            if hasattr(node.filter_expression.var, "var")
        }
        - set(PLACEHOLDERS)
    )
    if unknown:
        raise ValidationError(
            "Use only the placeholders listed below. Not known: " + ", ".join(f"{{{{ {name} }}}}" for name in unknown)
        )
    return template


def render_wording(source, context):
    """Plain text of ``source`` with the placeholders in ``context`` (plain values only)."""
    return compile_wording(source).render(Context(context, autoescape=False))


class EmailTemplateQuerySet(models.QuerySet):
    def wording(self, event):
        """(subject, body) for ``event``: an administrator's row, else the wording in
        templates/bookings/email/<event>.txt (a "Subject:" line, a blank line, the body)."""
        row = self.filter(event=event).first()
        return (row.subject, row.body) if row else default_wording(event)


def default_wording(event):
    source = get_template(f"bookings/email/{event}.txt").template.source
    first, _, body = source.partition("\n")
    return first.removeprefix("Subject:").strip(), body.lstrip("\n")


class EmailTemplate(models.Model):
    """An administrator's wording of one booking email, used instead of the default."""

    event = models.CharField(
        "email",
        max_length=30,
        choices=NoticeEvent.choices,
        unique=True,
        help_text="Which email this wording is for. Delete the wording to go back to the standard one.",
    )
    subject = models.CharField(max_length=200, help_text=PLACEHOLDER_HELP)
    body = models.TextField(
        help_text="Plain text, one blank line between paragraphs; the HTML version is made from it. " + PLACEHOLDER_HELP
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = EmailTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["event"]
        verbose_name = "email wording"
        verbose_name_plural = "email wording"

    def __str__(self):
        return self.get_event_display()

    def clean(self):
        errors = {}
        for name in ("subject", "body"):
            try:
                compile_wording(getattr(self, name) or "")
            except ValidationError as error:
                errors[name] = error.messages
        if errors:
            raise ValidationError(errors)


class SentNotice(models.Model):
    """One email sent about a booking: written by the sending task before it sends, and unique,
    so a retried or repeated task (or a reminder job run twice) sends nothing a second time."""

    booking = models.ForeignKey("bookings.Booking", on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=30, choices=NoticeEvent.choices)
    sequence = models.PositiveIntegerField(default=0, help_text="The booking's calendar sequence when it was sent.")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "event", "sequence"], name="one_notice_per_booking_event_and_sequence"
            )
        ]

    def __str__(self):
        return f"{self.get_event_display()} for booking {self.booking_id}"
