"""The "(Đã ký số)" marks: printed only where the embedded XML carries a signature."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from hocbaso.model import SignerRole, Transcript
from hocbaso.pdf import FieldStatus, Verdict, check_pair, render_pdf_from_xml
from hocbaso.pdf._draw import draw_pages
from hocbaso.pdf._layout import SIGNED_MARK, iter_fields, plan_pages
from hocbaso.pdf._pdfa import add_pdfa_parts
from hocbaso.pdf._signed import UNSIGNED, read_signed_scopes
from hocbaso.pdf.render import document_info, new_canvas, save_canvas
from hocbaso.signature.pkcs12 import PrivateKeySigner
from tests.pdf._helpers import Rendered, make_signer, sign_xml

YEAR = "2023-2024"
MARK = "Đã ký số"


@pytest.fixture(scope="module")
def signer() -> PrivateKeySigner:
    return make_signer()


@pytest.fixture(scope="module")
def one_year(primary: Rendered, signer: PrivateKeySigner) -> bytes:
    """Return the primary example signed on one year record, no role claimed."""
    return sign_xml(primary.xml, signer, f"#year-{YEAR}")


def _marked(transcript: Transcript, xml: bytes) -> set[str]:
    pages = plan_pages(transcript, signed=read_signed_scopes(xml))
    return {field.path for _, field in iter_fields(pages) if field.text == SIGNED_MARK}


def _page_texts(pdf: bytes, tmp_path: Path) -> list[str]:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext is not installed")
    target = tmp_path / "t.pdf"
    target.write_bytes(pdf)
    text = subprocess.run(
        [tool, "-raw", "-enc", "UTF-8", str(target), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


def test_model_rendering_claims_no_signature(rendered: Rendered) -> None:
    assert _marked(rendered.transcript, rendered.xml) == set()
    assert all(
        field.text != SIGNED_MARK
        for _, field in iter_fields(plan_pages(rendered.transcript))
    )


def test_only_the_signed_year_says_signed(
    primary: Rendered, one_year: bytes, tmp_path: Path
) -> None:
    pdf = render_pdf_from_xml(one_year)
    keys = [page.key for page in plan_pages(primary.transcript)]

    texts = _page_texts(pdf, tmp_path)

    marked = {keys[n] for n, text in enumerate(texts) if MARK in text}
    assert marked == {f"years[{YEAR}].2"}
    assert texts[keys.index(f"years[{YEAR}].2")].count(MARK) == 2


def test_a_claimed_role_marks_only_that_signer(
    primary: Rendered, signer: PrivateKeySigner
) -> None:
    xml = sign_xml(
        primary.xml, signer, f"#year-{YEAR}", role=SignerRole.HOMEROOM_TEACHER
    )

    assert _marked(primary.transcript, xml) == {f"years[{YEAR}].signers[0].signature"}


def test_a_signature_on_the_document_marks_the_issuing_signer(
    primary: Rendered, signer: PrivateKeySigner
) -> None:
    principal = sign_xml(primary.xml, signer, "#transcript", SignerRole.PRINCIPAL)
    seal = sign_xml(primary.xml, signer, "#transcript", SignerRole.SCHOOL_SEAL)

    assert _marked(primary.transcript, principal) == {"issuance.signer.signature"}
    assert _marked(primary.transcript, seal) == set()


def test_an_unknown_claimed_role_marks_nobody(
    primary: Rendered, signer: PrivateKeySigner
) -> None:
    xml = sign_xml(primary.xml, signer, f"#year-{YEAR}", SignerRole.PRINCIPAL)
    unknown = xml.replace(b">principal</", b">janitor</")

    assert unknown != xml
    assert _marked(primary.transcript, unknown) == set()


def test_presence_is_not_validity(primary: Rendered, signer: PrivateKeySigner) -> None:
    # A broken signature value still counts as present: the page says that a
    # signature is there, and `hocbaso verify` says whether it holds.
    xml = sign_xml(primary.xml, signer, f"#year-{YEAR}")
    start = xml.index(b"<ds:SignatureValue>") + len(b"<ds:SignatureValue>")
    broken = xml[:start] + b"AAAA" + xml[start + 4 :]

    assert len(_marked(primary.transcript, broken)) == 2


@pytest.mark.parametrize(
    "xml",
    [b"not xml", b'<!DOCTYPE t [<!ENTITY e "x">]><t Id="transcript"/>'],
    ids=["not-xml", "dtd"],
)
def test_unreadable_xml_has_no_signed_scope(xml: bytes) -> None:
    assert read_signed_scopes(xml) == UNSIGNED


def test_whole_document_reference_is_the_document_scope() -> None:
    ds = "http://www.w3.org/2000/09/xmldsig#"
    xml = (
        f'<t Id="transcript"><ds:Signature xmlns:ds="{ds}"><ds:SignedInfo>'
        '<ds:Reference URI=""/></ds:SignedInfo></ds:Signature></t>'
    ).encode()

    scopes = read_signed_scopes(xml)

    assert scopes.signs_document(SignerRole.PRINCIPAL)
    assert not scopes.signs("year-2020-2021", SignerRole.PRINCIPAL)


def test_signed_pair_agrees(one_year: bytes) -> None:
    pdf = render_pdf_from_xml(one_year)

    for report in (check_pair(pdf), check_pair(pdf, one_year)):
        assert report.verdict is Verdict.AGREE, list(report.problems())
        paths = {f.path for f in report.fields}
        assert f"years[{YEAR}].signers[1].signature" in paths


def test_a_mark_the_embedded_xml_does_not_back_is_caught(
    primary: Rendered, one_year: bytes
) -> None:
    # A forger's PDF: planned as if signed, but embedding the unsigned XML.
    pages = plan_pages(primary.transcript, signed=read_signed_scopes(one_year))
    buffer = io.BytesIO()
    canvas = new_canvas(buffer)
    draw_pages(canvas, pages)
    add_pdfa_parts(canvas, document_info(primary.transcript, pages), primary.xml)
    save_canvas(canvas)

    report = check_pair(buffer.getvalue())

    assert report.verdict is Verdict.DISAGREE
    assert {(f.path, f.status) for f in report.problems()} == {
        (f"years[{YEAR}].signers[{i}].signature", FieldStatus.UNEXPECTED)
        for i in (0, 1)
    }
