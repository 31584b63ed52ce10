"""
One report for a transcript bundle: the PDF, the XML inside it (or beside it), and all checks.

:func:`verify_bundle` runs every check once, in this order, and reports them
together: the XML found, its schema and model, the evaluation rules, each XML
signature, each PDF signature, whether every role signed the PDF in order, the
agreement of the PDF with the XML, and the PDF/A-3 structure.  A check that
cannot run (no XML to read, say) is SKIPPED with the reason.  The verdict is
:func:`decide_bundle` of the checks and the two signature reports' indications:
any failure fails the bundle; anything skipped or indeterminate, or bytes
after the last signed revision that no signature covers, leave it
INDETERMINATE; else it is TOTAL_PASSED.

>>> report = verify_bundle(pdf, trust=load_trust(["roots/"]))  # doctest: +SKIP
>>> report.indication  # doctest: +SKIP
<Indication.TOTAL_PASSED: 'TOTAL_PASSED'>
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from lxml import etree
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from hocbaso.errors import HocbasoError
from hocbaso.model.rules import Severity
from hocbaso.pdf import check_pair, extract_transcript_xml
from hocbaso.pdf.agreement import Verdict
from hocbaso.pdf.attachments import (
    PDFA_ID_NAMESPACE,
    list_attachments,
    open_pdf,
    read_xmp,
    xmp_values,
)
from hocbaso.signature._pdf_fields import PDF_SIGNING_ORDER, pdf_field_name
from hocbaso.signature.pdf_verify import verify_pdf
from hocbaso.signature.policy import DEFAULT_POLICY, ValidationPolicy
from hocbaso.signature.report import (
    REPORT_VERSION,
    CheckStatus,
    DocumentReport,
    Indication,
)
from hocbaso.signature.trust import TrustSettings
from hocbaso.signature.verify import verify_document
from hocbaso.validation import ValidationResult, validate

__all__ = [
    "BUNDLE_CHECKS",
    "BundleCheck",
    "BundleReport",
    "decide_bundle",
    "verify_bundle",
    "verify_pdf_or_bundle",
]

logger = logging.getLogger(__name__)

S = CheckStatus

BUNDLE_CHECKS = (
    "bundle.xml-found",
    "bundle.xml-schema",
    "bundle.rules",
    "bundle.xml-signatures",
    "bundle.pdf-signatures",
    "bundle.signing-order",
    "bundle.agreement",
    "bundle.pdfa",
)
"""Every check of a bundle report, in the order run; none is ever omitted."""


@dataclass(frozen=True, slots=True)
class BundleCheck:
    """One check of the bundle, with its outcome."""

    name: str
    """Stable identifier, one of :data:`BUNDLE_CHECKS`."""

    status: CheckStatus
    """Passed, failed, warning or skipped."""

    reason: str
    """One sentence saying what was found; never transcript content."""


@dataclass(frozen=True, slots=True)
class BundleReport:
    """Everything established about one PDF and its XML."""

    indication: Indication
    """:func:`decide_bundle` of :attr:`checks` and the signature reports."""

    checks: tuple[BundleCheck, ...]
    """The bundle's checks, in :data:`BUNDLE_CHECKS` order."""

    xml_signatures: DocumentReport | None
    """The report on the XML's signatures, ``None`` if there was no XML to read."""

    pdf_signatures: DocumentReport
    """The report on the PDF's signatures."""

    source: str = ""
    """A label for the bundle (a file name), chosen by the caller."""

    report_version: str = field(default=REPORT_VERSION)
    """The version of the JSON form (see the published schema)."""

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data (times in +07:00, ISO 8601)."""
        xml = self.xml_signatures
        return {
            "kind": "bundle",
            "report_version": self.report_version,
            "source": self.source,
            "indication": self.indication.value,
            "checks": [
                {"name": c.name, "status": c.status.value, "reason": c.reason}
                for c in self.checks
            ],
            "xml_signatures": None if xml is None else xml.to_dict(),
            "pdf_signatures": self.pdf_signatures.to_dict(),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return the report as JSON text conforming to ``report.schema.json``."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_text(self) -> str:
        """Return a readable plain-text rendering of the report."""
        marks = {
            S.PASSED: "ok  ",
            S.FAILED: "FAIL",
            S.WARNING: "warn",
            S.SKIPPED: "skip",
        }
        lines = [f"{self.source or 'bundle'}: {self.indication.value}"]
        lines += [f"  [{marks[c.status]}] {c.name}: {c.reason}" for c in self.checks]
        parts = [("PDF signatures", self.pdf_signatures)]
        if self.xml_signatures is not None:
            parts.insert(0, ("XML signatures", self.xml_signatures))
        for title, report in parts:
            body = report.to_text().splitlines()[1:]
            lines += [f"{title}: {report.indication.value}", *body]
        return "\n".join(lines) + "\n"


def decide_bundle(
    checks: Sequence[BundleCheck],
    parts: Sequence[Indication],
    *,
    uncovered: int = 0,
) -> Indication:
    """
    Derive the bundle's indication from its checks and its signature reports.

    :param checks: the bundle checks.
    :param parts: the indications of the XML and PDF signature reports.
    :param uncovered: bytes of the PDF after its last signed revision, which
        no signature vouches for.
    :returns: ``TOTAL_FAILED`` if a check failed or a part failed;
        ``INDETERMINATE`` if a check was skipped, a part is not
        ``TOTAL_PASSED`` or some bytes are uncovered; else ``TOTAL_PASSED``.
    """
    statuses = {c.status for c in checks}
    if S.FAILED in statuses or Indication.TOTAL_FAILED in parts:
        return Indication.TOTAL_FAILED
    if S.SKIPPED in statuses or any(p is not Indication.TOTAL_PASSED for p in parts):
        return Indication.INDETERMINATE
    if uncovered:
        # Nothing proven wrong (changes to what was signed fail above), but
        # the file is not wholly what its signers signed.
        return Indication.INDETERMINATE
    return Indication.TOTAL_PASSED


@dataclass(frozen=True, slots=True)
class _Options:
    trust: TrustSettings
    policy: ValidationPolicy
    at: datetime | None
    now: datetime


def verify_bundle(
    pdf: bytes,
    xml: bytes | None = None,
    *,
    trust: TrustSettings | None = None,
    policy: ValidationPolicy = DEFAULT_POLICY,
    at: datetime | None = None,
    now: datetime | None = None,
    source: str = "",
) -> BundleReport:
    """
    Verify a transcript bundle: a PDF with its embedded XML, or a PDF and an XML.

    :param pdf: the PDF.
    :param xml: the XML to pair with it; ``None`` uses the XML embedded in it.
    :param trust: anchors, intermediates and CRLs for both kinds of signature.
    :param policy: which algorithms may pass.
    :param at: an explicit validation time (timezone-aware).
    :param now: the current time; read from the clock here only if omitted.
    :param source: a label shown in the report.
    :returns: the report; a bad bundle does not raise.
    :raises PDFReadError: if the file is not a readable PDF at all.
    """
    options = _options(trust, policy, at, now)
    reader = open_pdf(pdf)
    return _verify_bundle(pdf, reader, xml, _find_xml(reader, xml), options, source)


def _options(
    trust: TrustSettings | None,
    policy: ValidationPolicy,
    at: datetime | None,
    now: datetime | None,
) -> _Options:
    current = now if now is not None else datetime.now(UTC)
    return _Options(trust or TrustSettings(), policy, at, current)


def _verify_bundle(
    pdf: bytes,
    reader: PdfReader,
    xml: bytes | None,
    xml_found: tuple[BundleCheck, bytes | None],
    options: _Options,
    source: str,
) -> BundleReport:
    found, document = xml_found
    policy, at = options.policy, options.at
    validation = validate(document) if document is not None else None
    xml_report = _xml_signatures(document, options)
    pdf_report = verify_pdf(
        pdf, trust=options.trust, policy=policy, at=at, now=options.now, source=source
    )

    checks = (
        found,
        _schema_check(validation),
        _rules_check(validation),
        _report_check("bundle.xml-signatures", "XML", xml_report),
        _pdf_report_check(pdf_report, len(pdf)),
        _order_check(pdf_report),
        _agreement_check(reader, xml, document, validation),
        _pdfa_check(reader),
    )
    parts = [pdf_report.indication]
    if xml_report is not None:
        parts.append(xml_report.indication)
    uncovered = _unsigned_tail(pdf_report, len(pdf))
    indication = decide_bundle(checks, parts, uncovered=uncovered)
    logger.info("Verified a bundle: %s", indication.value)
    return BundleReport(indication, checks, xml_report, pdf_report, source)


def _find_xml(reader: PdfReader, xml: bytes | None) -> tuple[BundleCheck, bytes | None]:
    if xml is not None:
        return BundleCheck(
            "bundle.xml-found", S.PASSED, "The XML was given beside the PDF."
        ), xml
    try:
        embedded = extract_transcript_xml(reader)
    except HocbasoError as exc:
        return BundleCheck("bundle.xml-found", S.FAILED, str(exc)), None
    return (
        BundleCheck(
            "bundle.xml-found", S.PASSED, "The transcript XML is embedded in the PDF."
        ),
        embedded,
    )


def _skipped(name: str) -> BundleCheck:
    return BundleCheck(name, S.SKIPPED, "Not run: there is no transcript XML to check.")


def _schema_check(result: ValidationResult | None) -> BundleCheck:
    name = "bundle.xml-schema"
    if result is None:
        return _skipped(name)
    if result.problems:
        codes = sorted({p.code for p in result.problems})
        return BundleCheck(
            name,
            S.FAILED,
            f"{len(result.problems)} schema or model problem(s): {codes!r}.",
        )
    return BundleCheck(
        name, S.PASSED, "The XML is valid against the schema and the model."
    )


def _rules_check(result: ValidationResult | None) -> BundleCheck:
    name = "bundle.rules"
    if result is None or result.transcript is None:
        reason = "Not run: the XML could not be read as a transcript."
        return (
            _skipped(name) if result is None else BundleCheck(name, S.SKIPPED, reason)
        )
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    warnings = [f for f in result.findings if f.severity is Severity.WARNING]
    if errors:
        rules = sorted({f.rule.value for f in errors})
        return BundleCheck(name, S.FAILED, f"{len(errors)} rule error(s): {rules!r}.")
    if warnings:
        return BundleCheck(
            name, S.WARNING, f"{len(warnings)} rule warning(s), no error."
        )
    return BundleCheck(name, S.PASSED, "The evaluation rules of the circulars hold.")


def _xml_signatures(document: bytes | None, options: _Options) -> DocumentReport | None:
    if document is None:
        return None
    try:
        return verify_document(
            document,
            trust=options.trust,
            policy=options.policy,
            at=options.at,
            now=options.now,
            source="XML",
        )
    except HocbasoError as exc:
        logger.debug("The XML's signatures cannot be verified: %s", exc)
        return None


def _report_check(name: str, kind: str, report: DocumentReport | None) -> BundleCheck:
    if report is None:
        return BundleCheck(
            name, S.SKIPPED, f"Not run: there is no {kind} document to read."
        )
    count = len(report.signatures)
    text = f"{count} {kind} signature(s): {report.indication.value}."
    status = {
        Indication.TOTAL_PASSED: S.PASSED,
        Indication.TOTAL_FAILED: S.FAILED,
    }.get(report.indication, S.WARNING)
    if report.indication is Indication.NO_SIGNATURE_FOUND:
        return BundleCheck(name, S.FAILED, f"The {kind} carries no signature.")
    return BundleCheck(name, status, text)


def _pdf_report_check(report: DocumentReport, size: int) -> BundleCheck:
    check = _report_check("bundle.pdf-signatures", "PDF", report)
    tail = _unsigned_tail(report, size)
    if not tail:
        return check
    # Bytes after the last signature leave every signature intact, so the
    # signature report passes; the bundle says what no signature vouches for.
    status = S.WARNING if check.status is S.PASSED else check.status
    return BundleCheck(
        check.name,
        status,
        f"{check.reason} {tail} byte(s) after the last signed revision are "
        "covered by no signature.",
    )


def _unsigned_tail(report: DocumentReport, size: int) -> int:
    ends = [
        s.pdf.byte_range[-2] + s.pdf.byte_range[-1]
        for s in report.signatures
        if s.pdf is not None and len(s.pdf.byte_range) >= 2
    ]
    return max(size - max(ends), 0) if ends else 0


def _order_check(report: DocumentReport) -> BundleCheck:
    name = "bundle.signing-order"
    fields = [s.signature_id for s in report.signatures]
    expected = [pdf_field_name(role) for role in PDF_SIGNING_ORDER]
    ours = [f for f in fields if f in expected]
    if fields and not ours:
        # Signed by another tool: its fields do not name roles, so neither
        # the roles nor their order can be told, which is not proof of a fault.
        return BundleCheck(
            name,
            S.SKIPPED,
            f"The PDF is signed only in fields hocbaso does not name ({fields!r}); "
            "which role signed each, and in what order, cannot be told.",
        )
    if ours == expected:
        return BundleCheck(name, S.PASSED, "Every role signed the PDF, in order.")
    missing = [f for f in expected if f not in ours]
    if missing:
        return BundleCheck(
            name, S.FAILED, f"Signatures missing from the PDF: {missing!r}."
        )
    return BundleCheck(name, S.FAILED, f"The roles signed out of order: {ours!r}.")


def _agreement_check(
    reader: PdfReader,
    xml: bytes | None,
    document: bytes | None,
    validation: ValidationResult | None,
) -> BundleCheck:
    name = "bundle.agreement"
    if document is None:
        return _skipped(name)
    # The model validated above is the one a strict read gives, if the XML
    # had no problem at all; else the agreement check reads it and says why not.
    transcript = (
        validation.transcript
        if validation is not None and not validation.problems
        else None
    )
    try:
        pair = check_pair(reader, xml, transcript=transcript)
    except HocbasoError as exc:
        return BundleCheck(name, S.SKIPPED, f"Not run: {exc}")
    if pair.verdict is Verdict.AGREE:
        return BundleCheck(name, S.PASSED, "The PDF prints exactly what the XML says.")
    problems = (
        len(list(pair.problems()))
        + len(pair.xml)
        + len(pair.structure)
        + len(pair.metadata)
    )
    status = S.WARNING if pair.verdict is Verdict.INCOMPLETE else S.FAILED
    return BundleCheck(
        name,
        status,
        f"The PDF and the XML {pair.verdict.value} ({problems} finding(s)).",
    )


def _pdfa_check(reader: PdfReader) -> BundleCheck:
    name = "bundle.pdfa"
    try:
        problems = _pdfa_problems(reader)
    except (PyPdfError, KeyError, ValueError) as exc:
        return BundleCheck(
            name,
            S.FAILED,
            f"The PDF/A structure cannot be read ({type(exc).__name__}).",
        )
    if problems:
        return BundleCheck(name, S.FAILED, " ".join(problems))
    return BundleCheck(
        name,
        S.PASSED,
        "PDF/A-3 identification, output intent, associated file and embedded fonts are in place.",
    )


def _pdfa_problems(reader: PdfReader) -> list[str]:
    # A structural screen, not a conformance validator (veraPDF is that).
    root: Any = reader.trailer["/Root"]
    problems = []
    xmp = read_xmp(reader)
    part = [v for _, v in xmp_values(xmp, "part", namespace=PDFA_ID_NAMESPACE)]
    if part != ["3"]:
        problems.append(f"The XMP declares PDF/A part {part!r}; expected ['3'].")
    intents = root.get("/OutputIntents") or []
    if not any(i.get_object().get("/S") == "/GTS_PDFA1" for i in intents):
        problems.append("No PDF/A output intent (GTS_PDFA1).")
    if "/AF" not in root:
        problems.append("The catalog has no associated files (/AF).")
    if "/Encrypt" in reader.trailer:
        problems.append("The file is encrypted, which PDF/A forbids.")
    form = root.get("/AcroForm")
    if form is not None and form.get_object().get("/NeedAppearances"):
        problems.append("The form sets /NeedAppearances, which PDF/A forbids.")
    problems.extend(_unembedded_fonts(reader))
    return problems


def _unembedded_fonts(reader: PdfReader) -> list[str]:
    missing: set[str] = set()
    for page in reader.pages:
        for resources in _resource_dicts(page):
            fonts = resources.get("/Font") or {}
            for font in fonts.values():
                if not _embedded(font.get_object()):
                    missing.add(str(font.get_object().get("/BaseFont")))
    return [f"Fonts not embedded: {sorted(missing)!r}."] if missing else []


def _resource_dicts(page: Any) -> list[Any]:
    found: list[Any] = [page.get("/Resources")]
    for annotation in page.get("/Annots") or []:
        appearance = annotation.get_object().get("/AP")
        normal = appearance.get_object().get("/N") if appearance else None
        if normal is not None and hasattr(normal.get_object(), "get"):
            found.append(normal.get_object().get("/Resources"))
    return [r.get_object() for r in found if r is not None]


def _embedded(font: Any) -> bool:
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    if font.get("/Subtype") == "/Type3":
        return True
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    keys = descriptor.get_object().keys()
    return bool({"/FontFile", "/FontFile2", "/FontFile3"} & set(keys))


def verify_pdf_or_bundle(
    pdf: bytes,
    xml: bytes | None = None,
    *,
    trust: TrustSettings | None = None,
    policy: ValidationPolicy = DEFAULT_POLICY,
    at: datetime | None = None,
    now: datetime | None = None,
    source: str = "",
) -> BundleReport | DocumentReport:
    """
    Verify a transcript bundle, or only the PDF signatures of a PDF that has no transcript.

    A signed PDF made by someone else (a diploma, a contract) carries no
    transcript XML: judging it as a bundle would fail it for what it never
    claimed to be. Such a PDF gets the report of its PDF signatures alone.

    :param pdf: the PDF.
    :param xml: the XML to pair with it; when given, the PDF is always a bundle.
    :param trust: anchors, intermediates and CRLs.
    :param policy: which algorithms may pass.
    :param at: an explicit validation time (timezone-aware).
    :param now: the current time; read from the clock here only if omitted.
    :param source: a label shown in the report.
    :returns: a bundle report, or the PDF signatures' report.
    :raises PDFReadError: if the file is not a readable PDF at all.
    """
    options = _options(trust, policy, at, now)
    reader = open_pdf(pdf)
    found = _find_xml(reader, xml)
    if xml is None and _lacks_transcript(reader, found[1]):
        logger.debug("No embedded transcript: verifying the PDF signatures only.")
        return verify_pdf(
            pdf, trust=options.trust, policy=policy, at=at, now=options.now,
            source=source,
        )  # fmt: skip
    return _verify_bundle(pdf, reader, xml, found, options, source)


def _lacks_transcript(reader: PdfReader, embedded: bytes | None) -> bool:
    # Judged on its PDF signatures alone only when nothing in it could be a
    # transcript: a bundle that lost or hid its XML must fail as a bundle.
    if embedded is not None:
        return _is_foreign_xml(embedded)
    try:
        attachments = list_attachments(reader)
    except HocbasoError:
        return False  # a broken attachment: the bundle checks say what is wrong
    return not any(attachment.is_xml for attachment in attachments)


def _is_foreign_xml(document: bytes) -> bool:
    # Well-formed XML whose root is in another organisation's namespace (a
    # Factur-X invoice, a tax notice) is not a transcript. A root without a
    # namespace, any urn:hocbaso: namespace, a DOCTYPE or anything unreadable
    # is left to the bundle checks, which say what is wrong with it. Only the
    # root's start is read, and entities are never resolved.
    parser = etree.iterparse(io.BytesIO(document), events=("start",), load_dtd=False,
                             resolve_entities=False, no_network=True, huge_tree=False)  # fmt: skip
    try:
        _, root = next(parser)
    except (etree.XMLSyntaxError, StopIteration):
        return False
    info: Any = root.getroottree().docinfo  # the stubs lack ``doctype``
    namespace = etree.QName(root).namespace or ""
    return (
        bool(namespace)
        and not namespace.startswith("urn:hocbaso:")
        and not (info.doctype or info.internalDTD is not None)
    )
