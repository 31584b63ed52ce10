"""A folder of signed transcripts, some broken, made once per session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hocbaso.demo._pki import make_demo_pki
from hocbaso.examples.generator import generate_transcript
from hocbaso.model import SignerRole
from hocbaso.signature import sign_document
from hocbaso.signature.report import VIETNAM_TIME
from hocbaso.xml import ROOT_ID, write_xml

NOW = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
GOOD = 12


@pytest.fixture(scope="session")
def audit_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("audit")
    pki = make_demo_pki(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    seal = pki.signer(SignerRole.SCHOOL_SEAL)
    when = dt.datetime(2026, 6, 1, 9, 0, tzinfo=VIETNAM_TIME)
    for index in range(GOOD):
        data = write_xml(generate_transcript(index))
        signed = sign_document(data, seal, reference=f"#{ROOT_ID}", signing_time=when,
                               role=SignerRole.SCHOOL_SEAL)  # fmt: skip
        (folder / f"t{index:03d}.xml").write_bytes(signed)
    original = (folder / "t000.xml").read_bytes()
    tampered = original.replace(b"<Version>1</Version>", b"<Version>2</Version>", 1)
    (folder / "x-tampered.xml").write_bytes(tampered)
    (folder / "x-truncated.xml").write_bytes((folder / "t001.xml").read_bytes()[:500])
    (folder / "notes.txt").write_text("not audited")
    pki.write(folder.parent)
    return folder


@pytest.fixture(scope="session")
def root_pem(audit_folder: Path) -> Path:
    return audit_folder.parent / "TEST-ONLY-demo-root.pem"
