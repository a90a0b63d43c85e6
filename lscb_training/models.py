"""Site-wide pieces: the home page and the partnership's settings."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the partnership calls itself, how to reach it and who signs certificates."""

    partnership_name = models.CharField(max_length=200, default="Cumbria Local Safeguarding Children Partnership")
    short_name = models.CharField(max_length=60, default="LSCP CSE Training")
    contact_email = models.EmailField(default="training@lscb.example.org")
    contact_phone = models.CharField(max_length=40, blank=True)
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    certificate_signatory_name = models.CharField(max_length=200, blank=True)
    certificate_signatory_title = models.CharField(max_length=200, blank=True)

    panels = [
        FieldPanel("partnership_name"),
        FieldPanel("short_name"),
        FieldPanel("contact_email"),
        FieldPanel("contact_phone"),
        FieldPanel("logo"),
        FieldPanel("certificate_signatory_name"),
        FieldPanel("certificate_signatory_title"),
    ]

    class Meta:
        verbose_name = "site settings"


class HomePage(Page):
    introduction = models.TextField(blank=True)
    body = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.TrainingIndexPage", "courses.ForumIndexPage", "courses.StandardPage"]
    max_count = 1
