"""
The evaluation rules of Thông tư 27/2020 (primary) and 22/2021 (secondary).

Computations use ``Decimal`` and round half up to one decimal. :func:`check`
compares what a transcript states with what the rules compute and returns
:class:`Finding` objects, each naming the rule and article it comes from.
See ``docs/rules.md`` for the readings of the regulations taken here.
"""

from hocbaso.model.rules.check import check, iter_findings
from hocbaso.model.rules.decisions import (
    ABSENCE_LIMIT,
    PromotionDecision,
    promotion,
    secondary_commendation,
)
from hocbaso.model.rules.findings import Finding, RuleId, Severity
from hocbaso.model.rules.levels import learning_level, year_conduct
from hocbaso.model.rules.primary import (
    primary_commendation_allowed,
    primary_year_result,
)
from hocbaso.model.rules.scores import (
    comment_year_result,
    round_half_up,
    semester_average,
    year_average,
)

__all__ = [
    "ABSENCE_LIMIT",
    "Finding",
    "PromotionDecision",
    "RuleId",
    "Severity",
    "check",
    "comment_year_result",
    "iter_findings",
    "learning_level",
    "primary_commendation_allowed",
    "primary_year_result",
    "promotion",
    "round_half_up",
    "secondary_commendation",
    "semester_average",
    "year_average",
    "year_conduct",
]
