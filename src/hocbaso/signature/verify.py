"""
Verify every XML signature of a document and report on each.

>>> report = verify_document(data, trust=load_trust(["roots/"]))  # doctest: +SKIP
>>> report.indication  # doctest: +SKIP
<Indication.TOTAL_PASSED: 'TOTAL_PASSED'>
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from hocbaso.errors import HocbasoValueError
from hocbaso.signature._document import find_signatures, index_ids, parse_document
from hocbaso.signature._verifier import Context, verify_signature
from hocbaso.signature.policy import DEFAULT_POLICY, ValidationPolicy
from hocbaso.signature.report import DocumentReport, decide_document
from hocbaso.signature.trust import TrustSettings

__all__ = ["verify_document", "verify_file"]

logger = logging.getLogger(__name__)


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
    return DocumentReport(signatures, indication, problems, source)


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
