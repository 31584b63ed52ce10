"""
Add the next school year's record to a signed transcript without touching signed bytes.

Each school year is signed by its own teachers and principal when it ends;
the next year's record comes a year later.  Re-serialising the signed document
would risk changing bytes that earlier signatures cover, so the new record is
copied, byte for byte, from a fresh :func:`~hocbaso.xml.write_xml` of the
updated transcript and inserted before the signed document's ``</Years>``.
Every other byte is kept, so each year's signatures stay valid.  A signature
over the whole transcript (the school's seal) cannot stay valid: it covers
``Years``, so it is refused unless the caller accepts breaking it.
"""

from __future__ import annotations

import logging
import re

from lxml import etree

from hocbaso.errors import SigningError
from hocbaso.signature._document import (
    DS_NS,
    find_signatures,
    index_ids,
    parse_document,
)

__all__ = ["append_year_records"]

logger = logging.getLogger(__name__)

_OPEN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Years(?:\s[^>]*)?>")
_REFERENCES = f"{{{DS_NS}}}SignedInfo/{{{DS_NS}}}Reference"
_CLOSE = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?Years\s*>")


def append_year_records(
    signed: bytes, rewritten: bytes, *, break_seals: bool = False
) -> bytes:
    """
    Copy the year records that ``rewritten`` adds into ``signed``, byte for byte.

    :param signed: the signed transcript, as stored.
    :param rewritten: :func:`~hocbaso.xml.write_xml` of the transcript with
        the new year(s) appended; its earlier year records must be the very
        bytes of ``signed``'s.
    :param break_seals: accept that signatures over the whole transcript stop
        verifying (they must then be made again).
    :returns: ``signed`` with the new records inserted before ``</Years>``.
    :raises SigningError: if the earlier records differ, nothing is added, a
        whole-transcript signature would break, or the result is unsound.
    """
    tree = parse_document(signed)
    if not break_seals:
        _refuse_sealed(tree)
    old_open, old_close = _years_span(signed, "signed")
    new_open, new_close = _years_span(rewritten, "rewritten")
    added = _added_bytes(signed[old_open:old_close], rewritten[new_open:new_close])

    grown = signed[:old_close] + added + signed[old_close:]
    _check_result(grown, tree, parse_document(rewritten))
    logger.debug("Appended %d bytes of year records before </Years>", len(added))
    return grown


def _refuse_sealed(tree: etree._ElementTree) -> None:
    root = tree.getroot()
    whole = {"", f"#{root.get('Id')}", f"#{root.get('ID')}", f"#{root.get('id')}"}
    for signature in find_signatures(root):
        references = signature.iterfind(_REFERENCES)
        if whole & {ref.get("URI") for ref in references}:
            raise SigningError(
                f"The signature {signature.get('Id')!r} covers the whole transcript "
                "and would no longer verify; pass break_seals=True and seal again."
            )


def _years_span(document: bytes, which: str) -> tuple[int, int]:
    opens = list(_OPEN.finditer(document))
    closes = list(_CLOSE.finditer(document))
    if len(opens) != 1 or len(closes) != 1:
        raise SigningError(
            f"The {which} document has {len(opens)} <Years> start tags and "
            f"{len(closes)} end tags; expected one of each."
        )
    return opens[0].end(), closes[0].start()


def _added_bytes(old_body: bytes, new_body: bytes) -> bytes:
    if not new_body.startswith(old_body):
        raise SigningError(
            "The rewritten transcript changes the signed year records; "
            "a signed record cannot be changed, only new ones added."
        )
    added = new_body[len(old_body) :]
    if not added.strip():
        raise SigningError("The rewritten transcript adds no year record.")
    return added


def _check_result(
    grown: bytes, signed: etree._ElementTree, rewritten: etree._ElementTree
) -> None:
    # The byte-level insertion is checked at the element level: the result's
    # years must be exactly the rewritten transcript's, each Id used once.
    result = parse_document(grown)
    if (
        _year_ids(result) != _year_ids(rewritten)
        or index_ids(result.getroot()).duplicates
    ):
        raise SigningError(
            "The year records could not be inserted soundly; the documents differ "
            "in more than the added years."
        )
    if len(_year_ids(result)) <= len(_year_ids(signed)):
        raise SigningError("The rewritten transcript adds no year record.")


def _year_ids(tree: etree._ElementTree) -> list[str | None]:
    root = tree.getroot()
    namespace = etree.QName(root).namespace
    years = root.find(f"{{{namespace}}}Years" if namespace else "Years")
    if years is None:
        return []
    return [year.get("Id") for year in years if isinstance(year.tag, str)]
