"""Plain text as people paste it into forms: one cleaning rule for every app.

Word and some web pages put control characters into copied text (Word's manual line break is
U+000B). They are invisible on a page but not allowed in a calendar file's TEXT values, and two
of the four calendar parsers tried reject a whole feed because of one.
"""

import re

# C0 controls and DEL, except TAB (\t) and LF (\n); CR and the line-like VT and FF become LF first.
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def strip_control_characters(text):
    """``text`` with line breaks as LF and every other C0 control character (bar TAB) removed."""
    if not text:
        return text
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))
