"""``hocbaso detect`` and ``hocbaso convert`` with CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from hocbaso.cli._common import run_guarded
from hocbaso.cli._variants import convert, detect
from hocbaso.examples import primary_example
from hocbaso.model import Transcript
from hocbaso.variants import get_variant
from hocbaso.xml import write_xml


@click.group()
def group() -> None:
    """Test group."""


group.add_command(detect)
group.add_command(convert)


def _file(tmp_path: Path, name: str) -> Path:
    variant = get_variant(name)
    path = tmp_path / f"in{variant.extension}"
    path.write_bytes(variant.write(primary_example())[0])
    return path


def test_detect(tmp_path: Path) -> None:
    result = CliRunner().invoke(group, ["detect", str(_file(tmp_path, "csdl-record")), "--json"],
                                standalone_mode=False)  # fmt: skip
    assert json.loads(result.output)["variant"] == "csdl-record"


def test_convert_lossless_exits_0(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    args = [
        "convert",
        str(_file(tmp_path, "canonical-xml")),
        "--to",
        "canonical-xml",
        "-o",
        str(out),
    ]
    assert run_guarded(group, args, verbose=False) == 0
    assert out.read_bytes().startswith(b"<?xml")


def test_convert_lossy_exits_1_and_reports(tmp_path: Path, capsys: object) -> None:
    out = tmp_path / "out.xlsx"
    source = _file(tmp_path, "central-json")
    args = ["convert", str(source), "--to", "primary-xlsx", "-o", str(out), "--json"]
    assert run_guarded(group, args, verbose=False) == 1
    assert get_variant("primary-xlsx").detect(out.read_bytes())


def test_unusable_input_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "page.html"
    bad.write_text("<html></html>")
    assert run_guarded(group, ["detect", str(bad)], verbose=False) == 2
    args = ["convert", str(bad), "--to", "central-json", "-o", str(tmp_path / "x")]
    assert run_guarded(group, args, verbose=False) == 2


def _score_lowered(index: int = 1) -> Transcript:
    # The first test score of a year lowered to 3 by hand: the year's stated
    # result ('excellent' in 2021-2022, 'completed' in 2024-2025) now
    # contradicts the rules, which give 'not-completed'.
    example = primary_example()
    year = example.years[index]
    lowered = year.subjects[0].model_copy(update={"test_score": 3})
    year = year.model_copy(update={"subjects": (lowered, *year.subjects[1:])})
    years = list(example.years)
    years[index] = year
    return example.model_copy(update={"years": tuple(years)})


def _to_central_json(tmp_path: Path, transcript: Transcript) -> int:
    source = tmp_path / "in.xml"
    source.write_bytes(write_xml(transcript))
    args = [
        "convert",
        str(source),
        "--to",
        "central-json",
        "-o",
        str(tmp_path / "o.json"),
    ]
    return run_guarded(group, args, verbose=False)


def test_convert_warns_when_the_source_breaks_the_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the result is approximated
    assert _to_central_json(tmp_path, _score_lowered()) == 1
    captured = capsys.readouterr()
    assert (
        "breaks the rules of the circulars (tt27.art13.commendation, "
        "tt27.art9.year-result)"
    ) in captured.err
    assert (
        "the rules give 'not-completed', which the flag contradicts, so 'completed' "
        "is read instead of 'excellent'."
    ) in captured.out


def test_a_stated_completed_that_the_rules_contradict_is_not_read_back_silently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _to_central_json(tmp_path, _score_lowered(index=4))

    out = capsys.readouterr().out
    assert (
        "years[2024-2025].result: The template holds only is_hoan_thanh_chuong_trinh"
    ) in out
    assert (
        "the rules give 'not-completed', which the flag contradicts, so 'completed' "
        "is read."
    ) in out
    assert "gives 'completed' again" not in out
