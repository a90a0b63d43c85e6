"""Public pages of the bookings app: what's on and the calendar files. Thin: rules live in the
QuerySet, the availability rule and ``bookings.calendar``."""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.text import slugify
from django.views.decorators.cache import cache_control

from wagtail.models import Page

from bookings import calendar
from bookings.actions import booking_action
from bookings.forms import WhatsOnFilterForm
from bookings.models import Session
from bookings.services import settle_offers
from courses.models import LEVEL_NUMBERS, CourseFormat, CoursePage, CourseTopic, TrainingLevelPage

SESSIONS_PER_PAGE = 20


# The filters' choices are the same for everyone, so they are cached, and forgotten whenever a
# page or a course's topics change (bookings.apps); the time limit is only a backstop.
FILTER_CHOICES_KEY = "bookings:whats-on-filter-choices"
FILTER_CHOICES_SECONDS = 10 * 60


def _filter_choices():
    """(levels, courses, topics) for the What's on filters: live pages only."""
    choices = cache.get(FILTER_CHOICES_KEY)
    if choices is None:
        levels = TrainingLevelPage.objects.live().order_by("number").values_list("number", "title")
        courses = (
            CoursePage.objects.live()
            .exclude(format=CourseFormat.E_LEARNING)
            .order_by("title", "pk")
            .values_list("pk", "title")
        )
        topics = (
            CourseTopic.objects.filter(content_object__live=True)
            .order_by("tag__name")
            .values_list("tag__slug", "tag__name")
            .distinct()
        )
        choices = (list(levels), list(courses), list(topics))
        cache.set(FILTER_CHOICES_KEY, choices, FILTER_CHOICES_SECONDS)
    return choices


def forget_filter_choices(sender, instance=None, **kwargs):
    if instance is None or isinstance(instance, Page | CourseTopic):
        cache.delete(FILTER_CHOICES_KEY)


def filter_sessions(sessions, filters):
    if "level" in filters:
        sessions = sessions.for_level(filters["level"])
    if "course" in filters:
        sessions = sessions.filter(course_id=filters["course"])
    if "area" in filters:
        sessions = sessions.in_area(filters["area"])
    if "month" in filters:
        year, month = (int(part) for part in filters["month"].split("-"))
        sessions = sessions.in_month(year, month)
    if "topic" in filters:
        sessions = sessions.with_topic(filters["topic"])
    return sessions


def whats_on(request):
    """Every upcoming session of every live course, cancelled ones included (people may hold them)."""
    levels, courses, topics = _filter_choices()
    form = WhatsOnFilterForm(request.GET, levels=levels, courses=courses, topics=topics, today=timezone.localdate())
    filters = form.filters()
    sessions = filter_sessions(Session.objects.published().upcoming(), filters)
    # The list shows places: lapsed offers are settled first (one query when nothing is due).
    settle_offers(sessions=sessions)
    sessions = sessions.with_availability().with_level_number().order_by("starts_at", "id")
    page = Paginator(sessions, SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "bookings/whats_on.html",
        {
            "form": form,
            "filters": filters,
            "ignored": form.ignored(),
            "page_obj": page,
            "kept_query": form.kept_query(),
        },
    )


def session_detail(request, uid):
    """One session: when and where, the venue's access and parking notes, places, calendar file."""
    sessions = Session.objects.published().with_availability()
    session = get_object_or_404(sessions, uid=uid)
    # Offers that lapsed are settled before the page shows places (one query when none has).
    if settle_offers(session):
        session = sessions.get(pk=session.pk)
    action = booking_action(request.user, session) if request.user.is_authenticated else None
    return render(request, "bookings/session_detail.html", {"session": session, "action": action})


def _calendar_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _conditional(request, tag, last_modified):
    """A 304 if the caller holds this version (ETag, or failing that Last-Modified), else None."""
    return get_conditional_response(request, etag=quote_etag(tag), last_modified=int(last_modified.timestamp()))


def _validators(response, tag, last_modified):
    response["ETag"] = quote_etag(tag)
    response["Last-Modified"] = http_date(last_modified.timestamp())
    return response


# Calendar apps poll feeds on their own schedule; a quarter of an hour is fresh enough for a
# rescheduled session and lets a proxy or the app itself skip refetching an unchanged feed.
public_calendar = cache_control(public=True, max_age=15 * 60)


@public_calendar
def calendar_feed(request):
    """The subscribable feed; ``?level=N`` narrows it to one level.

    Built once per change: the body is cached under a key made from the database's change stamp
    (so every app server agrees), and a caller that holds it gets a 304.
    """
    level = request.GET.get("level", "")
    if level:
        if level not in {str(number) for number in LEVEL_NUMBERS}:
            raise Http404("There is no such level.")
        level = int(level)
    else:
        level = None
    stamp = calendar.change_stamp()
    tag = calendar.feed_tag(request, stamp, level)
    # The day is part of the body (the window of ended sessions), so it bounds Last-Modified too.
    last_modified = max(stamp.last_modified, calendar.feed_window_start() + calendar.KEEP_ENDED_FOR)
    not_modified = _conditional(request, tag, last_modified)
    if not_modified is not None:
        return _validators(not_modified, tag, last_modified)
    key = f"bookings:calendar-feed:{tag}"
    body = cache.get(key)
    if body is None:
        body = calendar.build_feed(request, level)
        cache.set(key, body, calendar.CACHE_SECONDS)
    return _validators(_calendar_response(body, calendar.feed_filename(level)), tag, last_modified)


@public_calendar
def session_calendar(request, uid):
    session = get_object_or_404(Session.objects.published().select_related("course", "venue"), uid=uid)
    tag = calendar.feed_tag(request, calendar.change_stamp(), f"session {session.uid}")
    last_modified = calendar.last_changed(calendar.Entry.of(session))
    not_modified = _conditional(request, tag, last_modified)
    if not_modified is not None:
        return _validators(not_modified, tag, last_modified)
    filename = f"{slugify(session.course.title)}-{timezone.localdate(session.starts_at):%Y-%m-%d}.ics"
    return _validators(_calendar_response(calendar.build_session_file(request, session), filename), tag, last_modified)
