"""
Validate transcript files: the canonical XML's schema and model, then the rules.

:func:`validate` is what ``hocbaso validate`` runs for each file. It never
raises for a bad document: everything wrong is in the result, which says
whether the file is valid, invalid (it was read, but breaks the schema, the
model or a rule of the circulars), or unusable (it could not be read at all).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from hocbaso.errors import Problem
from hocbaso.model import Transcript
from hocbaso.model.rules import Finding, Severity, check
from hocbaso.xml import DEFAULT_MAX_BYTES, inspect_xml
from hocbaso.xml.reader import ReadResult

__all__ = ["UNUSABLE_CODES", "ValidationResult", "ValidationStatus", "validate"]

logger = logging.getLogger(__name__)

UNUSABLE_CODES = frozenset(
    {
        "xml.unreadable",
        "xml.too-large",
        "xml.not-well-formed",
        "xml.doctype-forbidden",
        "xml.encoding-not-utf8",
        "xml.too-deep",
        "xml.wrong-root",
        "xml.wrong-namespace",
        "xml.unsupported-version",
    }
)
"""Problem codes after which a document cannot be read as a transcript at all."""


class ValidationStatus(StrEnum):
    """The verdict on one file, which also fixes the command's exit code."""

    VALID = "valid"
    INVALID = "invalid"
    UNUSABLE = "unusable"

    @property
    def exit_code(self) -> int:
        """0 for valid, 1 for invalid, 2 for unusable."""
        return {"valid": 0, "invalid": 1, "unusable": 2}[self.value]


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """Everything found in one document."""

    source: str
    """The file name, or ``"<bytes>"`` for data given in memory."""
    problems: tuple[Problem, ...]
    """Schema, text and model problems, with line and path."""
    findings: tuple[Finding, ...]
    """Rule findings (errors, warnings and notes) for a document that could be read."""
    transcript: Transcript | None
    """The transcript, when one could be built."""

    @property
    def status(self) -> ValidationStatus:
        """Valid, invalid or unusable; warnings and notes leave a file valid."""
        if any(p.code in UNUSABLE_CODES for p in self.problems):
            return ValidationStatus.UNUSABLE
        errors = [f for f in self.findings if f.severity is Severity.ERROR]
        if self.problems or errors or self.transcript is None:
            return ValidationStatus.INVALID
        return ValidationStatus.VALID

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready form; it holds no personal data beyond bad values."""
        return {
            "file": self.source,
            "status": self.status.value,
            "problems": [_problem_dict(p) for p in self.problems],
            "findings": [f.to_dict() for f in self.findings],
        }


def validate(
    source: bytes | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> ValidationResult:
    """
    Validate one canonical transcript document against the schema, model and rules.

    :param source: the document's bytes, or the path of a file.
    :param max_bytes: refuse larger input before parsing it.
    :returns: the result; it never raises for a bad document.
    """
    name = "<bytes>" if isinstance(source, bytes) else os.fspath(source)
    read = inspect_xml(source, max_bytes=max_bytes)

    findings: tuple[Finding, ...] = ()
    if read.transcript is not None:
        findings = _placed(check(read.transcript), read)

    result = ValidationResult(name, read.problems, findings, read.transcript)
    logger.debug(
        "Validated a document: %s, %d problem(s), %d finding(s).",
        result.status.value,
        len(result.problems),
        len(result.findings),
    )
    return result


def _problem_dict(problem: Problem) -> dict[str, Any]:
    return {
        "code": problem.code,
        "line": problem.line,
        "path": problem.path,
        "reason": problem.reason,
    }


def _placed(findings: list[Finding], read: ReadResult) -> tuple[Finding, ...]:
    # The rules speak of the model; the reader knows where each path is written.
    lines = read.lines_of({finding.path for finding in findings})
    return tuple(replace(finding, line=lines.get(finding.path)) for finding in findings)
