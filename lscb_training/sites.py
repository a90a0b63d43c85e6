"""The request's Wagtail site and its ``SiteSettings``, kept in the cache per host and port.

Outside Wagtail's page serving (What's on, the resource library, search, accounts) the first
page URL or site setting a template asks for makes Wagtail find the site with
``Site.find_for_request``, a query joined to the home page, and then the settings row: about
1.5 ms of CPU, an eighth of the What's on page. Both are the same for everyone asking for that
host, so they are cached together and dropped whenever a site or its settings are saved or
deleted (``lscb_training.apps``). The site is cached without its root page, so a renamed home
page is never served stale.
"""

from django.core.cache import cache
from django.http.request import split_domain_port

from wagtail.models import Site

from lscb_training.models import SiteSettings

CACHE_KEY = "lscb_training:sites-by-host"
CACHE_SECONDS = 60 * 60
MOST_HOSTS = 20  # ALLOWED_HOSTS bounds the hosts already; this bounds the cached value too


def _entry(request):
    host = f"{split_domain_port(request._get_raw_host())[0]}:{request.get_port()}"
    by_host = cache.get(CACHE_KEY) or {}
    if host not in by_host:
        site = Site._find_for_request(request)
        settings = SiteSettings.for_site(site) if site else None
        if site is not None:
            site._state.fields_cache.pop("root_page", None)
            if settings is not None:
                settings._state.fields_cache["site"] = site
        by_host = {**(by_host if len(by_host) < MOST_HOSTS else {}), host: (site, settings)}
        cache.set(CACHE_KEY, by_host, CACHE_SECONDS)
    return by_host[host]


def current_site(request):
    """The request's site, as ``Site.find_for_request`` finds it, remembered on the request."""
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = _entry(request)[0]
    return request._wagtail_site


def site_settings(request):
    """The request's ``SiteSettings``, as ``SiteSettings.for_request`` gives them."""
    attr_name = SiteSettings.get_cache_attr_name()
    if not hasattr(request, attr_name):
        site, settings = _entry(request)
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = site
        if settings is None:
            settings = SiteSettings.for_request(request)  # no site at all: Wagtail's own error
        setattr(request, attr_name, settings)
    return getattr(request, attr_name)


def forget_sites(**kwargs):
    cache.delete(CACHE_KEY)
