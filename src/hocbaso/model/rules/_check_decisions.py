"""Checks of a secondary year's end-of-year decisions (Thông tư 22/2021, Art. 12-15)."""

from __future__ import annotations

from collections.abc import Iterator

from hocbaso.model.rules._inputs import (
    year_conduct_level,
    year_learning_level,
    year_mark,
    year_marks,
)
from hocbaso.model.rules._report import label, mismatch, show, year_path
from hocbaso.model.rules.decisions import (
    ABSENCE_LIMIT,
    PromotionDecision,
    promotion,
    secondary_commendation,
)
from hocbaso.model.rules.findings import Finding, RuleId, Severity
from hocbaso.model.rules.levels import learning_level
from hocbaso.model.transcript import SecondaryYear
from hocbaso.model.vocabulary import AchievementLevel, CommendationTitle

__all__ = ["iter_decision_findings"]

# The last grade of each secondary level, where completion replaces promotion.
_FINAL_GRADES = frozenset({9, 12})

_ALLOWED_TITLES: dict[CommendationTitle | None, frozenset[CommendationTitle]] = {
    CommendationTitle.EXCELLENT: frozenset(
        {CommendationTitle.EXCELLENT, CommendationTitle.GOOD}
    ),
    CommendationTitle.GOOD: frozenset({CommendationTitle.GOOD}),
    None: frozenset(),
}


def iter_decision_findings(year: SecondaryYear) -> Iterator[Finding]:
    """Yield the findings on promotion, remedial work and titles of a year."""
    decision = promotion(year)
    yield from _iter_remedial(year, decision)
    yield from _iter_promotion(year, decision)
    yield from _iter_commendation(year)


def _iter_remedial(
    year: SecondaryYear, decision: PromotionDecision
) -> Iterator[Finding]:
    yp = year_path(year)
    conduct = year_conduct_level(year)
    if year.conduct_after_summer is not None and conduct is not None:
        if not decision.needs_summer_training:
            yield Finding(
                rule=RuleId.SUMMER_TRAINING,
                severity=Severity.WARNING,
                path=f"{yp}.conduct_after_summer",
                message=(
                    f"A conduct level after summer training is stated, but the year "
                    f"conduct {conduct.label} needs no summer training."
                ),
                stated=show(year.conduct_after_summer),
            )
    yield from _iter_retest(year, decision)


def _iter_retest(year: SecondaryYear, decision: PromotionDecision) -> Iterator[Finding]:
    stated = year.learning_after_retest
    learning = year_learning_level(year)
    if stated is None or learning is None:
        return
    path = f"{year_path(year)}.learning_after_retest"
    if not decision.needs_retest:
        yield Finding(
            rule=RuleId.RETEST,
            severity=Severity.WARNING,
            path=path,
            message=(
                "A learning level after re-tests is stated, but the year results "
                "need no re-test."
            ),
            stated=show(stated),
        )
        return
    computed = _learning_after_retest(year)
    if computed is not None and computed is not stated:
        yield mismatch(
            RuleId.RETEST, path, "The learning level after re-tests", stated, computed
        )


def _learning_after_retest(year: SecondaryYear) -> AchievementLevel | None:
    if year_marks(year) is None:
        return None
    marks = {}
    for row in year.subjects:
        mark = (
            row.after_reassessment
            if row.after_reassessment is not None
            else year_mark(row)
        )
        if mark is None:
            return None
        marks[row.subject] = mark
    return learning_level(marks)


def _iter_promotion(
    year: SecondaryYear, decision: PromotionDecision
) -> Iterator[Finding]:
    computed = decision.promoted
    if computed is None:
        return
    yp = year_path(year)
    if year.promoted is not None and year.promoted != computed:
        over = year.promoted and decision.absences_over_limit
        rule = RuleId.ABSENCES if over else RuleId.PROMOTION
        message = _decision_message("promoted", decision, stated=year.promoted)
        yield _decision_finding(
            rule, f"{yp}.promoted", message, year.promoted, computed
        )
    stated_completion = year.programme_completed
    if year.grade in _FINAL_GRADES and stated_completion is not None:
        if stated_completion != computed:
            message = _decision_message(
                "completed the programme", decision, stated=stated_completion
            )
            path = f"{yp}.programme_completed"
            yield _decision_finding(
                RuleId.SECONDARY_COMPLETION, path, message, stated_completion, computed
            )


def _decision_finding(
    rule: RuleId, path: str, message: str, stated: bool, computed: bool
) -> Finding:
    return Finding(
        rule=rule,
        severity=Severity.ERROR,
        path=path,
        message=message,
        stated=show(stated),
        computed=show(computed),
    )


def _obstacles(decision: PromotionDecision) -> list[str]:
    obstacles = []
    for name, level in (
        ("conduct", decision.conduct),
        ("learning level", decision.learning),
    ):
        if level is not None and level.rank < AchievementLevel.PASS.rank:
            obstacles.append(f"the year {name} is {level.label}")
    if decision.absences_over_limit:
        obstacles.append(
            f"{decision.absences} sessions were missed, more than {ABSENCE_LIMIT}"
        )
    return obstacles


def _decision_message(verb: str, decision: PromotionDecision, *, stated: bool) -> str:
    if stated:
        return (
            f"The pupil is stated as {verb}, but {' and '.join(_obstacles(decision))}."
        )
    conduct, learning = label(decision.conduct), label(decision.learning)
    return (
        f"The pupil is stated as not {verb}, but conduct {conduct}, learning level "
        f"{learning} and {decision.absences} missed sessions meet every condition."
    )


def _iter_commendation(year: SecondaryYear) -> Iterator[Finding]:
    if year_conduct_level(year) is None or year_learning_level(year) is None:
        return
    computed = secondary_commendation(year)
    stated = year.commendation
    if stated == computed:
        return
    path = f"{year_path(year)}.commendation"
    if stated is not None and stated not in _ALLOWED_TITLES[computed]:
        yield mismatch(
            RuleId.SECONDARY_COMMENDATION, path, "The title", stated, computed
        )
        return
    yield Finding(
        rule=RuleId.SECONDARY_COMMENDATION,
        severity=Severity.INFO,
        path=path,
        message=f"The year's results allow the title {label(computed)}.",
        stated=show(stated),
        computed=show(computed),
    )
