"""Text normalisation without pydantic: NFC and lenient lookup keys.

Kept free of pydantic so that the vocabularies (and so signature verification,
which needs the role vocabulary) load quickly.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["lookup_key", "to_nfc"]

# Characters XML 1.0 cannot carry; a value holding one could never be written.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

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
