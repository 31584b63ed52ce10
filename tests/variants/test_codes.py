"""The code tables, entry by entry, against their sources."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from hocbaso.model import (
    AchievementLevel,
    Competency,
    CompetencyLevel,
    EthnicGroup,
    Level,
    PassFail,
    PrimaryRating,
    Quality,
    Sex,
    Subject,
)
from hocbaso.variants import codes

# The mon_hoc_id of every row of the central templates (forms/*.txt).
TEMPLATE_SUBJECT_CODES = {
    Level.PRIMARY: {"02": "Tiếng Việt", "01": "Toán", "11": "Ngoại ngữ 1",
                    "05": "Lịch sử và Địa lí", "13": "Khoa học", "12": "Tin học",
                    "87": "Công nghệ", "03": "Đạo đức", "04": "Tự nhiên và Xã hội",
                    "88": "Giáo dục thể chất", "89": "Âm nhạc", "90": "Mĩ thuật",
                    "91": "Hoạt động trải nghiệm", "14": "Tiếng dân tộc thiểu số"},
    Level.LOWER_SECONDARY: {"19": "Ngữ văn", "15": "Toán", "69": "Ngoại ngữ 1",
                            "26": "Giáo dục công dân", "05": "Lịch sử và Địa lí",
                            "66": "Khoa học tự nhiên", "27": "Công nghệ", "32": "Tin học",
                            "88": "Giáo dục thể chất", "97": "Nghệ thuật",
                            "91": "Hoạt động trải nghiệm, hướng nghiệp",
                            "99": "Nội dung giáo dục của địa phương",
                            "14": "Tiếng dân tộc thiểu số", "31": "Ngoại ngữ 2"},
    Level.UPPER_SECONDARY: {"19": "Ngữ văn", "15": "Toán", "69": "Ngoại ngữ 1",
                            "88": "Giáo dục thể chất", "47": "Giáo dục quốc phòng và an ninh",
                            "91": "Hoạt động trải nghiệm, hướng nghiệp",
                            "99": "Nội dung giáo dục của địa phương", "35": "Vật lí",
                            "36": "Hoá học", "37": "Sinh học", "40": "Lịch sử", "41": "Địa lí",
                            "100": "Giáo dục kinh tế và pháp luật", "46": "Công nghệ",
                            "38": "Tin học", "29": "Âm nhạc", "30": "Mĩ thuật",
                            "14": "Tiếng dân tộc thiểu số", "70": "Ngoại ngữ 2"},
}  # fmt: skip


@pytest.mark.parametrize("level", list(Level))
def test_subject_codes_match_the_templates(level: Level) -> None:
    table = codes.SUBJECT_CODES[level]
    assert {
        code: Subject.parse(label)
        for code, label in TEMPLATE_SUBJECT_CODES[level].items()
    } == table


def test_mathematics_differs_between_levels() -> None:
    assert (
        codes.code_for(codes.SUBJECT_CODES[Level.PRIMARY], Subject.MATHEMATICS) == "01"
    )
    assert (
        codes.code_for(codes.SUBJECT_CODES[Level.LOWER_SECONDARY], Subject.MATHEMATICS)
        == "15"
    )


def test_quality_and_competency_codes() -> None:
    assert list(codes.FORM_TABLE_CODES) == [f"{n:02d}" for n in range(1, 16)]
    assert codes.FORM_TABLE_CODES["01"] is Quality.PATRIOTISM
    assert codes.FORM_TABLE_CODES["05"] is Quality.RESPONSIBILITY
    assert codes.FORM_TABLE_CODES["06"] is Competency.SELF_LEARNING
    assert codes.FORM_TABLE_CODES["15"] is Competency.PHYSICAL


def test_rating_tables() -> None:
    assert codes.PRIMARY_RATING_CODES == {"T": PrimaryRating.WELL_COMPLETED,
                                          "H": PrimaryRating.COMPLETED,
                                          "C": PrimaryRating.NOT_COMPLETED}  # fmt: skip
    assert codes.COMPETENCY_LEVEL_CODES["Đ"] is CompetencyLevel.SATISFACTORY
    assert [codes.ACHIEVEMENT_CODES[k] for k in ("T", "K", "Đ", "CĐ")] == list(
        AchievementLevel
    )
    assert codes.PASS_FAIL_CODES == {"Đ": PassFail.PASS, "CĐ": PassFail.FAIL}


def test_sex_codes_follow_qcvn_109() -> None:
    assert codes.SEX_CODES == {"0": None, "1": Sex.MALE, "2": Sex.FEMALE}


def test_level_codes() -> None:
    assert codes.LEVEL_CODES == {"02": Level.PRIMARY, "03": Level.LOWER_SECONDARY,
                                 "04": Level.UPPER_SECONDARY}  # fmt: skip


@pytest.mark.parametrize(
    ("written", "group"),
    [("H'Mông", EthnicGroup.HMONG), ("Mông", EthnicGroup.HMONG), ("Khmer", EthnicGroup.KHMER),
     ("Stiêng", EthnicGroup.XTIENG), ("Cờ Lao", EthnicGroup.CO_LAO),
     ("Giẻ Triêng", EthnicGroup.GIE_TRIENG), ("kinh", EthnicGroup.KINH)],
)  # fmt: skip
def test_ethnicity_variants(written: str, group: EthnicGroup) -> None:
    assert codes.parse_ethnicity(written) is group


def test_ethnicity_numbers_refused() -> None:
    with pytest.raises(ValueError, match="numeric codes differ between vendors"):
        codes.parse_ethnicity("11")


def test_dates() -> None:
    day = dt.date(2014, 3, 2)
    assert codes.format_date(day, codes.DateStyle.DMY) == "02/03/2014"
    assert codes.format_date(day, codes.DateStyle.ISO) == "2014-03-02"
    assert codes.parse_date("2/3/2014") == day
    assert codes.parse_date("2014-03-02", codes.DateStyle.ISO) == day
    with pytest.raises(ValueError, match="written yyyy-MM-dd") as iso:
        codes.parse_date("02/03/2014", codes.DateStyle.ISO)
    with pytest.raises(ValueError, match="Expected a valid date") as impossible:
        codes.parse_date("31/02/2014")
    # The date may be a pupil's birth date: it is never repeated.
    assert "2014" not in str(iso.value) + str(impossible.value)


def test_decimals() -> None:
    assert codes.parse_decimal("7,5") == Decimal("7.5")
    assert codes.parse_decimal("7.5") == Decimal("7.5")
    assert codes.parse_decimal(8) == Decimal(8)
    assert codes.format_decimal(Decimal("7.5"), comma=True) == "7,5"
    with pytest.raises(ValueError, match="not a decimal like"):
        codes.parse_decimal("1.000,5")
