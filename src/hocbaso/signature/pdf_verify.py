"""
Verify every signature of a PDF (PAdES, PKCS#7, document timestamps) into our report.

pyHanko reads the PDF, computes the byte-range digests, judges coverage and
runs its difference analysis of later revisions; the CMS arithmetic is
pyHanko's too.  Trust is hocbaso's own (:mod:`hocbaso.signature._chain`): the
same anchors, the same time rules and the same checks as an XML signature, so
a PDF signature and an XML one read the same in a report.

How pyHanko's findings map to our checks (all listed, always):

=====================================  =========================================
pyHanko                                check, and sub-indication on failure
=====================================  =========================================
``/SubFilter``, CMS parse, eContent    ``integrity.structure``: FORMAT_FAILURE
``intact`` (message digest)            ``integrity.byte-range-digest``: HASH_FAILURE
``valid`` (signature value)            ``integrity.signature-value``: SIG_CRYPTO_FAILURE
signing-certificate attribute          ``integrity.signing-certificate-binding``
``coverage`` below ENTIRE_REVISION     ``integrity.coverage``: FORMAT_FAILURE
bytes after the last signed revision   ``integrity.coverage``: WARNING
``diff_result`` OTHER / suspicious     ``integrity.modifications``: SIG_CONSTRAINTS_FAILURE
``docmdp_ok`` false                    ``integrity.docmdp``: SIG_CONSTRAINTS_FAILURE
signature timestamp (B-T)              ``integrity.signature-timestamp``: HASH_FAILURE
=====================================  =========================================

>>> report = verify_pdf(pdf, trust=load_trust(["roots/"]))  # doctest: +SKIP
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from cryptography import x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel
from pyhanko.sign.fields import MDPPerm, enumerate_sig_fields
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import SignatureCoverageLevel

from hocbaso.errors import HocbasoValueError, PDFReadError
from hocbaso.signature._chain import check_chain, link_digests
from hocbaso.signature._names import format_name
from hocbaso.signature._pdf_cms_check import (
    CMSOutcome,
    TimestampOutcome,
    check_signed_data,
    check_timestamp_token,
    digest_of,
    signature_timestamp,
)
from hocbaso.signature._verifier import (
    TRUST_AND_POLICY_CHECKS,
    before_signing_reason,
    certificate_info,
    future_time_reason,
)
from hocbaso.signature.policy import DEFAULT_POLICY, ValidationPolicy
from hocbaso.signature.report import (
    VIETNAM_TIME,
    Check,
    CheckGroup,
    CheckStatus,
    DocumentReport,
    PDFSignatureDetails,
    SignatureReport,
    SubIndication,
    TimeSource,
    decide_document,
    decide_signature,
)
from hocbaso.signature.roles import SignerRole
from hocbaso.signature.trust import TrustSettings

__all__ = ["PDF_CHECKS", "verify_pdf"]

logger = logging.getLogger(__name__)

S = CheckStatus
G = CheckGroup

PDF_CHECKS: tuple[tuple[str, CheckGroup], ...] = (
    ("integrity.structure", G.INTEGRITY),
    ("integrity.byte-range-digest", G.INTEGRITY),
    ("integrity.signature-value", G.INTEGRITY),
    ("integrity.signing-certificate-binding", G.INTEGRITY),
    ("integrity.coverage", G.INTEGRITY),
    ("integrity.modifications", G.INTEGRITY),
    ("integrity.docmdp", G.INTEGRITY),
    ("integrity.signature-timestamp", G.INTEGRITY),
    *TRUST_AND_POLICY_CHECKS,
)
"""Every check a PDF signature's report lists, whether it ran or not."""

_SIG_SUBFILTERS = frozenset(
    {"/adbe.pkcs7.detached", "/ETSI.CAdES.detached", "/adbe.pkcs7.sha1"}
)
_TS_SUBFILTER = "/ETSI.RFC3161"
_COVERAGE = {
    SignatureCoverageLevel.ENTIRE_FILE: "entire-file",
    SignatureCoverageLevel.ENTIRE_REVISION: "entire-revision",
    SignatureCoverageLevel.CONTIGUOUS_BLOCK_FROM_START: "partial",
    SignatureCoverageLevel.UNCLEAR: "unclear",
}
_LEVELS = {
    ModificationLevel.NONE: "none",
    ModificationLevel.LTA_UPDATES: "lta-updates",
    ModificationLevel.FORM_FILLING: "form-filling",
    ModificationLevel.ANNOTATIONS: "annotations",
    ModificationLevel.OTHER: "other",
}
_MDP = {
    MDPPerm.NO_CHANGES: "no-changes",
    MDPPerm.FILL_FORMS: "fill-forms",
    MDPPerm.ANNOTATE: "annotate",
}


@dataclass(frozen=True, slots=True)
class _Context:
    reader: PdfFileReader
    trust: TrustSettings
    policy: ValidationPolicy
    at: datetime | None
    now: datetime
    signed_end: int = 0
    """Where the byte range reaching furthest into the file ends."""

    unsigned_tail: int = 0
    """How many bytes after :attr:`signed_end` no signature covers."""


@dataclass(slots=True)
class _State:
    name: str
    context: _Context
    embedded: EmbeddedPdfSignature | None = None
    timestamp_kind: bool = False
    checks: list[Check] = field(default_factory=list)
    cms: CMSOutcome | None = None
    stamp: TimestampOutcome | None = None
    stamp_trusted: bool = False
    coverage: SignatureCoverageLevel | None = None
    level: ModificationLevel | None = None
    chain: list[x509.Certificate] = field(default_factory=list)

    def add(
        self,
        name: str,
        status: S,
        reason: str,
        sub: SubIndication | None = None,
        *,
        target: str = "",
    ) -> None:
        group = G(name.split(".", 1)[0])
        self.checks.append(Check(name, group, status, reason, target, sub))


def _open_reader(pdf: bytes) -> PdfFileReader:
    try:
        return PdfFileReader(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError, KeyError) as exc:
        raise PDFReadError(
            f"The PDF cannot be read to verify its signatures: {_cause(exc)}."
        ) from exc


def _cause(exc: Exception) -> str:
    # pyHanko's messages describe the file's structure, never its content.
    text = str(exc).strip().rstrip(".")
    return text or type(exc).__name__


def verify_pdf(
    pdf: bytes,
    *,
    trust: TrustSettings | None = None,
    policy: ValidationPolicy = DEFAULT_POLICY,
    at: datetime | None = None,
    now: datetime | None = None,
    source: str = "",
) -> DocumentReport:
    """
    Verify every signature and document timestamp of a PDF, in signing order.

    Certificates are evaluated at ``at`` if given; else at the time of a
    verified, trusted signature timestamp; else at the signing time inside
    the signed bytes (the CMS ``signingTime`` or the signature dictionary's
    ``/M``, covered by the byte range); else at ``now``.

    :param pdf: the PDF bytes.
    :param trust: anchors, intermediates and CRLs; nothing is fetched.
    :param policy: which algorithms may pass.
    :param at: an explicit validation time (timezone-aware).
    :param now: the current time; read from the clock here only if omitted.
    :param source: a label for the document shown in the report.
    :returns: the report; empty signature fields are listed as problems.
    :raises PDFReadError: if the file is not a readable PDF.
    :raises HocbasoValueError: if a time given has no UTC offset.
    """
    current = now if now is not None else datetime.now(UTC)
    for value in (at, current):
        if value is not None and value.tzinfo is None:
            raise HocbasoValueError(f"The time {value!r} has no UTC offset.")
    reader = _open_reader(pdf)
    found, empty, signed_end = _fields(reader)
    context = _Context(
        reader,
        trust or TrustSettings(),
        policy,
        at,
        current,
        signed_end,
        max(len(pdf) - signed_end, 0) if found else 0,
    )
    signatures = tuple(_verify_field(name, value, context) for name, value in found)
    problems = tuple(f"The signature field {name!r} is empty." for name in empty)
    logger.debug("Verified %d PDF signature(s)", len(signatures))
    indication = decide_document([s.indication for s in signatures])
    return DocumentReport(signatures, indication, problems, source)


def _fields(
    reader: PdfFileReader,
) -> tuple[list[tuple[str, object]], list[str], int]:
    found: list[tuple[int, str, object]] = []
    empty: list[str] = []
    signed_end = 0
    try:
        listed = list(enumerate_sig_fields(reader))
    except (PdfError, ValueError, KeyError) as exc:
        raise PDFReadError("The PDF's form fields cannot be read.") from exc
    for raw_name, value, field_ref in listed:
        # pyHanko's name is a PDF string object that holds its reader: kept in a
        # report, it would keep the whole PDF alive and pickle with it.
        name = str(raw_name)
        if value is None:
            empty.append(name)
            continue
        found.append((_revision_of(reader, value), name, field_ref))
        signed_end = max(signed_end, _range_end(value))
    found.sort(key=lambda item: item[0])
    return [(name, ref) for _, name, ref in found], empty, signed_end


def _range_end(value: object) -> int:
    # The last offset-and-length pair of /ByteRange ends the signed bytes.
    try:
        sig = cast(Any, value)
        sig = sig.get_object() if hasattr(sig, "get_object") else sig
        pairs = [int(v) for v in sig["/ByteRange"]]
    except (KeyError, TypeError, ValueError, PdfError):
        return 0
    return pairs[-2] + pairs[-1] if len(pairs) >= 2 else 0


def _revision_of(reader: PdfFileReader, value: object) -> int:
    reference = getattr(value, "reference", None)
    try:
        return int(reader.xrefs.get_last_change(reference)) if reference else 0
    except (KeyError, ValueError):
        return 0


def _verify_field(name: str, field_ref: object, context: _Context) -> SignatureReport:
    state = _State(name, context)
    _step_structure(state, field_ref)
    _step_cms(state)
    _step_coverage(state)
    _step_signature_timestamp(state)
    timing = _step_time(state)
    _step_trust(state, timing)
    _step_policy(state, timing)
    _fill_skipped(state)
    return _build_report(state, timing)


def _step_structure(state: _State, field_ref: object) -> None:
    try:
        # pyHanko's stubs ask for a dictionary; a reference to one is what it uses.
        reader, name = state.context.reader, state.name
        embedded = EmbeddedPdfSignature(reader, field_ref, name)  # type: ignore[arg-type]
    except (PdfError, SignatureValidationError, ValueError, KeyError) as exc:
        logger.debug("Unreadable signature in %s: %s", state.name, exc)
        state.add(
            "integrity.structure",
            S.FAILED,
            _unreadable(exc),
            SubIndication.FORMAT_FAILURE,
        )
        return
    state.timestamp_kind = embedded.sig_object_type == "/DocTimeStamp"
    problem = _structure_problem(embedded, state.timestamp_kind)
    if problem:
        state.add(
            "integrity.structure", S.FAILED, problem, SubIndication.FORMAT_FAILURE
        )
        return
    state.embedded = embedded
    what = "document timestamp" if state.timestamp_kind else "signature"
    state.add(
        "integrity.structure",
        S.PASSED,
        f"The {what} dictionary and its CMS are well-formed.",
    )


def _unreadable(exc: Exception) -> str:
    return f"The signature dictionary or its CMS cannot be read ({type(exc).__name__})."


def _structure_problem(embedded: EmbeddedPdfSignature, timestamp: bool) -> str:
    sub_filter = str(embedded.sig_object.get("/SubFilter", ""))
    allowed = {_TS_SUBFILTER} if timestamp else _SIG_SUBFILTERS
    if sub_filter not in allowed:
        return f"The SubFilter {sub_filter!r} is not one of {sorted(allowed)!r}."
    content = embedded.signed_data["encap_content_info"]["content"]
    if (
        not timestamp
        and sub_filter != "/adbe.pkcs7.sha1"
        and content.native is not None
    ):
        return (
            "A detached signature carries encapsulated content; the signed bytes "
            "are the byte range, never the CMS content (ISO 32000-1 §12.8.3.3)."
        )
    return ""


def _step_cms(state: _State) -> None:
    embedded = state.embedded
    if embedded is None:
        return
    if state.timestamp_kind:
        state.stamp = check_timestamp_token(
            embedded.signed_data, embedded.compute_digest
        )
        state.cms = state.stamp.cms
        _report_cms(state, imprint=state.stamp.imprint_matches)
        return
    state.cms = check_signed_data(
        embedded.signed_data, embedded.compute_digest(), "data"
    )
    _report_cms(state, imprint=None)


def _report_cms(state: _State, *, imprint: bool | None) -> None:
    cms = state.cms
    if cms is None or cms.problem:
        reason = cms.problem if cms else "The timestamp token cannot be read."
        sub = cms.sub_indication if cms else SubIndication.FORMAT_FAILURE
        state.add("integrity.signature-value", S.FAILED, reason, sub)
        return
    intact = cms.intact if imprint is None else imprint
    if intact:
        state.add(
            "integrity.byte-range-digest",
            S.PASSED,
            "The digest of the signed byte range matches.",
        )
    else:
        state.add(
            "integrity.byte-range-digest",
            S.FAILED,
            "The signed bytes changed after signing (byte-range digest mismatch).",
            SubIndication.HASH_FAILURE,
        )
    _report_value(state, cms)
    _report_binding(state, cms)


def _report_value(state: _State, cms: CMSOutcome) -> None:
    if cms.valid:
        state.add(
            "integrity.signature-value", S.PASSED, "The CMS signature value verifies."
        )
        return
    state.add(
        "integrity.signature-value",
        S.FAILED,
        "The CMS signature value does not verify with the signer's key.",
        SubIndication.SIG_CRYPTO_FAILURE,
    )


def _report_binding(state: _State, cms: CMSOutcome) -> None:
    name = "integrity.signing-certificate-binding"
    if cms.binds_certificate:
        state.add(
            name,
            S.PASSED,
            "The signing-certificate attribute names the signer's certificate.",
        )
    elif not cms.has_signed_attributes:
        state.add(
            name,
            S.WARNING,
            "No signed attributes: the value signs the bare digest and binds no certificate.",
        )
    else:
        state.add(
            name,
            S.WARNING,
            "No signing-certificate attribute: the certificate is not bound by the signature.",
        )


def _step_coverage(state: _State) -> None:
    embedded = state.embedded
    if embedded is None:
        return
    try:
        # TODO(diff-analysis-speed): this call is a third of a bundle audit
        # (about 11 of 33 ms): pyHanko's difference analysis reads every object
        # of the signed revision with its pure-Python parser to map the paths to
        # each one; reading the fields costs 4 ms more, as pyHanko's hex-string
        # reader takes each /Contents one character at a time. A faster parser
        # under pyHanko (upstream) would fix both; skipping the analysis would
        # let incremental-update tricks through.
        # pyHanko leaves this method unannotated.
        cast(Any, embedded).compute_integrity_info()
    except (PdfError, SignatureValidationError, ValueError) as exc:
        logger.debug("Integrity analysis failed for %s: %s", state.name, exc)
        state.add(
            "integrity.coverage",
            S.FAILED,
            "The byte range cannot be evaluated.",
            SubIndication.FORMAT_FAILURE,
        )
        return
    state.coverage = embedded.coverage
    _report_coverage(state, embedded)
    _report_modifications(state, embedded)


def _report_coverage(state: _State, embedded: EmbeddedPdfSignature) -> None:
    if _ends_unsigned_tail(state, embedded):
        # Bytes appended after the last signature (junk after %%EOF, or an
        # unsigned incremental update) change nothing this signature signed,
        # but nothing vouches for them either; a reader must not take the
        # file as wholly signed.
        state.add(
            "integrity.coverage",
            S.WARNING,
            "The byte range covers its whole revision except the signature "
            f"value, but {state.context.unsigned_tail} byte(s) after the last "
            "signed revision are covered by no signature.",
        )
        return
    if state.coverage in (
        SignatureCoverageLevel.ENTIRE_FILE,
        SignatureCoverageLevel.ENTIRE_REVISION,
    ):
        what = (
            "the whole file"
            if state.coverage is SignatureCoverageLevel.ENTIRE_FILE
            else "its whole revision"
        )
        state.add(
            "integrity.coverage",
            S.PASSED,
            f"The byte range covers {what} except the signature value.",
        )
        return
    state.add(
        "integrity.coverage",
        S.FAILED,
        "Bytes outside the signed range belong to the signed revision "
        "(the byte range does not cover the file up to the revision's end).",
        SubIndication.FORMAT_FAILURE,
    )


def _ends_unsigned_tail(state: _State, embedded: EmbeddedPdfSignature) -> bool:
    ctx = state.context
    return (
        ctx.unsigned_tail > 0
        and state.coverage is SignatureCoverageLevel.ENTIRE_REVISION
        and _range_end(embedded.sig_object) == ctx.signed_end
    )


def _report_modifications(state: _State, embedded: EmbeddedPdfSignature) -> None:
    result = embedded.diff_result
    level = (
        result.modification_level
        if isinstance(result, DiffResult)
        else ModificationLevel.OTHER
    )
    state.level = level
    if level is ModificationLevel.OTHER:
        state.add(
            "integrity.modifications",
            S.FAILED,
            "A later revision changes the document beyond signing and form filling "
            "(page content or shared objects modified).",
            SubIndication.SIG_CONSTRAINTS_FAILURE,
        )
    else:
        state.add("integrity.modifications", S.PASSED, _level_text(level))
    _report_docmdp(state, embedded)


def _level_text(level: ModificationLevel) -> str:
    return {
        ModificationLevel.NONE: "Nothing changed after this signature.",
        ModificationLevel.LTA_UPDATES: "Only validation data and timestamps were added after it.",
        ModificationLevel.FORM_FILLING: "Only signatures and form filling were added after it.",
        ModificationLevel.ANNOTATIONS: "Only annotations and form fields changed after it.",
    }[level]


def _report_docmdp(state: _State, embedded: EmbeddedPdfSignature) -> None:
    summary = embedded.summarise_integrity_info()
    permission = embedded.docmdp_level
    if permission is None:
        state.add(
            "integrity.docmdp",
            S.SKIPPED,
            "The signature sets no DocMDP permission (approval signature).",
        )
    elif summary.get("docmdp_ok"):
        state.add(
            "integrity.docmdp",
            S.PASSED,
            f"Later changes stay within the certification's permission ({_MDP[permission]}).",
        )
    else:
        state.add(
            "integrity.docmdp",
            S.FAILED,
            f"Later changes exceed the certification's permission ({_MDP[permission]}).",
            SubIndication.SIG_CONSTRAINTS_FAILURE,
        )


def _step_signature_timestamp(state: _State) -> None:
    embedded = state.embedded
    if embedded is None or state.timestamp_kind:
        if state.timestamp_kind:
            state.add(
                "integrity.signature-timestamp",
                S.SKIPPED,
                "A document timestamp is itself the timestamp.",
            )
            state.stamp_trusted = _timestamp_trusted(state, state.stamp)
        return
    token = signature_timestamp(embedded.signer_info)
    if token is None:
        state.add(
            "integrity.signature-timestamp",
            S.SKIPPED,
            "No signature timestamp (PAdES B-B).",
        )
        return
    value = embedded.signer_info["signature"].native
    state.stamp = check_timestamp_token(
        token["content"], lambda name: digest_of(name, value)
    )
    _report_signature_timestamp(state, state.stamp)


def _report_signature_timestamp(state: _State, stamp: TimestampOutcome) -> None:
    cms = stamp.cms
    if cms is None or not (stamp.imprint_matches and cms.intact and cms.valid):
        state.add(
            "integrity.signature-timestamp",
            S.FAILED,
            "The signature timestamp does not verify or does not cover this signature value.",
            SubIndication.HASH_FAILURE,
        )
        return
    state.stamp_trusted = _timestamp_trusted(state, stamp)
    trusted = (
        "by a trusted authority"
        if state.stamp_trusted
        else "by an authority with no path to an anchor"
    )
    status = S.PASSED if state.stamp_trusted else S.WARNING
    assert stamp.time is not None
    when = stamp.time.astimezone(VIETNAM_TIME).isoformat()
    state.add(
        "integrity.signature-timestamp", status, f"Timestamped at {when} {trusted}."
    )


def _timestamp_trusted(state: _State, stamp: TimestampOutcome | None) -> bool:
    if (
        stamp is None
        or stamp.cms is None
        or stamp.cms.signer is None
        or stamp.time is None
    ):
        return False
    ctx = state.context
    outcome = check_chain(
        stamp.cms.signer,
        stamp.cms.others,
        ctx.trust,
        stamp.time,
        source=TimeSource.SIGNING_TIME,
        now=ctx.now,
    )
    return not any(c.status is S.FAILED for c in outcome.checks)


@dataclass(frozen=True, slots=True)
class _Timing:
    claimed: datetime | None
    established: datetime | None
    validation: datetime
    source: TimeSource


def _intact(state: _State) -> bool:
    cms = state.cms
    return bool(cms and cms.intact and cms.valid) and state.coverage in (
        SignatureCoverageLevel.ENTIRE_FILE,
        SignatureCoverageLevel.ENTIRE_REVISION,
    )


def _step_time(state: _State) -> _Timing:
    claimed = _claimed_time(state)
    stamp = state.stamp
    ctx = state.context
    stamped = stamp.time if stamp is not None and state.stamp_trusted else None
    believable = claimed is not None and not ctx.policy.in_future(claimed, ctx.now)
    established = stamped or (claimed if believable and _intact(state) else None)
    if ctx.at is not None:
        return _Timing(claimed, established, ctx.at, TimeSource.CALLER)
    if stamped is not None:
        return _Timing(claimed, established, stamped, TimeSource.TIMESTAMP)
    if established is not None:
        return _Timing(claimed, established, established, TimeSource.SIGNING_TIME)
    return _Timing(claimed, established, ctx.now, TimeSource.NOW)


def _claimed_time(state: _State) -> datetime | None:
    embedded = state.embedded
    if embedded is None:
        return None
    if state.timestamp_kind:
        return state.stamp.time if state.stamp else None
    try:
        claimed = embedded.self_reported_timestamp
    except (PdfError, ValueError):
        return None
    if claimed is not None and claimed.tzinfo is None:
        claimed = claimed.replace(tzinfo=VIETNAM_TIME)
    return claimed


def _step_trust(state: _State, timing: _Timing) -> None:
    cms = state.cms
    if cms is None or cms.signer is None:
        if cms is not None:
            state.add(
                "trust.signing-key",
                S.FAILED,
                "The signer's certificate is not in the CMS.",
                SubIndication.NO_SIGNING_CERTIFICATE_FOUND,
            )
        return
    state.add(
        "trust.signing-key",
        S.PASSED,
        "The signer's certificate is in the CMS.",
        target=format_name(cms.signer.subject),
    )
    if not cms.valid:
        state.add(
            "trust.path", S.SKIPPED, "Not run: the signature value does not verify."
        )
        return
    # With a timestamp the time is proven: out-of-bounds means failed, as at
    # an established signing time.
    source = (
        TimeSource.SIGNING_TIME
        if timing.source is TimeSource.TIMESTAMP
        else timing.source
    )
    outcome = check_chain(
        cms.signer,
        cms.others,
        state.context.trust,
        timing.validation,
        source=source,
        now=state.context.now,
    )
    state.chain = outcome.path
    state.checks.extend(outcome.checks)


def _step_policy(state: _State, timing: _Timing) -> None:
    cms = state.cms
    if cms is not None:
        used = cms.algorithms | link_digests(state.chain)
        refused = sorted(used - state.context.policy.allowed_algorithms)
        if refused:
            state.add(
                "policy.algorithms",
                S.FAILED,
                "Algorithms not allowed by the policy (weak or unknown), in the "
                f"signature or its certificate chain: {refused!r}.",
                SubIndication.CRYPTO_CONSTRAINTS_FAILURE,
            )
        else:
            state.add(
                "policy.algorithms",
                S.PASSED,
                "Every algorithm used is allowed by the policy.",
            )
    ctx = state.context
    if timing.established is not None and ctx.policy.in_future(
        timing.established, timing.validation
    ):
        state.add(
            "policy.signing-time",
            S.FAILED,
            before_signing_reason(timing.validation, timing.established),
            SubIndication.NO_POE,
        )
    elif timing.established is not None:
        state.add(
            "policy.signing-time",
            S.PASSED,
            "The signing time is inside the signed bytes or timestamped.",
        )
    elif timing.claimed is not None and ctx.policy.in_future(timing.claimed, ctx.now):
        state.add(
            "policy.signing-time",
            S.WARNING,
            future_time_reason(timing.claimed, ctx.now),
        )
    elif timing.claimed is not None:
        state.add(
            "policy.signing-time",
            S.WARNING,
            "The claimed signing time is not established by verified signed bytes.",
        )
    else:
        state.add(
            "policy.signing-time", S.WARNING, "The signature claims no signing time."
        )


def _fill_skipped(state: _State) -> None:
    ran = {c.name for c in state.checks}
    for name, _group in PDF_CHECKS:
        if name not in ran:
            state.add(
                name,
                S.SKIPPED,
                "Not run: an earlier step did not establish what this check needs.",
            )


def _role(name: str) -> tuple[str | None, SignerRole | None]:
    if not name.startswith("hocbaso-"):
        return None, None
    try:
        return name, SignerRole(name.removeprefix("hocbaso-"))
    except ValueError:
        return name, None


def _format(state: _State) -> str:
    if state.timestamp_kind:
        return "RFC 3161 document timestamp"
    embedded = state.embedded
    sub_filter = (
        "" if embedded is None else str(embedded.sig_object.get("/SubFilter", ""))
    )
    if sub_filter == "/ETSI.CAdES.detached":
        return "PAdES-B-T" if state.stamp is not None else "PAdES-B-B"
    return "PKCS#7" if sub_filter.startswith("/adbe.pkcs7") else "CMS"


def _details(state: _State) -> PDFSignatureDetails:
    embedded = state.embedded
    if embedded is None:
        return PDFSignatureDetails(
            state.name, "approval", None, (), "unclear", 0, 0, None, None, None
        )
    revisions = state.context.reader.xrefs.total_revisions
    permission = embedded.docmdp_level
    kind = (
        "document-timestamp"
        if state.timestamp_kind
        else (
            "certification"
            if permission is not None and "/Reference" in embedded.sig_object
            else "approval"
        )
    )
    stamp = state.stamp.time if state.stamp is not None and state.stamp.time else None
    return PDFSignatureDetails(
        field_name=state.name,
        kind=kind,
        sub_filter=str(embedded.sig_object.get("/SubFilter", "")) or None,
        byte_range=tuple(int(v) for v in embedded.byte_range),
        coverage=_COVERAGE.get(state.coverage, "unclear")
        if state.coverage is not None
        else "unclear",
        revision=int(embedded.signed_revision),
        later_revisions=max(revisions - 1 - int(embedded.signed_revision), 0),
        modification_level=_LEVELS[state.level] if state.level is not None else None,
        docmdp_permission=_MDP.get(permission) if permission is not None else None,
        timestamp_time=stamp.astimezone(VIETNAM_TIME) if stamp else None,
    )


def _build_report(state: _State, timing: _Timing) -> SignatureReport:
    indication, sub = decide_signature(state.checks)
    claimed_role, role = _role(state.name)
    cms = state.cms
    return SignatureReport(
        path=state.name,
        signature_id=state.name,
        indication=indication,
        sub_indication=sub,
        signature_format=_format(state),
        signer=None
        if cms is None or cms.signer is None
        else certificate_info(cms.signer),
        claimed_role=claimed_role,
        role=role,
        claimed_signing_time=None
        if timing.claimed is None
        else timing.claimed.astimezone(VIETNAM_TIME),
        timezone_assumed=False,
        established_signing_time=None
        if timing.established is None
        else timing.established.astimezone(VIETNAM_TIME),
        validation_time=timing.validation.astimezone(VIETNAM_TIME),
        validation_time_source=timing.source,
        scope=(),
        chain=tuple(certificate_info(c) for c in state.chain),
        signature_algorithm=None if cms is None else cms.signature_algorithm,
        canonicalization_algorithm=None,
        checks=tuple(state.checks),
        pdf=_details(state),
    )
