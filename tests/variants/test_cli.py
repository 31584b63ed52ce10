"""``hocbaso detect`` and ``hocbaso convert`` with CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

from hocbaso.cli._common import run_guarded
from hocbaso.cli._variants import convert, detect
from hocbaso.examples import primary_example
from hocbaso.variants import get_variant


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
