"""
:func:`check`: every contradiction between a transcript and the rules.

Each stated value is compared with what the rules derive from the most basic
data the record holds: score components give the semester averages, the
semesters give the year results, the subject results give the learning levels,
the semesters' conduct gives the year conduct, and the levels and absences
give promotion, re-tests and titles. A derived value falls back to the stated
one only when the data below it is missing, so one wrong value gives one
finding, where it is. A value the rules cannot compute yet (an open year, no
semester II) is skipped silently.

The record's dates are checked too: the pupil's age for each grade, the school
years and grades in order, and the signing and issuance dates against the
school years they close.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from hocbaso.model.rules._check_catalogue import iter_catalogue_findings
from hocbaso.model.rules._check_chronology import iter_chronology_findings
from hocbaso.model.rules._check_decisions import iter_decision_findings
from hocbaso.model.rules._check_places import (
    iter_place_findings,
    iter_transfer_findings,
)
from hocbaso.model.rules._check_primary import iter_primary_findings
from hocbaso.model.rules._check_secondary import iter_secondary_findings
from hocbaso.model.rules.findings import Finding, RuleId, Severity
from hocbaso.model.transcript import PrimaryYear, SecondaryYear, Transcript

__all__ = ["check", "iter_findings"]

logger = logging.getLogger(__name__)


def check(transcript: Transcript) -> list[Finding]:
    """
    Return every finding of the rules on ``transcript``.

    The order is deterministic: the schools' addresses and the transfers first,
    then the chronology (birth and age, the years and grades in order, the
    signing and issuance dates), then each year in the record's order, and
    within a year the catalogue checks, the subject rows in the record's order,
    the levels, and the year-end decisions.

    :param transcript: the transcript to check.
    :returns: the findings; empty when the transcript agrees with the rules.
    """
    findings = list(iter_findings(transcript))
    # The look-up code opens the transcript to anyone who has it, so it is not
    # logged; the level and the count are enough to follow the steps.
    logger.debug(
        "Checked a %s transcript: %d findings.", transcript.level.value, len(findings)
    )
    return findings


def iter_findings(transcript: Transcript) -> Iterator[Finding]:
    """
    Yield the findings of :func:`check` one by one, in the same order.

    :param transcript: the transcript to check.
    :returns: an iterator over the findings.
    """
    yield from iter_place_findings(transcript.schools)
    yield from iter_transfer_findings(transcript.schools, transcript.transfers)
    yield from iter_chronology_findings(transcript)
    for year in transcript.years:
        yield from iter_catalogue_findings(transcript.level, year)
        if year.individual_plan is not None:
            yield _individual_plan(year)
        elif isinstance(year, PrimaryYear):
            yield from iter_primary_findings(year)
        else:
            yield from iter_secondary_findings(year)
            yield from iter_decision_findings(year)


def _individual_plan(year: PrimaryYear | SecondaryYear) -> Finding:
    return Finding(
        rule=RuleId.INDIVIDUAL_PLAN,
        severity=Severity.INFO,
        path=f"years[{year.school_year}].individual_plan",
        message="The year is assessed under an individual education plan; the "
        "results and decisions the rules would derive are not checked.",
    )
