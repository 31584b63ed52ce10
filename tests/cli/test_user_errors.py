"""Errors a user can cause: one clear line and exit 2, never a traceback or a hang."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hocbaso.cli.main import main
from hocbaso.examples import primary_example
from hocbaso.xml import write_xml
from tests.variants.test_cli_transfer import _seal_files


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_writing_into_a_missing_folder_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "ex.xml"
    code, _, err = _run(["example", "-o", str(target)], capsys)
    assert code == 2
    assert "does not exist; create it first" in err
    assert "Traceback" not in err


def test_dash_writes_the_data_to_standard_output_and_the_message_to_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "ex.xml"
    source.write_bytes(write_xml(primary_example()))
    code, out, err = _run(
        ["convert", str(source), "--to", "central-json", "-o", "-"], capsys
    )
    assert code == 1  # the JSON cannot hold everything; the report says what
    assert json.loads(out)["hoc_ba_id"] == primary_example().lookup_code
    assert "wrote - " in err
    assert not (Path.cwd() / "-").exists()


def test_an_empty_folder_is_not_all_passed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("nothing to verify")
    code, _, err = _run(["verify", str(tmp_path)], capsys)
    assert code == 2
    assert "No XML or PDF files were found" in err


def test_json_output_has_a_line_for_an_unusable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = tmp_path / "scan.pdf"
    fake.write_bytes(b"<html>not a pdf</html>")
    code, out, _ = _run(
        ["verify", "--json", str(fake), str(tmp_path / "gone.xml")], capsys
    )
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 2
    assert [line["outcome"] for line in lines] == ["unusable", "unusable"]
    assert "has no %PDF- header" in lines[0]["reason"]
    assert "cannot be read" in lines[1]["reason"]


def test_an_empty_file_is_said_to_be_empty_alone_and_in_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "blank.xml").write_bytes(b"  \n")

    alone = _run(["verify", "--json", str(tmp_path / "empty.pdf")], capsys)
    folder = _run(["verify", "--json", "--no-progress", str(tmp_path)], capsys)

    assert alone[0] == folder[0] == 2
    reasons = [json.loads(line).get("reason") for line in alone[1].splitlines()]
    reasons += [json.loads(line).get("reason") for line in folder[1].splitlines()]
    assert reasons == ["The file is empty."] * 3 + [None]  # the summary has none


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
@pytest.mark.parametrize("command", ["verify", "validate", "detect"])
def test_a_named_pipe_is_refused_rather_than_read_forever(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    pipe = tmp_path / "pipe.xml"
    os.mkfifo(pipe)
    code, out, err = _run([command, str(pipe)], capsys)
    assert code == 2
    assert "not a regular file" in out + err


def test_a_file_over_the_limit_is_refused_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.pdf"
    with big.open("wb") as handle:
        handle.truncate(25_000_000)  # sparse: no 25 MB written to disk
    code, _, err = _run(["verify", str(big)], capsys)
    assert code == 2
    assert "the limit is 20,000,000" in err


def test_ctrl_c_in_any_command_exits_130_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Files named one by one are checked in this process: Ctrl-C there must
    # not read as "an input cannot be used" (2), as click's "Aborted." did.
    import hocbaso.cli._signature as command

    def interrupted(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(command, "_verify_one", interrupted)
    data = tmp_path / "t.xml"
    data.write_bytes(write_xml(primary_example()))

    code = main(["verify", str(data), str(data)])

    assert code == 130
    err = capsys.readouterr().err
    assert err.strip() == "Interrupted." and "Traceback" not in err


@pytest.mark.parametrize("command", ["render", "convert"])
def test_an_output_over_the_input_is_refused_and_the_input_kept(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "ex.xml"
    original = write_xml(primary_example())
    source.write_bytes(original)
    os.link(source, tmp_path / "alias.xml")  # the same file under another name
    extra = ["--to", "central-json"] if command == "convert" else []

    code, _, err = _run([command, str(source), *extra, "-o", str(tmp_path / "alias.xml")],
                        capsys)  # fmt: skip

    assert code == 2
    assert "is the file given as" in err and "would be overwritten" in err
    assert source.read_bytes() == original


def test_signing_over_the_key_is_refused_but_signing_in_place_is_allowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key, cert = _seal_files(tmp_path)
    kept = key.read_bytes()
    source = tmp_path / "ex.xml"
    source.write_bytes(write_xml(primary_example()))
    signing = ["sign", str(source), "--key", str(key), "--cert", str(cert),
               "--role", "school-seal", "--at", "2025-06-01T09:00"]  # fmt: skip

    code, _, err = _run([*signing, "-o", str(key)], capsys)
    assert code == 2
    assert f"--output {str(key)!r} is the file given as --key" in err
    assert key.read_bytes() == kept

    code, _, err = _run([*signing, "-o", str(source)], capsys)
    assert code == 0, err
    assert source.read_bytes().count(b"SignatureValue>") == 2  # one signature value


def test_signing_a_pdf_with_a_broken_page_tree_says_so_in_one_line(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = corpus_dir / "pdfa3_attach" / "mustang__corruptedV2PDF.pdf"
    key, cert = _seal_files(tmp_path)

    code, _, err = _run(["sign", str(broken), "--key", str(key), "--cert", str(cert),
                         "--role", "principal", "-o", str(tmp_path / "s.pdf")], capsys)  # fmt: skip

    assert code == 2
    assert err == (
        f"hocbaso: {broken}: The file is not a readable PDF: its page tree or form "
        "fields are broken.\n"
    )
