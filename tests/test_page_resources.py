"""What the site's pages load, and the Content-Security-Policy that holds them to it.

docs/data_protection.md: no personal data goes to a third party, so no page, public or admin,
loads a script, style, image, font, frame or avatar from another host (Wagtail's admin sent
a hash of every listed person's email to Gravatar). Links in content (a forum resource on
another website) are plain anchors, which the person chooses to follow, so they are allowed.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from django.test import Client
from django.urls import reverse

from courses.models import CoursePage
from tests.bookings.factories import SessionFactory
from tests.courses.factories import CoursePageFactory, ForumPageFactory, training_index, training_level
from tests.people.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SITE_HOST = "testserver"

# (tag, attribute) pairs whose URL the browser fetches by itself.
LOADED = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("frame", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("input", "src"),
    ("image", "href"),
    ("use", "href"),
}
# Scripts of these types are data for other scripts, never run.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}


class PageResources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.loaded = []
        self.inline_scripts = []
        self.inline_handlers = []
        self.style_attributes = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if (tag, name) in LOADED and value:
                self.loaded += [part.split()[0] for part in value.split(",") if part.strip()]
            if name.startswith("on"):
                self.inline_handlers.append(f"<{tag} {name}>")
            if name == "style":
                self.style_attributes.append(f"<{tag} style={value!r}>")
        self._in_inline_script = tag == "script" and "src" not in attrs and attrs.get("type") not in DATA_SCRIPT_TYPES

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.inline_scripts.append(data.strip()[:80])

    def handle_endtag(self, tag):
        self._in_inline_script = False


def resources_of(response):
    parser = PageResources()
    parser.feed(response.content.decode())
    return parser


def third_party(urls):
    return sorted({url for url in urls if urlsplit(url).netloc not in ("", SITE_HOST)})


@pytest.fixture
def site_content():
    """One of each kind of public page, and a forum resource that links to another website."""
    course = CoursePageFactory(topics=["cse"])
    session = SessionFactory(course=course)
    ForumPageFactory(resources=[{"title": "NWG Network", "url": "https://www.nwgnetwork.org/", "topics": ["cse"]}])
    return {
        "home": "/",
        "training": training_index().url,
        "level": training_level(1).url,
        "course": course.url,
        "what's on": reverse("bookings:whats_on"),
        "session": reverse("bookings:session_detail", args=[session.uid]),
        "resources": reverse("courses:resources"),
        "search": reverse("courses:search") + "?q=cse",
        "forum": "/forums/",
    }


SIGNED_OUT_PAGES = {
    "sign-in": "/accounts/login/",
    "sign-up": "/accounts/signup/",
    "password reset": "/accounts/password/reset/",
}


def signed_in_pages():
    return {
        "profile": reverse("people:profile"),
        "your training": reverse("records:my_training"),
        "two-factor": "/accounts/2fa/",
    }


@pytest.fixture
def admin_pages(site_content):
    course = CoursePage.objects.get()
    return {**ADMIN_PAGES, "course edit form": f"/admin/pages/{course.pk}/edit/"}


ADMIN_PAGES = {
    "dashboard": "/admin/",
    "user list": "/admin/users/",
    "pages explorer": "/admin/pages/",
    "sessions": "/admin/bookings/sessions/",
    "documents": "/admin/documents/",
    "images": "/admin/images/",
}


def get_all(client, pages):
    responses = {name: client.get(url) for name, url in pages.items()}
    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(pages, 200)
    return responses


@pytest.fixture
def public_responses(site_content, administrator_client):
    """Every public page twice: signed out, and as an administrator (who also gets Wagtail's
    user bar on content pages), plus the pages only a signed-in person sees."""
    signed_out = get_all(Client(), {**site_content, **SIGNED_OUT_PAGES})
    signed_in = get_all(administrator_client, {**site_content, **signed_in_pages()})
    return {**{f"{name} (signed out)": r for name, r in signed_out.items()}, **signed_in}


def test_no_public_page_loads_anything_from_another_host(public_responses):
    found = {name: third_party(resources_of(r).loaded) for name, r in public_responses.items()}

    assert {name: urls for name, urls in found.items() if urls} == {}


def test_the_check_sees_a_forum_resources_link_but_lets_it_be(public_responses):
    # The resource library links to another website by design: an anchor, not a load.
    html = public_responses["resources (signed out)"].content.decode()

    assert 'href="https://www.nwgnetwork.org/"' in html
    assert "https://www.nwgnetwork.org/" not in resources_of(public_responses["resources (signed out)"]).loaded


def test_no_admin_page_loads_anything_from_another_host(administrator_client, admin_pages):
    responses = get_all(administrator_client, admin_pages)

    found = {name: third_party(resources_of(r).loaded) for name, r in responses.items()}

    assert {name: urls for name, urls in found.items() if urls} == {}


def test_the_admin_user_list_sends_no_ones_email_to_gravatar(administrator_client):
    html = administrator_client.get("/admin/users/").content.decode()

    assert "gravatar" not in html


def test_every_public_page_forbids_inline_scripts_and_other_hosts(public_responses):
    policies = {name: r.headers.get("Content-Security-Policy", "") for name, r in public_responses.items()}

    for name, policy in policies.items():
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives.get("script-src") == "'self'", name
        assert directives.get("style-src") == "'self'", name
        assert directives.get("default-src") == "'self'", name
        assert directives.get("frame-ancestors") == "'none'", name


def test_no_public_page_has_an_inline_script_handler_or_style_the_policy_would_block(public_responses):
    parsed = {name: resources_of(r) for name, r in public_responses.items()}

    blocked = {
        name: p.inline_scripts + p.inline_handlers + p.style_attributes
        for name, p in parsed.items()
        if p.inline_scripts or p.inline_handlers or p.style_attributes
    }
    assert blocked == {}


def test_a_form_with_errors_still_focuses_its_error_summary_from_a_script_file(client):
    response = client.post("/accounts/login/", {"login": "nobody@example.org", "password": PASSWORD})

    assert "data-error-summary" in response.content.decode()
    assert "/static/js/error-summary.js" in resources_of(response).loaded
    assert resources_of(response).inline_scripts == []


def test_the_admin_gets_its_inline_scripts_and_its_own_preview_frame_and_still_works(administrator_client, admin_pages):
    responses = get_all(administrator_client, admin_pages)

    for name, response in responses.items():
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self' 'unsafe-inline'" in policy, name
        assert "frame-ancestors 'self'" in policy, name
