"""Plain text as people paste it into forms: one cleaning rule for every app.

Word and some web pages put control characters into copied text (Word's manual line break is
U+000B). They are invisible on a page but not allowed in a calendar file's TEXT values, and two
of the four calendar parsers tried reject a whole feed because of one.
"""

import re

from django.db import models

# C0 controls and DEL, except TAB (\t) and LF (\n); CR and the line-like VT and FF become LF first.
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def strip_control_characters(text):
    """``text`` with line breaks as LF and every other C0 control character (bar TAB) removed."""
    if not text:
        return text
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))


class TextCleaningMixin(models.Model):
    """Strips pasted control characters from every free-text field before validation, so what
    the admin stores is already clean (the calendar writer strips again, for rows stored before)."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and not field.choices:
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, strip_control_characters(value))
        super().clean_fields(exclude=exclude)
