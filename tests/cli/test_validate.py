"""``hocbaso validate`` and ``hocbaso example``, as a script would run them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hocbaso.cli.main import main
from hocbaso.examples import lower_secondary_example, primary_example
from hocbaso.xml import write_xml


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "primary.xml").write_bytes(write_xml(primary_example()))
    (tmp_path / "lower.xml").write_bytes(write_xml(lower_secondary_example()))
    return tmp_path


def _variant(folder: Path, name: str, source: str, old: str, new: str) -> Path:
    text = (folder / source).read_text(encoding="utf-8")
    changed = re.sub(old, new, text, count=1)
    assert changed != text, f"the edit for {name} did not apply"
    path = folder / name
    path.write_text(changed, encoding="utf-8")
    return path


def test_the_examples_are_valid(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(
        ["validate", str(folder / "primary.xml"), str(folder / "lower.xml")], capsys
    )
    assert code == 0
    assert out.count(": valid") == 2


def test_example_writes_what_validate_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "ex.xml"
    code, out, _ = _run(["example", "-o", str(target)], capsys)
    assert code == 0 and "Wrote the primary example" in out
    assert target.read_bytes() == write_xml(primary_example())
    assert _run(["validate", str(target)], capsys)[0] == 0


@pytest.mark.parametrize(
    ("name", "source", "old", "new", "expected"),
    [
        (
            "wrong_average.xml", "lower.xml",
            r"<Year>7\.5</Year>", "<Year>7.9</Year>",
            r"error line 77, years\[2022-2023\]\.subjects\[mathematics\]\.year: The "
            r"year result of Toán is stated as 7\.9, but the rules give 7\.5\. "
            r"\[tt22\.art9\.year-average\]",
        ),
        (
            "missing_field.xml", "primary.xml",
            r"\s*<BirthDate>[^<]*</BirthDate>", "",
            r"line 10, /Transcript/Pupil/Ethnicity: Element 'Ethnicity' is not expected "
            r"here; expected BirthDate\. \[xml\.schema\]",
        ),
        (
            "unknown_subject.xml", "primary.xml",
            'code="ethics"', 'code="astrology"',
            r"line 58, /Transcript/Years/PrimaryYear\[1\]/Subjects/Subject\[3\]/@code: "
            r"'astrology' is not accepted; expected one of 'vietnamese'",
        ),
    ],
)  # fmt: skip
def test_invalid_files_name_the_place_and_exit_1(
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    source: str,
    old: str,
    new: str,
    expected: str,
) -> None:
    path = _variant(folder, name, source, old, new)
    code, out, _ = _run(["validate", str(path)], capsys)
    assert code == 1
    assert f"{path}: invalid" in out
    assert re.search(expected, out), out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>\n'
            b'<Transcript xmlns="urn:hocbaso:transcript:1">&b;</Transcript>\n',
            r"DTDs and entities are refused.*\[xml\.doctype-forbidden\]",
        ),
        (
            b"<a>" + b"x" * 5_000_001 + b"</a>",
            r"the limit is 5,000,000 .* \[xml\.too-large\]",
        ),
        (
            None,
            r"line \d+: The document ends too early; the file is probably truncated",
        ),
    ],
)
def test_unusable_files_exit_2_with_a_clear_reason(
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes | None,
    expected: str,
) -> None:
    data = (
        content if content is not None else (folder / "primary.xml").read_bytes()[:9000]
    )
    path = folder / "bad.xml"
    path.write_bytes(data)
    code, out, _ = _run(["validate", str(path)], capsys)
    assert code == 2
    assert re.search(expected, out), out


def test_a_missing_file_is_unusable(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(["validate", str(folder / "nope.xml")], capsys)
    assert code == 2
    assert "cannot be read" in out


def test_json_output_has_one_object_per_file_and_the_worst_exit_code(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _variant(
        folder, "bad.xml", "lower.xml", r"<Year>7\.5</Year>", "<Year>7.9</Year>"
    )
    code, out, _ = _run(
        [
            "validate",
            "--json",
            str(folder / "primary.xml"),
            str(bad),
            str(folder / "x.xml"),
        ],
        capsys,
    )
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 2
    assert [line["status"] for line in lines] == ["valid", "invalid", "unusable"]
    assert lines[1]["findings"][0]["rule"] == "tt22.art9.year-average"
    assert lines[2]["problems"][0]["code"] == "xml.unreadable"


def test_output_never_contains_the_pupils_identifiers(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _variant(
        folder, "bad.xml", "lower.xml", r"<Year>7\.5</Year>", "<Year>7.9</Year>"
    )
    _, out, _ = _run(["validate", "--json", str(bad)], capsys)
    pupil = lower_secondary_example().pupil
    assert pupil.full_name not in out
    assert str(pupil.personal_id) not in out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["validate"], capsys)
    assert code == 2
    assert "Missing argument" in err
