"""Links to the calendar feed: ``{% load calendar_tags %}{% calendar_feed_links level as feed %}``.

Gives ``feed.address`` (the https address to paste into a calendar app), ``feed.webcal`` (the
same as ``webcal://``, which opens the subscribe dialogue of Outlook and Apple Calendar),
``feed.google`` (Google Calendar's "add by URL" link) and ``feed.download`` (the site path).
All on the host the page was fetched from, like the links inside the feed.
"""

from urllib.parse import quote, urlencode

from django import template
from django.urls import reverse

register = template.Library()

GOOGLE_ADD_BY_URL = "https://calendar.google.com/calendar/r"


@register.simple_tag(takes_context=True)
def calendar_feed_links(context, level=None):
    path = reverse("bookings:calendar_feed")
    if level:
        path += "?" + urlencode({"level": level})
    address = context["request"].build_absolute_uri(path)
    webcal = "webcal://" + address.split("://", 1)[1]
    return {
        "download": path,
        "address": address,
        "webcal": webcal,
        "google": f"{GOOGLE_ADD_BY_URL}?cid={quote(webcal, safe='')}",
    }
