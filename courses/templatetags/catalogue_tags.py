from django import template

from courses.models import TrainingIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def training_section_url(context):
    """The training section's URL for the main navigation, looked up once per request.

    The section is a page an editor may rename, so its address is never written into a template.
    """
    request = context.get("request")
    cached = getattr(request, "_training_section_url", None)
    if cached is not None:
        return cached
    index = TrainingIndexPage.objects.live().only("id", "path", "url_path", "depth").first()
    url = (index.get_url(request) if index else "") or ""
    if request is not None:
        request._training_section_url = url
    return url


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
