"""The central-json reader refuses wrong values cleanly and reports every unknown member."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hocbaso.cli._common import run_guarded
from hocbaso.cli._variants import convert
from hocbaso.errors import HocbasoNotSupportedError, VariantReadError
from hocbaso.examples import lower_secondary_example, primary_example
from hocbaso.examples.generator import generate_transcript
from hocbaso.model import PrimarySubjectResult, Transcript
from hocbaso.variants import LossKind, LossReport, Side, get_variant

CENTRAL = get_variant("central-json")
UNKNOWN = "thanh_phan_la"
"""A member name the central system's templates do not have."""
PERSONAL = "Nguyễn Văn Hùng"
"""A name: error messages must never repeat it."""


def _document(transcript: Transcript) -> dict[str, Any]:
    data, _ = CENTRAL.write(transcript)
    document: dict[str, Any] = json.loads(data, parse_float=Decimal)
    return document


def _encode(document: object) -> bytes:
    return json.dumps(document, ensure_ascii=False, default=str).encode()


def _read(document: object) -> tuple[Transcript, LossReport]:
    return CENTRAL.read(_encode(document))


def _unmapped(report: LossReport) -> list[str]:
    return [
        entry.source
        for entry in report.entries
        if entry.kind is LossKind.UNMAPPED and entry.side is Side.READ
    ]


def _objects(value: object, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield every JSON object inside ``value``, at any depth, with its JSON path."""
    if isinstance(value, dict):
        yield where, value
        for key, member in list(value.items()):
            yield from _objects(member, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _objects(item, f"{where}[{index}]")


# ------------------------------------------------------------------ absence counts

_COUNT = "$.hoc_ba_nam[0].tong_ket_hoc_ba"
_BAD_COUNTS = [
    Decimal("2.7"), -1, 1000, "abc", True, False, [], [2], {}, {"n": 2}, float("nan"),
]  # fmt: skip


@pytest.mark.parametrize("member", ["so_buoi_nghi_co_phep", "so_buoi_nghi_khong_phep"])
@pytest.mark.parametrize("value", _BAD_COUNTS, ids=repr)
def test_primary_bad_absence_count_names_the_member(member: str, value: object) -> None:
    document = _document(primary_example())
    document["hoc_ba_nam"][0]["tong_ket_hoc_ba"][member] = value
    with pytest.raises(VariantReadError, match=r"whole number from 0 to 400") as caught:
        _read(document)
    assert str(caught.value).startswith(f"central-json: {_COUNT}.{member}: ")


@pytest.mark.parametrize("value", _BAD_COUNTS, ids=repr)
def test_secondary_bad_absence_total_names_the_member(value: object) -> None:
    document = _document(lower_secondary_example())
    document["hoc_ba_nam"][0]["tong_ket_hoc_ba"]["so_buoi_nghi_hoc"] = value
    with pytest.raises(VariantReadError, match=r"whole number from 0 to 400") as caught:
        _read(document)
    assert f"{_COUNT}.so_buoi_nghi_hoc: " in str(caught.value)


def test_bad_absence_count_message_does_not_repeat_the_text() -> None:
    document = _document(primary_example())
    document["hoc_ba_nam"][0]["tong_ket_hoc_ba"]["so_buoi_nghi_co_phep"] = PERSONAL
    with pytest.raises(VariantReadError, match="found text") as caught:
        _read(document)
    assert PERSONAL not in str(caught.value)


@pytest.mark.parametrize("value", ["3", 3, Decimal("3.0")], ids=repr)
def test_absence_count_as_number_or_numeric_text_is_read(value: object) -> None:
    document = _document(primary_example())
    document["hoc_ba_nam"][0]["tong_ket_hoc_ba"]["so_buoi_nghi_co_phep"] = value
    transcript, report = _read(document)
    assert transcript.years[0].attendance.excused == 3
    assert not [e for e in report.entries if e.path.endswith(".attendance")]


def test_convert_bad_absence_count_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = _document(primary_example())
    document["hoc_ba_nam"][0]["tong_ket_hoc_ba"]["so_buoi_nghi_co_phep"] = Decimal(
        "2.7"
    )
    source = tmp_path / "in.json"
    source.write_bytes(_encode(document))
    group = click.Group(commands=[convert])
    args = ["convert", str(source), "--to", "canonical-xml", "-o", str(tmp_path / "o")]
    assert run_guarded(group, args, verbose=False) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert f"{_COUNT}.so_buoi_nghi_co_phep: " in line


# ------------------------------------------------------------------ wrong JSON types


@pytest.mark.parametrize("value", [True, False, [], {}, [8]], ids=repr)
def test_primary_test_score_of_wrong_type_is_refused(value: object) -> None:
    document = _document(primary_example())
    document["hoc_ba_nam"][0]["ket_qua_mon_hoc"][0]["diem_tong_ket"] = value
    with pytest.raises(
        VariantReadError,
        match=r"\$\.hoc_ba_nam\[0\]\.ket_qua_mon_hoc\[0\]\.diem_tong_ket: Expected a",
    ):
        _read(document)


def test_primary_test_score_as_numeric_text_is_read() -> None:
    document = _document(primary_example())
    document["hoc_ba_nam"][0]["ket_qua_mon_hoc"][0]["diem_tong_ket"] = "8"
    transcript, _ = _read(document)
    row = transcript.years[0].subjects[0]
    assert isinstance(row, PrimarySubjectResult)
    assert row.test_score == 8


@pytest.mark.parametrize(
    ("keys", "member"),
    [
        (("hoc_ba_nam", 0, "giao_vien_chu_nhiem", "ho_va_ten"), "ho_va_ten"),
        (("hoc_ba_nam", 0, "ten_lop_hoc"), "ten_lop_hoc"),
        (("hoc_ba_nam", 0, "tong_ket_hoc_ba", "khen_thuong"), "khen_thuong"),
        (("hoc_ba_nam", 0, "tong_ket_hoc_ba", "nhan_xet_tong_hop"), "nhan_xet_tong_hop"),
        (("nguoi_hoc", "ho_va_ten"), "ho_va_ten"),
        (("nguoi_hoc", "ngay_sinh"), "ngay_sinh"),
        (("nguoi_hoc", "thong_tin_cha", "ho_va_ten"), "ho_va_ten"),
        (("nguoi_hoc", "thong_tin_me", "nghe_nghiep"), "nghe_nghiep"),
        (("nguoi_hoc", "dan_toc", "ten_dan_toc"), "ten_dan_toc"),
        (("nguoi_hoc", "quoc_tich", "ten_quoc_tich"), "ten_quoc_tich"),
        (("nguoi_hoc", "noi_sinh", "dia_chi_chi_tiet"), "dia_chi_chi_tiet"),
        (("giam_hieu_ky_hoc_ba", "ho_va_ten"), "ho_va_ten"),
        (("giam_hieu_ky_hoc_ba", "chuc_vu_cong_tac", "ten_chuc_vu_cong_tac"),
         "ten_chuc_vu_cong_tac"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("value", [True, 7, ["x"], {"x": "y"}], ids=repr)
def test_text_of_wrong_type_is_refused(
    keys: tuple[str | int, ...], member: str, value: object
) -> None:
    document = _document(primary_example())
    parent: Any = document
    for key in keys[:-1]:
        parent = parent[key]
    parent[keys[-1]] = value
    with pytest.raises(VariantReadError, match=rf"\.{member}: Expected text") as caught:
        _read(document)
    assert "$." + ".".join(str(k) for k in keys).replace(".0.", "[0].") in str(
        caught.value
    )


@pytest.mark.parametrize(
    ("transcript", "keys", "where"),
    [
        (primary_example(), ("nguoi_hoc", "thong_tin_cha", "ho_va_ten"),
         r"\$\.nguoi_hoc\.thong_tin_cha name"),
        (primary_example(), ("giam_hieu_ky_hoc_ba", "chuc_vu_cong_tac",
                             "ten_chuc_vu_cong_tac"), r"\$\.giam_hieu_ky_hoc_ba position"),
        (lower_secondary_example(), ("hoc_ba_nam", 0, "tong_ket_hoc_ba", "loai_chung_chi"),
         r"\$\.hoc_ba_nam\[0\]\.tong_ket_hoc_ba name"),
    ],
    ids=["guardian", "issuer", "certificate"],
)  # fmt: skip
def test_blank_text_in_a_part_is_refused_with_its_place(
    transcript: Transcript, keys: tuple[str | int, ...], where: str
) -> None:
    document = _document(transcript)
    parent: Any = document
    for key in keys[:-1]:
        parent = parent[key]
    parent[keys[-1]] = "   "
    with pytest.raises(VariantReadError, match=rf"{where}: .*Text is blank"):
        _read(document)


@pytest.mark.parametrize(
    "keys",
    [
        ("nguoi_hoc", "quoc_tich"),
        ("nguoi_hoc", "dan_toc"),
        ("nguoi_hoc", "noi_sinh"),
        ("nguoi_hoc", "thong_tin_cha"),
        ("giam_hieu_ky_hoc_ba",),
        ("giam_hieu_ky_hoc_ba", "chuc_vu_cong_tac"),
        ("hoc_ba_nam", 0, "ket_qua_mon_hoc", 0, "ket_qua_hoc_tap"),
        ("hoc_ba_nam", 0, "bang_nang_luc_pham_chat", 0, "nang_luc_pham_chat"),
        ("hoc_ba_nam", 0, "bang_nang_luc_pham_chat", 0, "muc_danh_gia_nang_luc"),
    ],
)
@pytest.mark.parametrize("value", ["text", 1, True, ["x"]], ids=repr)
def test_object_of_wrong_type_is_refused(
    keys: tuple[str | int, ...], value: object
) -> None:
    document = _document(primary_example())
    parent: Any = document
    for key in keys[:-1]:
        parent = parent[key]
    parent[keys[-1]] = value
    with pytest.raises(VariantReadError, match="Expected a JSON object"):
        _read(document)


@pytest.mark.parametrize("member", ["ket_qua_mon_hoc", "bang_nang_luc_pham_chat"])
@pytest.mark.parametrize("value", ["text", {"a": {}}, 1], ids=repr)
def test_list_of_wrong_type_is_refused(member: str, value: object) -> None:
    document = _document(primary_example())
    document["hoc_ba_nam"][0][member] = value
    with pytest.raises(
        VariantReadError, match=rf"\$\.hoc_ba_nam\[0\]\.{member}: Expected a list"
    ):
        _read(document)


@pytest.mark.parametrize("value", [True, 2, "x", []], ids=repr)
def test_status_other_than_1_or_0_is_refused(value: object) -> None:
    document = _document(primary_example())
    document["is_co_hieu_luc"] = value
    with pytest.raises(VariantReadError, match=r"\$\.is_co_hieu_luc: "):
        _read(document)


@pytest.mark.parametrize(("value", "in_force"), [(1, True), ("0", False), (0, False)])
def test_status_1_or_0_is_read(value: object, in_force: bool) -> None:
    document = _document(primary_example())
    document["is_co_hieu_luc"] = value
    transcript, _ = _read(document)
    assert (transcript.status.value == "in-force") is in_force


# ------------------------------------------------------------------ unknown members


@pytest.mark.parametrize(
    "transcript",
    [primary_example(), lower_secondary_example()],
    ids=["primary", "lower-secondary"],
)
def test_unknown_member_in_any_object_is_unmapped(transcript: Transcript) -> None:
    document = _document(transcript)
    document["nguoi_hoc"]["thong_tin_nguoi_giam_ho"] = {"ho_va_ten": "Lê Văn An"}
    expected = []
    for where, found in list(_objects(document, "$")):
        found[UNKNOWN] = "x"
        expected.append(f"{where}.{UNKNOWN}")
    _, report = _read(document)
    assert sorted(_unmapped(report)) == sorted(expected)
    assert len(expected) > 40


def test_unknown_object_is_one_entry() -> None:
    document = _document(primary_example())
    document["hoc_ba_nam"][2]["co_so_giao_duc"]["dia_chi"][UNKNOWN] = {"a": {"b": 1}}
    _, report = _read(document)
    assert _unmapped(report) == [f"$.hoc_ba_nam[2].co_so_giao_duc.dia_chi.{UNKNOWN}"]


def test_member_of_the_other_level_is_unmapped() -> None:
    document = _document(primary_example())
    document["hoc_ba_nam"][0]["tong_ket_hoc_ba"]["so_buoi_nghi_hoc"] = 4
    document["hoc_ba_nam"][0]["ket_qua_mon_hoc"][0]["diem_hoc_ky_1"] = 7
    _, report = _read(document)
    assert sorted(_unmapped(report)) == [
        "$.hoc_ba_nam[0].ket_qua_mon_hoc[0].diem_hoc_ky_1",
        "$.hoc_ba_nam[0].tong_ket_hoc_ba.so_buoi_nghi_hoc",
    ]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_written_file_reads_back_with_nothing_unmapped(seed: int) -> None:
    data, _ = CENTRAL.write(generate_transcript(seed))
    _, report = CENTRAL.read(data)
    assert _unmapped(report) == []


# ------------------------------------------------------------------ not a transcript


def test_empty_object_is_named_as_empty() -> None:
    with pytest.raises(
        VariantReadError, match=r"\$: The JSON object is empty"
    ) as caught:
        CENTRAL.read(b"{}")
    assert "single year" not in str(caught.value)


def test_object_without_years_names_the_missing_member() -> None:
    document = _document(primary_example())
    del document["hoc_ba_nam"]
    with pytest.raises(VariantReadError, match=r"\$\.hoc_ba_nam: The required member"):
        _read(document)


def test_single_year_object_is_still_named() -> None:
    year = _document(primary_example())["hoc_ba_nam"][0]
    with pytest.raises(HocbasoNotSupportedError, match="single year object"):
        _read({"nguoi_hoc": {}, **year})
