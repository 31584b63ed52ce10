"""Rendering: determinism, PDF/A-3 structure, fonts, and what independent tools read."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, StreamObject
from reportlab.lib.styles import ParagraphStyle

from hocbaso.examples import primary_example
from hocbaso.model import PrimaryYear, PrimaryYearResult
from hocbaso.pdf import render_pdf, render_pdf_from_xml
from hocbaso.pdf._content import iter_text_heights
from hocbaso.pdf._draw import _Text
from hocbaso.pdf._fonts import BOLD, REGULAR, register_fonts
from hocbaso.pdf._icc import SRGB_ICC
from hocbaso.pdf._layout import iter_fields, plan_pages
from hocbaso.pdf._pdfa import pdf_date
from hocbaso.pdf._sign_off import (
    SIGN_OFF_BOTTOM,
    SIGN_OFF_GAP,
    SIGN_OFF_PAGE,
    SIGN_OFF_TOP,
)
from hocbaso.pdf.render import document_date
from tests.pdf._helpers import Rendered

VIETNAMESE_BASES = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _raw(value: object) -> bytes:
    """Return the bytes of a PDF string, however pypdf decoded it."""
    raw = getattr(value, "original_bytes", value)
    assert isinstance(raw, bytes)
    return raw


def _catalog(pdf: bytes) -> Any:
    """Return the catalog, typed loosely: tests walk pypdf's objects by key."""
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    return root


def test_same_transcript_gives_same_bytes(rendered: Rendered) -> None:
    assert render_pdf(rendered.transcript) == rendered.pdf


def test_page_plan_is_cover_identity_and_two_pages_a_year(rendered: Rendered) -> None:
    pages = plan_pages(rendered.transcript)
    keys = [page.key for page in pages]

    assert keys[:2] == ["cover", "identity"]
    assert len(keys) == 2 + 2 * len(rendered.transcript.years) == len(set(keys))
    assert len(PdfReader(io.BytesIO(rendered.pdf)).pages) == len(pages)


def test_each_printed_value_has_one_place(rendered: Rendered) -> None:
    places = [
        (page.key, field.path)
        for page, field in iter_fields(plan_pages(rendered.transcript))
    ]

    assert len(places) == len(set(places))


def test_qpdf_finds_no_problem(rendered: Rendered, tmp_path: Path) -> None:
    target = tmp_path / "t.pdf"
    target.write_bytes(rendered.pdf)

    result = subprocess.run(
        [_tool("qpdf"), "--check", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_pdffonts_lists_every_font_embedded(rendered: Rendered, tmp_path: Path) -> None:
    target = tmp_path / "t.pdf"
    target.write_bytes(rendered.pdf)

    lines = subprocess.run(
        [_tool("pdffonts"), str(target)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]

    assert len(lines) == 2  # Source Serif Pro Regular and Semibold
    assert all(line.split()[-5] == "yes" for line in lines), lines
    assert all("SourceSerifPro" in line for line in lines)


def test_pdftotext_holds_every_printed_value(
    rendered: Rendered, tmp_path: Path
) -> None:
    target = tmp_path / "t.pdf"
    target.write_bytes(rendered.pdf)

    # -raw keeps content-stream order, in which each value is contiguous.
    text = subprocess.run(
        [_tool("pdftotext"), "-raw", "-enc", "UTF-8", str(target), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    folded = _fold(text)
    missing = [
        (page.key, field.path, field.text)
        for page, field in iter_fields(plan_pages(rendered.transcript))
        if _fold(field.text) not in folded
    ]

    assert unicodedata.is_normalized("NFC", text)
    assert missing == []


def test_embedded_xml_equals_canonical_xml(rendered: Rendered) -> None:
    reader = PdfReader(io.BytesIO(rendered.pdf))

    assert reader.attachments == {"hocbaso.xml": [rendered.xml]}


def test_associated_file_is_declared_as_pdfa3_asks(rendered: Rendered) -> None:
    catalog = _catalog(rendered.pdf)
    spec = catalog["/AF"][0].get_object()
    names = catalog["/Names"]["/EmbeddedFiles"]["/Names"]
    stream = spec["/EF"]["/F"].get_object()
    params = stream["/Params"]

    assert names[0] == "hocbaso.xml" and names[1].get_object() == spec
    assert spec["/AFRelationship"] == "/Source"
    assert spec["/F"] == spec["/UF"] == "hocbaso.xml"
    assert stream["/Subtype"] == "/text/xml"
    assert params["/Size"] == len(rendered.xml)
    assert _raw(params["/CheckSum"]) == hashlib.md5(rendered.xml).digest()
    day = pdf_date(document_date(rendered.transcript))
    assert params["/CreationDate"] == params["/ModDate"] == day


def test_output_intent_is_srgb(rendered: Rendered) -> None:
    intent = _catalog(rendered.pdf)["/OutputIntents"][0].get_object()
    profile = intent["/DestOutputProfile"].get_object()

    assert intent["/S"] == "/GTS_PDFA1"
    assert profile["/N"] == 3
    assert profile.get_data() == SRGB_ICC


def test_icc_profile_header_is_an_rgb_display_profile() -> None:
    assert SRGB_ICC[36:40] == b"acsp"
    assert SRGB_ICC[12:20] == b"mntrRGB "
    assert SRGB_ICC[8:10] == bytes([4, 0x20])
    assert int.from_bytes(SRGB_ICC[:4], "big") == len(SRGB_ICC)


def test_xmp_is_uncompressed_and_identifies_pdfa3b(rendered: Rendered) -> None:
    metadata = _catalog(rendered.pdf)["/Metadata"].get_object()
    assert isinstance(metadata, StreamObject)
    xmp = metadata.get_data().decode("utf-8")

    assert "/Filter" not in metadata
    assert re.search(rb"<pdfaid:part>3</pdfaid:part>", rendered.pdf)
    assert "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    assert "<hbs:DocumentFileName>hocbaso.xml</hbs:DocumentFileName>" in xmp
    assert "<hbs:FormatVersion>1.0</hbs:FormatVersion>" in xmp
    assert "<pdfaSchema:prefix>hbs</pdfaSchema:prefix>" in xmp


def test_information_dictionary_repeats_the_xmp(primary: Rendered) -> None:
    reader = PdfReader(io.BytesIO(primary.pdf))
    info = reader.metadata
    xmp = _catalog(primary.pdf)["/Metadata"].get_object().get_data().decode()

    assert info is not None and info.title == "Học bạ Tiểu học – Nguyễn Thị Thu Hà"
    assert f">{info.title}<" in xmp
    assert str(info["/CreationDate"]) == "D:20250530000000+07'00'"
    assert "<xmp:CreateDate>2025-05-30T00:00:00+07:00</xmp:CreateDate>" in xmp


def test_document_id_comes_from_the_xml(primary: Rendered) -> None:
    trailer: Any = PdfReader(io.BytesIO(primary.pdf)).trailer
    identifier = trailer["/ID"][0]

    assert _raw(identifier).hex() == hashlib.sha256(primary.xml).hexdigest()[:32]


def test_rendering_from_xml_embeds_the_given_bytes(primary: Rendered) -> None:
    pdf = render_pdf_from_xml(primary.xml)

    assert pdf == primary.pdf


def test_unsigned_xml_claims_no_signature(primary: Rendered, tmp_path: Path) -> None:
    # Regression: every signer was printed "(Đã ký số)" although the XML
    # carried no signature at all.
    target = tmp_path / "unsigned.pdf"
    target.write_bytes(render_pdf_from_xml(primary.xml))

    text = subprocess.run(
        [_tool("pdftotext"), "-raw", "-enc", "UTF-8", str(target), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert "Nhung" in text  # the principal's name is printed, without the mark
    assert "Đã ký số" not in text


def test_primary_result_uses_the_four_levels_of_the_regulation(tmp_path: Path) -> None:
    transcript = primary_example()
    results = {
        year.result for year in transcript.years if isinstance(year, PrimaryYear)
    }
    target = tmp_path / "p.pdf"
    target.write_bytes(render_pdf(transcript))

    text = subprocess.run(
        [_tool("pdftotext"), "-raw", str(target), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert PrimaryYearResult.EXCELLENT in results
    assert all(result.label in text for result in results)


@pytest.mark.parametrize("face", [REGULAR, BOLD])
def test_faces_cover_every_vietnamese_letter(face: str) -> None:
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    glyphs = pdfmetrics.getFont(face).face.charToGlyph
    letters = {
        unicodedata.normalize("NFC", base + tone)
        for base in VIETNAMESE_BASES
        for tone in TONES
    } | set("đĐ")

    assert sorted(c for c in letters if ord(c) not in glyphs) == []


def test_a_full_identity_page_leaves_the_sign_off_area_free() -> None:
    example = primary_example()
    wordy = "Thôn Đông, " * 100  # wraps over a dozen lines
    pupil = type(example.pupil).model_validate(
        example.pupil.model_dump() | {"birth_place": wordy, "hometown": wordy}
    )
    pdf = render_pdf(example.model_copy(update={"pupil": pupil}))

    page = PdfReader(io.BytesIO(pdf)).pages[SIGN_OFF_PAGE]
    printed = [
        y for y, text in iter_text_heights(page) if text.strip() and y > SIGN_OFF_BOTTOM
    ]
    # The page is shrunk to end above the area the PDF signatures will fill,
    # and it does reach down to it: the text would overflow without the room.
    assert SIGN_OFF_TOP < min(printed) < SIGN_OFF_TOP + SIGN_OFF_GAP + 12


def test_a_value_that_fits_is_one_line_and_a_long_one_wraps() -> None:
    register_fonts()
    style = ParagraphStyle("t", fontName=REGULAR, fontSize=10, leading=12.5)
    short, long = _Text("Đạt   tốt", style), _Text("Hoàn thành tốt " * 20, style)

    assert short.text == "Đạt tốt"
    assert short.wrap(200, 100) == (200, 12.5)
    assert long.wrap(200, 1000)[1] > 3 * 12.5
    assert _Text(" ", style).wrap(200, 100) == (200, 0)
