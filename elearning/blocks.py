"""The blocks a module is written in: lesson content and the knowledge check's questions.

Video is played from the site itself, with its transcript on the page: a provider's player
embedded in the page would tell the provider who is learning what before anyone pressed play
(docs/architecture.md, "No page sends anything about a person to a third party"). A provider's
address can be given as a plain link the learner chooses to follow.

Questions are stream blocks, so each question and each option keeps the id Wagtail gives a
block: an attempt stores the ids it drew and the ids chosen, and an answer that names an id the
attempt did not draw is refused (``elearning.checks``).
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="What the image shows, for people who cannot see it. Leave it to the caption only if "
        "the image is purely decorative: write “decorative” to say so.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "elearning/blocks/figure.html"


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    video = DocumentChooserBlock(
        required=False, help_text="An MP4 or WebM file uploaded to the site's documents, played on the page."
    )
    captions = DocumentChooserBlock(required=False, help_text="Captions as a WebVTT (.vtt) document.")
    link = blocks.URLBlock(
        required=False, help_text="Or the video's address on another site, shown as a link (nothing is embedded)."
    )
    transcript = blocks.RichTextBlock(
        features=["bold", "italic", "ol", "ul", "link"],
        help_text="Everything said and shown in the video, for people who cannot watch or hear it.",
    )

    class Meta:
        icon = "media"
        template = "elearning/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("video") and not value.get("link"):
            raise StructBlockValidationError(
                {"video": ErrorList([ValidationError("Choose the video file, or give its address on another site.")])}
            )
        return value


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("worried", "What to do if you are worried"), ("note", "Note"), ("key", "Key point")],
        default="worried",
    )
    heading = blocks.CharBlock(max_length=200, default="What to do if you are worried")
    body = blocks.RichTextBlock(features=["bold", "italic", "ol", "ul", "link"])

    class Meta:
        icon = "warning"
        template = "elearning/blocks/callout.html"


class AccordionSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=200)
    body = blocks.RichTextBlock(features=["bold", "italic", "ol", "ul", "link"])


class AccordionBlock(blocks.StructBlock):
    sections = blocks.ListBlock(AccordionSectionBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "elearning/blocks/accordion.html"


LESSON_BLOCKS = [
    ("heading", blocks.CharBlock(form_classname="title", template="blocks/heading.html")),
    ("paragraph", blocks.RichTextBlock(features=["bold", "italic", "ol", "ul", "link", "document-link"])),
    ("figure", FigureBlock()),
    ("video", VideoBlock()),
    ("document", DocumentChooserBlock(template="blocks/document.html")),
    ("callout", CalloutBlock()),
    ("accordion", AccordionBlock()),
]


class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300)
    correct = blocks.BooleanBlock(required=False)
    feedback = blocks.TextBlock(
        required=False, help_text="Shown when a learner chooses this option and gets the question wrong."
    )


def _option_error(message):
    return StructBlockValidationError({"options": ErrorList([ValidationError(message)])})


class ChoiceQuestionBlock(blocks.StructBlock):
    question = blocks.TextBlock()
    options = blocks.ListBlock(OptionBlock(), min_num=2)

    class Meta:
        icon = "radio-full"

    def correct_ids(self, value):
        return {option.id for option in value["options"].bound_blocks if option.value["correct"]}


class SingleChoiceBlock(ChoiceQuestionBlock):
    """One right answer among the options."""

    class Meta:
        label = "Single choice"
        icon = "radio-full"

    def clean(self, value):
        value = super().clean(value)
        if sum(bool(option["correct"]) for option in value["options"]) != 1:
            raise _option_error("Tick exactly one option as correct.")
        return value


class MultipleChoiceBlock(ChoiceQuestionBlock):
    """Every right option must be chosen, and no wrong one."""

    class Meta:
        label = "Multiple choice"
        icon = "tasks"

    def clean(self, value):
        value = super().clean(value)
        if not any(option["correct"] for option in value["options"]):
            raise _option_error("Tick at least one option as correct.")
        return value


class TrueFalseBlock(blocks.StructBlock):
    """A statement that is true or false; its two options have the fixed ids "true" and "false"."""

    question = blocks.TextBlock(label="statement")
    answer = blocks.ChoiceBlock(choices=[("true", "True"), ("false", "False")], label="the statement is")
    feedback = blocks.TextBlock(required=False, help_text="Shown when a learner gets it wrong.")

    class Meta:
        label = "True or false"
        icon = "help"

    def correct_ids(self, value):
        return {value["answer"]}


QUESTION_BLOCKS = [
    ("single_choice", SingleChoiceBlock()),
    ("multiple_choice", MultipleChoiceBlock()),
    ("true_false", TrueFalseBlock()),
]
