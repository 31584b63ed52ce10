"""``hocbaso verify DIR --jobs N``: one line per file, a summary, an exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hocbaso.cli.main import main
from tests.audit.conftest import GOOD


def test_a_folder_gives_one_json_line_per_file_and_a_summary(
    audit_folder: Path, root_pem: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["verify", str(audit_folder), "--trust", str(root_pem), "--json",
                 "--jobs", "2", "--no-progress"])  # fmt: skip

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    files, summary = lines[:-1], lines[-1]
    assert code == 2  # the truncated file is unusable
    assert len(files) == GOOD + 2
    assert [Path(f["file"]).name for f in files] == sorted(
        Path(f["file"]).name for f in files
    )
    assert summary["summary"] is True
    assert (summary["files"], summary["passed"]) == (GOOD + 2, GOOD)
    assert (summary["failed"], summary["unusable"]) == (1, 1)


def test_text_mode_names_each_outcome(
    audit_folder: Path, root_pem: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["verify", str(audit_folder), "--trust", str(root_pem), "--no-progress"])

    out = capsys.readouterr().out
    assert "x-tampered.xml: failed (TOTAL_FAILED)" in out
    assert "x-truncated.xml: unusable (line" in out
    assert out.rstrip().endswith(
        f"{GOOD + 2} file(s): 1 failed, {GOOD} passed, 1 unusable."
    )


def test_all_good_files_exit_0(
    audit_folder: Path, root_pem: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = [str(audit_folder / f"t{i:03d}.xml") for i in range(3)]
    assert main(["verify", *good, "--trust", str(root_pem), "--jobs", "2"]) == 0


def test_pairing_an_xml_with_a_folder_is_a_usage_error(
    audit_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["verify", str(audit_folder), "--xml", str(audit_folder / "t001.xml")])
    assert code == 2
    assert "--xml pairs one PDF" in capsys.readouterr().err
