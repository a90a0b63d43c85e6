"""Each kind of lesson content renders accessibly: a video with its transcript on the page and
nothing embedded from another site, images with their alt text, callouts and accordions that
work without script (details and summary)."""

import io

import pytest
from PIL import Image as PILImage

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.urls import reverse

from wagtail.images import get_image_model

from elearning.blocks import VideoBlock
from elearning.models import Lesson
from elearning.services import enrol
from tests.courses.factories import make_document
from tests.elearning.factories import ModuleFactory

pytestmark = pytest.mark.django_db


def make_image():
    data = io.BytesIO()
    PILImage.new("RGB", (40, 30), "purple").save(data, "PNG")
    return get_image_model().objects.create(title="Warning signs", file=ImageFile(data, name="signs.png"))


@pytest.fixture
def lesson_page(client, learner):
    module = ModuleFactory(lessons=1)
    video = make_document(title="Jay's story", content=b"not really a video", name="jays-story.mp4")
    lesson = Lesson.objects.create(
        module=module,
        title="Every kind of content",
        sort_order=9,
        body=[
            ("figure", {"image": make_image(), "alt_text": "A young person looking at a phone", "caption": "Online"}),
            (
                "video",
                {
                    "title": "Jay's story",
                    "video": video,
                    "captions": None,
                    "link": "https://video.example.com/watch?v=1",
                    "transcript": "<p>Jay met an older man online who gave him gifts.</p>",
                },
            ),
            (
                "callout",
                {"kind": "worried", "heading": "What to do if you are worried", "body": "<p>Call the hub.</p>"},
            ),
            ("accordion", {"sections": [{"heading": "Who is at risk", "body": "<p>Boys and girls alike.</p>"}]}),
        ],
    )
    enrol(learner, module)
    client.force_login(learner)
    return client.get(reverse("elearning:lesson", args=[module.pk, lesson.pk])).text


def test_a_video_plays_from_the_site_with_its_transcript_on_the_page(lesson_page):
    assert "<video controls" in lesson_page
    assert "/documents/" in lesson_page
    assert "Jay met an older man online who gave him gifts." in lesson_page
    assert "Transcript of “Jay" in lesson_page


def test_a_video_on_another_site_is_a_link_and_nothing_is_embedded(lesson_page):
    assert 'href="https://video.example.com/watch?v=1"' in lesson_page
    assert "<iframe" not in lesson_page


def test_an_image_carries_its_alt_text(lesson_page):
    assert 'alt="A young person looking at a phone"' in lesson_page


def test_callouts_and_accordions_need_no_script(lesson_page):
    assert 'role="note"' in lesson_page and "What to do if you are worried" in lesson_page
    assert "<details" in lesson_page and "<summary>Who is at risk</summary>" in lesson_page


def test_a_video_needs_a_file_or_an_address():
    block = VideoBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"title": "Jay's story", "transcript": "<p>Words.</p>"}))
