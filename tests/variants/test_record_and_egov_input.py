"""The csdl-record and egov-xml readers refuse or report what they cannot take, never drop it."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import click
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from hocbaso.cli._common import run_guarded
from hocbaso.cli._variants import convert
from hocbaso.demo._pki import DemoPKI
from hocbaso.errors import VariantReadError
from hocbaso.examples import lower_secondary_example, primary_example
from hocbaso.examples.generator import generate_transcript
from hocbaso.model import (
    PrimarySubjectResult,
    SecondarySubjectResult,
    SignerRole,
    Transcript,
)
from hocbaso.variants import LossEntry, LossKind, Side, get_variant
from hocbaso.variants.egov_signing import sign_egov_xml
from tests.variants.conftest import signing_time

CSDL = get_variant("csdl-record")
EGOV = get_variant("egov-xml")

Record = dict[str, object]


def _unmapped(entries: tuple[LossEntry, ...]) -> list[LossEntry]:
    return [e for e in entries if e.kind is LossKind.UNMAPPED]


# ----------------------------------------------------------------------------- csdl-record


def _records(transcript: Transcript | None = None) -> list[Record]:
    data, _ = CSDL.write(transcript or primary_example())
    return [json.loads(line) for line in data.decode().splitlines()]


def _jsonl(records: list[Record]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def _read_records(records: list[Record]) -> tuple[Transcript, tuple[LossEntry, ...]]:
    transcript, report = CSDL.read(_jsonl(records))
    return transcript, report.entries


def _refusal(records: list[Record]) -> VariantReadError:
    with pytest.raises(VariantReadError) as info:
        CSDL.read(_jsonl(records))
    return info.value


def test_csdl_unknown_column_is_unmapped() -> None:
    records = _records()
    records[0]["cot_la"] = "extra column"

    _, entries = _read_records(records)

    [entry] = _unmapped(entries)
    assert entry.side is Side.READ and entry.source == "line 1, cot_la"
    assert "extra column" not in entry.reason


def test_csdl_column_of_another_table_or_level_is_unmapped() -> None:
    records = _records()
    records[1]["hocky1"] = "T"  # a secondary year column in a primary year record
    records[2]["diemhocky1"] = "7.5"  # a secondary score column in a primary score

    _, entries = _read_records(records)

    sources = {e.source for e in _unmapped(entries)}
    assert sources == {"line 2, hocky1", "line 3, diemhocky1"}


def test_csdl_unknown_column_without_a_value_loses_nothing() -> None:
    records = _records()
    records[0]["cot_la"] = None
    records[1]["cot_rong"] = ""

    _, entries = _read_records(records)

    assert _unmapped(entries) == []


def test_csdl_unknown_table_is_unmapped() -> None:
    records = _records()
    records.append({"bang": "bang_la", "madinhdanhhocba": records[0]["madinhdanhhocba"],
                    "x": 1})  # fmt: skip

    _, entries = _read_records(records)

    [entry] = _unmapped(entries)
    assert entry.side is Side.READ
    assert entry.source == f"line {len(records)}, table 'bang_la'"


def test_csdl_table_of_another_level_is_unmapped() -> None:
    records = _records()
    secondary = _records(lower_secondary_example())
    records.insert(3, secondary[2])

    _, entries = _read_records(records)

    [entry] = _unmapped(entries)
    assert entry.source == f"line 4, table {secondary[2]['bang']!r}"


def test_csdl_extra_records_fail_the_cli_with_exit_1(tmp_path: Path) -> None:
    records = _records()
    records[0]["cot_la"] = "x"
    records.append({"bang": "bang_la"})
    source = tmp_path / "extra.jsonl"
    source.write_bytes(_jsonl(records))

    @click.group()
    def group() -> None:
        """Test group."""

    group.add_command(convert)
    args = [
        "convert",
        str(source),
        "--to",
        "canonical-xml",
        "-o",
        str(tmp_path / "o.xml"),
    ]
    assert run_guarded(group, args, verbose=False) == 1


@pytest.mark.parametrize(
    ("line", "column", "value", "kind", "expected"),
    [
        (2, "songhicophep", [], "an array", "a number"),
        (2, "songhicophep", {}, "an object", "a number"),
        (2, "songhikhongphep", True, "a boolean", "a number"),
        (3, "diemktdk", True, "a boolean", "a number"),
        (3, "diemktdk", [8], "an array", "a number"),
        (1, "hovaten", ["Nguyễn Thị Thu Hà"], "an array", "a string"),
        (1, "gioitinh", {}, "an object", "a string"),
        (1, "trangthaithongtinhocba", 0, "a number", "a string"),
        (2, "namhoc", 2020, "a number", "a string"),
        (2, "cokhuyettatkhongdanhgia", False, "a boolean", "a string"),
        (3, "mamonhoc", ["02"], "an array", "a string"),
    ],
)
def test_csdl_wrong_json_type_is_refused(
    line: int, column: str, value: object, kind: str, expected: str
) -> None:
    records = _records()
    records[line - 1][column] = value

    error = _refusal(records)

    [problem] = error.problems
    assert (problem.line, problem.path) == (line, column)
    assert problem.reason.startswith(f"The column holds {kind}; expected {expected}")
    assert "Nguyễn" not in str(error)


def test_csdl_wrong_json_type_in_a_secondary_score_is_refused() -> None:
    records = _records(lower_secondary_example())
    records[2]["diemhocky1"] = []

    [problem] = _refusal(records).problems

    assert (problem.line, problem.path) == (3, "diemhocky1")
    assert "an array; expected a number" in problem.reason


@pytest.mark.parametrize("value", ["3", 3, 3.0, " 3 "])
def test_csdl_counts_as_text_or_number_are_read(value: object) -> None:
    records = _records()
    records[1]["songhicophep"] = value

    transcript, entries = _read_records(records)

    assert transcript.years[0].attendance.excused == 3
    assert not [e for e in entries if e.path.endswith(".attendance")]


@pytest.mark.parametrize(("value", "score"), [("8", 8), (8, 8), (9.0, 9)])
def test_csdl_scores_as_text_or_number_are_read(value: object, score: int) -> None:
    records = _records()
    records[2]["diemktdk"] = value

    transcript, _ = _read_records(records)

    row = transcript.years[0].subjects[0]
    assert isinstance(row, PrimarySubjectResult) and row.test_score == score


def test_csdl_secondary_marks_as_numbers_are_read() -> None:
    records = _records(lower_secondary_example())
    records[2]["diemhocky1"] = 7.5

    transcript, _ = _read_records(records)

    row = transcript.years[0].subjects[0]
    assert isinstance(row, SecondarySubjectResult) and str(row.semester1) == "7.5"


def test_csdl_duplicate_subject_names_its_own_line() -> None:
    records = _records()
    records.append(dict(records[2]))

    [problem] = _refusal(records).problems

    assert problem.line == len(records) and problem.path == "mamonhoc"
    assert str(problem).startswith(f"line {len(records)}, mamonhoc: ")
    assert "Value error" not in problem.reason and "line 3" in problem.reason
    assert problem.reason.endswith(".")


def test_csdl_duplicate_year_names_its_own_line() -> None:
    records = _records()
    records.append(dict(records[1]))

    [problem] = _refusal(records).problems

    assert (problem.line, problem.path) == (len(records), "namhoc")
    assert "line 2" in problem.reason


def test_csdl_score_of_a_year_without_a_year_record_is_refused() -> None:
    records = _records()
    orphan = dict(records[2], namhoc="2019-2020")
    records.append(orphan)

    [problem] = _refusal(records).problems

    assert (problem.line, problem.path) == (len(records), "namhoc")


def test_csdl_second_transcript_is_refused() -> None:
    records = _records()
    records.append(dict(records[0]))
    [problem] = _refusal(records).problems
    assert (problem.line, problem.path) == (len(records), "bang")

    records = _records()
    records[5]["madinhdanhhocba"] = "HB37-TH-2025-999999"
    [problem] = _refusal(records).problems
    assert (problem.line, problem.path) == (6, "madinhdanhhocba")
    assert "999999" not in problem.reason


def test_csdl_model_errors_are_plain_words_at_the_line() -> None:
    records = _records()
    records[1]["songhicophep"] = "2.7"

    [problem] = _refusal(records).problems

    assert problem.line == 2
    assert not problem.path.endswith(" ") and " :" not in str(problem)
    assert "Value error" not in problem.reason


# ----------------------------------------------------------------------------- egov-xml

_REPEATABLE = {("DSTruong", "Truong"), ("DSNHoc", "NamHoc"), ("DSMHoc", "MHoc"),
               ("DSNLPChat", "NLPChat"), ("DSMLChon", "MMHoc"), ("DSCChi", "CChi"),
               ("DSCThi", "CThi"), ("DSKThuong", "KThuong")}  # fmt: skip
"""The elements the layout lets occur more than once in their parent."""


def _egov(transcript: Transcript | None = None) -> bytes:
    return EGOV.write(transcript or primary_example())[0]


def _single_valued(document: bytes) -> list[str]:
    """Return the path of the first occurrence of each element that may occur once."""
    tree = etree.fromstring(document).getroottree()
    seen: dict[tuple[str, ...], str] = {}
    for el in tree.getroot().iter():
        parent = el.getparent()
        if parent is None or (str(parent.tag), str(el.tag)) in _REPEATABLE:
            continue
        shape = (*(str(a.tag) for a in el.iterancestors()), str(el.tag))
        seen.setdefault(shape, str(tree.getpath(el)))
    return list(seen.values())


def _duplicated(document: bytes, path: str) -> bytes:
    root = etree.fromstring(document)
    tree = root.getroottree()
    el = next(e for e in root.iter() if tree.getpath(e) == path)
    el.addnext(copy.deepcopy(el))
    return etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True
    )


def _cases() -> list[tuple[str, str]]:
    return [(name, path) for name, transcript in (("primary", primary_example()),
                                                  ("secondary", lower_secondary_example()))
            for path in _single_valued(_egov(transcript))]  # fmt: skip


@pytest.mark.parametrize(("level", "path"), _cases())
def test_egov_repeated_single_valued_element_is_refused(level: str, path: str) -> None:
    transcript = primary_example() if level == "primary" else lower_secondary_example()
    document = _duplicated(_egov(transcript), path)

    with pytest.raises(VariantReadError, match="may occur once") as info:
        EGOV.read(document)

    [problem] = info.value.problems
    tag = path.rsplit("/", 1)[-1].split("[")[0]
    assert problem.path.endswith(f"/{tag}[2]") and problem.line is not None


def test_egov_repeated_nationality_is_refused_without_quoting_it() -> None:
    document = _egov().replace(
        "<QTich>Việt Nam</QTich>".encode(),
        "<QTich>Việt Nam</QTich><QTich>Lào</QTich>".encode(),
        1,
    )
    with pytest.raises(VariantReadError) as info:
        EGOV.read(document)
    [problem] = info.value.problems
    assert problem.path == "/HocBa/DLHBa/NDHBa/TTHSinh/QTich[2]"
    line = document[: document.index("<QTich>Lào".encode())].count(b"\n") + 1
    assert problem.line == line
    assert "Lào" not in str(info.value) and "Việt" not in str(info.value)


@pytest.mark.parametrize(
    ("old", "new", "source"),
    [
        ("<HVTen>Lê Thị Lan</HVTen>", '<HVTen ghiChu="x">Lê Thị Lan</HVTen>',
         "/HocBa/DLHBa/NDHBa/TTHSinh/Me/HVTen/@ghiChu"),
        ("<HocBa>", '<HocBa phienBan="2">', "/HocBa/@phienBan"),
        ("<DLHBa Id=", '<DLHBa loai="x" Id=', "/HocBa/DLHBa/@loai"),
        ("<NamHoc>", '<NamHoc xml:lang="vi">', "/HocBa/DLHBa/NDHBa/DSNHoc/NamHoc[1]/@xml:lang"),
        ("<DSCKS/>", '<DSCKS nguon="x"/>', "/HocBa/DSCKS/@nguon"),
    ],
)  # fmt: skip
def test_egov_unknown_attribute_is_unmapped(old: str, new: str, source: str) -> None:
    document = _egov().replace(old.encode(), new.encode(), 1)

    transcript, report = EGOV.read(document)

    [entry] = _unmapped(report.entries)
    assert entry.side is Side.READ and entry.source == source
    assert transcript == EGOV.read(_egov())[0]


@pytest.mark.parametrize(
    ("old", "new", "source"),
    [
        ("<QTich>Việt Nam</QTich>", "<QTich>Việt Nam<Ghi>x</Ghi></QTich>",
         "/HocBa/DLHBa/NDHBa/TTHSinh/QTich/Ghi"),
        ("<DSCKS/>", "<DSCKS><VanThu>x</VanThu></DSCKS>", "/HocBa/DSCKS/VanThu"),
        ("<DSCKS/>", "<DSCKS><GVCN><Ghi/></GVCN></DSCKS>", "/HocBa/DSCKS/GVCN/Ghi"),
    ],
)  # fmt: skip
def test_egov_element_inside_a_value_or_the_signature_list_is_unmapped(
    old: str, new: str, source: str
) -> None:
    document = _egov().replace(old.encode(), new.encode(), 1)

    _, report = EGOV.read(document)

    [entry] = _unmapped(report.entries)
    assert entry.source == source


def test_egov_model_errors_are_plain_words_at_the_line() -> None:
    document = _duplicated(
        _egov(), "/HocBa/DLHBa/NDHBa/DSNHoc/NamHoc[1]/DSMHoc/MHoc[1]"
    )

    with pytest.raises(VariantReadError) as info:
        EGOV.read(document)

    [problem] = info.value.problems
    assert problem.path == "/HocBa/DLHBa/NDHBa/DSNHoc/NamHoc[1]"
    assert problem.line is not None and "(line" not in problem.path
    assert "Value error" not in problem.reason and problem.reason[0].isupper()


def test_egov_signed_file_reports_only_its_signatures(kim_son: DemoPKI) -> None:
    document = _egov()
    roles = (SignerRole.SUBJECT_TEACHER, SignerRole.SUBJECT_TEACHER,
             SignerRole.PRINCIPAL, SignerRole.SCHOOL_SEAL)  # fmt: skip
    for role in roles:
        document = sign_egov_xml(document, kim_son.signer(role), role=role,
                                 signing_time=signing_time(dt.date(2025, 5, 30)))  # fmt: skip

    transcript, report = EGOV.read(document)

    assert transcript == EGOV.read(_egov())[0]
    sources = [e.source or "" for e in _unmapped(report.entries)]
    assert len(sources) == len(roles)
    assert all(s.rsplit("/", 1)[-1].startswith("Signature") for s in sources)


# ----------------------------------------------------------------------------- both


@pytest.mark.parametrize("name", ["csdl-record", "egov-xml"])
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_written_files_read_back_with_nothing_unmapped(name: str, seed: int) -> None:
    variant = get_variant(name)
    data, _ = variant.write(generate_transcript(seed))

    _, report = variant.read(data)

    assert _unmapped(report.entries) == []
