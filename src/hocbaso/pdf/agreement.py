"""
The agreement check, which proves that the PDF says what the XML says.

:func:`check_pair` compares a PDF with a transcript XML (the given one, or the
one embedded in the PDF) in three parts:

* the XML: the embedded document against the given one, byte for byte, then
  as canonical content, then value by value;
* the printed values: each value the form prints, found again through its
  marked content (exact) or, in a PDF not made by hocbaso, by searching the
  page text (weak: a value that cannot be found is SKIPPED, never passed);
  the "(Đã ký số)" marks are values too, planned from the signatures the
  embedded XML carries, as the renderer planned them;
* the structure and metadata: page count and order, PDF/A identification and
  the ``hbs`` XMP properties.

Text is compared after NFC normalisation and with runs of white space folded
to one space. A value that matches only after normalisation is reported as
``NOT_NFC``: hocbaso writes NFC, so decomposed text means someone else wrote it.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pypdf import PdfReader

from hocbaso.errors import (
    HocbasoValueError,
    PDFAttachmentNotFoundError,
    Problem,
    XMLReadError,
)
from hocbaso.model import Transcript
from hocbaso.pdf._content import FontCache, MarkedValue, iter_marked_values
from hocbaso.pdf._layout import Page, iter_fields, plan_pages
from hocbaso.pdf._metadata import HBS_NAMESPACE, document_info
from hocbaso.pdf._signed import read_signed_scopes
from hocbaso.pdf._xmlcodec import read_transcript, write_transcript
from hocbaso.pdf.attachments import (
    extract_transcript_xml,
    open_pdf,
    read_xmp,
    xmp_properties,
)

__all__ = ["FieldFinding", "FieldStatus", "PairReport", "Verdict", "check_pair"]

logger = logging.getLogger(__name__)


class FieldStatus(StrEnum):
    """What the check found for one printed value."""

    AGREES = "agrees"
    """Printed where the plan puts it, with the XML's text."""
    DIFFERS = "differs"
    """Printed, but the text is not the XML's."""
    NOT_NFC = "not-nfc"
    """The text is the XML's only after NFC normalisation."""
    MISPLACED = "misplaced"
    """The XML's text, but on another page than the plan's."""
    MISSING = "missing"
    """In the XML, not printed."""
    UNEXPECTED = "unexpected"
    """Printed, but the XML has no such value, or it is printed twice."""
    FOUND_IN_TEXT = "found-in-text"
    """Text fallback: the value's text occurs in the page text (a weak match)."""
    SKIPPED = "skipped"
    """Text fallback: the value could not be located; nothing is proven."""


_FAILED = frozenset(
    {
        FieldStatus.DIFFERS,
        FieldStatus.NOT_NFC,
        FieldStatus.MISPLACED,
        FieldStatus.MISSING,
        FieldStatus.UNEXPECTED,
    }
)


class Verdict(StrEnum):
    """The outcome of a pair check."""

    AGREE = "agree"
    DISAGREE = "disagree"
    INCOMPLETE = "incomplete"
    """Nothing contradicts, but some values could not be checked."""


@dataclass(frozen=True, slots=True)
class FieldFinding:
    """One printed value: where it should be, what is printed, what was expected."""

    path: str
    status: FieldStatus
    page: int | None
    """The page (from 1) it was found on, or the plan's page when missing."""
    printed: str | None
    expected: str | None

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as JSON-ready values."""
        return {
            "path": self.path,
            "status": self.status.value,
            "page": self.page,
            "printed": self.printed,
            "expected": self.expected,
        }


@dataclass(frozen=True, slots=True)
class PairReport:
    """The result of :func:`check_pair`."""

    verdict: Verdict
    method: str
    """``'marked-content'`` (exact) or ``'text'`` (fallback for foreign PDFs)."""
    fields: tuple[FieldFinding, ...]
    xml: tuple[Problem, ...] = ()
    structure: tuple[Problem, ...] = ()
    metadata: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def agrees(self) -> bool:
        """Whether the PDF and the XML were shown to agree in every respect."""
        return self.verdict is Verdict.AGREE

    def problems(self) -> Iterator[FieldFinding]:
        """Yield the field findings that are not a plain agreement."""
        return (f for f in self.fields if f.status is not FieldStatus.AGREES)

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready values."""
        return {
            "verdict": self.verdict.value,
            "method": self.method,
            "fields": [finding.to_dict() for finding in self.fields],
            **{
                name: [_problem_dict(p) for p in getattr(self, name)]
                for name in ("xml", "structure", "metadata")
            },
            "notes": list(self.notes),
        }


def _problem_dict(problem: Problem) -> dict[str, Any]:
    return {"code": problem.code, "path": problem.path, "reason": problem.reason}


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


# ---------------------------------------------------------------- the XML


def _flatten(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _flatten(inner, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _flatten(inner, f"{prefix}[{index}]")
    else:
        yield prefix, value


def _value_differences(embedded: Transcript, given: Transcript) -> list[Problem]:
    left = dict(_flatten(embedded.model_dump(mode="json")))
    right = dict(_flatten(given.model_dump(mode="json")))
    return [
        Problem(
            "xml.differs",
            f"The embedded XML has {left.get(path)!r}; the given XML "
            f"has {right.get(path)!r}.",
            path,
        )
        for path in sorted(left.keys() | right.keys())
        if left.get(path) != right.get(path)
    ]


def _compare_xml(
    embedded: bytes | None, given: bytes, notes: list[str]
) -> list[Problem]:
    if embedded is None:
        return [Problem("xml.not-embedded", "The PDF carries no transcript XML.")]
    if embedded == given:
        return []
    try:
        inner = read_transcript(embedded)
    except XMLReadError as exc:
        return [
            Problem(
                "xml.embedded-invalid",
                f"The embedded XML is not a valid transcript: {exc}",
            )
        ]
    outer = read_transcript(given)
    if write_transcript(inner) == write_transcript(outer):
        notes.append(
            "The embedded and the given XML differ in bytes but have the same "
            "canonical content."
        )
        return []
    return _value_differences(inner, outer) or [
        Problem("xml.differs", "The embedded and the given XML have different content.")
    ]


# ---------------------------------------------------------------- printed values


@dataclass(frozen=True, slots=True)
class _Found:
    page: int
    text: str


def _read_marks(reader: PdfReader) -> list[list[MarkedValue]]:
    fonts: FontCache = {}
    return [list(iter_marked_values(page, fonts)) for page in reader.pages]


def _index_marks(
    marks: list[list[MarkedValue]],
) -> tuple[dict[tuple[str, str], _Found], list[tuple[int, MarkedValue]]]:
    found: dict[tuple[str, str], _Found] = {}
    duplicates: list[tuple[int, MarkedValue]] = []
    for number, values in enumerate(marks, start=1):
        for value in values:
            key = (value.page_key, value.path)
            if key in found:
                duplicates.append((number, value))
            else:
                found[key] = _Found(number, value.text)
    return found, duplicates


def _judge(expected: str, page: int, found: _Found | None) -> FieldStatus:
    if found is None:
        return FieldStatus.MISSING
    if _fold(found.text) != _fold(expected):
        return FieldStatus.DIFFERS
    if unicodedata.normalize("NFC", found.text) != found.text:
        return FieldStatus.NOT_NFC
    return FieldStatus.AGREES if found.page == page else FieldStatus.MISPLACED


def _compare_marked(
    pages: list[Page],
    found: dict[tuple[str, str], _Found],
    duplicates: list[tuple[int, MarkedValue]],
) -> list[FieldFinding]:
    findings: list[FieldFinding] = []
    for page, printed in iter_fields(pages):
        here = found.pop((page.key, printed.path), None)
        status = _judge(printed.text, page.number, here)
        findings.append(
            FieldFinding(
                printed.path,
                status,
                here.page if here else page.number,
                here.text if here else None,
                printed.text,
            )
        )
    for (_, path), extra in found.items():
        findings.append(
            FieldFinding(path, FieldStatus.UNEXPECTED, extra.page, extra.text, None)
        )
    for number, value in duplicates:
        findings.append(
            FieldFinding(value.path, FieldStatus.UNEXPECTED, number, value.text, None)
        )
    return findings


def _compare_text(pages: list[Page], reader: PdfReader) -> list[FieldFinding]:
    texts = [_fold(page.extract_text() or "") for page in reader.pages]
    findings: list[FieldFinding] = []
    for page, printed in iter_fields(pages):
        wanted = _fold(printed.text)
        where = [
            n for n, text in enumerate(texts, start=1) if wanted and wanted in text
        ]
        if page.number in where or where:
            number = page.number if page.number in where else where[0]
            findings.append(
                FieldFinding(
                    printed.path,
                    FieldStatus.FOUND_IN_TEXT,
                    number,
                    printed.text,
                    printed.text,
                )
            )
        else:
            findings.append(
                FieldFinding(
                    printed.path, FieldStatus.SKIPPED, None, None, printed.text
                )
            )
    return findings


# ---------------------------------------------------------------- structure and metadata


def _check_structure(pages: list[Page], keys: list[set[str]]) -> list[Problem]:
    problems: list[Problem] = []
    if len(keys) != len(pages):
        problems.append(
            Problem(
                "structure.page-count",
                f"The PDF has {len(keys)} pages; "
                f"the transcript prints on {len(pages)}.",
            )
        )
    for number, shown in enumerate(keys, start=1):
        wanted = pages[number - 1].key if number <= len(pages) else None
        problems += _check_page(number, shown, wanted)
    present = set().union(*keys) if keys else set()
    problems += [
        Problem(
            "structure.missing-page",
            f"No page shows {page.key!r} (page {page.number}).",
        )
        for page in pages
        if page.key not in present
    ]
    return problems


def _check_page(number: int, shown: set[str], wanted: str | None) -> list[Problem]:
    where = f"page {number}"
    if not shown:
        return [
            Problem(
                "structure.unmarked-page",
                "The page carries no value of the "
                "transcript; it was not rendered from it.",
                where,
            )
        ]
    if wanted is None:
        return [
            Problem(
                "structure.extra-page",
                f"The page shows {sorted(shown)!r}; the "
                "transcript has no such page here.",
                where,
            )
        ]
    if shown != {wanted}:
        return [
            Problem(
                "structure.page-order",
                f"The page shows {sorted(shown)!r}; expected {wanted!r}.",
                where,
            )
        ]
    return []


def _check_metadata(
    reader: PdfReader, transcript: Transcript, pages: list[Page]
) -> list[Problem]:
    xmp = read_xmp(reader)
    if xmp is None:
        return [Problem("metadata.no-xmp", "The PDF has no XMP metadata.")]
    info = document_info(transcript, pages)
    expected = {
        ("http://www.aiim.org/pdfa/ns/id/", "part"): "3",
        ("http://www.aiim.org/pdfa/ns/id/", "conformance"): "B",
        (HBS_NAMESPACE, "LookupCode"): transcript.lookup_code,
        (HBS_NAMESPACE, "PageCount"): str(len(pages)),
        (HBS_NAMESPACE, "TranscriptVersion"): str(transcript.version),
        ("http://purl.org/dc/elements/1.1/", "title"): info.title,
    }
    found = xmp_properties(xmp, (name for _, name in expected))
    problems = []
    for (namespace, name), wanted in expected.items():
        values = _xmp_text(xmp, found[name], namespace, name)
        if wanted not in values:
            problems.append(
                Problem(
                    "metadata.xmp",
                    f"XMP {name} is {values!r}; expected {wanted!r}.",
                    name,
                )
            )
    return problems


def _xmp_text(
    xmp: Any, found: list[tuple[str, str]], namespace: str, name: str
) -> list[str]:
    direct = [value for ns, value in found if ns == namespace]
    if direct != [""]:
        return direct
    # dc:title holds its text in an rdf:Alt of language alternatives.
    element = xmp.find(f".//{{{namespace}}}{name}")
    return [_fold("".join(element.itertext()))] if element is not None else []


# ---------------------------------------------------------------- the check


def _embedded(reader: PdfReader) -> bytes | None:
    try:
        return extract_transcript_xml(reader)
    except PDFAttachmentNotFoundError:
        return None


def _verdict(fields: list[FieldFinding], problems: list[Problem]) -> Verdict:
    incomplete_codes = {"xml.not-embedded"}
    if any(f.status in _FAILED for f in fields) or any(
        p.code not in incomplete_codes for p in problems
    ):
        return Verdict.DISAGREE
    skipped = any(
        f.status in (FieldStatus.SKIPPED, FieldStatus.FOUND_IN_TEXT) for f in fields
    )
    return Verdict.INCOMPLETE if skipped or problems else Verdict.AGREE


def check_pair(
    pdf: bytes | PdfReader,
    xml: bytes | None = None,
    *,
    transcript: Transcript | None = None,
) -> PairReport:
    """
    Check that a PDF prints what a transcript XML says.

    :param pdf: the PDF, or the PDF already opened with
        :func:`hocbaso.pdf.attachments.open_pdf` (a caller running other checks
        on it then reads it once).
    :param xml: the transcript XML; ``None`` checks the PDF against its own
        embedded XML.
    :param transcript: the transcript the caller already read strictly from
        the XML compared with (``xml``, or the embedded one); it is read here
        if omitted. Passing a model read from other bytes makes the check wrong.
    :returns: the report; :attr:`PairReport.agrees` is the overall answer.
    :raises hocbaso.errors.PDFReadError: if the PDF cannot be read.
    :raises hocbaso.errors.PDFAttachmentNotFoundError: if ``xml`` is ``None`` and
        the PDF embeds no transcript.
    :raises hocbaso.errors.XMLReadError: if the XML to compare with is not a
        valid transcript.
    """
    if not isinstance(pdf, bytes | PdfReader):
        raise HocbasoValueError(
            f"check_pair takes the PDF's bytes or a PdfReader, not a "
            f"{type(pdf).__name__}; read the file first (Path(...).read_bytes())."
        )
    reader = open_pdf(pdf) if isinstance(pdf, bytes) else pdf
    embedded = _embedded(reader)
    reference = xml if xml is not None else embedded
    if reference is None:
        raise PDFAttachmentNotFoundError(
            "The PDF embeds no transcript XML and none was given to compare it with."
        )
    if transcript is None:
        transcript = read_transcript(reference)
    # The "(Đã ký số)" marks state what the embedded XML carries, so they are
    # planned from the embedded bytes, as the renderer planned them; only a PDF
    # without embedded XML is planned from the XML given.
    signed = read_signed_scopes(embedded if embedded is not None else reference)
    pages = plan_pages(transcript, signed=signed)

    notes: list[str] = []
    xml_problems = _compare_xml(embedded, reference, notes) if xml is not None else []
    marks = _read_marks(reader)
    found, duplicates = _index_marks(marks)
    if found:
        method = "marked-content"
        fields = _compare_marked(pages, found, duplicates)
        structure = _check_structure(
            pages, [{v.page_key for v in page} for page in marks]
        )
        metadata = _check_metadata(reader, transcript, pages)
    else:
        method, fields, structure, metadata = (
            "text",
            _compare_text(pages, reader),
            [],
            [],
        )
        notes.append(
            "The PDF was not rendered by hocbaso; its values were searched for "
            "in the page text, which proves less than an exact check."
        )

    problems = [*xml_problems, *structure, *metadata]
    verdict = _verdict(fields, problems)
    logger.info("Checked a PDF/XML pair: %s by %s", verdict.value, method)
    return PairReport(
        verdict,
        method,
        tuple(fields),
        tuple(xml_problems),
        tuple(structure),
        tuple(metadata),
        tuple(notes),
    )
