import unicodedata

import pytest

from hocbaso.model import (
    AchievementLevel,
    EthnicGroup,
    Level,
    PassFail,
    SignerRole,
    Subject,
)
from hocbaso.model.subjects import CATALOGUE, subject_for_form_code
from hocbaso.model.vocabulary import PrimaryRating, Vocabulary


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("good", AchievementLevel.GOOD),
        ("Tốt", AchievementLevel.GOOD),
        ("T", AchievementLevel.GOOD),
        ("K", AchievementLevel.FAIR),
        ("Đ", AchievementLevel.PASS),
        ("CĐ", AchievementLevel.FAIL),
        ("chưa đạt", AchievementLevel.FAIL),
        (unicodedata.normalize("NFD", "Chưa đạt"), AchievementLevel.FAIL),
    ],
)
def test_achievement_level_accepts_codes_labels_and_abbreviations(
    text: str, expected: AchievementLevel
) -> None:
    assert AchievementLevel.parse(text) is expected


def test_unknown_value_names_the_accepted_codes() -> None:
    with pytest.raises(
        ValueError, match=r"Unknown PassFail 'Giỏi'; expected one of 'pass'"
    ):
        PassFail.parse("Giỏi")


def test_codes_are_ascii_and_unique_in_every_vocabulary() -> None:
    for vocabulary in Vocabulary.__subclasses__():
        if vocabulary is EthnicGroup:
            continue  # ethnic groups are identified by their canonical Vietnamese name
        codes = [member.value for member in vocabulary]
        assert len(codes) == len(set(codes)), vocabulary
        assert all(code.isascii() for code in codes), vocabulary


@pytest.mark.parametrize(
    ("spelling", "group"),
    [
        ("H'Mông", EthnicGroup.HMONG),
        ("HMông", EthnicGroup.HMONG),
        ("Mông", EthnicGroup.HMONG),
        ("Khmer", EthnicGroup.KHMER),
        ("Khơ-me", EthnicGroup.KHMER),
        ("Stiêng", EthnicGroup.XTIENG),
        ("Xtiêng", EthnicGroup.XTIENG),
        ("Cờ Lao", EthnicGroup.CO_LAO),
        ("Cơ Lao", EthnicGroup.CO_LAO),
        ("Giẻ Triêng", EthnicGroup.GIE_TRIENG),
        ("Gié-Triêng", EthnicGroup.GIE_TRIENG),
        ("Người nước ngoài", EthnicGroup.FOREIGN),
    ],
)
def test_ethnicity_spelling_variants_map_to_one_group(
    spelling: str, group: EthnicGroup
) -> None:
    assert EthnicGroup.parse(spelling) is group


def test_there_are_54_groups_and_no_alias_names_two_groups() -> None:
    assert len([g for g in EthnicGroup if g is not EthnicGroup.FOREIGN]) == 54
    seen: dict[str, EthnicGroup] = {}
    for group in EthnicGroup:
        for name in (group.value, group.label, *group.aliases):
            assert seen.setdefault(EthnicGroup.parse(name).value, group) is group


def test_roles_accept_vietnamese_terms() -> None:
    assert SignerRole.parse("Giáo viên chủ nhiệm") is SignerRole.HOMEROOM_TEACHER
    assert SignerRole.parse("Phó hiệu trưởng") is SignerRole.PRINCIPAL
    assert SignerRole.parse("school-seal") is SignerRole.SCHOOL_SEAL


def test_form_codes_differ_between_levels_and_map_back() -> None:
    assert subject_for_form_code(Level.PRIMARY, "01") is Subject.MATHEMATICS
    assert subject_for_form_code(Level.LOWER_SECONDARY, "15") is Subject.MATHEMATICS
    assert (
        subject_for_form_code(Level.UPPER_SECONDARY, "70") is Subject.FOREIGN_LANGUAGE_2
    )
    with pytest.raises(ValueError, match="Subject code '01' is not used at level"):
        subject_for_form_code(Level.UPPER_SECONDARY, "01")


def test_form_codes_are_unique_within_each_level() -> None:
    for level, rows in CATALOGUE.items():
        codes = [row.form_code for row in rows.values()]
        assert len(codes) == len(set(codes)), level


def test_primary_rating_abbreviations() -> None:
    assert PrimaryRating.parse("HTT") is PrimaryRating.WELL_COMPLETED
    assert PrimaryRating.parse("C") is PrimaryRating.NOT_COMPLETED
