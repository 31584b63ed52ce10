"""
Administrative units, schools and transfers.

Viet Nam reorganised its local government on 1 July 2025 (Nghị quyết
202/2025/QH15; QĐ 19/2025/QĐ-TTg): 63 provinces became 34 and the district level
was abolished. A transcript keeps every address *as it stood when it was
written*: a school year before that date names province, district and commune;
after it, province and commune only. hocbaso never rewrites an old name with a
new one.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Self

from pydantic import Field, model_validator

from hocbaso.model._base import Record
from hocbaso.model._text import Text

__all__ = [
    "PROVINCES_FROM_2025",
    "PROVINCES_UNTIL_2025",
    "REORGANISATION_DATE",
    "AdministrativeAddress",
    "School",
    "Transfer",
    "provinces_on",
]

REORGANISATION_DATE = dt.date(2025, 7, 1)
"""The day the two-tier local government took effect."""

PROVINCES_UNTIL_2025: dict[str, str] = {
    "01": "Hà Nội", "02": "Hà Giang", "04": "Cao Bằng", "06": "Bắc Kạn",
    "08": "Tuyên Quang", "10": "Lào Cai", "11": "Điện Biên", "12": "Lai Châu",
    "14": "Sơn La", "15": "Yên Bái", "17": "Hòa Bình", "19": "Thái Nguyên",
    "20": "Lạng Sơn", "22": "Quảng Ninh", "24": "Bắc Giang", "25": "Phú Thọ",
    "26": "Vĩnh Phúc", "27": "Bắc Ninh", "30": "Hải Dương", "31": "Hải Phòng",
    "33": "Hưng Yên", "34": "Thái Bình", "35": "Hà Nam", "36": "Nam Định",
    "37": "Ninh Bình", "38": "Thanh Hóa", "40": "Nghệ An", "42": "Hà Tĩnh",
    "44": "Quảng Bình", "45": "Quảng Trị", "46": "Thừa Thiên Huế", "48": "Đà Nẵng",
    "49": "Quảng Nam", "51": "Quảng Ngãi", "52": "Bình Định", "54": "Phú Yên",
    "56": "Khánh Hòa", "58": "Ninh Thuận", "60": "Bình Thuận", "62": "Kon Tum",
    "64": "Gia Lai", "66": "Đắk Lắk", "67": "Đắk Nông", "68": "Lâm Đồng",
    "70": "Bình Phước", "72": "Tây Ninh", "74": "Bình Dương", "75": "Đồng Nai",
    "77": "Bà Rịa - Vũng Tàu", "79": "Hồ Chí Minh", "80": "Long An",
    "82": "Tiền Giang", "83": "Bến Tre", "84": "Trà Vinh", "86": "Vĩnh Long",
    "87": "Đồng Tháp", "89": "An Giang", "91": "Kiên Giang", "92": "Cần Thơ",
    "93": "Hậu Giang", "94": "Sóc Trăng", "95": "Bạc Liêu", "96": "Cà Mau",
}  # fmt: skip
"""The 63 provinces of QĐ 124/2004/QĐ-TTg, by two-digit code, until 30 June 2025."""

PROVINCES_FROM_2025: dict[str, str] = {
    "01": "Hà Nội", "04": "Cao Bằng", "08": "Tuyên Quang", "11": "Điện Biên",
    "12": "Lai Châu", "14": "Sơn La", "15": "Lào Cai", "19": "Thái Nguyên",
    "20": "Lạng Sơn", "22": "Quảng Ninh", "24": "Bắc Ninh", "25": "Phú Thọ",
    "31": "Hải Phòng", "33": "Hưng Yên", "37": "Ninh Bình", "38": "Thanh Hóa",
    "40": "Nghệ An", "42": "Hà Tĩnh", "44": "Quảng Trị", "46": "Huế",
    "48": "Đà Nẵng", "51": "Quảng Ngãi", "52": "Gia Lai", "56": "Khánh Hòa",
    "66": "Đắk Lắk", "68": "Lâm Đồng", "75": "Đồng Nai", "79": "Hồ Chí Minh",
    "80": "Tây Ninh", "82": "Đồng Tháp", "86": "Vĩnh Long", "91": "An Giang",
    "92": "Cần Thơ", "96": "Cà Mau",
}  # fmt: skip
"""The 34 provinces of QĐ 19/2025/QĐ-TTg, by two-digit code, from 1 July 2025."""


def provinces_on(day: dt.date) -> dict[str, str]:
    """
    Return the province list in force on ``day``.

    :param day: the date the address was written.
    :returns: the code-to-name table of that period.
    """
    return PROVINCES_UNTIL_2025 if day < REORGANISATION_DATE else PROVINCES_FROM_2025


Code = Annotated[str, Field(pattern=r"^[0-9]{2,5}$")]


class AdministrativeAddress(Record):
    """
    An administrative location as it stood on ``as_of``.

    Names are kept as issued, with their prefixes ("Tỉnh", "Huyện", "Xã",
    "Thị trấn" …). Before 1 July 2025 a district is required; from that date
    there is none.
    """

    as_of: dt.date
    """The date on which these names were in force (usually the school year's start)."""
    province: Text
    district: Text | None = None
    commune: Text
    detail: Text | None = None
    """Street, hamlet or village (thôn, xóm, số nhà), if any."""
    province_code: Code | None = None
    district_code: Code | None = None
    commune_code: Code | None = None

    @model_validator(mode="after")
    def _check_tiers(self) -> Self:
        before = self.as_of < REORGANISATION_DATE
        if before and self.district is None:
            raise ValueError(
                f"An address as of {self.as_of} needs a district; districts existed "
                "until 30 June 2025."
            )
        if not before and (self.district is not None or self.district_code is not None):
            raise ValueError(
                f"An address as of {self.as_of} cannot have a district; the district "
                "level was abolished on 1 July 2025."
            )
        table = provinces_on(self.as_of)
        if self.province_code is not None and self.province_code not in table:
            raise ValueError(
                f"Province code {self.province_code!r} did not exist on {self.as_of}."
            )
        return self

    def one_line(self) -> str:
        """Return the address as one line, smallest unit first."""
        parts = [self.detail, self.commune, self.district, self.province]
        return ", ".join(p for p in parts if p)


SchoolId = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_.\-]*$", max_length=64)]


class School(Record):
    """A school the pupil attended, with its address at the time."""

    id: SchoolId
    """Identifier of this school within the transcript, referenced by year records."""
    name: Text
    """The school's name as issued, e.g. "Trường Tiểu học Lưu Phương"."""
    code: Annotated[str, Field(pattern=r"^[A-Za-z0-9]{1,20}$")] | None = None
    """The sector database's school code (mã trường), if known."""
    address: AdministrativeAddress


class Transfer(Record):
    """A move from one school to another (chuyển trường)."""

    date: dt.date
    from_school: SchoolId
    to_school: SchoolId
    reason: Text | None = None
    decision: Text | None = None
    """Number of the admission or transfer decision, if any."""
