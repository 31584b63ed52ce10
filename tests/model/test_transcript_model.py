import datetime as dt
import unicodedata
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from hocbaso.examples import lower_secondary_example, primary_example
from hocbaso.model import (
    AdministrativeAddress,
    PassFail,
    Pupil,
    SecondarySubjectResult,
    Sex,
    Subject,
    Transcript,
    check_personal_id,
)


def _replace_year(transcript: Transcript, index: int, **changes: Any) -> dict[str, Any]:
    data = transcript.model_dump(mode="json")
    data["years"][index].update(changes)
    return data


class TestPersonalId:
    def test_a_consistent_identifier_passes(self) -> None:
        check_personal_id("037314000123", Sex.FEMALE, dt.date(2014, 3, 12))
        check_personal_id("001211004567", Sex.MALE, dt.date(2011, 10, 21))
        check_personal_id("079099000001", Sex.MALE, dt.date(1999, 1, 1))

    @pytest.mark.parametrize(
        ("value", "sex", "born", "message"),
        [
            ("03731400012", Sex.FEMALE, dt.date(2014, 3, 12), "exactly 12 digits"),
            ("03731400012x", Sex.FEMALE, dt.date(2014, 3, 12), "exactly 12 digits"),
            ("103314000123", Sex.FEMALE, dt.date(2014, 3, 12), "must start with 0"),
            ("003314000123", Sex.FEMALE, dt.date(2014, 3, 12), "code of a province"),
            ("037214000123", Sex.FEMALE, dt.date(2014, 3, 12), "Digit 4 .* sex"),
            ("037114000123", Sex.FEMALE, dt.date(2014, 3, 12), "Digit 4"),
            ("037315000123", Sex.FEMALE, dt.date(2014, 3, 12), "Digits 5-6"),
        ],
    )
    def test_inconsistent_identifiers_are_refused(
        self, value: str, sex: Sex, born: dt.date, message: str
    ) -> None:
        with pytest.raises(ValueError, match=message) as refused:
            check_personal_id(value, sex, born)
        # A minor's identifier, sex and birth year stay out of the message.
        text = str(refused.value)
        assert value not in text and value[:6] not in text
        assert str(born.year) not in text and sex.label not in text

    def test_the_pupil_model_runs_the_check(self) -> None:
        pupil = primary_example().pupil.model_dump(mode="json")
        pupil["sex"] = "male"
        with pytest.raises(ValidationError, match="Digit 4"):
            Pupil.model_validate(pupil)


class TestAddresses:
    def test_before_july_2025_a_district_is_required(self) -> None:
        with pytest.raises(ValidationError, match="needs a district"):
            AdministrativeAddress(
                as_of=dt.date(2025, 6, 30),
                province="Tỉnh Ninh Bình",
                commune="Xã Kim Tân",
            )

    def test_from_july_2025_there_is_no_district(self) -> None:
        with pytest.raises(ValidationError, match="district level was abolished"):
            AdministrativeAddress(
                as_of=dt.date(2025, 7, 1),
                province="Tỉnh Ninh Bình",
                district="Huyện Kim Sơn",
                commune="Xã Kim Tân",
            )

    def test_province_codes_follow_the_period(self) -> None:
        # Long An (80) was merged into Tây Ninh, which took code 80 on 1 July 2025;
        # Thái Bình (34) was merged into Hưng Yên and its code disappeared.
        AdministrativeAddress(
            as_of=dt.date(2024, 9, 5), province="Tỉnh Thái Bình", district="Huyện Vũ Thư",
            commune="Xã Tân Hòa", province_code="34",
        )  # fmt: skip
        with pytest.raises(ValidationError, match="Province code '34' did not exist"):
            AdministrativeAddress(
                as_of=dt.date(2025, 9, 5), province="Tỉnh Thái Bình",
                commune="Xã Tân Hòa", province_code="34",
            )  # fmt: skip

    def test_the_example_keeps_both_systems_side_by_side(self) -> None:
        first, second = lower_secondary_example().schools
        assert first.address.district == "Quận Hoàn Kiếm"
        assert second.address.district is None
        assert second.address.one_line() == "Phường Bến Thành, Thành phố Hồ Chí Minh"


class TestTranscriptStructure:
    def test_examples_build(self) -> None:
        assert len(primary_example().years) == 5
        assert [y.grade for y in lower_secondary_example().years] == [6, 7, 8, 9]

    def test_text_is_normalised_to_nfc(self) -> None:
        data = primary_example().model_dump(mode="json")
        data["pupil"]["full_name"] = unicodedata.normalize("NFD", "Nguyễn Thị Thu Hà")
        transcript = Transcript.model_validate(data)
        assert transcript.pupil.full_name == "Nguyễn Thị Thu Hà"
        assert unicodedata.is_normalized("NFC", transcript.pupil.full_name)

    def test_control_characters_are_refused(self) -> None:
        data = primary_example().model_dump(mode="json")
        data["pupil"]["full_name"] = "Nguyễn\x01Hà"
        with pytest.raises(ValidationError, match="control character"):
            Transcript.model_validate(data)

    def test_models_are_immutable(self) -> None:
        transcript = primary_example()
        with pytest.raises(ValidationError, match="frozen"):
            transcript.lookup_code = "X"  # type: ignore[misc]

    def test_unknown_fields_are_refused(self) -> None:
        data = primary_example().model_dump(mode="json")
        data["pupil"]["nickname"] = "Bé"
        with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
            Transcript.model_validate(data)

    def test_a_year_must_name_a_known_school(self) -> None:
        data = _replace_year(primary_example(), 1, school="S9")
        with pytest.raises(
            ValidationError, match="names school 'S9', which is not among"
        ):
            Transcript.model_validate(data)

    def test_years_go_in_order_one_per_school_year(self) -> None:
        data = primary_example().model_dump(mode="json")
        data["years"][1], data["years"][2] = data["years"][2], data["years"][1]
        with pytest.raises(ValidationError, match="out of order"):
            Transcript.model_validate(data)

    def test_a_school_year_spans_two_consecutive_years(self) -> None:
        data = _replace_year(primary_example(), 0, school_year="2020-2022")
        with pytest.raises(ValidationError, match="two consecutive years"):
            Transcript.model_validate(data)

    def test_a_grade_outside_the_level_is_refused(self) -> None:
        data = lower_secondary_example().model_dump(mode="json")
        data["level"] = "upper-secondary"
        with pytest.raises(ValidationError, match="holds grades 10-12"):
            Transcript.model_validate(data)

    def test_a_subject_not_taught_at_the_level_is_refused(self) -> None:
        transcript = primary_example()
        data = transcript.model_dump(mode="json")
        data["years"][4]["subjects"][0]["subject"] = "physics"
        with pytest.raises(ValidationError, match="'physics' is not taught at level"):
            Transcript.model_validate(data)

    def test_an_unknown_subject_is_refused(self) -> None:
        data = primary_example().model_dump(mode="json")
        data["years"][4]["subjects"][0]["subject"] = "astrology"
        with pytest.raises(ValidationError, match="Input should be 'vietnamese'"):
            Transcript.model_validate(data)

    def test_a_subject_appears_once_per_year(self) -> None:
        data = primary_example().model_dump(mode="json")
        subjects = data["years"][0]["subjects"]
        subjects.append(subjects[0])
        with pytest.raises(ValidationError, match="vietnamese appears twice"):
            Transcript.model_validate(data)

    def test_primary_tables_must_be_complete(self) -> None:
        data = primary_example().model_dump(mode="json")
        del data["years"][0]["qualities"]["honesty"]
        with pytest.raises(ValidationError, match="qualities table lacks honesty"):
            Transcript.model_validate(data)


class TestSecondaryMarks:
    def test_scores_have_at_most_one_decimal(self) -> None:
        with pytest.raises(ValidationError, match="at most one decimal"):
            SecondarySubjectResult(subject=Subject.MATHEMATICS, year=Decimal("7.25"))

    def test_scores_lie_between_0_and_10(self) -> None:
        with pytest.raises(ValidationError, match="less than or equal to 10"):
            SecondarySubjectResult(subject=Subject.MATHEMATICS, year=Decimal("10.5"))

    def test_one_decimal_is_kept_as_written(self) -> None:
        row = SecondarySubjectResult(subject=Subject.MATHEMATICS, year=Decimal("7"))
        assert str(row.year) == "7.0"

    def test_a_scored_subject_cannot_be_rated_pass(self) -> None:
        data = lower_secondary_example().model_dump(mode="json")
        data["years"][0]["subjects"][1]["year"] = PassFail.PASS
        with pytest.raises(ValidationError, match="'mathematics' is assessed by"):
            Transcript.model_validate(data)

    def test_a_comment_subject_cannot_have_a_score(self) -> None:
        data = lower_secondary_example().model_dump(mode="json")
        pe = next(
            s
            for s in data["years"][0]["subjects"]
            if s["subject"] == "physical-education"
        )
        pe["year"] = Decimal("8.0")
        with pytest.raises(ValidationError, match=r"must be Đạt or Chưa đạt, not 8\.0"):
            Transcript.model_validate(data)

    def test_only_upper_secondary_has_electives(self) -> None:
        data = lower_secondary_example().model_dump(mode="json")
        data["years"][0]["electives"] = ["technology"]
        with pytest.raises(ValidationError, match="only upper secondary has electives"):
            Transcript.model_validate(data)
