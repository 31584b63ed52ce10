"""Bad input in each variant gives a clear error naming where and what."""

from __future__ import annotations

import json

import pytest

from hocbaso.errors import (
    HocbasoNotSupportedError,
    VariantNotApplicableError,
    VariantReadError,
)
from hocbaso.examples import lower_secondary_example, primary_example
from hocbaso.variants import LossReport, get_variant


def _central() -> dict[str, object]:
    data, _ = get_variant("central-json").write(primary_example())
    return json.loads(data)  # type: ignore[no-any-return]


def _read_central(document: object) -> None:
    get_variant("central-json").read(json.dumps(document, ensure_ascii=False).encode())


def test_central_unknown_subject_code() -> None:
    doc = _central()
    doc["hoc_ba_nam"][0]["ket_qua_mon_hoc"][0]["mon_hoc_id"] = "77"  # type: ignore[index]
    with pytest.raises(
        VariantReadError,
        match=r"hoc_ba_nam\[0\]\.ket_qua_mon_hoc\[0\]\.mon_hoc_id: Code '77'",
    ):
        _read_central(doc)


def test_central_unknown_sex_code() -> None:
    doc = _central()
    doc["nguoi_hoc"]["gioi_tinh"]["gioi_tinh_id"] = "0"  # type: ignore[index]
    with pytest.raises(VariantReadError, match=r"gioi_tinh_id: Sex code '0' \(unknown"):
        _read_central(doc)


def test_central_bad_date_and_missing_member() -> None:
    doc = _central()
    doc["nguoi_hoc"]["ngay_sinh"] = "31/02/2014"  # type: ignore[index]
    with pytest.raises(
        VariantReadError, match=r"\$\.nguoi_hoc\.ngay_sinh: Expected a valid date"
    ) as refused:
        _read_central(doc)
    assert "31/02/2014" not in str(refused.value)
    doc = _central()
    del doc["hoc_ba_id"]
    with pytest.raises(
        VariantReadError,
        match=r"\$\.hoc_ba_id: The required member 'hoc_ba_id' is missing",
    ):
        _read_central(doc)
    doc = _central()
    doc["nguoi_hoc"]["ho_va_ten"] = ""  # type: ignore[index]
    with pytest.raises(
        VariantReadError, match=r"\.ho_va_ten: The required member 'ho_va_ten' is empty"
    ):
        _read_central(doc)


def test_central_not_json_and_single_year() -> None:
    with pytest.raises(
        VariantReadError, match="line 1, column 2: The file is not JSON"
    ):
        get_variant("central-json").read(b"{nope")
    with pytest.raises(HocbasoNotSupportedError, match="single year object"):
        _read_central({"nguoi_hoc": {}, "tong_ket_hoc_ba": {}})


def test_central_unknown_member_is_unmapped() -> None:
    doc = _central()
    doc["ghi_chu_nha_cung_cap"] = "x"
    _, report = get_variant("central-json").read(json.dumps(doc).encode())
    assert any(e.source == "$.ghi_chu_nha_cung_cap" and e.kind.value == "unmapped"
               for e in report.entries)  # fmt: skip


@pytest.mark.parametrize("member", ["so_buoi_nghi_co_phep", "so_buoi_nghi_khong_phep"])
def test_central_blank_absence_count_is_reported(member: str) -> None:
    doc = _central()
    doc["hoc_ba_nam"][1]["tong_ket_hoc_ba"][member] = None  # type: ignore[index]
    transcript, report = get_variant("central-json").read(json.dumps(doc).encode())
    [entry] = [e for e in report.entries if e.path.endswith(".attendance")]
    assert entry.path == f"years[{transcript.years[1].school_year}].attendance"
    assert entry.source == f"$.hoc_ba_nam[1].tong_ket_hoc_ba.{member}"
    assert entry.kind.value == "approximated"


def test_central_secondary_blank_absence_total_is_reported() -> None:
    data, _ = get_variant("central-json").write(lower_secondary_example())
    doc = json.loads(data)
    doc["hoc_ba_nam"][0]["tong_ket_hoc_ba"]["so_buoi_nghi_hoc"] = ""
    transcript, report = get_variant("central-json").read(json.dumps(doc).encode())
    assert transcript.years[0].attendance.total == 0
    first = f"years[{transcript.years[0].school_year}].attendance"
    [entry] = [e for e in report.entries if e.path == first]
    assert entry.source == "$.hoc_ba_nam[0].tong_ket_hoc_ba.so_buoi_nghi_hoc"
    assert "unknown, not zero" in entry.reason


def _csdl_lines() -> list[dict[str, object]]:
    data, _ = get_variant("csdl-record").write(lower_secondary_example())
    return [json.loads(line) for line in data.decode().splitlines()]


def _read_csdl(lines: list[dict[str, object]]) -> tuple[object, LossReport]:
    body = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    return get_variant("csdl-record").read(body.encode())


def test_csdl_bad_rating_names_line_and_column() -> None:
    lines = _csdl_lines()
    lines[1]["hocky1"] = "G"
    with pytest.raises(
        VariantReadError,
        match=r"line 2, hocky1: Code 'G' is not one of 'T', 'K', 'Đ', 'CĐ'",
    ):
        _read_csdl(lines)


def test_csdl_numeric_ethnicity_refused() -> None:
    lines = _csdl_lines()
    lines[0]["dantoc"] = "1"
    with pytest.raises(VariantReadError, match="numeric codes differ between vendors"):
        _read_csdl(lines)


def test_csdl_disabled_flag_is_unmapped() -> None:
    lines = _csdl_lines()
    lines[1]["cokhuyettatkhongdanhgia"] = "1"
    _, report = _read_csdl(lines)
    assert not report.lossless


def test_csdl_blank_absence_count_is_reported() -> None:
    lines = _csdl_lines()
    lines[1]["songhikhongphep"] = ""
    _, report = _read_csdl(lines)
    [entry] = [e for e in report.entries if e.path.endswith(".attendance")]
    assert entry.source == "line 2, songhikhongphep"
    assert entry.path == f"years[{lines[1]['namhoc']}].attendance"


def test_csdl_garbage_line() -> None:
    with pytest.raises(
        VariantReadError, match="line 1, column 1: The line is not JSON"
    ):
        get_variant("csdl-record").read(b"nope\n")


def test_xlsx_refuses_secondary_and_plain_workbooks() -> None:
    with pytest.raises(VariantNotApplicableError, match="holds primary transcripts"):
        get_variant("primary-xlsx").write(lower_secondary_example())
    with pytest.raises(VariantReadError, match=r"not a readable \.xlsx workbook"):
        get_variant("primary-xlsx").read(b"PK\x03\x04junk")


def test_xlsx_bad_cell_named() -> None:
    import io

    from openpyxl import load_workbook

    data, _ = get_variant("primary-xlsx").write(primary_example())
    book = load_workbook(io.BytesIO(data))
    book["KetQuaHocTap"]["F4"] = "X"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(
        VariantReadError, match=r"KetQuaHocTap!F4: Code 'X' is not one of 'T', 'H', 'C'"
    ):
        get_variant("primary-xlsx").read(out.getvalue())


def test_canonical_xml_refuses_doctype() -> None:
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]>'
        b'<Transcript xmlns="urn:hocbaso:transcript:1"/>'
    )
    with pytest.raises(VariantReadError, match="canonical-xml"):
        get_variant("canonical-xml").read(evil)
