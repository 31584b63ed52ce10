"""The primary spreadsheet: what it writes is never live, what it reads is never lost."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from hocbaso.errors import HocbasoNotSupportedError, VariantReadError
from hocbaso.examples import primary_example
from hocbaso.model import PrimarySubjectResult, Transcript
from hocbaso.variants import LossKind, LossReport, Side, detect_variant, get_variant

VARIANT = get_variant("primary-xlsx")
EXAMPLE = primary_example()
SHEETS = ("KetQuaHocTap", "ThongTin")
LINK = '=HYPERLINK("http://evil.example/","Nguyễn Thị Thu Hà")'


def _written(transcript: Transcript = EXAMPLE) -> bytes:
    return VARIANT.write(transcript)[0]


def _edited(change: Callable[[Workbook], None]) -> bytes:
    book = load_workbook(io.BytesIO(_written()))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _set(cells: dict[str, Any], sheet: str = "KetQuaHocTap") -> bytes:
    def change(book: Workbook) -> None:
        for coordinate, value in cells.items():
            book[sheet][coordinate] = value

    return _edited(change)


def _with_sheet_xml(data: bytes, member: str, edit: Callable[[str], str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:  # fmt: skip
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == member:
                body = edit(body.decode()).encode()
            target.writestr(info, body)
    return out.getvalue()


def _cached_formula(cell: str, formula: str, cached: str) -> Callable[[str], str]:
    # openpyxl cannot write a formula's saved result; Excel always does. Build the
    # cell as Excel saves it: the formula and, beside it, its last result.
    def edit(xml: str) -> str:
        new, count = re.subn(
            rf'<c r="{cell}"[^>]*>.*?</c>', f'<c r="{cell}"><f>{formula}</f><v>{cached}</v></c>',
            xml,
        )  # fmt: skip
        assert count == 1
        return new

    return edit


def _unmapped(report: LossReport) -> set[str]:
    return {
        e.source
        for e in report.entries
        if e.kind is LossKind.UNMAPPED and e.side is Side.READ
    }


def _renamed(name: str) -> Transcript:
    pupil = EXAMPLE.pupil.model_copy(update={"full_name": name})
    year = EXAMPLE.years[0].model_copy(update={"homeroom_teacher": "#N/A"})
    changed = EXAMPLE.model_copy(
        update={"pupil": pupil, "years": (year, *EXAMPLE.years[1:])}
    )
    return Transcript.model_validate(changed.model_dump())


# ----------------------------------------------------------------------------- writing


def _assert_all_text_is_string(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(member).decode(), member
    book = load_workbook(io.BytesIO(data))
    for title in SHEETS:
        for row in book[title].iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", f"{title}!{cell.coordinate}"


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_text_is_written_as_a_string_never_a_formula(prefix: str) -> None:
    name = prefix + LINK[1:]
    data = _written(_renamed(name))

    _assert_all_text_is_string(data)
    book = load_workbook(io.BytesIO(data))
    # A spreadsheet program keeps a quote-prefixed cell as text even when the
    # cell is edited and entered again.
    assert all(book["KetQuaHocTap"][f"D{line}"].quotePrefix for line in range(4, 9))
    assert book["ThongTin"]["B3"].quotePrefix
    back, _ = VARIANT.read(data)
    assert back.pupil.full_name == name
    assert back.years[0].homeroom_teacher == "#N/A"
    assert detect_variant(data).name == "primary-xlsx"


@settings(max_examples=20, deadline=None)
@given(
    prefix=st.sampled_from(["=", "+", "-", "@", "'", "#"]),
    rest=st.text('aăâbcdđeêy ()",/:=+-', min_size=1, max_size=30),
)
def test_any_leading_character_round_trips(prefix: str, rest: str) -> None:
    name = " ".join((prefix + rest).split())
    transcript = _renamed(name)
    data = _written(transcript)

    _assert_all_text_is_string(data)
    back, report = VARIANT.read(data)
    assert back.pupil.full_name == transcript.pupil.full_name
    assert _unmapped(report) == set()


# ----------------------------------------------------------------------------- formulas


def test_formula_without_saved_result_is_refused() -> None:
    data = _set({"G4": "=4+4"})

    with pytest.raises(
        VariantReadError, match=r"KetQuaHocTap!G4: The cell holds a formula"
    ):
        VARIANT.read(data)


def test_formula_without_saved_result_in_the_context_is_refused() -> None:
    data = _set({"B3": '="Nguyễn"&" Thị"'}, sheet="ThongTin")

    with pytest.raises(
        VariantReadError, match=r"ThongTin!B3: The cell holds a formula"
    ):
        VARIANT.read(data)


def test_formula_with_saved_result_is_read_and_reported() -> None:
    data = _with_sheet_xml(_written(), "xl/worksheets/sheet1.xml",
                           _cached_formula("G4", "4+4", "8"))  # fmt: skip

    back, report = VARIANT.read(data)

    first = back.years[0].subjects[0]
    assert isinstance(first, PrimarySubjectResult)
    assert first.test_score == 8
    assert _unmapped(report) == {"KetQuaHocTap!G4"}
    [entry] = [e for e in report.entries if e.source == "KetQuaHocTap!G4"]
    assert "formula" in entry.reason


# ----------------------------------------------------------------------------- dates


@pytest.mark.parametrize("value", [dt.datetime(2014, 3, 12), dt.date(2014, 3, 12)])
def test_birth_date_as_a_date_cell(value: object) -> None:
    data = _set({f"E{line}": value for line in range(4, 9)})

    back, _ = VARIANT.read(data)

    assert back.pupil.birth_date == dt.date(2014, 3, 12)


@pytest.mark.parametrize(
    ("value", "found"),
    [
        (dt.datetime(2014, 3, 12, 8, 30), "a time of day"),
        ("31/02/2014", "dd/MM/yyyy"),
        (41710, "dd/MM/yyyy"),
    ],
)
def test_bad_birth_date_names_the_cell_not_the_date(value: object, found: str) -> None:
    data = _set({"E6": value})

    with pytest.raises(VariantReadError, match=r"KetQuaHocTap!E6: ") as caught:
        VARIANT.read(data)

    message = str(caught.value)
    assert found in message
    assert not re.search(r"2014|41710|12/03", message)


# ----------------------------------------------------------------------------- one pupil


def test_conflicting_birth_date_is_a_second_pupil() -> None:
    data = _set({"E5": "01/01/2015"})

    with pytest.raises(
        HocbasoNotSupportedError, match="The sheet holds 2 pupils"
    ) as caught:
        VARIANT.read(data)

    assert "row 5" in str(caught.value)
    assert "2015" not in str(caught.value)


def test_blank_row_between_pupil_rows_keeps_cell_names() -> None:
    def change(book: Workbook) -> None:
        book["KetQuaHocTap"].insert_rows(6)
        book["KetQuaHocTap"]["G8"] = 8.5

    with pytest.raises(VariantReadError, match=r"KetQuaHocTap!G8: "):
        VARIANT.read(_edited(change))


# ----------------------------------------------------------------------------- unmapped


def test_extra_column_cell_and_sheet_are_unmapped() -> None:
    def change(book: Workbook) -> None:
        book["KetQuaHocTap"]["AS4"] = "ghi chú"
        book["ThongTin"]["C1"] = "ghi chú"
        book["ThongTin"]["J10"] = "ghi chú"
        book.create_sheet("GhiChu")["A1"] = "ghi chú"

    _, report = VARIANT.read(_edited(change))

    assert _unmapped(report) == {
        "KetQuaHocTap!AS4", "ThongTin!C1", "ThongTin!J10", "GhiChu"
    }  # fmt: skip
    assert "ghi chú" not in report.to_text()


def test_unknown_context_key_is_unmapped() -> None:
    data = _set({"A8": "ghi_chu", "B8": "x"}, sheet="ThongTin")

    _, report = VARIANT.read(data)

    assert _unmapped(report) == {"ThongTin!A8", "ThongTin!B8"}


def test_promotion_differing_from_completion_is_unmapped() -> None:
    data = _set({"AQ4": "0"})

    _, report = VARIANT.read(data)

    assert _unmapped(report) == {"KetQuaHocTap!AQ4"}


# ----------------------------------------------------------------------------- cells


@pytest.mark.parametrize("value", [8.5, 11, -1, "tám", True])
def test_bad_test_score_names_its_cell(value: object) -> None:
    data = _set({"G4": value})

    with pytest.raises(
        VariantReadError, match=r"KetQuaHocTap!G4: .*a whole number from 0 to 10"
    ) as caught:
        VARIANT.read(data)

    assert "Input should" not in str(caught.value)


def test_test_score_without_a_level_is_refused() -> None:
    data = _set({"F4": None})

    with pytest.raises(VariantReadError, match=r"KetQuaHocTap!G4: .*level in F4"):
        VARIANT.read(data)


@pytest.mark.parametrize(
    ("sheet", "cells", "where"),
    [
        ("KetQuaHocTap", {"B5": None}, "KetQuaHocTap!B5"),
        ("KetQuaHocTap", {f"C{n}": "x" for n in range(4, 9)}, "KetQuaHocTap!C4"),
        ("KetQuaHocTap", {f"D{n}": None for n in range(4, 9)}, "KetQuaHocTap!D4"),
        ("KetQuaHocTap", {"AQ4": "2"}, "KetQuaHocTap!AQ4"),
        ("ThongTin", {"A10": "2020"}, "ThongTin!A10"),
        ("ThongTin", {"B11": 9}, "ThongTin!B11"),
        ("ThongTin", {"D10": None}, "ThongTin!D10"),
        ("ThongTin", {"B1": None}, "ThongTin!B1"),
        ("ThongTin", {"B2": "x"}, "ThongTin!B2"),
    ],
)
def test_every_error_names_its_cell(
    sheet: str, cells: dict[str, Any], where: str
) -> None:
    data = _set(cells, sheet=sheet)

    with pytest.raises(VariantReadError, match=rf"{re.escape(where)}: ") as caught:
        VARIANT.read(data)

    assert "Input should" not in str(caught.value)
