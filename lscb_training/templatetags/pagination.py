"""``{% load pagination %}``: the page numbers ``templates/includes/pagination.html`` links to."""

from django import template

register = template.Library()


@register.filter
def page_links(page_obj):
    """The first and last pages and two either side of this one, with "…" for the gaps.

    Every page of a long list would be fifty links on What's on at a thousand sessions.
    """
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """``?<filters>&page=N``: the link to page ``number`` keeping the list's filters.

    A view with a filter form passes ``kept_query`` (``GetFilterForm.kept_query()``), so a
    dropped bad value is not carried from page to page (nor echoed in every link); otherwise
    the request's own parameters are kept.
    """
    query = context.get("kept_query")
    if query is None:
        query = context["request"].GET
    query = query.copy()
    query["page"] = number
    return f"?{query.urlencode()}"
