from django.core.paginator import Paginator
from django.shortcuts import render

from wagtail.models import Page

from courses.forms import ResourceFilterForm, SearchForm
from courses.models import ForumIndexPage, ForumResource

RESOURCES_PER_PAGE = 20
RESULTS_PER_PAGE = 10


def resources(request):
    """The forum resource library: every resource of every live forum, filtered by GET."""
    form = ResourceFilterForm(request.GET)
    filters = form.filters()
    resource_list = ForumResource.objects.live()
    if filters.get("topic"):
        resource_list = resource_list.with_topic(filters["topic"])
    if filters.get("forum"):
        resource_list = resource_list.filter(forum=filters["forum"])
    if filters.get("q"):
        resource_list = resource_list.matching(filters["q"])
    resource_list = resource_list.for_listing().order_by("-forum__forum_date", "forum_id", "sort_order", "pk")
    page = Paginator(resource_list, RESOURCES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/resources.html",
        {
            "form": form,
            "filters": filters,
            "ignored": form.ignored(),
            "kept_query": form.kept_query(),
            "page_obj": page,
            "trail": _forums_trail(request),
        },
    )


def search(request):
    """Site search over live, public pages (Wagtail search: PostgreSQL full text there)."""
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = None
    if query:
        pages = Page.objects.live().public().specific().search(query)
        results = Paginator(pages, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "search/search.html",
        {"form": form, "query": query, "page_obj": results},
    )


def _forums_trail(request):
    forums = ForumIndexPage.objects.live().first()
    return [(forums.title, forums.get_url(request))] if forums else []
