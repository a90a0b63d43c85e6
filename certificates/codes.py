"""Certificate codes: ``CSE-7K3Q-9XMD``, short enough to read out and type, unguessable.

Eight characters of Crockford's base 32 (no I, L, O or U, so nothing is misread) carry 40 bits
from ``secrets``. Typed codes are normalised before lookup: case, spaces and hyphens do not
matter, and the letters people confuse with digits are read as those digits.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "CSE"
LENGTH = 8
_MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
_SHAPE = re.compile(rf"^{PREFIX}-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")


def new_code():
    body = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{PREFIX}-{body[:4]}-{body[4:]}"


def normalise(typed):
    """The code ``typed`` stands for, in its printed form, or ``None`` if it cannot be one."""
    if not isinstance(typed, str) or len(typed) > 60:
        return None
    compact = re.sub(r"[\s\-–—_.]", "", typed).upper()
    if compact.startswith(PREFIX):
        compact = compact[len(PREFIX) :]
    compact = compact.translate(_MISREAD)
    if len(compact) != LENGTH or any(character not in ALPHABET for character in compact):
        return None
    code = f"{PREFIX}-{compact[:4]}-{compact[4:]}"
    return code if _SHAPE.match(code) else None
