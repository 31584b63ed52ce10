"""Plain-text rendering of a verification report."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hocbaso.signature.report import DocumentReport, SignatureReport

_MARK = {"PASSED": "ok  ", "FAILED": "FAIL", "WARNING": "warn", "SKIPPED": "skip"}


def render_text(report: DocumentReport) -> str:
    """Render a report as readable lines."""
    head = f"{report.source or 'document'}: {report.indication.value}"
    lines = [head, *(f"  ! {p}" for p in report.problems)]
    if report.unsigned:
        lines.append(f"  ! covered by no signature: {', '.join(report.unsigned)}")
    for number, signature in enumerate(report.signatures, start=1):
        lines.extend(_signature_lines(number, signature))
    return "\n".join(lines) + "\n"


def _signer_lines(sig: SignatureReport) -> list[str]:
    if sig.signer is not None:
        return [f"  signer: {sig.signer.subject}", f"  issued by: {sig.signer.issuer}"]
    if sig.claimed_signer is not None:
        claimed = sig.claimed_signer
        return [
            f"  signer: (not proven) KeyInfo names {claimed.subject}",
            f"  issued by: {claimed.issuer} (claimed)",
        ]
    return ["  signer: (unknown)", "  issued by: (unknown)"]


def _signature_lines(number: int, sig: SignatureReport) -> list[str]:
    sub = f" / {sig.sub_indication.value}" if sig.sub_indication else ""
    lines = [
        f"Signature {number} ({sig.signature_id or sig.path}): {sig.indication.value}{sub}",
        f"  format: {sig.signature_format}",
        *_signer_lines(sig),
        f"  role: {sig.role.value if sig.role else sig.claimed_role or '(none claimed)'}",
        f"  signing time: {_time(sig)}",
        f"  validated at: {sig.validation_time.isoformat()} "
        f"({sig.validation_time_source.value})",
        f"  why: {_why(sig)}",
    ]
    lines.extend(
        f"  covers: {s.element_path or 'whole document'} ({s.uri!r})"
        for s in sig.scope
        if s.digest_matched
    )
    lines.extend(f"  also covers signature: {p}" for p in sig.covers_signatures)
    lines.extend(f"  chain: {c.subject}" for c in sig.chain)
    lines.extend(
        f"  [{_MARK[c.status.value]}] {c.group.value}: {c.name}"
        f"{_quoted(c.target)}: {c.reason}"
        for c in sig.checks
    )
    return lines


def _quoted(target: str) -> str:
    # Plain quotes: repr() would escape the backslash of an RFC 4514 "\\,"
    # a second time, so a name would not read as the certificate shows it.
    return f" '{target}'" if target else ""


def _why(sig: SignatureReport) -> str:
    failed = [c.reason for c in sig.checks if c.status.value == "FAILED"]
    if failed:
        return " ".join(failed)
    warned = [c.reason for c in sig.checks if c.status.value == "WARNING"]
    return " ".join(["No check failed.", *warned])


def _time(sig: SignatureReport) -> str:
    if sig.claimed_signing_time is None:
        return "(none claimed)"
    assumed = " (zone assumed +07:00)" if sig.timezone_assumed else ""
    state = "established" if sig.established_signing_time else "claimed only"
    return f"{sig.claimed_signing_time.isoformat()}{assumed}, {state}"
