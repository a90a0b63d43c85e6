from django import template
from django.core.cache import cache

from wagtail.models import Page, Site

from courses.models import TrainingIndexPage
from lscb_training.sites import current_site

register = template.Library()


# The section's address is the same for everyone on a site, so it is cached per site and
# forgotten whenever a page is saved, moved or deleted (courses.apps).
SECTION_URL_KEY = "courses:training-section-url"


@register.simple_tag(takes_context=True)
def training_section_url(context):
    """The training section's URL for the main navigation, looked up once per site.

    The section is a page an editor may rename, so its address is never written into a template.
    """
    request = context.get("request")
    cached = getattr(request, "_training_section_url", None)
    if cached is not None:
        return cached
    site = current_site(request) if request is not None else None
    by_site = cache.get(SECTION_URL_KEY) or {}
    key = site.pk if site else None
    if key not in by_site:
        index = TrainingIndexPage.objects.live().only("id", "path", "url_path", "depth").first()
        by_site = {**by_site, key: (index.get_url(request) if index else "") or ""}
        cache.set(SECTION_URL_KEY, by_site, 60 * 60)
    url = by_site[key]
    if request is not None:
        request._training_section_url = url
    return url


def forget_training_section_url(sender, instance=None, **kwargs):
    if instance is None or isinstance(instance, Page | Site):
        cache.delete(SECTION_URL_KEY)


@register.simple_tag
def breadcrumb_pages(page):
    """The page's ancestors from the home page down, for breadcrumbs.

    Walks up with ``get_parent()``, which routing has already cached on every page it passed
    through, so a served page costs no query here (a page reached another way, such as a
    preview, costs one query per level).
    """
    trail = []
    current = page
    while current.depth > 2:
        current = current.get_parent()
        trail.append(current)
    return trail[::-1]
