"""
The code tables variants translate through: explicit data, tested one by one.

Every table maps the code a variant's file holds to the canonical model's value.
Sources: sex codes of QCVN 109:2017/BTTTT as the sector database uses them
(DOMAIN §1.3); subject and quality/competency codes of the central system's
templates (DOMAIN §3.2–3.3); rating letters of Thông tư 27/2020 Art. 7 and
Thông tư 22/2021 Art. 8–9; level-group codes of the sector database (DOMAIN
§1.3). Ethnicity is mapped by name with its spelling variants and never by
number, because vendors number the 54 groups differently (DOMAIN §5.3).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import TypeVar

from hocbaso.model import (
    AchievementLevel,
    Competency,
    CompetencyLevel,
    EthnicGroup,
    Level,
    PassFail,
    PrimaryRating,
    PrimaryYearResult,
    Quality,
    Sex,
    Subject,
)
from hocbaso.model.subjects import CATALOGUE

__all__ = [
    "ACHIEVEMENT_CODES",
    "COMPETENCY_LEVEL_CODES",
    "FORM_TABLE_CODES",
    "LEVEL_CODES",
    "PASS_FAIL_CODES",
    "PRIMARY_RATING_CODES",
    "PRIMARY_RESULT_CODES",
    "SEX_CODES",
    "SUBJECT_CODES",
    "DateStyle",
    "code_for",
    "format_date",
    "format_decimal",
    "parse_date",
    "parse_decimal",
    "parse_ethnicity",
]

logger = logging.getLogger(__name__)

V = TypeVar("V")

SEX_CODES: dict[str, Sex | None] = {"0": None, "1": Sex.MALE, "2": Sex.FEMALE}
"""QCVN 109:2017/BTTTT: 0 unknown, 1 male, 2 female. ``None`` has no model value."""

PRIMARY_RATING_CODES: dict[str, PrimaryRating] = {
    "T": PrimaryRating.WELL_COMPLETED,
    "H": PrimaryRating.COMPLETED,
    "C": PrimaryRating.NOT_COMPLETED,
}
"""Primary subject ratings, TT 27/2020 Art. 7: Hoàn thành tốt / Hoàn thành / Chưa hoàn thành."""

COMPETENCY_LEVEL_CODES: dict[str, CompetencyLevel] = {
    "T": CompetencyLevel.GOOD,
    "Đ": CompetencyLevel.SATISFACTORY,
    "C": CompetencyLevel.NEEDS_EFFORT,
}
"""Primary qualities and competencies, TT 27/2020 Art. 7: Tốt / Đạt / Cần cố gắng."""

ACHIEVEMENT_CODES: dict[str, AchievementLevel] = {
    "T": AchievementLevel.GOOD,
    "K": AchievementLevel.FAIR,
    "Đ": AchievementLevel.PASS,
    "CĐ": AchievementLevel.FAIL,
}
"""Secondary conduct and learning, TT 22/2021 Art. 8–9: Tốt / Khá / Đạt / Chưa đạt."""

PASS_FAIL_CODES: dict[str, PassFail] = {"Đ": PassFail.PASS, "CĐ": PassFail.FAIL}
"""Comment-only secondary subjects, TT 22/2021 Art. 5: Đạt / Chưa đạt."""

PRIMARY_RESULT_CODES: dict[str, PrimaryYearResult] = {
    "HTXS": PrimaryYearResult.EXCELLENT,
    "HTT": PrimaryYearResult.WELL_COMPLETED,
    "HT": PrimaryYearResult.COMPLETED,
    "CHT": PrimaryYearResult.NOT_COMPLETED,
}
"""Primary year result, TT 27/2020 Art. 9, by its usual abbreviations."""

LEVEL_CODES: dict[str, Level] = {
    "02": Level.PRIMARY,
    "03": Level.LOWER_SECONDARY,
    "04": Level.UPPER_SECONDARY,
}
"""Level-group codes of the sector database (01 pre-school and 05 GDTX have no transcript)."""

FORM_TABLE_CODES: dict[str, Quality | Competency] = {
    **{str(q.aliases[0]): q for q in Quality},
    **{str(c.aliases[0]): c for c in Competency},
}
"""``nang_luc_pham_chat_id`` 01–15 of the central templates: qualities 01–05, competencies 06–15."""

SUBJECT_CODES: dict[Level, dict[str, Subject]] = {
    level: {row.form_code: subject for subject, row in table.items()}
    for level, table in CATALOGUE.items()
}
"""``mon_hoc_id`` per level, from the catalogue (Toán is 01 at primary, 15 at secondary)."""


def code_for(table: dict[str, V], value: V) -> str:
    """
    Return the code under which ``table`` holds ``value``.

    :param table: one of the tables of this module.
    :param value: a model value the table holds.
    :returns: its code.
    :raises KeyError: if the table does not hold ``value``.
    """
    for code, member in table.items():
        if member == value:
            return code
    raise KeyError(value)


class DateStyle(Enum):
    """The date formats variants write, by their .NET-style pattern."""

    DMY = "dd/MM/yyyy"
    """Vietnamese forms and e-government XML (TT 78/2021 style)."""
    ISO = "yyyy-MM-dd"
    """The sector database (DOMAIN §1.3) and JSON."""


_DMY = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$")
_ISO = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")


def format_date(value: dt.date, style: DateStyle) -> str:
    """
    Return ``value`` written in ``style``.

    :param value: the date.
    :param style: the format.
    :returns: the text, zero-padded.
    """
    if style is DateStyle.DMY:
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    return value.isoformat()


def parse_date(text: str, *styles: DateStyle) -> dt.date:
    """
    Return the date ``text`` gives in one of ``styles`` (both when none is given).

    :param text: the date as written.
    :param styles: the formats accepted.
    :returns: the date.
    :raises ValueError: naming the formats expected, not the text.
    """
    allowed = styles or tuple(DateStyle)
    for style in allowed:
        found = (_DMY if style is DateStyle.DMY else _ISO).match(text.strip())
        if found is None:
            continue
        parts = [int(g) for g in found.groups()]
        day, month, year = parts if style is DateStyle.DMY else parts[::-1]
        try:
            return dt.date(year, month, day)
        except ValueError:
            break
    # The text is not repeated: the date may be a pupil's birth date, and the
    # caller's location already says which value it is.
    names = " or ".join(style.value for style in allowed)
    raise ValueError(f"Expected a valid date written {names}.")


def format_decimal(value: Decimal, *, comma: bool) -> str:
    """
    Return ``value`` in fixed-point notation, with a decimal comma if asked.

    :param value: the number.
    :param comma: write ``7,5`` (Vietnamese forms) rather than ``7.5``.
    :returns: the text.
    """
    text = format(value, "f")
    return text.replace(".", ",") if comma else text


def parse_decimal(text: str | int | float) -> Decimal:
    """
    Return the number ``text`` gives, accepting a decimal point or a decimal comma.

    :param text: ``"7,5"``, ``"7.5"``, ``7.5`` or ``7``; no thousands separators.
    :returns: the number.
    :raises ValueError: if ``text`` is not a plain decimal number.
    """
    raw = str(text).strip()
    if isinstance(text, bool) or not re.fullmatch(r"-?[0-9]+([.,][0-9]+)?", raw):
        raise ValueError(f"Number {text!r} is not a decimal like 7,5 or 7.5.")
    try:
        return Decimal(raw.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise ValueError(f"Number {text!r} is not a decimal.") from None


def parse_ethnicity(text: str) -> EthnicGroup:
    """
    Return the ethnic group a name gives, accepting the common spelling variants.

    :param text: the name as written (``"H'Mông"``, ``"Khmer"``, ``"Stiêng"``).
    :returns: the group.
    :raises ValueError: for a number (vendors number the groups differently,
        DOMAIN §5.3) or an unknown name.
    """
    if text.strip().isdigit():
        raise ValueError(
            f"Ethnicity {text!r} is a number; numeric codes differ between vendors, "
            "so a name such as 'Kinh' or 'Tày' is expected."
        )
    return EthnicGroup.parse(text)
