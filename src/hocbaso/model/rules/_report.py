"""Shared helpers of the checks: model paths, value rendering and findings."""

from __future__ import annotations

from decimal import Decimal

from hocbaso.model.rules.findings import Finding, RuleId, Severity
from hocbaso.model.subjects import Subject
from hocbaso.model.transcript import PrimaryYear, SecondaryYear
from hocbaso.model.vocabulary import Vocabulary

__all__ = ["label", "mismatch", "show", "subject_path", "year_path"]


def year_path(year: PrimaryYear | SecondaryYear) -> str:
    """Return the model path of a year record."""
    return f"years[{year.school_year}]"


def subject_path(year: PrimaryYear | SecondaryYear, subject: Subject) -> str:
    """Return the model path of a subject row of a year."""
    return f"{year_path(year)}.subjects[{subject.value}]"


def show(value: object) -> str | None:
    """Render a value for ``stated``/``computed``: codes, numbers, booleans."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Vocabulary):
        return str(value.value)
    return str(value)


def label(value: object) -> str:
    """Render a value for a message: Vietnamese labels, numbers, yes/no."""
    if isinstance(value, Vocabulary):
        return value.label
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal | int):
        return str(value)
    return "nothing" if value is None else str(value)


def mismatch(
    rule: RuleId,
    path: str,
    what: str,
    stated: object,
    computed: object,
    *,
    severity: Severity = Severity.ERROR,
) -> Finding:
    """
    Return a finding for a stated value that differs from the computed one.

    :param rule: the rule broken.
    :param path: where the stated value is.
    :param what: the value's name, starting with a capital, e.g. "The year average".
    :param stated: the stated value.
    :param computed: the computed value.
    :param severity: how much it matters.
    :returns: the finding.
    """
    message = (
        f"{what} is stated as {label(stated)}, but the rules give {label(computed)}."
    )
    return Finding(
        rule=rule,
        severity=severity,
        path=path,
        message=message,
        stated=show(stated),
        computed=show(computed),
    )
