"""The admin's rich text editor, answering text it cannot read with a message, not an error page.

Draftail posts its content as JSON, which Wagtail's widget converts to HTML as the form reads
it; a value that is not Draftail's JSON (a tampered or truncated post) makes that conversion
fail in whatever way the exporter happens to (invalid JSON, a list for a dict, an entity that
does not exist). ``RichTextArea`` is the editor of every rich text field and block
(``WAGTAILADMIN_RICH_TEXT_EDITORS``): it hands the form field an ``UnreadableRichText``, which
the field's cleaning turns into a message beside the field, and draws the editor again empty.
"""

from django.core.exceptions import ValidationError

from wagtail.admin.rich_text import DraftailRichTextArea

UNREADABLE_MESSAGE = "This text could not be read. Reload the page and type it again."


class UnreadableRichText:
    """What the editor posted when it could not be read.

    Rich text fields and blocks are Django ``CharField``s, whose cleaning starts with ``str()``
    of the posted value: that is where this becomes the field's error.
    """

    def __str__(self):
        raise ValidationError(UNREADABLE_MESSAGE, code="unreadable")


class RichTextArea(DraftailRichTextArea):
    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except Exception:  # the exporter has no one failure type for malformed content
            return UnreadableRichText()

    def format_value(self, value):
        return super().format_value(None if isinstance(value, UnreadableRichText) else value)
