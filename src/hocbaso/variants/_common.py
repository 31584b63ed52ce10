"""
What the built-in variants share.

Read errors, code look-ups, and the rules by which a reader rebuilds what a
format does not hold, so that writers can predict, and report, exactly what a
round trip changes.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, NoReturn, TypeVar

from pydantic import ValidationError

from hocbaso.errors import Problem, VariantNotApplicableError, VariantReadError
from hocbaso.model import (
    CommendationTitle,
    Competency,
    CompetencyLevel,
    Issuance,
    Level,
    PrimaryYear,
    PrimaryYearResult,
    Quality,
    School,
    SecondaryYear,
    SignerRole,
    Subject,
    Transcript,
    rules,
)
from hocbaso.model.places import REORGANISATION_DATE
from hocbaso.model.subjects import CATALOGUE
from hocbaso.model.vocabulary import SubjectStatus
from hocbaso.variants.loss import LossEntry, LossKind, Side

__all__ = [
    "ITEM_SEPARATOR",
    "Year",
    "build",
    "build_at",
    "check_level",
    "electives_of",
    "fail",
    "form_table",
    "issuance_losses",
    "issuing_school",
    "join_awards",
    "lookup",
    "merge_schools",
    "primary_result",
    "school_as_of",
    "school_losses",
    "split_awards",
    "year_start",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")
Year = PrimaryYear | SecondaryYear

ITEM_SEPARATOR = "; "
"""How list values (awards, competitions) are joined where a format has one text cell."""

_OPENING_DAY = (9, 5)
"""5 September, the national opening day of the school year (ngày khai giảng)."""


def fail(variant: str, path: str, reason: str, *, line: int | None = None) -> NoReturn:
    """
    Raise a read error for one problem.

    :param variant: the variant's name.
    :param path: where in the file.
    :param reason: one sentence.
    :param line: the line, when known.
    :raises VariantReadError: always.
    """
    code = f"variant.{variant}.value"
    raise VariantReadError(
        variant, [Problem(code=code, reason=reason, path=path, line=line)]
    )


def lookup(table: Mapping[str, T], code: object, variant: str, path: str) -> T:
    """
    Return the value ``table`` holds under ``code``, or raise naming the codes allowed.

    :param table: a code table of :mod:`hocbaso.variants.codes`.
    :param code: the code read.
    :param variant: the variant's name, for the error.
    :param path: where the code was read, for the error.
    :returns: the value.
    :raises VariantReadError: if ``code`` is not in the table.
    """
    key = str(code).strip() if code is not None else ""
    if key in table:
        return table[key]
    allowed = ", ".join(repr(k) for k in table)
    fail(variant, path, f"Code {code!r} is not one of {allowed}.")


def build(variant: str, factory: Callable[..., T], where: str, **data: Any) -> T:
    """
    Build a model object, turning validation errors into a read error.

    :param variant: the variant's name.
    :param factory: the model class.
    :param where: the location in the file the data came from.
    :param data: the fields.
    :returns: the object.
    :raises VariantReadError: listing every invalid field.
    """
    try:
        return factory(**data)
    except (ValidationError, ValueError) as exc:
        raise VariantReadError(variant, list(_problems(variant, where, exc))) from exc


def _problems(variant: str, where: str, exc: Exception) -> Iterator[Problem]:
    code = f"variant.{variant}.model"
    if not isinstance(exc, ValidationError):
        yield Problem(code=code, reason=str(exc), path=where)
        return
    for error in exc.errors(include_url=False, include_input=False):
        loc = ".".join(str(part) for part in error["loc"])
        reason = error["msg"].rstrip(".") + "."
        yield Problem(
            code=code, reason=reason[0].upper() + reason[1:], path=f"{where} {loc}"
        )


def build_at(
    variant: str,
    factory: Callable[..., T],
    *,
    line: int | None,
    where: str = "",
    **data: Any,
) -> T:
    """
    Build a model object; a validation error names the line and the field in plain words.

    Unlike :func:`build`, the line goes into each problem's ``line``, a field path
    is added to ``where`` only when there is one, and the ``"Value error, "`` that
    pydantic puts before a validator's own message is left out.

    :param variant: the variant's name.
    :param factory: the model class.
    :param line: the line of the input the data came from, when known.
    :param where: the location in the file, if the line is not enough.
    :param data: the fields.
    :returns: the object.
    :raises VariantReadError: listing every invalid field.
    """
    try:
        return factory(**data)
    except (ValidationError, ValueError) as exc:
        problems = [
            Problem(
                code=problem.code,
                reason=_plain(problem.reason),
                path=" ".join(p for p in (where, problem.path.strip()) if p),
                line=line,
            )
            for problem in _problems(variant, "", exc)
        ]
        raise VariantReadError(variant, problems) from exc


_PYDANTIC_PREFIX = "Value error, "


def _plain(reason: str) -> str:
    if reason.startswith(_PYDANTIC_PREFIX):
        reason = reason.removeprefix(_PYDANTIC_PREFIX)
        return reason[:1].upper() + reason[1:]
    return reason


def check_level(variant: str, transcript: Transcript, levels: Iterable[Level]) -> None:
    """
    Refuse a transcript whose level a variant cannot hold.

    :param variant: the variant's name.
    :param transcript: the transcript to write.
    :param levels: the levels the variant holds.
    :raises VariantNotApplicableError: naming the level.
    """
    allowed = tuple(levels)
    if transcript.level not in allowed:
        names = ", ".join(level.value for level in allowed)
        raise VariantNotApplicableError(
            f"Variant {variant!r} holds {names} transcripts, not {transcript.level.value!r}."
        )


def year_start(school_year: str) -> int:
    """
    Return the first calendar year of a school year such as ``"2022-2023"``.

    :param school_year: the school year.
    :returns: its first year.
    """
    return int(school_year[:4])


def school_as_of(start: int, *, has_district: bool) -> dt.date:
    """
    Return the date a reader gives a school's address when the format has none.

    The address is taken to stand on the opening day of the first school year
    at that school, moved to the nearest day on which its tiers existed (a
    district line means before 1 July 2025, none means after).

    :param start: the first calendar year of that school year.
    :param has_district: whether the address names a district.
    :returns: the date.
    """
    day = dt.date(start, *_OPENING_DAY)
    if has_district and day >= REORGANISATION_DATE:
        return REORGANISATION_DATE - dt.timedelta(days=1)
    if not has_district and day < REORGANISATION_DATE:
        return REORGANISATION_DATE
    return day


def merge_schools(
    variant: str, facts: list[tuple[dict[str, Any], int]]
) -> tuple[tuple[School, ...], list[str]]:
    """
    Return the schools a reader rebuilds from per-year school facts, and each year's id.

    Identical facts make one school; schools are numbered ``S1``, ``S2`` … in the
    order they first appear.

    :param variant: the variant's name, for errors.
    :param facts: per year, the school's fields (``name``, ``code``, and
        ``address`` without ``as_of``) and the year's first calendar year.
    :returns: the schools and, per year, its school's id.
    """
    keys: list[str] = []
    schools: list[School] = []
    ids: list[str] = []
    for index, (fields, start) in enumerate(facts):
        key = repr(sorted(fields.items(), key=lambda item: item[0]))
        if key not in keys:
            keys.append(key)
            schools.append(_school(variant, fields, start, len(keys), index))
        ids.append(f"S{keys.index(key) + 1}")
    return tuple(schools), ids


def _school(
    variant: str, fields: dict[str, Any], start: int, number: int, index: int
) -> School:
    address = dict(fields["address"])
    address["as_of"] = school_as_of(
        start, has_district=address.get("district") is not None
    )
    data = {**fields, "id": f"S{number}", "address": address}
    return build(variant, School, f"year {index + 1} school", **data)


def school_losses(
    variant: str, transcript: Transcript, facts: Callable[[School], dict[str, Any]]
) -> list[LossEntry]:
    """
    Return the write-side entries for schools, as :func:`merge_schools` will rebuild them.

    :param variant: the variant's name.
    :param transcript: the transcript being written.
    :param facts: what the variant writes of a school, as :func:`merge_schools` takes it.
    :returns: dropped (unused), merged, renumbered and re-dated schools.
    """
    by_id = {school.id: school for school in transcript.schools}
    order: list[str] = []
    keys: dict[str, str] = {}
    first_start: dict[str, int] = {}
    for year in transcript.years:
        key = repr(sorted(facts(by_id[year.school]).items(), key=lambda item: item[0]))
        if year.school not in keys:
            keys[year.school] = key
            first_start[year.school] = year_start(year.school_year)
        if key not in order:
            order.append(key)
    entries = [
        e
        for s in transcript.schools
        for e in _one_school(variant, s, keys, order, first_start)
    ]
    entries += _year_school_entries(variant, transcript, keys, order)
    return entries


def _one_school(
    variant: str,
    school: School,
    keys: dict[str, str],
    order: list[str],
    first_start: dict[str, int],
) -> Iterator[LossEntry]:
    path = f"schools[{school.id}]"
    if school.id not in keys:
        yield _entry(
            LossKind.DROPPED,
            variant,
            path,
            "No year record refers to this school, "
            "and the variant holds schools only through the years.",
        )
        return
    new_id = f"S{order.index(keys[school.id]) + 1}"
    if new_id != school.id:
        reason = f"The variant has no school ids; this school reads back as {new_id}."
        yield _entry(LossKind.APPROXIMATED, variant, path, reason)
        yield _entry(LossKind.APPROXIMATED, variant, f"schools[{new_id}]", reason)
        return
    expected = school_as_of(
        first_start[school.id], has_district=school.address.district is not None
    )
    if school.address.as_of != expected:
        yield _entry(
            LossKind.APPROXIMATED,
            variant,
            f"{path}.address.as_of",
            "The variant does not date addresses; it reads back as the opening "
            f"day of the first year at the school ({expected.isoformat()}).",
        )


def _year_school_entries(
    variant: str, transcript: Transcript, keys: dict[str, str], order: list[str]
) -> Iterator[LossEntry]:
    for year in transcript.years:
        new_id = f"S{order.index(keys[year.school]) + 1}"
        if new_id != year.school:
            yield _entry(
                LossKind.APPROXIMATED,
                variant,
                f"years[{year.school_year}].school",
                f"The variant has no school ids; the school reads back as {new_id}.",
            )


def blank_counts(
    variant: str, school_year: str, counts: Mapping[str, object]
) -> list[LossEntry]:
    """Name each absence count a file leaves blank, which its reader reads as 0.

    A blank count is unknown, not zero; the reader still needs a number, so the
    entry says that 0 stands in for it.

    :param counts: each count as the file gives it, keyed by where it is in the file.
    """
    return [
        LossEntry(
            LossKind.APPROXIMATED, Side.READ, variant, f"years[{school_year}].attendance",
            "The absence count is blank: unknown, not zero; 0 stands in for it.",
            source=source,
        )
        for source, value in counts.items()
        if value is None or (isinstance(value, str) and not value.strip())
    ]  # fmt: skip


def _entry(kind: LossKind, variant: str, path: str, reason: str) -> LossEntry:
    return LossEntry(kind, Side.WRITE, variant, path, reason)


def issuance_losses(variant: str, issuance: Issuance | None) -> list[LossEntry]:
    """
    Return the write-side entries for an issuance whose signer is held by name only.

    Readers give the signer the principal's role and the issue date.

    :param variant: the variant's name.
    :param issuance: the issuance, if any.
    :returns: approximated role and signing date, where they differ.
    """
    if issuance is None:
        return []
    entries = []
    if issuance.signer.role is not SignerRole.PRINCIPAL:
        entries.append(
            _entry(
                LossKind.APPROXIMATED,
                variant,
                "issuance.signer.role",
                "The transcript's signer is held by name and position; "
                "it reads back as the principal.",
            )
        )
    if issuance.signer.signed_on != issuance.date:
        entries.append(
            _entry(
                LossKind.APPROXIMATED,
                variant,
                "issuance.signer.signed_on",
                "Only the issue date is held; the signer's date reads back as it.",
            )
        )
    return entries


def issuing_school(transcript: Transcript) -> School:
    """
    Return the school that issues the transcript: the last year's, else the first school.

    :param transcript: the transcript.
    :returns: the school.
    """
    by_id = {school.id: school for school in transcript.schools}
    if transcript.years:
        return by_id[transcript.years[-1].school]
    return transcript.schools[0]


def form_table(year: PrimaryYear) -> dict[Quality | Competency, CompetencyLevel]:
    """
    Return a year's qualities and competencies as one table, as the forms print them.

    :param year: a primary year.
    :returns: the levels of the five qualities and the ten competencies.
    """
    table: dict[Quality | Competency, CompetencyLevel] = dict(year.qualities.items())
    table.update(year.competencies.items())
    return table


def primary_result(year: PrimaryYear, completed: bool) -> PrimaryYearResult:
    """
    Return the four-level result a reader rebuilds from a completed/not-completed flag.

    The flag says "not completed" or one of the three completing levels (Thông
    tư 27/2020 Art. 9); which one is recomputed from the ratings, scores,
    qualities and competencies by :func:`hocbaso.model.rules.primary_year_result`,
    and "Hoàn thành" is taken when the recomputation contradicts the flag.

    :param year: the year as read, its ``result`` not yet meaningful.
    :param completed: the flag.
    :returns: the result.
    """
    if not completed:
        return PrimaryYearResult.NOT_COMPLETED
    computed = rules.primary_year_result(year)
    return (
        PrimaryYearResult.COMPLETED
        if computed is PrimaryYearResult.NOT_COMPLETED
        else computed
    )


def electives_of(level: Level, subjects: Iterable[Subject]) -> tuple[Subject, ...]:
    """
    Return the electives a reader infers: the elective subjects with results, in order.

    :param level: the transcript's level.
    :param subjects: the subjects of the year's rows.
    :returns: the electives (none below upper secondary).
    """
    if level is not Level.UPPER_SECONDARY:
        return ()
    table = CATALOGUE[level]
    return tuple(s for s in subjects if table[s].status is SubjectStatus.ELECTIVE)


def join_awards(title: CommendationTitle | None, awards: tuple[str, ...]) -> str | None:
    """
    Return one "Khen thưởng" text: the title's label, then the awards, joined by ``"; "``.

    :param title: the principal's title, if any.
    :param awards: the other awards.
    :returns: the text, or ``None`` when there is nothing.
    """
    items = ([title.label] if title is not None else []) + list(awards)
    return ITEM_SEPARATOR.join(items) or None


def split_awards(text: str | None) -> tuple[CommendationTitle | None, tuple[str, ...]]:
    """
    Return the title and awards a "Khen thưởng" text gives (the inverse of :func:`join_awards`).

    :param text: the text, or ``None``.
    :returns: the title, if the first item is one, and the other items.
    """
    items = [item for item in (text or "").split(ITEM_SEPARATOR) if item.strip()]
    if items:
        try:
            return CommendationTitle.parse(items[0]), tuple(items[1:])
        except ValueError:
            pass
    return None, tuple(items)


def awards_survive(title: CommendationTitle | None, awards: tuple[str, ...]) -> bool:
    """
    Return whether :func:`split_awards` gives back exactly this title and these awards.

    :param title: the title.
    :param awards: the awards.
    :returns: whether the round trip is exact.
    """
    return split_awards(join_awards(title, awards)) == (title, awards)


def items_survive(items: tuple[str, ...]) -> bool:
    """
    Return whether a list of texts survives joining with ``"; "`` and splitting again.

    :param items: the texts.
    :returns: whether the round trip is exact.
    """
    return split_items(ITEM_SEPARATOR.join(items) or None) == items


def split_items(text: str | None) -> tuple[str, ...]:
    """
    Return the items of a text joined with ``"; "``.

    :param text: the text, or ``None``.
    :returns: the non-blank items.
    """
    return tuple(item for item in (text or "").split(ITEM_SEPARATOR) if item.strip())
