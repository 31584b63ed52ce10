"""Checks of a primary year record (Thông tư 27/2020/TT-BGDĐT)."""

from __future__ import annotations

from collections.abc import Iterator

from hocbaso.model.rules._report import label, mismatch, show, year_path
from hocbaso.model.rules.findings import Finding, RuleId, Severity
from hocbaso.model.rules.primary import (
    primary_commendation_allowed,
    primary_year_result,
)
from hocbaso.model.transcript import PrimaryYear
from hocbaso.model.vocabulary import PrimaryYearResult

__all__ = ["iter_primary_findings"]


def iter_primary_findings(year: PrimaryYear) -> Iterator[Finding]:
    """Yield the findings on a primary year's result, completion and title."""
    computed = primary_year_result(year)
    if year.result is not computed:
        yield mismatch(
            RuleId.PRIMARY_RESULT,
            f"{year_path(year)}.result",
            "The year result",
            year.result,
            computed,
        )
    yield from _iter_completion(year, computed)
    yield from _iter_commendation(year)


def _iter_completion(year: PrimaryYear, result: PrimaryYearResult) -> Iterator[Finding]:
    # TT 27/2020 Art. 11: a pupil with one of the three upper results completes
    # the grade's programme; a pupil rated Chưa hoàn thành is supported and
    # assessed again, and the principal decides, so completion is then only
    # unusual, not wrong. The computed result is used, so that a wrong stated
    # result is reported once, by the result check.
    not_completed = result is PrimaryYearResult.NOT_COMPLETED
    if year.programme_completed == (not not_completed):
        return
    path = f"{year_path(year)}.programme_completed"
    if not_completed:
        yield Finding(
            rule=RuleId.PRIMARY_COMPLETION,
            severity=Severity.WARNING,
            path=path,
            message=(
                "The programme is stated as completed although the year result is "
                "Chưa hoàn thành; this needs a supplementary assessment."
            ),
            stated=show(True),
            computed=show(False),
        )
    else:
        yield Finding(
            rule=RuleId.PRIMARY_COMPLETION,
            severity=Severity.ERROR,
            path=path,
            message=(
                f"The programme is stated as not completed although the year result "
                f"is {result.label}."
            ),
            stated=show(False),
            computed=show(True),
        )


def _iter_commendation(year: PrimaryYear) -> Iterator[Finding]:
    title = year.commendation
    if title is None:
        return
    allowed = primary_commendation_allowed(year)
    if title not in allowed:
        yield Finding(
            rule=RuleId.PRIMARY_COMMENDATION,
            severity=Severity.ERROR,
            path=f"{year_path(year)}.commendation",
            message=(
                f"The title {label(title)} is not open to a primary pupil whose year "
                f"result is {label(primary_year_result(year))}."
            ),
            stated=show(title),
            computed=", ".join(sorted(str(t.value) for t in allowed)) or None,
        )
