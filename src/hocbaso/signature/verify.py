"""
Verify every XML signature of a document and report on each.

>>> report = verify_document(data, trust=load_trust(["roots/"]))  # doctest: +SKIP
>>> report.indication  # doctest: +SKIP
<Indication.TOTAL_PASSED: 'TOTAL_PASSED'>
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from hocbaso._xmlpath import element_path
from hocbaso.errors import HocbasoValueError
from hocbaso.signature._document import (
    DS_NS,
    find_signatures,
    index_ids,
    parse_document,
)
from hocbaso.signature._verifier import Context, verify_signature
from hocbaso.signature.policy import DEFAULT_POLICY, ValidationPolicy
from hocbaso.signature.report import DocumentReport, SignatureReport, decide_document
from hocbaso.signature.trust import TrustSettings

__all__ = ["verify_document", "verify_file"]

logger = logging.getLogger(__name__)

_SIGNATURE = f"{{{DS_NS}}}Signature"


def verify_document(
    data: bytes,
    *,
    trust: TrustSettings | None = None,
    policy: ValidationPolicy = DEFAULT_POLICY,
    at: datetime | None = None,
    now: datetime | None = None,
    hmac_key: bytes | None = None,
    source: str = "",
) -> DocumentReport:
    """
    Verify all signatures in a document, parsing it once.

    Certificates are evaluated at ``at`` if given; otherwise at each
    signature's established signing time (a claimed time inside verified
    signed content); otherwise at ``now``.

    :param data: the document bytes.
    :param trust: anchors, intermediates, CRLs and pinned certificates.
    :param policy: which algorithms may pass.
    :param at: an explicit validation time (timezone-aware).
    :param now: the current time; read from the clock here only if omitted.
    :param hmac_key: the shared key, for HMAC signatures only.
    :param source: a label for the document shown in the report.
    :returns: the report; a bad signature does not raise.
    :raises XMLReadError: if the document is not well-formed or has a DTD.
    :raises HocbasoValueError: if a time given is not timezone-aware.
    """
    current = now if now is not None else datetime.now(UTC)
    for value in (at, current):
        if value is not None and value.tzinfo is None:
            raise HocbasoValueError(f"The time {value!r} has no UTC offset.")
    tree = parse_document(data)
    ids = index_ids(tree.getroot())
    context = Context(
        tree, ids, trust or TrustSettings(), policy, at, current, hmac_key
    )
    signatures = tuple(
        verify_signature(s, context) for s in find_signatures(tree.getroot())
    )
    problems = tuple(
        f"The identifier {ident!r} is used on more than one element."
        for ident in sorted(ids.duplicates)
    )
    logger.debug(
        "Verified %d signature(s) in %s", len(signatures), source or "document"
    )
    indication = decide_document([s.indication for s in signatures])
    unsigned = _unsigned(tree.getroot(), signatures)
    return DocumentReport(
        signatures, indication, problems, source, unsigned=tuple(unsigned)
    )


def _unsigned(root: etree._Element, signatures: Sequence[SignatureReport]) -> list[str]:
    # What an intact reference covers, and the topmost elements outside all of it.
    covered = {path for s in signatures for path in s.signed_paths}
    if not signatures or "/" in covered:
        return []
    return _outside(root, covered)


def _outside(element: etree._Element, covered: set[str]) -> list[str]:
    path = element_path(element)
    if path in covered or _holds_only_signatures(element):
        return []
    if not any(c.startswith(path + "/") for c in covered):
        return [path]
    return [
        found
        for child in element.iterchildren(etree.Element)
        for found in _outside(child, covered)
    ]


def _holds_only_signatures(element: etree._Element) -> bool:
    # A signature, or a container of signatures: signatures protect themselves.
    if element.tag == _SIGNATURE:
        return True
    children = list(element.iterchildren(etree.Element))
    return bool(children) and all(c.tag == _SIGNATURE for c in children)


def verify_file(path: str | Path, **options: object) -> DocumentReport:
    """
    Read a file and verify it with :func:`verify_document`.

    :param path: the XML file.
    :param options: keyword arguments of :func:`verify_document`.
    :returns: the report, labelled with the file name.
    """
    file = Path(path)
    logger.info("Verifying %s", file.name)
    # The keywords are forwarded unchanged; verify_document checks them.
    return verify_document(file.read_bytes(), source=file.name, **options)  # type: ignore[arg-type]
