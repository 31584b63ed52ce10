"""The ``render`` and ``check-pair`` commands."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest

from hocbaso.cli._common import run_guarded
from hocbaso.cli._pdf import check_pair, render
from hocbaso.xml import write_xml
from tests.pdf._helpers import Rendered, retext


def _group() -> click.Group:
    group = click.Group("hocbaso")
    group.add_command(render)
    group.add_command(check_pair)
    return group


def _run(*args: str) -> int:
    return run_guarded(_group(), list(args), verbose=False)


def test_render_writes_the_pdf(
    primary: Rendered, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "t.xml"
    source.write_bytes(primary.xml)

    code = _run("render", str(source), "-o", str(tmp_path / "t.pdf"))

    assert code == 0
    assert (tmp_path / "t.pdf").read_bytes() == primary.pdf
    assert "warning" not in capsys.readouterr().err


def test_render_warns_about_a_transcript_that_breaks_the_rules(
    primary: Rendered, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A test score that contradicts the year's rating: printed, but flagged.
    source = tmp_path / "t.xml"
    source.write_bytes(
        primary.xml.replace(b"<TestScore>8</TestScore>", b"<TestScore>2</TestScore>", 1)
    )

    code = _run("render", str(source), "-o", str(tmp_path / "t.pdf"))

    assert code == 0
    assert (tmp_path / "t.pdf").exists()
    assert "error(s) by the schema, the model or the rules" in capsys.readouterr().err


def test_check_pair_exit_codes(primary: Rendered, tmp_path: Path) -> None:
    good, bad, xml = tmp_path / "good.pdf", tmp_path / "bad.pdf", tmp_path / "t.xml"
    good.write_bytes(primary.pdf)
    bad.write_bytes(retext(primary.pdf, "identity", "pupil.full_name", "Nguyễn Thị Hà"))
    xml.write_bytes(primary.xml)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 broken")

    assert _run("check-pair", str(good)) == 0
    assert _run("check-pair", str(good), str(xml)) == 0
    assert _run("check-pair", str(bad), str(xml)) == 1
    assert _run("check-pair", str(broken)) == 2
    assert _run("check-pair", str(tmp_path / "absent.pdf")) == 2


def test_check_pair_text_report_names_the_difference(
    primary: Rendered, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(retext(primary.pdf, "identity", "pupil.full_name", "Nguyễn Thị Hà"))

    _run("check-pair", str(bad))
    out = capsys.readouterr().out

    assert out.startswith("DISAGREE:")
    assert "page 2, pupil.full_name: differs; printed 'Nguyễn Thị Hà'" in out


def test_check_pair_json_report(
    primary: Rendered, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.pdf"
    good.write_bytes(primary.pdf)

    assert _run("check-pair", "--json", str(good)) == 0
    report = json.loads(capsys.readouterr().out)

    assert report["verdict"] == "agree" and report["method"] == "marked-content"
    assert {"path", "status", "page", "printed", "expected"} <= set(report["fields"][0])


def test_check_pair_without_values_names_paths_only(
    primary: Rendered, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(retext(primary.pdf, "identity", "pupil.full_name", "Nguyễn Thị Hà"))
    name = primary.transcript.pupil.full_name

    assert _run("check-pair", "--no-values", str(bad)) == 1
    assert _run("check-pair", "--no-values", "--json", str(bad)) == 1
    out = capsys.readouterr().out

    assert "page 2, pupil.full_name: differs\n" in out
    assert "Nguyễn Thị Hà" not in out and name not in out
    report = json.loads(out.splitlines()[-1])
    assert {(f["printed"], f["expected"]) for f in report["fields"]} == {(None, None)}


def test_check_pair_without_values_withholds_xml_and_metadata_differences(
    primary: Rendered, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The given XML names another pupil: the embedded XML, the XMP title and
    # the printed name all differ from it, and each would quote both names.
    pupil = primary.transcript.pupil.model_copy(update={"full_name": "Đinh Thị Mơ"})
    other = tmp_path / "other.xml"
    other.write_bytes(write_xml(primary.transcript.model_copy(update={"pupil": pupil})))
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(primary.pdf)

    assert _run("check-pair", "--no-values", str(pdf), str(other)) == 1
    assert _run("check-pair", "--no-values", "--json", str(pdf), str(other)) == 1
    out = capsys.readouterr().out

    assert "[xml.differs]" in out and "withheld by --no-values" in out
    assert "The XMP title" not in out
    assert "Đinh Thị Mơ" not in out
    assert primary.transcript.pupil.full_name not in out


def test_check_pair_without_values_keeps_problems_that_quote_no_value(
    primary: Rendered, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pypdf import PdfWriter

    blank, xml = tmp_path / "blank.pdf", tmp_path / "t.xml"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with blank.open("wb") as handle:
        writer.write(handle)
    xml.write_bytes(primary.xml)

    _run("check-pair", "--no-values", str(blank), str(xml))

    assert "The PDF carries no transcript XML. [xml.not-embedded]" in (
        capsys.readouterr().out
    )


def test_check_pair_names_a_file_that_is_not_a_pdf(
    primary: Rendered, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xml, empty = tmp_path / "t.xml", tmp_path / "empty.pdf"
    xml.write_bytes(primary.xml)
    empty.write_bytes(b"")

    assert _run("check-pair", str(xml)) == 2
    assert _run("check-pair", str(empty)) == 2

    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"hocbaso: {xml}: The file is not a PDF: it has no %PDF- header.",
        f"hocbaso: {empty}: The file is empty.",
    ]
