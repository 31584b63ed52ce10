"""The pupil and the family, with the checks on the personal identifier."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Self

from pydantic import Field, model_validator

from hocbaso.model._base import Record
from hocbaso.model._text import Text
from hocbaso.model.ethnicity import EthnicGroup
from hocbaso.model.places import PROVINCES_UNTIL_2025
from hocbaso.model.vocabulary import Sex

__all__ = ["Guardian", "PersonalId", "Pupil", "check_personal_id"]

PersonalId = Annotated[str, Field(pattern=r"^[0-9]{12}$")]
"""The 12-digit personal identifier (số định danh cá nhân)."""

# Digit 4 encodes century and sex (TT 59/2021/TT-BCA Art. 4; TT 07/2016/TT-BCA):
# 20th century male 0, female 1; 21st century male 2, female 3; and so on.
_CENTURY_BASE = {1900: 0, 2000: 2, 2100: 4, 2200: 6}


def check_personal_id(value: str, sex: Sex, birth_date: dt.date) -> None:
    """
    Check that a personal identifier agrees with the pupil's birth and sex.

    Digits 1–3 are "0" and the code of the province where the birth was
    registered (one of the 63 provinces before 2025), digit 4 encodes century and
    sex, digits 5–6 are the last two digits of the birth year.

    :param value: the 12-digit identifier.
    :param sex: the pupil's sex.
    :param birth_date: the pupil's birth date.
    :raises ValueError: saying which part disagrees and what was expected.
    """
    # The messages name the digits and the rule, never the identifier, the sex
    # or the birth year: a minor's personal data stays out of reports.
    if len(value) != 12 or not value.isdigit():
        raise ValueError("The personal identifier must be exactly 12 digits.")
    if value[0] != "0" or value[1:3] not in PROVINCES_UNTIL_2025:
        raise ValueError(
            "The personal identifier must start with 0 and the code of a province "
            "(one of the 63 before 2025); its first three digits are not one."
        )
    century = birth_date.year // 100 * 100
    expected = _CENTURY_BASE.get(century, -1) + (1 if sex is Sex.FEMALE else 0)
    if int(value[3]) != expected:
        raise ValueError(
            "Digit 4 of the personal identifier (century of birth and sex) "
            "disagrees with the pupil's sex and birth date."
        )
    if value[4:6] != f"{birth_date.year % 100:02d}":
        raise ValueError(
            "Digits 5-6 of the personal identifier (the last two digits of the "
            "birth year) disagree with the pupil's birth date."
        )


class Guardian(Record):
    """A parent or guardian as printed on the identity page."""

    name: Text
    occupation: Text | None = None
    """Nghề nghiệp."""


class Pupil(Record):
    """The pupil's identity block (sơ yếu lý lịch)."""

    full_name: Text
    """Họ và tên, as on the birth certificate."""
    sex: Sex
    birth_date: dt.date
    ethnicity: EthnicGroup
    """Dân tộc, by canonical name; common spellings are accepted on input."""
    nationality: Text = "Việt Nam"
    personal_id: PersonalId | None = None
    """Mã số định danh cá nhân. Checked against sex and birth year."""
    learner_code: Annotated[str, Field(pattern=r"^[A-Za-z0-9]{4,20}$")] | None = None
    """The Ministry's learner code (mã định danh MOET / mã học sinh)."""
    policy_category: Text | None = None
    """Đối tượng (policy group), if any."""
    birth_place: Text | None = None
    hometown: Text | None = None
    """Quê quán."""
    residence: Text | None = None
    """Chỗ ở hiện tại."""
    father: Guardian | None = None
    mother: Guardian | None = None
    guardian: Guardian | None = None
    """Người giám hộ, if any."""

    @model_validator(mode="after")
    def _check_identifier(self) -> Self:
        if self.personal_id is not None:
            check_personal_id(self.personal_id, self.sex, self.birth_date)
        return self
