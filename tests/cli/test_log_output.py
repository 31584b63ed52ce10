"""What the command line logs: one line per warning, and no library tracebacks."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from hocbaso.cli._common import _StderrHandler
from hocbaso.cli.main import main
from hocbaso.examples import primary_example
from hocbaso.pdf import render_pdf_from_xml
from hocbaso.signature import SignerRole
from hocbaso.signature.pdf_sign import sign_pdf
from hocbaso.signature.pkcs12 import PrivateKeySigner
from hocbaso.xml import write_xml
from tests.signature.conftest import SIGNING_TIME, issue, rsa_key
from tests.signature.test_pdf_signatures import _change_a_score, _incremental


@pytest.fixture(scope="module")
def tampered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Sign a PDF, append a revision changing a score; return it and the root."""
    folder = tmp_path_factory.mktemp("tampered")
    root = issue("Root CA Kiểm Thử", rsa_key(), None, ca=True)
    principal = issue("Hiệu trưởng", rsa_key(), root, ca=False)
    signed = sign_pdf(
        render_pdf_from_xml(write_xml(primary_example())),
        PrivateKeySigner(principal.key, principal.cert, chain=[]),
        role=SignerRole.PRINCIPAL,
        signing_time=SIGNING_TIME,
    )
    pdf = folder / "tampered.pdf"
    pdf.write_bytes(_incremental(signed, _change_a_score))
    anchor = folder / "root.pem"
    anchor.write_bytes(root.cert.public_bytes(Encoding.PEM))
    return pdf, anchor


def _verify(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hocbaso.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_a_suspicious_revision_fails_without_a_traceback(
    tampered: tuple[Path, Path],
) -> None:
    pdf, anchor = tampered

    result = _verify("verify", str(pdf), "--trust", str(anchor))

    assert result.returncode == 1, result.stderr
    assert "integrity.modifications" in result.stdout
    assert "Traceback" not in result.stderr
    assert "pyhanko" not in result.stderr


def test_verbose_still_shows_the_traceback(tampered: tuple[Path, Path]) -> None:
    pdf, anchor = tampered

    result = _verify("--verbose", "verify", str(pdf), "--trust", str(anchor))

    assert result.returncode == 1
    assert "Traceback" in result.stderr


def _handlers() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if isinstance(h, _StderrHandler)]


def test_a_warning_is_one_line_without_its_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["example", "-o", "-"]) == 0
    assert main(["example", "-o", "-"]) == 0
    capsys.readouterr()
    assert len(_handlers()) == 1

    try:
        raise ValueError("inner detail")
    except ValueError:
        logging.getLogger("hocbaso.somewhere").warning("Two\nlines", exc_info=True)
    logging.getLogger("pyhanko.sign").warning("Routine, already reported.")

    err = capsys.readouterr().err
    assert err == "hocbaso: warning: hocbaso.somewhere: Two lines\n"
