"""Types and helpers shared by the PDF tests."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ContentStream

from hocbaso.model import SignerRole, Transcript
from hocbaso.pdf import render_pdf
from hocbaso.pdf._content import parse_to_unicode
from hocbaso.signature.pkcs12 import PrivateKeySigner
from hocbaso.signature.sign import sign_document
from hocbaso.xml.writer import write_xml

SIGNING_TIME = dt.datetime(2025, 5, 30, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@dataclass(frozen=True)
class Rendered:
    """A transcript, its canonical XML and its PDF."""

    transcript: Transcript
    xml: bytes
    pdf: bytes


def render(transcript: Transcript) -> Rendered:
    """Render ``transcript`` with its canonical XML."""
    return Rendered(transcript, write_xml(transcript), render_pdf(transcript))


def make_signer() -> PrivateKeySigner:
    """Return a signer with a fresh self-signed EC key: presence tests need no trust."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TEST ONLY")])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(SIGNING_TIME - dt.timedelta(days=1))
        .not_valid_after(SIGNING_TIME + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    return PrivateKeySigner(key, certificate)


def sign_xml(
    xml: bytes,
    signer: PrivateKeySigner,
    reference: str,
    role: SignerRole | None = None,
) -> bytes:
    """Return ``xml`` with one more XAdES signature over ``reference``."""
    return sign_document(
        xml, signer, reference=reference, signing_time=SIGNING_TIME, role=role
    )


def _literal(data: bytes) -> bytes:
    escaped = data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + escaped + b")"


def _font_table(page: Any, font: str) -> dict[int, str]:
    resource = page["/Resources"]["/Font"][f"/{font}"].get_object()
    return parse_to_unicode(resource["/ToUnicode"].get_object().get_data())


def _set_contents(writer: PdfWriter, page: PageObject, data: bytes) -> None:
    stream = ContentStream(None, writer)
    stream.set_data(data)
    page.replace_contents(stream)


def retext(pdf: bytes, page_key: str, path: str, new_text: str) -> bytes:
    """
    Return ``pdf`` with one printed value redrawn as ``new_text``, glyph codes only.

    The value's first text-showing operator gets the codes of ``new_text`` in
    the same font subset, as a forger editing the content stream would do.
    """
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    marker = f"/HBPage ({page_key}) /HBPath ({path})>> BDC".encode()
    for page in writer.pages:
        data = page.get_contents().get_data()  # type: ignore[union-attr]
        start = data.find(marker)
        if start < 0:
            continue
        end = data.find(b"EMC", start)
        segment = data[start:end]
        font = re.findall(rb"/(\S+) [\d.]+ Tf", segment)[-1].decode()
        reverse = {text: code for code, text in _font_table(page, font).items()}
        codes = bytes(reverse[char] for char in new_text)
        shows = re.compile(rb"\((?:\\.|[^\\)])*\) Tj")
        first = shows.search(segment)
        assert first is not None
        segment = (
            segment[: first.start()]
            + _literal(codes)
            + b" Tj"
            + shows.sub(b"", segment[first.end() :])
        )
        _set_contents(writer, page, data[:start] + segment + data[end:])
        return _written(writer)
    raise AssertionError(f"{path} is not printed on {page_key}")


def map_to_unicode(pdf: bytes, char: str, replacement: str) -> bytes:
    """Return ``pdf`` with every ToUnicode entry for ``char`` changed to ``replacement``."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    old = f"<{ord(char):04X}>".encode()
    new = b"<" + replacement.encode("utf-16-be").hex().upper().encode() + b">"
    changed = 0
    page: Any = writer.pages[1]
    for font in page["/Resources"]["/Font"].values():
        stream = font.get_object()["/ToUnicode"].get_object()
        data = stream.get_data()
        changed += data.count(old)
        stream.set_data(data.replace(old, new))
    assert changed
    return _written(writer)


def reorder(pdf: bytes, order: list[int | None]) -> bytes:
    """
    Return ``pdf`` with its pages in ``order`` (indexes from 0; ``None``: a blank page).

    An index may repeat (a page added twice) or be left out (a page removed).
    """
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    for _ in range(len(writer.pages)):
        writer.remove_page(0)
    for index in order:
        if index is None:
            writer.add_blank_page(595.276, 841.89)
        else:
            writer.add_page(reader.pages[index])
    return _written(writer)


def _written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
