"""One parametrised test over the shared third-party corpus (see corpus_manifest.json)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from hocbaso.signature import DEFAULT_POLICY, TrustSettings, verify_document
from hocbaso.signature._document import find_signatures, parse_document
from hocbaso.signature._keys import keyinfo_certificates
from hocbaso.signature.report import CheckStatus, DocumentReport
from hocbaso.signature.trust import load_certificates

from .conftest import DATA, corpus_dir, require_corpus

MANIFEST = json.loads((DATA / "corpus_manifest.json").read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = MANIFEST["cases"]


def test_manifest_lists_every_corpus_xml_file() -> None:
    corpus = require_corpus()
    listed = {case["file"] for case in CASES}
    present = {
        str(path.relative_to(corpus))
        for area in ("vn_xml", "derived", "xmldsig")
        for path in (corpus / area).glob("*.xml")
    }
    assert present == listed


def _trust(case: dict[str, Any], corpus: Path, data: bytes) -> TrustSettings:
    anchors = [
        c for p in case.get("anchors", []) for c in load_certificates(corpus / p)
    ]
    if case["indication"] == "NO_SIGNATURE_FOUND":
        return TrustSettings()
    certs = keyinfo_certificates(find_signatures(parse_document(data).getroot())[0])
    if case.get("anchor_keyinfo_issuers"):
        # The issuers carried in KeyInfo, trusted as anchors for the test.
        anchors.extend(c for c in certs if any(o.issuer == c.subject for o in certs))
    if case.get("anchor_keyinfo_certificates"):
        anchors.extend(certs)
    pinned = [c for p in case.get("pinned", []) for c in load_certificates(corpus / p)]
    return TrustSettings(anchors=tuple(anchors), pinned=tuple(pinned))


def _verify(case: dict[str, Any]) -> DocumentReport:
    corpus = require_corpus()
    data = (corpus / case["file"]).read_bytes()
    policy = (
        DEFAULT_POLICY.allowing_weak()
        if case.get("policy") == "weak"
        else DEFAULT_POLICY
    )
    at = datetime.fromisoformat(case["at"]) if "at" in case else None
    key = case.get("hmac_key")
    return verify_document(
        data,
        trust=_trust(case, corpus, data),
        policy=policy,
        at=at,
        now=datetime.fromisoformat(MANIFEST["now"]),
        hmac_key=key.encode() if key else None,
        source=case["file"],
    )


def _integrity_valid(report: DocumentReport) -> bool:
    checks = report.signatures[0].checks
    integrity = [
        c
        for c in checks
        if c.group.value == "integrity"
        and c.name != "integrity.signing-certificate-binding"
    ]
    return all(c.status is not CheckStatus.FAILED for c in integrity) and any(
        c.name == "integrity.signature-value" and c.status is CheckStatus.PASSED
        for c in integrity
    )


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_corpus_verdict(case: dict[str, Any]) -> None:
    report = _verify(case)

    assert report.indication.value == case["indication"], report.to_text()
    if not report.signatures:
        return
    first = report.signatures[0]
    assert (first.sub_indication and first.sub_indication.value) == case.get(
        "sub_indication"
    ), report.to_text()
    if "integrity" in case:
        assert _integrity_valid(report) == (case["integrity"] == "valid"), (
            report.to_text()
        )
    if "references" in case:
        assert [s.digest_matched for s in first.scope] == case["references"]
    if "failed_checks" in case:
        failed = sorted(
            {c.name for c in first.checks if c.status is CheckStatus.FAILED}
        )
        assert failed == sorted(case["failed_checks"]), report.to_text()
    if "signing_time" in case:
        assert first.claimed_signing_time is not None
        assert first.claimed_signing_time.isoformat() == case["signing_time"]
        assert first.timezone_assumed is case["timezone_assumed"]


def test_corpus_dir_is_beside_the_repository() -> None:
    assert corpus_dir().name == "corpus"
