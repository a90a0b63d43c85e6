"""The demo site content: a home page that leads newcomers on, upgraded on an existing database
only where nobody has edited it, and a Site whose address is where ``make run`` serves."""

import re

import pytest

from wagtail.models import Site

from demo import catalogue, site
from demo.data.people import SPECIALIST_ROLE_CODES
from demo.data.site import HOME_BODY, HOME_BODY_WITHOUT_LINKS
from lscb_training.models import HomePage
from tests.people.factories import JobRoleFactory

pytestmark = pytest.mark.django_db


def quiet(message):
    pass


def home_page():
    return HomePage.objects.get()


def publish_body(body):
    home = home_page()
    home.body = body
    home.save_revision().publish()
    return home


def main_content_links(response):
    main = re.search(r"<main\b.*?</main>", response.content.decode(), re.DOTALL).group(0)
    return re.findall(r'<a href="([^"]+)"', main)


def test_the_home_page_links_to_training_what_s_on_sign_up_and_the_support_pages_and_each_link_works(client):
    for code in SPECIALIST_ROLE_CODES:
        JobRoleFactory(code=code)
    site.seed(quiet)
    catalogue.seed(quiet)

    links = main_content_links(client.get("/"))

    assert {"/training/", "/whats-on/", "/accounts/signup/", "/parent-carer-support/", "/cse-procedures/"} <= set(links)
    for href in set(links):
        assert client.get(href).status_code == 200, href


def test_seeding_adds_the_links_to_a_home_page_that_still_has_the_body_an_earlier_seed_wrote():
    publish_body(HOME_BODY_WITHOUT_LINKS.strip())

    site.seed(quiet)

    home = home_page()
    assert home.body == HOME_BODY.strip()
    assert home.live and not home.has_unpublished_changes


def test_seeding_leaves_a_home_page_body_an_editor_changed_even_by_one_word():
    edited = HOME_BODY_WITHOUT_LINKS.strip().replace("Four levels of training", "Four levels of learning")
    revisions = publish_body(edited).revisions.count()

    site.seed(quiet)

    home = home_page()
    assert home.body == edited
    assert home.revisions.count() == revisions


def test_seeding_leaves_a_home_page_whose_editor_has_an_unpublished_draft():
    home = publish_body(HOME_BODY_WITHOUT_LINKS.strip())
    home.body = "<p>A draft the editor has not published yet.</p>"
    draft = home.save_revision()

    site.seed(quiet)

    home = home_page()
    assert home.body == HOME_BODY_WITHOUT_LINKS.strip()
    assert home.latest_revision == draft


def test_seeding_twice_writes_the_home_page_once():
    site.seed(quiet)
    revisions = home_page().revisions.count()

    site.seed(quiet)

    assert home_page().revisions.count() == revisions


def test_the_default_site_at_wagtail_s_default_address_gets_the_one_make_run_serves_and_full_urls_use_it():
    assert (Site.objects.get().hostname, Site.objects.get().port) == ("localhost", 80)

    root_url, changed = site.set_site_address("127.0.0.1", 8001)

    assert changed and root_url == "http://127.0.0.1:8001"
    assert home_page().get_full_url() == "http://127.0.0.1:8001/"


def test_a_site_address_an_administrator_set_is_kept():
    Site.objects.update(hostname="training.fellside-scp.example.org", port=443)

    root_url, changed = site.set_site_address("127.0.0.1", 8000)

    assert not changed and root_url == "https://training.fellside-scp.example.org"
    assert Site.objects.get().hostname == "training.fellside-scp.example.org"


def test_a_server_on_every_interface_is_visited_at_127_0_0_1():
    assert site.browser_address("0.0.0.0", "8001") == ("127.0.0.1", 8001)  # noqa: S104
    assert site.browser_address("localhost", 8000) == ("localhost", 8000)
