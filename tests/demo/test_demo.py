"""The README's first command: the main job on the bundled example."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509

from hocbaso.cli.main import main
from hocbaso.demo import run_demo
from hocbaso.examples import primary_example
from hocbaso.pdf import extract_transcript_xml
from hocbaso.xml import read_xml

NOW = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)


def test_every_step_passes_and_writes_what_it_says(tmp_path: Path) -> None:
    steps = run_demo(tmp_path, now=NOW)

    assert [step.ok for step in steps] == [True] * len(steps), steps
    for step in steps:
        for output in step.outputs:
            assert output.is_file() and output.stat().st_size > 0, output


def test_the_pdf_carries_the_signed_xml_and_it_reads_back(tmp_path: Path) -> None:
    run_demo(tmp_path, now=NOW)

    signed = (tmp_path / "primary.signed.xml").read_bytes()
    assert extract_transcript_xml((tmp_path / "primary.pdf").read_bytes()) == signed
    assert read_xml(signed) == primary_example()


def test_the_test_keys_are_labelled_as_such(tmp_path: Path) -> None:
    run_demo(tmp_path, now=NOW)

    root = x509.load_pem_x509_certificate(
        (tmp_path / "TEST-ONLY-demo-root.pem").read_bytes()
    )
    assert "TEST ONLY" in root.subject.rfc4514_string()
    report = (tmp_path / "primary.report.json").read_text(encoding="utf-8")
    assert report.count("(TEST ONLY)") >= 18


def test_the_command_prints_a_summary_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["demo", "--out", str(tmp_path / "out")])

    out = capsys.readouterr().out
    assert code == 0
    assert "All steps passed." in out
    assert "primary.pdf" in out
