"""``hocbaso sign`` and ``hocbaso verify`` on PDFs and bundles."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
)

from hocbaso.cli._common import EXIT_INVALID, EXIT_OK, EXIT_UNUSABLE, run_guarded
from hocbaso.cli._signature import sign, verify
from hocbaso.examples import primary_example
from hocbaso.pdf import render_pdf
from hocbaso.signature.report import load_report_schema

from .conftest import PKI, Issued


def _files(tmp_path: Path, name: str, who: Issued) -> tuple[str, str]:
    key, cert = tmp_path / f"{name}.key", tmp_path / f"{name}.pem"
    key.write_bytes(
        who.key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    )
    cert.write_bytes(who.cert.public_bytes(Encoding.PEM))
    return str(key), str(cert)


def _sign(tmp_path: Path, pdf: Path, name: str, who: Issued, role: str) -> int:
    key, cert = _files(tmp_path, name, who)
    out = tmp_path / f"{name}.pdf"
    argv = [str(pdf), "--key", key, "--cert", cert, "--role", role]
    argv += ["--at", "2021-05-30T09:30:00+07:00", "-o", str(out)]
    return run_guarded(sign, argv, verbose=False)


def test_sign_and_verify_a_pdf(pki: PKI, tmp_path: Path, capsys: object) -> None:
    pdf = tmp_path / "transcript.pdf"
    pdf.write_bytes(render_pdf(primary_example()))
    chain = tmp_path / "chain.pem"
    chain.write_bytes(pki.intermediate.cert.public_bytes(Encoding.PEM))
    root = tmp_path / "root.pem"
    root.write_bytes(pki.root.cert.public_bytes(Encoding.PEM))

    assert _sign(tmp_path, pdf, "seal", pki.seal, "school-seal") == EXIT_UNUSABLE
    assert _sign(tmp_path, pdf, "principal", pki.principal, "Hiệu trưởng") == EXIT_OK
    principal = tmp_path / "principal.pdf"
    assert _sign(tmp_path, principal, "seal", pki.seal, "school-seal") == EXIT_OK

    argv = [str(tmp_path / "seal.pdf"), "--trust", str(root), "--json"]
    argv += ["--at", "2021-05-30T10:00:00+07:00"]
    code = run_guarded(verify, argv, verbose=False)
    out = capsys.readouterr().out  # type: ignore[attr-defined]  # pytest's capture.
    record = json.loads(out.splitlines()[-1])
    assert record["file"] == str(tmp_path / "seal.pdf")
    report = record["bundle"]
    jsonschema.validate(report, load_report_schema())
    assert report["kind"] == "bundle"
    # The keys were given without --chain: KeyInfo lacks the intermediate,
    # so the PDF signatures cannot reach the root; the XML ones can.
    assert code in (EXIT_OK, EXIT_INVALID)
    assert report["checks"][5]["status"] == "PASSED"


def test_verify_refuses_garbage(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7\nnot really")

    assert run_guarded(verify, [str(junk)], verbose=False) == EXIT_UNUSABLE
