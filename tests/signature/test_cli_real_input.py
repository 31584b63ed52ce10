"""What an auditor sees: ``hocbaso verify`` on the real Vietnamese signed files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hocbaso.cli.main import main
from tests.conftest import REPO

MANIFEST = REPO / "tests" / "data" / "signature" / "corpus_manifest.json"


def _real_cases() -> list[dict[str, Any]]:
    cases = json.loads(MANIFEST.read_text(encoding="utf-8"))["cases"]
    real = [c for c in cases if c["file"].startswith(("vn_xml/", "derived/"))]
    # A file listed twice (other keys or policy) is shown here as a user runs it.
    return list({c["file"]: c for c in reversed(real) if not c.get("options")}.values())


@pytest.mark.parametrize("case", _real_cases(), ids=lambda c: Path(c["file"]).name)
def test_the_command_prints_the_expected_verdict_and_why(
    case: dict[str, Any], corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus_dir / case["file"]
    main(["verify", str(path), "--at", "2021-11-23T10:00:00+07:00"])
    text = capsys.readouterr().out

    assert text.startswith(f"{path}: ")
    assert f"\n  signatures: {case['indication']}\n" in text
    if case["indication"] != "NO_SIGNATURE_FOUND":
        assert "  why: " in text
        assert "  issued by: " in text


def test_the_government_ca_file_names_signer_issuer_and_time(
    corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus_dir / "vn_xml" / "gdt_tdiep_tbao_signed_vgca.xml"
    code = main(["verify", str(path)])
    text = capsys.readouterr().out

    assert code == 1
    assert "INDETERMINATE / NO_CERTIFICATE_CHAIN_FOUND" in text
    assert "signer: CN=TỔNG CỤC THUẾ,O=BỘ TÀI CHÍNH" in text
    assert (
        "issued by: CN=CA phục vụ các cơ quan Nhà nước G2,O=Ban Cơ yếu Chính phủ"
        in text
    )
    assert "signing time: 2021-11-23T09:23:08+07:00 (zone assumed +07:00)" in text
    assert "why: No path from the signer's certificate to a trust anchor" in text


@pytest.mark.parametrize(
    ("name", "verdict"),
    [
        ("pyhanko__pdf__sig-no-signed-attrs.pdf", "TOTAL_PASSED"),
        ("pyhanko__pdf__coverage-anomalies__tail-uncovered.pdf", "TOTAL_FAILED"),
        ("pyhanko__pdf__minimal.pdf", "NO_SIGNATURE_FOUND"),
    ],
)
def test_a_signed_pdf_without_a_transcript_is_judged_on_its_signatures(
    name: str, verdict: str, corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = corpus_dir / "pdf_signed"
    root = folder / "pyhanko__crypto__testing-ca__root__root.cert.pem"
    code = main(["verify", str(folder / name), "--trust", str(root)])
    text = capsys.readouterr().out
    assert text.startswith(f"{folder / name}: ")
    assert f"\n  signatures: {verdict}\n" in text
    assert code == (0 if verdict == "TOTAL_PASSED" else 1)


@pytest.mark.parametrize("batch", [False, True], ids=["alone", "in-a-folder-audit"])
def test_a_signer_certificate_can_be_pinned_from_the_command(
    batch: bool, corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The WS-Security response names its certificate by issuer and serial
    # without carrying it; PROVENANCE.md expects VALID with the server's
    # certificate, which an auditor can now pass as --signer-cert.
    folder = corpus_dir / "xmldsig"
    signed = (
        folder / "ws-security__ws.js__test__unit__client__files__valid_wss_resp.xml"
    )
    cert = folder / "ws-security__ws.js__examples__server_public.pem"
    args = ["verify", str(signed), "--allow-weak", "--json"]
    if batch:
        args += ["--jobs", "1", "--no-progress"]

    without = main(args)
    capsys.readouterr()
    code = main([*args, "--signer-cert", str(cert)])

    report = json.loads(capsys.readouterr().out.splitlines()[0])
    assert (without, code) == (1, 0)
    assert report["signatures"]["indication"] == "TOTAL_PASSED"


def test_a_pinned_certificate_that_is_not_the_signers_leaves_it_not_found(
    corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Another certificate pinned by mistake: nothing shows the signature was
    # altered, so it is INDETERMINATE (signer not found), not FAILED.
    folder = corpus_dir / "xmldsig"
    signed = (
        folder / "ws-security__ws.js__test__unit__client__files__valid_wss_resp.xml"
    )
    wrong = folder / "example.pem"

    code = main(
        ["verify", str(signed), "--allow-weak", "--json", "--signer-cert", str(wrong)]
    )

    report = json.loads(capsys.readouterr().out)["signatures"]
    assert code == 1
    assert report["indication"] == "INDETERMINATE"
    assert report["signatures"][0]["sub_indication"] == "NO_SIGNING_CERTIFICATE_FOUND"
