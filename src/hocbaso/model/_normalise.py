"""Text normalisation without pydantic: NFC and lenient lookup keys.

Kept free of pydantic so that the vocabularies (and so signature verification,
which needs the role vocabulary) load quickly.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["lookup_key", "to_nfc", "to_text"]

# Characters XML 1.0 cannot carry; a value holding one could never be written.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Characters no one types into a name or a comment: C1 controls (the trace of
# text decoded with the wrong encoding) and zero-width characters, which make
# two different values print alike.
_INVISIBLE = re.compile("[\x7f-\x9f\u200b-\u200d\u2060\ufeff]")

# Old-style and new-style tone placement both occur in official names
# ("Thanh Hoá" and "Thanh Hóa"); lookups fold them together.
_TONE_PLACEMENT = {
    "oá": "óa",
    "oà": "òa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oé": "óe",
    "oè": "òe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uý": "úy",
    "uỳ": "ùy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}


def to_nfc(value: str) -> str:
    """
    Return ``value`` in Unicode normalisation form C, refusing XML-forbidden characters.

    :param value: any text.
    :returns: the NFC form of ``value``.
    :raises ValueError: if ``value`` holds a control character XML cannot carry.
    """
    if _FORBIDDEN.search(value):
        raise ValueError("Text holds a control character that XML cannot carry.")
    return unicodedata.normalize("NFC", value)


@lru_cache(maxsize=4096)
def to_text(value: str) -> str:
    """
    Return ``value`` as the model keeps text: NFC, single spaces, no blank.

    Runs of whitespace (tabs, line breaks, no-break spaces) become one space
    and the ends are trimmed, which is how the forms print text, so a value
    and its printed form always compare equal.

    :param value: any text.
    :returns: the normalised text.
    :raises ValueError: if the text is blank, or holds a control or an
        invisible character.
    """
    normal = to_nfc(value)
    found = _INVISIBLE.search(normal)
    if found:
        raise ValueError(
            f"Text holds the invisible character U+{ord(found.group()):04X}: a "
            "zero-width character, or a control character left by decoding the "
            "file with the wrong encoding."
        )
    folded = " ".join(normal.split())
    if not folded:
        raise ValueError("Text is blank; expected at least one visible character.")
    return folded


@lru_cache(maxsize=4096)
def lookup_key(value: str) -> str:
    """
    Return a key for matching names written in different ways.

    The key is NFC, lower case, with tone placement folded to the new style and
    spaces, hyphens, apostrophes and dots removed: ``"H'Mông"``, ``"HMông"`` and
    ``"hmông"`` share one key.

    :param value: a name as written.
    :returns: the folded key.
    """
    key = unicodedata.normalize("NFC", value).casefold()
    for old, new in _TONE_PLACEMENT.items():
        key = key.replace(old, new)
    return re.sub(r"[\s\-'’‘.`]+", "", key)
