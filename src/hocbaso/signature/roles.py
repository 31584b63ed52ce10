"""
The roles in which people and the school sign a transcript.

The role vocabulary is the model's :class:`~hocbaso.model.SignerRole`: its stable
names are what hocbaso writes into ``ClaimedRole``. When reading a signature, the
Vietnamese terms (DOMAIN §1.2) are accepted as well, with or without diacritics,
because signing tools write them either way.
"""

from __future__ import annotations

import unicodedata

from hocbaso.errors import HocbasoValueError
from hocbaso.model.vocabulary import SignerRole

__all__ = ["SignerRole", "parse_role"]


def _fold(text: str) -> str:
    # Strip diacritics (đ is a letter of its own, not a combining mark) and
    # unify spacing, dashes and case, so "Hiệu trưởng" matches "hieu-truong".
    decomposed = unicodedata.normalize("NFD", text.strip().lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("đ", "d").replace("-", " ").replace("_", " ")
    return " ".join(bare.split())


_FOLDED = {
    _fold(name): role
    for role in SignerRole
    for name in (role.value, role.label, *role.aliases)
} | {"truong": SignerRole.SCHOOL_SEAL}


def parse_role(text: str) -> SignerRole:
    """
    Read a role from its stable name or a Vietnamese term.

    :param text: e.g. ``'principal'``, ``'Hiệu trưởng'``, ``'giao vien chu nhiem'``.
    :returns: the role.
    :raises HocbasoValueError: if the text names no known role.
    """
    try:
        return _FOLDED[_fold(text)]
    except KeyError:
        raise HocbasoValueError(
            f"Unknown signer role {text!r}; expected one of "
            f"{', '.join(r.value for r in SignerRole)} or a Vietnamese term."
        ) from None
