from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from hocbaso.audit import (
    AuditSettings,
    AuditSummary,
    audit_bytes,
    audit_file,
    iter_audit,
    iter_files,
)
from hocbaso.signature import TrustSettings
from tests.audit.conftest import GOOD, NOW


def _settings(root: Path) -> AuditSettings:
    return AuditSettings(now=NOW, anchors=(str(root),))


def test_a_folder_yields_its_xml_files_in_sorted_order(audit_folder: Path) -> None:
    names = [p.name for p in iter_files([audit_folder])]
    assert names == sorted(names)
    assert "notes.txt" not in names
    assert len(names) == GOOD + 2


def test_each_file_gets_its_outcome(audit_folder: Path, root_pem: Path) -> None:
    results = {
        Path(r["file"]).name: r["outcome"]
        for r in iter_audit(iter_files([audit_folder]), _settings(root_pem))
    }
    assert results["t005.xml"] == "passed"
    assert results["x-tampered.xml"] == "failed"
    assert results["x-truncated.xml"] == "unusable"


def test_without_trust_a_signature_is_indeterminate_not_failed(
    audit_folder: Path,
) -> None:
    result = audit_file(audit_folder / "t003.xml", AuditSettings(now=NOW))
    assert result["outcome"] == "indeterminate"
    assert result["signatures"]["signatures"][0]["sub_indication"] == (
        "NO_CERTIFICATE_CHAIN_FOUND"
    )


def test_parallel_runs_give_the_same_results_in_input_order(
    audit_folder: Path, root_pem: Path
) -> None:
    paths = list(iter_files([audit_folder]))
    serial = list(iter_audit(paths, _settings(root_pem), jobs=1))
    parallel = list(iter_audit(paths, _settings(root_pem), jobs=2, window=3))
    assert [r["file"] for r in parallel] == [str(p) for p in paths]
    assert parallel == serial


def test_a_missing_file_is_reported_and_the_rest_go_on(
    audit_folder: Path, root_pem: Path
) -> None:
    paths = [
        audit_folder / "t001.xml",
        audit_folder / "gone.xml",
        audit_folder / "t002.xml",
    ]
    outcomes = [r["outcome"] for r in iter_audit(paths, _settings(root_pem), jobs=2)]
    assert outcomes == ["passed", "unusable", "passed"]


def test_the_summary_counts_outcomes_and_sets_the_exit_code() -> None:
    summary = AuditSummary()
    for outcome in ["passed", "passed", "failed"]:
        summary.add({"outcome": outcome, "judged_as": "bundle"})
    summary.add({"outcome": "passed", "judged_as": "signatures-only"})
    assert summary.exit_code == 1
    assert summary.to_dict() == {
        "summary": True, "files": 4, "failed": 1, "passed": 3, "signatures_only": 1
    }  # fmt: skip
    summary.add({"outcome": "unusable"})
    assert summary.exit_code == 2


def test_an_interrupted_run_never_reads_as_a_pass() -> None:
    summary = AuditSummary()
    for _ in range(3):
        summary.add({"outcome": "passed", "judged_as": "bundle"})

    summary.interrupt(10)

    assert summary.exit_code == 130
    assert summary.to_dict() == {
        "summary": True, "files": 3, "passed": 3, "signatures_only": 0,
        "interrupted": True, "unchecked": 7,
    }  # fmt: skip


def _counting_check(path: str, settings: AuditSettings) -> dict[str, Any]:
    return {"file": path, "outcome": "passed"}


def test_the_runner_consumes_input_lazily(root_pem: Path) -> None:
    taken: Counter[str] = Counter()

    def paths() -> Any:
        for index in range(50):
            taken["n"] += 1
            yield Path(f"f{index}.xml")

    results = iter_audit(paths(), _settings(root_pem), jobs=2, window=4,
                         check=_counting_check)  # fmt: skip
    next(results)
    assert taken["n"] <= 5  # the window plus the one being handed out
    assert len(list(results)) == 49


def test_an_unusable_xml_to_pair_makes_the_pdf_unusable() -> None:
    dtd = b'<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x "y">]>\n<a>&x;</a>\n'

    audit = audit_bytes("b.pdf", b"%PDF-1.7\n", trust=TrustSettings(), now=NOW, xml=dtd)

    assert audit.outcome == "unusable"
    assert "The XML to pair with it cannot be used" in audit.reason
    assert "[xml.doctype-forbidden]" in audit.reason
    assert audit.to_dict() == {"file": "b.pdf", "outcome": "unusable",
                               "reason": audit.reason}  # fmt: skip


def _tree(tmp_path: Path, audit_folder: Path) -> Path:
    # archive/a/one.xml, archive/b/two.xml, archive/b/up -> .. (a loop),
    # archive/linked -> a folder outside the archive holding three.xml
    archive, outside = tmp_path / "archive", tmp_path / "outside"
    for folder in (archive / "a", archive / "b", outside):
        folder.mkdir(parents=True)
    source = (audit_folder / "t001.xml").read_bytes()
    for path in (archive / "a" / "one.xml", archive / "b" / "two.xml",
                 outside / "three.xml"):  # fmt: skip
        path.write_bytes(source)
    (archive / "b" / "up").symlink_to("..", target_is_directory=True)
    (archive / "linked").symlink_to(outside, target_is_directory=True)
    return archive


def test_links_are_followed_and_each_folder_walked_once(
    tmp_path: Path, audit_folder: Path, root_pem: Path
) -> None:
    archive = _tree(tmp_path, audit_folder)
    (archive / "a-link").symlink_to(archive / "b", target_is_directory=True)

    paths = list(iter_files([archive, archive]))
    results = {Path(r["file"]).name: r for r in iter_audit(paths, _settings(root_pem))}

    # b/up leads back to the archive and a-link to b: both are walked once,
    # under their own names, and the archive given twice is walked once.
    assert sorted(str(p.relative_to(archive)) for p in paths) == [
        "a/one.xml", "b/two.xml", "linked/three.xml"
    ]  # fmt: skip
    assert {r["outcome"] for r in results.values()} == {"passed"}


def test_a_folder_that_cannot_be_listed_is_reported(
    tmp_path: Path, audit_folder: Path, root_pem: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root reads any folder, so the refusal is simulated where os.walk lists.
    archive = _tree(tmp_path, audit_folder)
    locked = archive / "b"
    listing = os.scandir

    def refuse(path: Any = ".") -> Any:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", refuse)
    results = list(iter_audit(iter_files([archive]), _settings(root_pem)))

    unusable = [r for r in results if r["outcome"] == "unusable"]
    assert [r["file"] for r in unusable] == [str(locked)]
    assert "cannot be read (Permission denied)" in unusable[0]["reason"]
    assert sorted(Path(r["file"]).name for r in results) == [
        "b", "one.xml", "three.xml"
    ]  # fmt: skip


def test_a_folder_is_named_by_its_own_path_before_a_link_to_it(
    tmp_path: Path, audit_folder: Path
) -> None:
    # archive/z/deep/f.xml, and archive/a-link -> z/deep beside z's parent
    deep = tmp_path / "archive" / "z" / "deep"
    deep.mkdir(parents=True)
    (deep / "f.xml").write_bytes((audit_folder / "t001.xml").read_bytes())
    (tmp_path / "archive" / "a-link").symlink_to(deep, target_is_directory=True)

    assert list(iter_files([tmp_path / "archive"])) == [deep / "f.xml"]
