"""``hocbaso verify DIR --jobs N``: one line per file, a summary, an exit code."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
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
    assert (
        "x-tampered.xml: failed (TOTAL_FAILED: sig-1: integrity.reference-digest: "
        "The referenced content changed after signing (digest mismatch).)"
    ) in out
    assert "x-truncated.xml: unusable (line" in out
    assert out.rstrip().endswith(
        f"{GOOD + 2} file(s): 1 failed, {GOOD} passed, 1 unusable."
    )


def test_text_mode_says_why_a_file_did_not_pass(
    audit_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["verify", str(audit_folder / "t001.xml"), "--jobs", "1"])

    out = capsys.readouterr().out
    assert "t001.xml: indeterminate (INDETERMINATE: sig-1: trust.path: No path" in out


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


def test_a_file_name_that_is_not_utf8_keeps_the_json_valid(
    tmp_path: Path,
    audit_folder: Path,
    root_pem: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    raw = os.fsencode(tmp_path) + b"/h\xe1c_b\xff.xml"
    with open(raw, "wb") as handle:
        handle.write((audit_folder / "t001.xml").read_bytes())

    main(["verify", str(tmp_path), "--trust", str(root_pem), "--json",
          "--no-progress"])  # fmt: skip

    first = capsys.readouterr().out.splitlines()[0]
    first.encode("utf-8")  # strict: no lone surrogate left in the line
    record = json.loads(first)
    assert os.fsencode(record["file"]) == raw
    assert record["outcome"] == "passed"


def test_unreadable_trust_material_is_said_once_before_any_file(
    tmp_path: Path, audit_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "key.pem").write_text("-----BEGIN PRIVATE KEY-----\nAAAA\n")

    code = main(["verify", str(audit_folder), "--trust", str(tmp_path), "--json"])

    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert repr(str(tmp_path / "key.pem")) in captured.err


def test_the_reason_shown_is_a_failure_before_a_skip() -> None:
    from hocbaso.cli._audit import _why

    skipped = {
        "name": "bundle.signing-order",
        "status": "SKIPPED",
        "reason": "Not told.",
    }
    failed = {
        "name": "bundle.pdfa",
        "status": "FAILED",
        "reason": "Fonts not embedded.",
    }
    bundle = {"indication": "TOTAL_FAILED", "checks": [skipped, failed]}
    unnamed = {"signatures": [{"signature_id": None, "indication": "TOTAL_FAILED",
               "checks": [{"name": "integrity.signature-value", "status": "FAILED",
                           "reason": "No."}]}], "indication": "TOTAL_FAILED"}  # fmt: skip

    assert _why({"outcome": "failed", "bundle": bundle}) == (
        " (TOTAL_FAILED: bundle.pdfa: Fonts not embedded.)"
    )
    assert _why({"outcome": "failed", "signatures": unnamed, "validation": {}}) == (
        " (TOTAL_FAILED: signature 1: integrity.signature-value: No.)"
    )


def test_the_reason_shown_is_a_failed_signature_and_check_before_a_warning() -> None:
    from hocbaso.cli._audit import _why

    def check(name: str, status: str) -> dict[str, str]:
        return {"name": name, "status": status, "reason": f"{name} {status}."}

    warned = {"signature_id": "sig-1", "indication": "INDETERMINATE",
              "checks": [check("trust.validity", "WARNING")]}  # fmt: skip
    failed = {"signature_id": "sig-2", "indication": "TOTAL_FAILED",
              "checks": [check("trust.validity", "WARNING"),
                         check("trust.revocation", "FAILED")]}  # fmt: skip
    report = {"indication": "TOTAL_FAILED", "signatures": [warned, failed]}
    result = {"outcome": "failed", "judged_as": "transcript", "signatures": report}

    assert _why(result) == (
        " (TOTAL_FAILED: sig-2: trust.revocation: trust.revocation FAILED.)"
    )


def test_a_file_with_no_transcript_is_marked_in_its_line() -> None:
    from hocbaso.cli._audit import _why

    signed = {"indication": "TOTAL_PASSED", "signatures": []}
    alone = {"outcome": "passed", "judged_as": "signatures-only", "signatures": signed}
    transcript = {"outcome": "passed", "judged_as": "transcript", "signatures": signed}

    assert _why(alone) == (
        " (TOTAL_PASSED) [no transcript: judged on its signatures alone]"
    )
    assert _why(transcript) == " (TOTAL_PASSED)"


def test_progress_asked_for_is_shown_when_stderr_is_not_a_terminal(
    audit_folder: Path, root_pem: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["verify", str(audit_folder), "--trust", str(root_pem), "--progress"])
    shown = capsys.readouterr().err
    main(["verify", str(audit_folder), "--trust", str(root_pem)])
    default = capsys.readouterr().err

    assert "Verifying" in shown
    assert "Verifying" not in default


def _long_run(
    audit_folder: Path, root_pem: Path, folder: Path
) -> subprocess.Popen[bytes]:
    # Many names for one signed file (hard links), so the run is still going
    # when it is stopped; started once it has printed its first line.
    for index in range(2000):
        os.link(audit_folder / "t000.xml", folder / f"{index:05d}.xml")
    command = [sys.executable, "-m", "hocbaso.cli", "verify", str(folder),
               "--trust", str(root_pem), "--jobs", "2", "--json", "--no-progress"]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)  # fmt: skip


def test_ctrl_c_stops_the_run_with_a_summary_of_how_far_it_got(
    audit_folder: Path, root_pem: Path, tmp_path: Path
) -> None:
    count = 2000
    process = _long_run(audit_folder, root_pem, tmp_path)
    assert process.stdout is not None
    first = process.stdout.readline()

    # Two presses, as an impatient user (or `timeout -s INT`) gives: the
    # second must not break into the shutdown and leave the run hanging.
    os.killpg(process.pid, signal.SIGINT)
    time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)
    try:
        rest, errors = process.communicate(timeout=60)
    finally:
        process.kill()

    *files, last = [first, *rest.splitlines()]
    summary = json.loads(last)
    assert process.returncode == 130
    assert summary["interrupted"] is True
    assert summary["files"] == len(files) == summary["passed"]
    assert 0 < summary["unchecked"] == count - len(files)
    assert b"Traceback" not in errors and b"KeyboardInterrupt" not in errors


def test_sigterm_stops_the_run_like_ctrl_c_and_leaves_no_worker_behind(
    audit_folder: Path, root_pem: Path, tmp_path: Path
) -> None:
    # A supervisor or `kill PID` signals the main process alone.
    process = _long_run(audit_folder, root_pem, tmp_path)
    assert process.stdout is not None
    process.stdout.readline()
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    workers = [int(pid) for pid in children.read_text().split()]

    process.send_signal(signal.SIGTERM)
    try:
        rest, errors = process.communicate(timeout=60)
    finally:
        process.kill()

    assert process.returncode == 130
    assert json.loads(rest.splitlines()[-1])["interrupted"] is True
    assert b"Traceback" not in errors
    assert len(workers) == 2
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers):
        assert time.monotonic() < deadline, "a worker outlived the run"
        time.sleep(0.1)
