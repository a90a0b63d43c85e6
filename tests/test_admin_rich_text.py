"""Rich text the editor cannot read, posted to a page's edit form: a message beside the field, not a 500.

Draftail posts JSON; these are the ways a tampered or truncated post breaks Wagtail's
conversion to HTML, each in a different place (the JSON parser, the exporter's reading of
blocks, styles and entities)."""

import pytest

from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import StandardPage
from lscb_training.rich_text import UNREADABLE_MESSAGE
from tests.courses.factories import home_page
from tests.html_forms import posted_data

pytestmark = pytest.mark.django_db

UNREADABLE = [
    "abc",
    "{",
    "[]",
    '"text"',
    '{"blocks": 1}',
    '{"blocks": [1]}',
    '{"blocks": [{"type": "unstyled", "text": 1}], "entityMap": {}}',
    '{"blocks": [{"text": "a", "entityRanges": [{"key": 9, "offset": 0, "length": 1}]}], "entityMap": {}}',
    '{"blocks": [{"text": "a", "inlineStyleRanges": [{"style": "BOLD", "offset": "x", "length": 1}]}]}',
]


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def form_of(client, page):
    return posted_data(client.get(edit_url(page)).content.decode(), "title")


@pytest.mark.parametrize("value", UNREADABLE)
def test_unreadable_rich_text_field_is_a_message_beside_the_field(superuser_client, value):
    home = home_page()
    data = {**form_of(superuser_client, home), "body": value}

    response = superuser_client.post(edit_url(home), data)

    assert response.status_code == 200
    assert response.context["form"].errors["body"] == [UNREADABLE_MESSAGE]
    assert UNREADABLE_MESSAGE in response.content.decode()


@pytest.mark.parametrize("value", UNREADABLE[:3])
def test_unreadable_rich_text_in_a_stream_block_is_a_message_not_a_500(superuser_client, value):
    page = home_page().add_child(instance=StandardPage(title="About", slug="about"))
    data = {key: values for key, values in form_of(superuser_client, page).items() if not key.startswith("body")}
    data.update(nested_form_data({"body": streamfield([("paragraph", value)])}))

    response = superuser_client.post(edit_url(page), data)

    assert response.status_code == 200
    assert "body" in response.context["form"].errors
    assert UNREADABLE_MESSAGE in response.content.decode()


def test_readable_rich_text_still_saves(superuser_client):
    home = home_page()
    data = {**form_of(superuser_client, home), "body": rich_text("<p>Welcome to the partnership</p>")}

    response = superuser_client.post(edit_url(home), data)

    assert response.status_code == 302
    assert "Welcome to the partnership" in Page.objects.get(pk=home.pk).specific.get_latest_revision_as_object().body
