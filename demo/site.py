"""Loads the demo site's own content (``demo.data.site``): the home page, the partnership's
settings, and the accessibility statement and privacy notice the footer links to.

Only fills in what is missing or still at its default, so an editor's changes survive
``make run``, which seeds again each time.
"""

from wagtail.models import Site

from courses.models import StandardPage
from demo.data.site import HOME_BODY, HOME_INTRODUCTION, PAGES, PARTNERSHIP_NAME, SITE_SETTINGS
from demo.pages import child_page, stream
from lscb_training.models import HomePage, SiteSettings


def seed(log):
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.get(pk=site.root_page_id)
    _seed_site_settings(site)
    if _seed_home_page(home):
        log("Home page: introduction and body written")
    for slug, title, introduction, sections in PAGES:
        _page, added = child_page(
            home, StandardPage, slug, title=title, introduction=introduction, body=stream(sections)
        )
        if added:
            log(f"Page added: /{slug}/")
    log(f"Site settings: {PARTNERSHIP_NAME}")


def _seed_site_settings(site):
    """Fill in fields still at the model's default; leave anything an administrator set."""
    settings = SiteSettings.for_site(site)
    for name, value in SITE_SETTINGS.items():
        field = SiteSettings._meta.get_field(name)
        if getattr(settings, name) in ("", field.get_default()):
            setattr(settings, name, value)
    settings.save()


def _seed_home_page(home):
    if home.body:
        return False
    home.introduction = HOME_INTRODUCTION
    home.body = HOME_BODY.strip()
    home.save_revision().publish()
    return True
