"""Loads the demo site's own content (``demo.data.site``): the partnership's settings, the home
page, and the accessibility statement and privacy notice the footer links to; and points the
default Wagtail Site at the address ``make run`` serves.

Only fills in what is missing or still at its default, so an editor's changes survive
``make run``, which seeds again each time:

- site settings: a field is written only while it is empty or at the model's default;
- the home page: its body is written when it is empty, and replaced by the current demo body
  (with its links to the training section, What's on, sign-up and the support pages) only while
  it is still, word for word, a body an earlier ``seed_demo`` wrote and has no unpublished
  draft. An editor's wording, even one changed word, is left alone: they add links themselves.
  The support pages are linked from this body, not from the footer in ``templates/base.html``:
  they are pages the demo adds, which a real partnership may rename, move or not have, and a
  link in the body is the editor's to change, where one in the footer would be code naming a
  slug;
- pages are added when no page has their slug, and never rewritten;
- the Site's hostname and port are set only while they are Wagtail's default, localhost:80
  (``lscb_training`` migration 0002). Once set, by this or by an administrator in Settings →
  Sites, they stay: ``make run PORT=8001`` on an existing database prints a reminder instead.
"""

from wagtail.models import Site

from courses.models import StandardPage
from demo.data.site import (
    HOME_BODY,
    HOME_BODY_WITHOUT_LINKS,
    HOME_INTRODUCTION,
    PAGES,
    PARTNERSHIP_NAME,
    SITE_SETTINGS,
)
from demo.pages import child_page, stream
from lscb_training.models import HomePage, SiteSettings

# What lscb_training's migration 0002 gives the default Site (Wagtail's own default too).
WAGTAIL_DEFAULT_ADDRESS = ("localhost", 80)

# Bodies earlier versions of this seeder wrote, which it may replace with HOME_BODY.
SEEDED_HOME_BODIES = {HOME_BODY_WITHOUT_LINKS.strip()}


def seed(log):
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.get(pk=site.root_page_id)
    _seed_site_settings(site)
    written = _seed_home_page(home)
    if written:
        log(f"Home page: {written}")
    for slug, title, introduction, sections in PAGES:
        _page, added = child_page(
            home, StandardPage, slug, title=title, introduction=introduction, body=stream(sections)
        )
        if added:
            log(f"Page added: /{slug}/")
    log(f"Site settings: {PARTNERSHIP_NAME}")


def browser_address(host, port):
    """(hostname, port) a browser on this machine uses to reach ``runserver host:port``.

    0.0.0.0 listens on every interface but is not an address to visit; 127.0.0.1 reaches it."""
    return ("127.0.0.1" if host in ("", "0.0.0.0") else host), int(port)  # noqa: S104 - compared, not bound


def set_site_address(hostname, port):
    """Give the default Site ``hostname`` and ``port`` if it still has Wagtail's default.

    Wagtail builds a page's full URL from its Site (links in emails, calendar files), so with
    localhost:80 they point nowhere. Returns the Site's root URL and whether it was changed."""
    site = Site.objects.get(is_default_site=True)
    changed = (site.hostname, site.port) == WAGTAIL_DEFAULT_ADDRESS
    if changed:
        site.hostname, site.port = hostname, port
        site.save()  # save(), not update(): Wagtail's signal clears its cache of site root paths
    return site.root_url, changed


def _seed_site_settings(site):
    """Fill in fields still at the model's default; leave anything an administrator set."""
    settings = SiteSettings.for_site(site)
    for name, value in SITE_SETTINGS.items():
        field = SiteSettings._meta.get_field(name)
        if getattr(settings, name) in ("", field.get_default()):
            setattr(settings, name, value)
    settings.save()


def _seed_home_page(home):
    """What was written to the home page, or "" if it was left as it is (see the module's rules)."""
    if not home.body:
        home.introduction = HOME_INTRODUCTION
        written = "introduction and body written"
    elif home.body in SEEDED_HOME_BODIES and not home.has_unpublished_changes:
        written = "links added to the body"
    else:
        return ""
    home.body = HOME_BODY.strip()
    home.save_revision().publish()
    return written
