"""Canonical -> variant -> canonical keeps what the variant holds; the report lists the rest."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from hocbaso.examples import lower_secondary_example, primary_example
from hocbaso.examples.generator import generate_transcript
from hocbaso.model import Level, Provenance, Transcript
from hocbaso.variants import LossKind, LossReport, Side, get_variant
from hocbaso.variants.paths import changed_paths
from tests.strategies import provenances

ALL_LEVELS = ["canonical-xml", "central-json", "csdl-record", "egov-xml"]
PRIMARY_ONLY = ["primary-xlsx"]


def _covers(entry_path: str, path: str) -> bool:
    return path == entry_path or path.startswith((f"{entry_path}.", f"{entry_path}["))


def assert_exact_report(name: str, transcript: Transcript) -> None:
    variant = get_variant(name)
    data, report = variant.write(transcript)
    back, _ = variant.read(data)
    changed = changed_paths(transcript, back)
    reported = report.paths(LossKind.DROPPED, LossKind.APPROXIMATED, side=Side.WRITE)
    uncovered = {p for p in changed if not any(_covers(e, p) for e in reported)}
    unchanged = {e for e in reported if not any(_covers(e, p) for p in changed)}
    assert not uncovered, f"{name}: changed but not reported: {sorted(uncovered)}"
    assert not unchanged, f"{name}: reported but not changed: {sorted(unchanged)}"


@pytest.mark.parametrize("name", ALL_LEVELS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_generated_any_level(name: str, seed: int) -> None:
    assert_exact_report(name, generate_transcript(seed))


@pytest.mark.parametrize("name", ALL_LEVELS + PRIMARY_ONLY)
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_generated_primary(name: str, seed: int) -> None:
    assert_exact_report(name, generate_transcript(seed, level=Level.PRIMARY))


@pytest.mark.parametrize("name", ALL_LEVELS + PRIMARY_ONLY)
def test_primary_example(name: str) -> None:
    assert_exact_report(name, primary_example())


@pytest.mark.parametrize("name", ALL_LEVELS)
def test_lower_secondary_example_two_provinces(name: str) -> None:
    transcript = lower_secondary_example()
    assert_exact_report(name, transcript)
    back, _ = get_variant(name).read(get_variant(name).write(transcript)[0])
    # Administrative names travel as issued, old district line and all.
    assert [s.address.province for s in back.schools] == [
        s.address.province for s in transcript.schools
    ]
    assert back.schools[0].address.district == "Quận Hoàn Kiếm"
    assert back.schools[1].address.district is None


def test_canonical_xml_is_lossless() -> None:
    _, report = get_variant("canonical-xml").write(primary_example())
    assert report.lossless and report.entries == ()


def test_renumbered_and_unused_schools_are_reported() -> None:
    transcript = primary_example()
    school = transcript.schools[0]
    spare = school.model_copy(update={"id": "spare"})
    renamed = transcript.model_copy(update={
        "schools": (school.model_copy(update={"id": "LP"}), spare),
        "years": tuple(y.model_copy(update={"school": "LP"}) for y in transcript.years),
    })  # fmt: skip
    renamed = Transcript.model_validate(renamed.model_dump())
    for name in ("central-json", "csdl-record", "primary-xlsx"):
        assert_exact_report(name, renamed)
        _, report = get_variant(name).write(renamed)
        assert "schools[spare]" in report.paths(LossKind.DROPPED)


def test_awards_with_separator_are_approximated() -> None:
    transcript = primary_example()
    year = transcript.years[3].model_copy(update={"awards": ("Giải Nhất; cấp huyện",)})
    changed = transcript.model_copy(update={"years": (*transcript.years[:3], year,
                                                      *transcript.years[4:])})  # fmt: skip
    assert_exact_report("central-json", changed)
    _, report = get_variant("central-json").write(changed)
    assert "years[2023-2024].awards" in report.paths(LossKind.APPROXIMATED)


def test_primary_result_is_derived_or_approximated() -> None:
    transcript = primary_example()
    _, report = get_variant("central-json").write(transcript)
    derived = report.paths(LossKind.DERIVED)
    assert "years[2020-2021].result" in derived
    _, read_report = get_variant("central-json").read(
        get_variant("central-json").write(transcript)[0]
    )
    assert "years[2020-2021].result" in read_report.paths(
        LossKind.APPROXIMATED, side=Side.READ
    )


def _xlsx_read_report(transcript: Transcript) -> LossReport:
    variant = get_variant("primary-xlsx")
    return variant.read(variant.write(transcript)[0])[1]


def _invented(transcript: Transcript) -> set[str]:
    """Return what a sheet never holds but the model states: absences, version."""
    return {f"years[{y.school_year}].attendance" for y in transcript.years} | {
        "version"
    }


def test_xlsx_read_reports_the_absences_it_invents() -> None:
    # Regression: the sheet has no absence columns, yet reading gave
    # Attendance(0, 0) and a read report that said "Lossless".
    transcript = primary_example()

    report = _xlsx_read_report(transcript)

    assert not report.lossless
    assert report.to_text().startswith("Not lossless.")
    read = report.paths(LossKind.APPROXIMATED, side=Side.READ)
    assert "years[2020-2021].attendance" in read
    assert read == _invented(transcript) == report.paths()


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_xlsx_read_report_lists_exactly_the_invented_values(seed: int) -> None:
    transcript = generate_transcript(seed, level=Level.PRIMARY)

    report = _xlsx_read_report(transcript)

    assert report.paths(LossKind.APPROXIMATED, side=Side.READ) == _invented(transcript)
    assert report.paths(side=Side.WRITE) == frozenset()


def test_xlsx_blank_status_and_nationality_are_reported() -> None:
    variant = get_variant("primary-xlsx")
    book = load_workbook(io.BytesIO(variant.write(primary_example())[0]))
    context = book["ThongTin"]
    for row in context.iter_rows():
        if row[0].value in ("trang_thai", "quoc_tich"):
            row[1].value = None
    out = io.BytesIO()
    book.save(out)

    back, report = variant.read(out.getvalue())

    assert back.pupil.nationality == "Việt Nam"
    assert {"status", "pupil.nationality"} <= report.paths(LossKind.APPROXIMATED)


def test_xlsx_bytes_are_deterministic() -> None:
    variant = get_variant("primary-xlsx")
    assert variant.write(primary_example())[0] == variant.write(primary_example())[0]


@pytest.mark.parametrize("name", ALL_LEVELS + PRIMARY_ONLY)
@settings(max_examples=10, deadline=None)
@given(record=provenances())
def test_provenance_is_carried_or_reported(name: str, record: Provenance) -> None:
    transcript = primary_example().model_copy(update={"provenance": record})
    assert_exact_report(name, transcript)
    _, report = get_variant(name).write(transcript)
    dropped = "provenance" in report.paths(LossKind.DROPPED, side=Side.WRITE)
    assert dropped == (name != "canonical-xml")
