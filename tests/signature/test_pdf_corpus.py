"""One parametrised test over the shared corpus's signed PDFs (see pdf_corpus_manifest.json)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest

from hocbaso.signature.pdf_verify import verify_pdf
from hocbaso.signature.report import CheckStatus, DocumentReport, SignatureReport
from hocbaso.signature.trust import load_trust

from .conftest import DATA, require_corpus

MANIFEST = json.loads((DATA / "pdf_corpus_manifest.json").read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = MANIFEST["cases"]


def test_manifest_lists_every_signed_corpus_pdf() -> None:
    corpus = require_corpus()
    present = {
        str(p.relative_to(corpus)) for p in (corpus / "pdf_signed").glob("*.pdf")
    }
    assert present == {case["file"] for case in CASES}


def _verify(case: dict[str, Any]) -> DocumentReport:
    corpus = require_corpus()
    trust = load_trust(
        [corpus / p for p in MANIFEST["anchors"]],
        intermediates=[corpus / p for p in MANIFEST["intermediates"]],
    )
    return verify_pdf(
        (corpus / case["file"]).read_bytes(),
        trust=trust,
        now=datetime.fromisoformat(MANIFEST["now"]),
        source=case["file"],
    )


def _intact(signature: SignatureReport) -> bool:
    wanted = {"integrity.byte-range-digest", "integrity.signature-value"}
    return all(
        c.status is CheckStatus.PASSED for c in signature.checks if c.name in wanted
    )


def _check_signature(signature: SignatureReport, expected: dict[str, Any]) -> None:
    text = f"{signature.signature_id}: {signature.checks}"
    if "indication" in expected:
        assert signature.indication.value == expected["indication"], text
    if "sub_indication" in expected:
        assert signature.sub_indication is not None, text
        assert signature.sub_indication.value == expected["sub_indication"], text
    if "intact" in expected:
        assert _intact(signature) is expected["intact"], text
    if "failed_checks" in expected:
        failed = {c.name for c in signature.checks if c.status is CheckStatus.FAILED}
        assert set(expected["failed_checks"]) <= failed, text
    details = signature.pdf
    assert details is not None
    for key in ("coverage", "kind", "modification_level"):
        if key in expected:
            assert getattr(details, key) == expected[key], text
    if "format" in expected:
        assert signature.signature_format == expected["format"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_pdf_corpus_verdict(case: dict[str, Any]) -> None:
    report = _verify(case)

    if "indication" in case:
        assert report.indication.value == case["indication"], report.to_text()
    assert len(report.signatures) == len(case["signatures"]), report.to_text()
    for signature, expected in zip(report.signatures, case["signatures"], strict=True):
        _check_signature(signature, expected)
    if "problems" in case:
        assert len(report.problems) == case["problems"]
