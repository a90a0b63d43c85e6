"""A training administrator (not a superuser) adds documents and images and uses them in pages,
as the README promises: Wagtail grants these per collection, not by the group's permissions."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.models import Collection
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from courses.models import ForumPage
from tests.courses.factories import ForumIndexPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_training_administrator_uploads_a_document_and_chooses_it_for_a_forum_resource(administrator_client):
    forums = ForumIndexPageFactory()

    upload = administrator_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "CSE Screening Tool",
            "file": SimpleUploadedFile("tool.pdf", b"%PDF-1.4 screening", content_type="application/pdf"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    chooser = administrator_client.get(reverse("wagtaildocs_chooser:choose"))
    document = Document.objects.get(title="CSE Screening Tool")
    resource = {"title": "CSE Screening Tool", "description": "", "document": document.pk, "url": "", "topics": ""}
    forum = administrator_client.post(
        reverse("wagtailadmin_pages:add", args=["courses", "forumpage", forums.pk]),
        {
            **nested_form_data(
                {
                    "title": "Practitioner Forum January 2018",
                    "slug": "january-2018",
                    "forum_date": "2018-01-25",
                    "summary": "The annual forum.",
                    "resources": inline_formset([resource]),
                }
            ),
            "action-publish": "action-publish",
        },
    )

    assert upload.status_code == 302
    assert chooser.status_code == 200
    assert "CSE Screening Tool" in chooser.content.decode()
    assert forum.status_code == 302
    assert ForumPage.objects.get().resources.get().document == document


def test_a_training_administrator_can_open_the_image_library_and_chooser(administrator_client):
    assert administrator_client.get(reverse("wagtailimages:add")).status_code == 200
    assert administrator_client.get(reverse("wagtailimages_chooser:choose")).status_code == 200
