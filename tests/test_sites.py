"""The site and its settings come from the cache outside Wagtail's pages, and never go stale."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

from lscb_training.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_a_page_outside_wagtail_looks_up_neither_the_site_nor_its_settings_once_cached(client):
    client.get("/whats-on/")

    with CaptureQueriesContext(connection) as queries:
        client.get("/whats-on/")

    looked_up = [q["sql"] for q in queries if "wagtailcore_site" in q["sql"] or "sitesettings" in q["sql"]]
    assert looked_up == []


def test_edited_site_settings_show_on_the_next_page(client):
    client.get("/whats-on/")
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.short_name = "Cumbria CSE Training"
    settings.save()

    assert "– Cumbria CSE Training</title>" in client.get("/whats-on/").content.decode()


def test_a_changed_site_is_found_afresh(client):
    client.get("/whats-on/")
    site = Site.objects.get(is_default_site=True)
    SiteSettings.for_site(site).delete()

    client.get("/whats-on/")

    assert SiteSettings.objects.filter(site=site).exists()
