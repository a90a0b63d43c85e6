"""Topics in the Wagtail admin.

Courses and forum resources share taggit tags as their topics, and what's on and the resource
library filter by a topic's slug. Editors type topics freely on pages, so this screen lets an
administrator see them all and tidy a name without breaking the links that use the slug.
"""

from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.model import ModelViewSet


class TopicViewSet(ModelViewSet):
    model = Tag
    icon = "tag"
    menu_label = "Topics"
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "topics"
    name = "topics"
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    search_backend_name = None  # tags are not in the search index; search the table directly
    panels = [FieldPanel("name"), FieldPanel("slug")]


@hooks.register("register_admin_viewset")
def register_topic_viewset():
    return TopicViewSet()
