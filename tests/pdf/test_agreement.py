"""The agreement check: an untouched pair passes, and every kind of tampering is caught."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from hocbaso.errors import PDFAttachmentNotFoundError, PDFReadError, XMLReadError
from hocbaso.model import PrimaryYear, Transcript
from hocbaso.pdf import FieldStatus, PairReport, Verdict, check_pair
from hocbaso.pdf.render import render_document
from hocbaso.xml.writer import write_xml
from tests.pdf._helpers import Rendered, map_to_unicode, reorder, retext

YEAR = "years[2023-2024]"
MATHS = f"{YEAR}.subjects[mathematics].test_score"


def _statuses(report: PairReport) -> dict[str, set[FieldStatus]]:
    found: dict[str, set[FieldStatus]] = {}
    for finding in report.problems():
        found.setdefault(finding.path, set()).add(finding.status)
    return found


def _codes(report: PairReport) -> set[str]:
    return {p.code for p in (*report.xml, *report.structure, *report.metadata)}


def _with_year(transcript: Transcript, index: int, **changes: object) -> Transcript:
    years = list(transcript.years)
    years[index] = years[index].model_copy(update=changes)
    return transcript.model_copy(update={"years": tuple(years)})


def test_untouched_pair_agrees(rendered: Rendered) -> None:
    alone = check_pair(rendered.pdf)
    paired = check_pair(rendered.pdf, rendered.xml)

    for report in (alone, paired):
        assert report.verdict is Verdict.AGREE, list(report.problems())
        assert report.method == "marked-content"
        assert all(f.status is FieldStatus.AGREES for f in report.fields)
        assert not _codes(report)


def test_every_planned_value_is_checked(primary: Rendered) -> None:
    report = check_pair(primary.pdf)
    paths = {f.path for f in report.fields}

    assert len(report.fields) > 300
    assert {"pupil.full_name", MATHS, f"{YEAR}.result", "issuance.signer.name"} <= paths


def test_one_changed_score_is_caught(primary: Rendered) -> None:
    tampered = retext(primary.pdf, f"{YEAR}.1", MATHS, "8")

    report = check_pair(tampered, primary.xml)

    assert report.verdict is Verdict.DISAGREE
    (finding,) = list(report.problems())
    assert (finding.path, finding.status, finding.printed, finding.expected) == (
        MATHS,
        FieldStatus.DIFFERS,
        "8",
        "10",
    )
    assert finding.page == 9


def test_changed_name_is_caught(primary: Rendered) -> None:
    tampered = retext(primary.pdf, "identity", "pupil.full_name", "Nguyễn Thị Hà")

    report = check_pair(tampered)

    assert report.verdict is Verdict.DISAGREE
    finding = next(report.problems())
    assert finding.path == "pupil.full_name" and finding.page == 2
    assert (finding.printed, finding.expected) == ("Nguyễn Thị Hà", "Nguyễn Thị Thu Hà")


def test_swapped_pages_are_caught(primary: Rendered) -> None:
    order: list[int | None] = list(range(12))
    order[2], order[4] = order[4], order[2]

    report = check_pair(reorder(primary.pdf, order))

    assert report.verdict is Verdict.DISAGREE
    assert "structure.page-order" in _codes(report)
    assert {f.status for f in report.problems()} == {FieldStatus.MISPLACED}


def test_missing_page_is_caught(primary: Rendered) -> None:
    report = check_pair(reorder(primary.pdf, [i for i in range(12) if i != 3]))

    assert report.verdict is Verdict.DISAGREE
    assert {"structure.page-count", "structure.missing-page"} <= _codes(report)
    assert FieldStatus.MISSING in {f.status for f in report.problems()}


def test_added_blank_page_is_caught(primary: Rendered) -> None:
    report = check_pair(reorder(primary.pdf, [*range(12), None]))

    assert report.verdict is Verdict.DISAGREE
    assert {"structure.page-count", "structure.unmarked-page"} <= _codes(report)


def test_added_copy_of_a_page_is_caught(primary: Rendered) -> None:
    report = check_pair(reorder(primary.pdf, [*range(12), 8]))

    assert report.verdict is Verdict.DISAGREE
    assert {"structure.page-count", "structure.extra-page"} <= _codes(report)
    assert {f.status for f in report.problems()} == {FieldStatus.UNEXPECTED}


def test_different_embedded_xml_is_caught(primary: Rendered) -> None:
    other = _with_year(primary.transcript, 3, homeroom_teacher="Đinh Thị Thu Hằng")
    pdf = render_document(other, write_xml(other))

    report = check_pair(pdf, primary.xml)

    assert report.verdict is Verdict.DISAGREE
    assert [p.path for p in report.xml] == ["years[3].homeroom_teacher"]
    assert "Đinh Thị Thu Hằng" in report.xml[0].reason
    assert _statuses(report) == {f"{YEAR}.homeroom_teacher": {FieldStatus.DIFFERS}}


def test_nfd_text_that_looks_the_same_is_caught(primary: Rendered) -> None:
    tampered = map_to_unicode(primary.pdf, "ễ", unicodedata.normalize("NFD", "ễ"))

    report = check_pair(tampered)

    assert report.verdict is Verdict.DISAGREE
    statuses = _statuses(report)
    assert statuses["pupil.full_name"] == {FieldStatus.NOT_NFC}
    assert {s for found in statuses.values() for s in found} == {FieldStatus.NOT_NFC}


def test_value_in_xml_but_not_printed_is_caught(primary: Rendered) -> None:
    year = primary.transcript.years[3]
    assert isinstance(year, PrimaryYear) and year.awards
    pdf = render_document(_with_year(primary.transcript, 3, awards=()), primary.xml)

    report = check_pair(pdf)

    assert report.verdict is Verdict.DISAGREE
    assert _statuses(report) == {f"{YEAR}.awards[0]": {FieldStatus.MISSING}}


def test_value_printed_but_not_in_xml_is_caught(primary: Rendered) -> None:
    extra = _with_year(primary.transcript, 0, awards=("Giải Nhất",))
    pdf = render_document(extra, primary.xml)

    report = check_pair(pdf)

    assert _statuses(report) == {"years[2020-2021].awards[0]": {FieldStatus.UNEXPECTED}}


def test_same_content_in_other_bytes_agrees_with_a_note(primary: Rendered) -> None:
    reindented = primary.xml.replace(b"\n  <", b"\n    <")

    report = check_pair(primary.pdf, reindented)

    assert report.verdict is Verdict.AGREE
    assert report.notes and "same canonical content" in report.notes[0]


def _foreign_pdf(text: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawString(72, 720, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_foreign_pdf_falls_back_to_text_and_never_passes(primary: Rendered) -> None:
    report = check_pair(_foreign_pdf("HB37-TH-2025-000123 Kim Son"), primary.xml)

    assert report.method == "text"
    assert report.verdict is Verdict.INCOMPLETE
    statuses = {f.path: f.status for f in report.fields}
    assert statuses["lookup_code"] is FieldStatus.FOUND_IN_TEXT
    assert statuses["pupil.full_name"] is FieldStatus.SKIPPED
    assert _codes(report) == {"xml.not-embedded"}


def test_factur_x_pdf_is_checked_by_text(corpus_dir: Path, primary: Rendered) -> None:
    pdf = (corpus_dir / "pdfa3_attach" / "facturx__invoice_EN16931.pdf").read_bytes()

    report = check_pair(pdf, primary.xml)

    assert report.method == "text"
    assert report.verdict is Verdict.DISAGREE  # its XML is an invoice, not ours
    assert "xml.embedded-invalid" in _codes(report)


def test_unreadable_pdf_raises() -> None:
    with pytest.raises(PDFReadError, match="not a readable PDF"):
        check_pair(b"%PDF-1.7\nnothing here")


def test_pdf_without_xml_and_no_xml_given_raises() -> None:
    with pytest.raises(PDFAttachmentNotFoundError, match="embeds no transcript XML"):
        check_pair(_foreign_pdf("x"))


def test_invalid_given_xml_raises(primary: Rendered) -> None:
    with pytest.raises(XMLReadError):
        check_pair(primary.pdf, b"<Transcript/>")
