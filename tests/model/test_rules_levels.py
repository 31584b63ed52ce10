"""Worked examples and properties of the learning and conduct levels (TT 22/2021)."""

from __future__ import annotations

from decimal import Decimal
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hocbaso.errors import RuleInputError
from hocbaso.model import AchievementLevel, Mark, PassFail, Subject
from hocbaso.model.rules import learning_level, year_conduct

D = Decimal
GOOD, FAIR = AchievementLevel.GOOD, AchievementLevel.FAIR
PASS, FAIL = AchievementLevel.PASS, AchievementLevel.FAIL

# A grade-6 timetable: eight scored subjects and four comment subjects.
SCORED = (
    Subject.LITERATURE,
    Subject.MATHEMATICS,
    Subject.FOREIGN_LANGUAGE_1,
    Subject.CIVIC_EDUCATION,
    Subject.HISTORY_GEOGRAPHY,
    Subject.NATURAL_SCIENCE,
    Subject.TECHNOLOGY,
    Subject.INFORMATICS,
)
COMMENTED = (
    Subject.PHYSICAL_EDUCATION,
    Subject.ARTS,
    Subject.EXPERIENTIAL_CAREER,
    Subject.LOCAL_EDUCATION,
)


def marks(scores: list[str], failed_comments: int = 0) -> dict[Subject, Mark]:
    """Eight scores in timetable order, and the comment subjects, the first N failed."""
    assert len(scores) == len(SCORED)
    table: dict[Subject, Mark] = {s: D(v) for s, v in zip(SCORED, scores, strict=True)}
    for index, subject in enumerate(COMMENTED):
        table[subject] = PassFail.FAIL if index < failed_comments else PassFail.PASS
    return table


# --- the four levels at their boundaries -------------------------------------------


def test_good_at_its_boundaries() -> None:
    # Six subjects at exactly 8.0 and two at exactly 6.5: every score ≥ 6.5 and
    # six ≥ 8.0, comments all Đạt → Tốt.
    assert learning_level(marks(["8.0"] * 6 + ["6.5"] * 2)) is GOOD


def test_one_score_below_six_point_five_gives_fair() -> None:
    # 6.4 < 6.5 breaks Tốt. Khá: every score ≥ 5.0 and seven ≥ 6.5 → Khá. Tốt is
    # only one level above Khá, so no adjustment: a form stating Tốt is wrong.
    assert learning_level(marks(["8.0"] * 6 + ["6.5", "6.4"])) is FAIR


def test_five_subjects_at_eight_give_fair() -> None:
    # Only five subjects ≥ 8.0 (six needed for Tốt); all ≥ 6.5 → Khá.
    assert learning_level(marks(["8.0"] * 5 + ["7.9"] * 3)) is FAIR


def test_pass_with_lowest_score_three_point_five() -> None:
    # Six scores at 5.0, then 3.5 and 4.0: Khá fails (3.5 < 5.0); Đạt: six ≥ 5.0
    # and none below 3.5 → Đạt.
    assert learning_level(marks(["5.0"] * 6 + ["3.5", "4.0"])) is PASS


def test_fail_with_lowest_score_three_point_four() -> None:
    # 3.4 < 3.5 breaks Đạt → Chưa đạt. The adjustment needs six scores ≥ 8.0
    # (Tốt) or ≥ 6.5 (Khá); there are none, so it stays Chưa đạt.
    assert learning_level(marks(["5.0"] * 6 + ["3.4", "4.0"])) is FAIL


def test_pass_needs_six_subjects_at_five() -> None:
    # Five scores ≥ 5.0 and three at 4.9: Đạt needs six ≥ 5.0 → Chưa đạt.
    assert learning_level(marks(["5.0"] * 5 + ["4.9"] * 3)) is FAIL


def test_one_comment_subject_failed_alone_gives_pass() -> None:
    # Scores from 5.0 to 6.0 (no Khá count); one comment subject Chưa đạt:
    # at most one comment Chưa đạt, six ≥ 5.0, none < 3.5 → Đạt.
    assert learning_level(marks(["5.0"] * 4 + ["6.0"] * 4, failed_comments=1)) is PASS


def test_two_comment_subjects_failed_give_fail() -> None:
    # Two comment subjects Chưa đạt break Đạt, and two subjects break Tốt and
    # Khá, so the one-subject adjustment does not apply → Chưa đạt.
    assert learning_level(marks(["8.5"] * 8, failed_comments=2)) is FAIL


# --- the one-subject adjustment -----------------------------------------------------


def test_one_failed_comment_subject_lowers_good_to_pass_and_is_adjusted() -> None:
    # All scores 8.5 would be Tốt; one comment subject Chưa đạt breaks Tốt and
    # Khá → Đạt, two levels below Tốt because of one subject → Khá.
    table = marks(["8.5"] * 8, failed_comments=1)
    assert learning_level(table, adjust=False) is PASS
    assert learning_level(table) is FAIR


def test_one_low_score_lowers_good_to_pass_and_is_adjusted() -> None:
    # Seven scores 8.5 and one 4.0: Tốt and Khá broken by 4.0 alone; Đạt holds
    # (seven ≥ 5.0, none < 3.5). Tốt is two above Đạt → Khá.
    table = marks(["8.5"] * 7 + ["4.0"])
    assert learning_level(table, adjust=False) is PASS
    assert learning_level(table) is FAIR


def test_one_very_low_score_lowers_good_to_fail_and_is_adjusted_once() -> None:
    # Seven scores 8.5 and one 3.0 < 3.5 → Chưa đạt; Tốt is three levels above
    # because of one subject → raised to the adjacent level, Đạt (not Tốt).
    table = marks(["8.5"] * 7 + ["3.0"])
    assert learning_level(table, adjust=False) is FAIL
    assert learning_level(table) is PASS


def test_fair_target_adjusts_fail_to_pass() -> None:
    # Seven scores ≥ 6.5 (six 7.0 and one 6.9, none ≥ 8.0) and one 2.0:
    # unadjusted Chưa đạt. Tốt's count fails (no 8.0); Khá's count holds (seven
    # ≥ 6.5) and only 2.0 < 5.0 breaks it; Khá is two above → Đạt.
    table = marks(["7.0"] * 6 + ["6.9", "2.0"])
    assert learning_level(table, adjust=False) is FAIL
    assert learning_level(table) is PASS


def test_no_adjustment_for_one_level() -> None:
    # Six 7.0, one 6.0 and one 4.5: Đạt (seven ≥ 5.0, none < 3.5). Khá is one
    # level above and Tốt's count fails (no 8.0) → stays Đạt.
    assert learning_level(marks(["7.0"] * 6 + ["6.0", "4.5"])) is PASS


def test_no_adjustment_when_the_count_fails() -> None:
    # Five 8.0, two 6.0 and one 3.0: only five ≥ 8.0 and five ≥ 6.5, so neither
    # Tốt's nor Khá's count holds; one subject is not the only cause → Chưa đạt.
    assert learning_level(marks(["8.0"] * 5 + ["6.0", "6.0", "3.0"])) is FAIL


def test_no_marks_is_refused() -> None:
    with pytest.raises(RuleInputError, match=r"at least one subject result"):
        learning_level({})


# --- year conduct (Art. 8), all sixteen cases -------------------------------------

#  semester I \ semester II:   Tốt   Khá   Đạt   Chưa đạt
CONDUCT_TABLE = {
    GOOD: (GOOD, FAIR, FAIR, FAIL),
    FAIR: (GOOD, FAIR, PASS, FAIL),
    PASS: (FAIR, FAIR, PASS, FAIL),
    FAIL: (FAIR, PASS, PASS, FAIL),
}
LEVELS = (GOOD, FAIR, PASS, FAIL)


@pytest.mark.parametrize(
    ("semester1", "semester2", "expected"),
    [
        (first, second, CONDUCT_TABLE[first][LEVELS.index(second)])
        for first, second in product(LEVELS, LEVELS)
    ],
    ids=lambda level: str(level),
)
def test_year_conduct_table(
    semester1: AchievementLevel, semester2: AchievementLevel, expected: AchievementLevel
) -> None:
    assert year_conduct(semester1, semester2) is expected


levels = st.sampled_from(LEVELS)


@given(levels, levels, levels)
def test_year_conduct_is_monotone(
    first: AchievementLevel, second: AchievementLevel, other: AchievementLevel
) -> None:
    if other.rank >= first.rank:
        assert year_conduct(other, second).rank >= year_conduct(first, second).rank
    if other.rank >= second.rank:
        assert year_conduct(first, other).rank >= year_conduct(first, second).rank


# --- properties of the learning level ----------------------------------------------

score = st.integers(min_value=0, max_value=100).map(lambda tenths: D(tenths) / 10)
comment = st.sampled_from((PassFail.PASS, PassFail.FAIL))
periods = st.fixed_dictionaries(
    {
        **{subject: score for subject in SCORED},
        **{subject: comment for subject in COMMENTED},
    }
)


@given(periods, st.sampled_from(SCORED), st.integers(min_value=1, max_value=100))
def test_raising_a_score_never_lowers_the_level(
    table: dict[Subject, Mark], subject: Subject, raise_by: int
) -> None:
    before = table[subject]
    assert isinstance(before, Decimal)
    raised = {**table, subject: min(before + D(raise_by) / 10, D(10))}
    assert learning_level(raised).rank >= learning_level(table).rank


@given(periods, st.sampled_from(COMMENTED))
def test_passing_a_comment_subject_never_lowers_the_level(
    table: dict[Subject, Mark], subject: Subject
) -> None:
    passed = {**table, subject: PassFail.PASS}
    assert learning_level(passed).rank >= learning_level(table).rank


@given(periods)
def test_adjustment_raises_by_at_most_one_level(table: dict[Subject, Mark]) -> None:
    raised = learning_level(table).rank - learning_level(table, adjust=False).rank
    assert raised in (0, 1)
