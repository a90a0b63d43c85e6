"""``{% load pagination %}``: the page numbers ``templates/includes/pagination.html`` links to."""

from django import template

register = template.Library()


@register.filter
def page_links(page_obj):
    """The first and last pages and two either side of this one, with "…" for the gaps.

    Every page of a long list would be fifty links on What's on at a thousand sessions.
    """
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
