"""A person's own booking pages: book a session, see what happened, cancel, answer an offer,
and the personal calendar feed. Thin: every change is a verb in ``bookings.services``, every
refusal its ``BookingRefused`` reasons, and every read of a session's bookings settles its offers
first. Nobody reaches a booking that is not theirs: it is looked up with the signed-in person,
so another person's booking is a 404, the same as one that does not exist.
"""

from allauth.account.decorators import verified_email_required

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bookings import calendar, links, services
from bookings.actions import booking_action
from bookings.choices import BookingReasonCode, BookingStatus
from bookings.forms import BookingForm
from bookings.models import Booking, CalendarToken, Session
from bookings.rules import cancellation, offer_closed
from bookings.services import BookingBusy, BookingRefused
from records.eligibility import Reason

BUSY_MESSAGE = "Many people are booking this session right now. Nothing has changed: please try again."


def _own_booking(request, pk):
    queryset = Booking.objects.for_person(request.user).select_related(
        "session__course",
        "session__venue",
        "eligibility_exception__granted_by",
        "moved_to__session__course",
        "substituted_by__user",
    )
    booking = get_object_or_404(queryset, pk=pk)
    services.settle_offers(booking.session)
    return get_object_or_404(queryset.with_waiting_position(), pk=pk)


def _active_booking(person, session):
    return Booking.objects.for_person(person).active().filter(session=session).first()


@verified_email_required
def book(request, uid):
    """GET: the session and the booking form, or every reason the person may not book.
    POST: ``book_session``, then the confirmation page; a refusal shows the reasons and changes
    nothing. A second submit (a double click, another tab) shows the booking already made."""
    services.settle_offers(get_object_or_404(Session.objects.published(), uid=uid))
    session = get_object_or_404(Session.objects.published().with_availability(), uid=uid)
    person = request.user
    existing = _active_booking(person, session)
    if existing is not None:
        return redirect("bookings:booking_detail", existing.pk)
    form = BookingForm(request.POST if request.method == "POST" else None, person=person)
    refusal = []
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.book_session(person, session, by=person, **form.cleaned_data)
        except BookingRefused as refused:
            existing = _active_booking(person, session)
            if existing is not None and {r.code for r in refused.reasons} == {BookingReasonCode.ALREADY_BOOKED}:
                return redirect("bookings:booking_detail", existing.pk)
            refusal = refused.reasons
        except BookingBusy:
            refusal = [Reason("busy", BUSY_MESSAGE)]
        else:
            return redirect("bookings:booking_detail", booking.pk)
    return render(
        request,
        "bookings/book.html",
        {
            "session": session,
            "form": form,
            "action": booking_action(person, session),
            "refusal": refusal,
            "offer_hours": settings.BOOKING_OFFER_HOURS,
        },
        status=400 if refusal or form.errors else 200,
    )


@verified_email_required
def booking_detail(request, pk):
    """The confirmation page: what happened to the booking and what happens next."""
    booking = _own_booking(request, pk)
    return render(
        request,
        "bookings/booking_detail.html",
        {
            "booking": booking,
            "session": booking.session,
            "offer_deadline": booking.offer_expires_at,
            "cancellation": cancellation(booking),
            "offer_open": booking.status == BookingStatus.OFFERED and offer_closed(booking) is None,
        },
    )


PAST_BOOKINGS_SHOWN = 50


@verified_email_required
def past_bookings(request):
    """The person's bookings that are over: sessions gone by, cancelled places, declined requests."""
    bookings = (
        Booking.objects.for_person(request.user)
        .over()
        .select_related("session__course", "session__venue", "substituted_by__user")
        .order_by("-session__starts_at", "-id")
    )
    return render(request, "bookings/past_bookings.html", {"bookings": bookings[:PAST_BOOKINGS_SHOWN]})


@verified_email_required
def cancel(request, pk):
    """GET asks (warning when cancelling now would be late, with the cut-off); POST cancels."""
    booking = _own_booking(request, pk)
    session = booking.session
    refusal = []
    if request.method == "POST":
        try:
            services.cancel_booking(booking, by=request.user)
        except BookingRefused as refused:
            refusal = refused.reasons
        except BookingBusy:
            refusal = [Reason("busy", BUSY_MESSAGE)]
        else:
            return redirect(f"{reverse('bookings:booking_detail', args=[booking.pk])}?cancelled=1")
    return render(
        request,
        "bookings/cancel.html",
        {"booking": booking, "session": session, "refusal": refusal, "cancellation": cancellation(booking)},
        status=400 if refusal else 200,
    )


# Offers: from the email link (a signed token) or from My bookings (the booking's pk).


def _offer_page(request, booking, action, token=None):
    """GET: a button (email scanners follow links, so a GET never acts). POST: the answer."""
    if booking is None:
        return render(request, "bookings/link_not_valid.html", {"kind": "offer"}, status=400)
    if booking.user_id != request.user.pk:
        raise Http404("No such offer.")
    services.settle_offers(booking.session)
    booking.refresh_from_db()
    closed = offer_closed(booking)
    refusal = [closed] if closed is not None else []
    if closed is None and request.method == "POST":
        verb = services.accept_offer if action == "accept" else services.decline_offer
        try:
            verb(booking, by=request.user)
        except BookingRefused as refused:
            refusal = refused.reasons
        except BookingBusy:
            refusal = [Reason("busy", BUSY_MESSAGE)]
        else:
            return redirect("bookings:booking_detail", booking.pk)
    return render(
        request,
        "bookings/offer.html",
        {"booking": booking, "session": booking.session, "action": action, "refusal": refusal, "open": closed is None},
        status=400 if refusal and request.method == "POST" else 200,
    )


@verified_email_required
def offer_accept(request, token):
    return _offer_page(request, links.booking_for_token(token, links.OFFER_SALT), "accept")


@verified_email_required
def offer_decline(request, token):
    return _offer_page(request, links.booking_for_token(token, links.OFFER_SALT), "decline")


@verified_email_required
def my_offer(request, pk, action):
    """The same answer from My bookings, for someone who has not got the email to hand."""
    booking = get_object_or_404(Booking.objects.for_person(request.user).select_related("session__course"), pk=pk)
    return _offer_page(request, booking, action)


# The personal calendar feed


def personal_calendar(request, token):
    """The person's confirmed bookings as a calendar feed, found by the secret token alone (a
    calendar app cannot sign in). The sessions' public entries and nothing else personal."""
    calendar_token = get_object_or_404(CalendarToken.objects.select_related("user"), token=token)
    person = calendar_token.user
    if not person.is_active:
        raise Http404("No such calendar.")
    response = HttpResponse(calendar.build_personal_feed(request, person), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-cse-training.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


@require_POST
@verified_email_required
def reset_calendar(request):
    services.reset_calendar_token(request.user)
    return redirect(f"{reverse('records:my_training')}?calendar=reset#calendar-feed")
