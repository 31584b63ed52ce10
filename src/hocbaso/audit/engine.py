"""The per-file audit and the bounded parallel runner."""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import signal
import threading
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hocbaso._files import read_input, starts_as_pdf
from hocbaso.errors import HocbasoError, Problem
from hocbaso.signature import (
    DEFAULT_POLICY,
    DocumentReport,
    Indication,
    TrustSettings,
    ValidationPolicy,
    load_trust,
    verify_document,
)
from hocbaso.validation import ValidationResult, ValidationStatus, validate

if TYPE_CHECKING:
    from hocbaso.signature.bundle import BundleReport

__all__ = [
    "AuditSettings",
    "AuditSummary",
    "FileAudit",
    "audit_bytes",
    "audit_file",
    "iter_audit",
    "iter_files",
]

logger = logging.getLogger(__name__)

_FOREIGN_CODES = frozenset({"xml.wrong-root", "xml.wrong-namespace"})

AUDITED_SUFFIXES = frozenset({".xml", ".pdf"})
"""The files a folder audit picks up."""

SIGNATURES_ONLY = "signatures-only"
"""How a file with no transcript is judged: on its signatures alone."""


@dataclass(frozen=True, slots=True)
class AuditSettings:
    """
    What every file of an audit is checked against.

    The settings hold file names, not loaded objects, so they travel cheaply to
    worker processes; each worker loads the trust material once.
    """

    now: dt.datetime
    """The current time, for signatures whose signing time cannot be established."""
    at: dt.datetime | None = None
    """An explicit validation time for every signature, if given."""
    anchors: tuple[str, ...] = ()
    """Files or folders of trust anchors."""
    intermediates: tuple[str, ...] = ()
    crls: tuple[str, ...] = ()
    pinned: tuple[str, ...] = ()
    """Files of signer certificates trusted as they are, with no CA."""
    allow_weak: bool = False
    """Let SHA-1 and other weak algorithms pass (never by default)."""


@dataclass
class AuditSummary:
    """Counts of a run, by outcome; the exit code follows from them."""

    total: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    signatures_only: int = 0
    """Files with no transcript, judged on their signatures alone."""
    unchecked: int | None = None
    """Files left unchecked when the run was interrupted; ``None`` for a run that finished."""

    def add(self, result: dict[str, Any]) -> None:
        """Count one file's result."""
        self.total += 1
        self.outcomes[str(result["outcome"])] += 1
        self.signatures_only += result.get("judged_as") == SIGNATURES_ONLY

    def interrupt(self, expected: int) -> None:
        """Record that the run stopped before all ``expected`` files were checked."""
        self.unchecked = expected - self.total

    @property
    def exit_code(self) -> int:
        """
        0 when every file passed, 2 when any was unusable, else 1; 130 for an interrupted run.

        An interrupted run never looks like a pass, whatever the files checked
        before the interrupt gave: 130 is what a shell reports for Ctrl-C.
        """
        if self.unchecked is not None:
            return 130
        if self.outcomes["unusable"]:
            return 2
        return 0 if self.outcomes["passed"] == self.total else 1

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready summary line."""
        return {
            "summary": True,
            "files": self.total,
            **dict(sorted(self.outcomes.items())),
            "signatures_only": self.signatures_only,
            **({} if self.unchecked is None else {"interrupted": True,
                                                   "unchecked": self.unchecked}),
        }  # fmt: skip


def iter_files(inputs: Iterable[Path]) -> Iterator[Path]:
    """
    Yield the files to audit: files as given, folders walked in sorted order.

    Links are followed, and each folder is walked once however many links or
    inputs lead to it (a link back up the tree does not loop): every file in
    it is yielded once. A folder that cannot be listed is yielded itself, so
    that the audit reports it (:func:`audit_file` calls it unusable) instead of
    passing over it in silence.

    :param inputs: files and folders.
    :returns: the paths, lazily; a folder's XML and PDF files only.
    """
    walked: set[tuple[int, int]] = set()
    for item in inputs:
        if item.is_dir():
            yield from _walk(item, walked)
        else:
            yield item


def _walk(folder: Path, walked: set[tuple[int, int]]) -> Iterator[Path]:
    unlisted: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=unlisted.append, followlinks=True):
        yield from _drain(unlisted)
        if not _enter(root, walked):
            dirs.clear()  # walked already, through another link or input
            continue
        # Real folders before links, so that a file is named by its own path
        # when its folder and a link to it sit side by side.
        dirs.sort(key=lambda name: (os.path.islink(os.path.join(root, name)), name))
        for name in sorted(files):
            if Path(name).suffix.lower() in AUDITED_SUFFIXES:
                yield Path(root, name)
    yield from _drain(unlisted)


def _enter(folder: str, walked: set[tuple[int, int]]) -> bool:
    # A folder is marked when the walk enters it, so the first path that
    # reaches it names its files and a link back up the tree ends there.
    try:
        info = os.stat(folder)
    except OSError:
        return True  # os.walk listed it a moment ago; let it report what fails
    identity = (info.st_dev, info.st_ino)
    if identity in walked:
        logger.debug("A folder reached again through a link is not walked twice.")
        return False
    walked.add(identity)
    return True


def _drain(unlisted: list[OSError]) -> Iterator[Path]:
    while unlisted:
        yield Path(os.fsdecode(unlisted.pop(0).filename))


@dataclass(frozen=True, slots=True)
class FileAudit:
    """
    One file's audit: its outcome and the reports it rests on.

    The same record answers a single ``hocbaso verify FILE`` and every line of
    a folder audit, so a file gets one verdict however it is checked.
    """

    file: str
    """The file name as given."""
    outcome: str
    """``passed``, ``failed``, ``indeterminate`` or ``unusable``."""
    report: DocumentReport | BundleReport | None = None
    """The signature or bundle report; ``None`` for an unusable file."""
    validation: ValidationResult | None = None
    """Schema, model and rules of an XML transcript; ``None`` for a PDF."""
    foreign: bool = False
    """An XML that is not a hocbaso transcript: only its signatures count."""
    reason: str = ""
    """Why an unusable file could not be checked."""

    @property
    def judged_as(self) -> str:
        """
        How the file was judged: as a ``bundle``, a ``transcript`` or ``signatures-only``.

        A bundle is a PDF with its transcript inside, a transcript an XML one;
        a PDF or XML with no transcript is judged on its signatures alone, and
        its pass vouches for those signatures, not for a transcript.
        """
        if not isinstance(self.report, DocumentReport):
            return "bundle"
        return (
            SIGNATURES_ONLY if self.validation is None or self.foreign else "transcript"
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready record: ``file``, ``outcome``, ``judged_as``, details."""
        if self.report is None:
            return {"file": self.file, "outcome": self.outcome, "reason": self.reason}
        record: dict[str, Any] = {"file": self.file, "outcome": self.outcome,
                                  "judged_as": self.judged_as}  # fmt: skip
        if not isinstance(self.report, DocumentReport):
            record["bundle"] = self.report.to_dict()
            return record
        if self.validation is not None:
            record["validation"] = _validation_part(self.validation, self.foreign)
        record["signatures"] = self.report.to_dict()
        return record

    def to_text(self) -> str:
        """Return a readable rendering: the outcome, validation, then the report."""
        if self.report is None:
            return f"{self.file}: {self.outcome}: {self.reason}\n"
        lines = [f"{self.file}: {self.outcome}"]
        if self.validation is not None:
            lines += _validation_lines(self.validation, self.foreign)
        kind = "signatures" if isinstance(self.report, DocumentReport) else "bundle"
        lines.append(f"  {kind}: {self.report.indication.value}")
        # The report's own first line repeats the file name and its indication.
        body = self.report.to_text().split("\n", 1)[1]
        return "\n".join(lines) + "\n" + body


def _validation_lines(result: ValidationResult, foreign: bool) -> list[str]:
    if foreign:
        return ["  validation: skipped (not a hocbaso transcript; signatures only)"]
    lines = [f"  validation: {result.status.value}"]
    lines += [f"    {problem}" for problem in result.problems]
    lines += [f"    {finding}" for finding in result.findings]
    return lines


def audit_file(path: str | Path, settings: AuditSettings) -> dict[str, Any]:
    """
    Check one file and return a JSON-ready result; never raise for bad input.

    An XML file is validated (schema, model, rules) and its signatures verified;
    a PDF is verified as a bundle with the XML embedded in it (every check of
    :func:`hocbaso.signature.bundle.verify_bundle`).

    :param path: the file.
    :param settings: the audit's settings.
    :returns: ``file``, ``outcome`` (passed, failed, indeterminate or unusable)
        and the details of each check (:meth:`FileAudit.to_dict`).
    """
    name = os.fspath(path)
    if os.path.isdir(name):
        return FileAudit(name, "unusable", reason=_folder_reason(name)).to_dict()
    try:
        data = read_input(name)
        trust = _trust(settings)
    except HocbasoError as exc:
        return FileAudit(name, "unusable", reason=str(exc)).to_dict()
    audit = audit_bytes(
        name, data, trust=trust, policy=_policy(settings), at=settings.at,
        now=settings.now,
    )  # fmt: skip
    return audit.to_dict()


def _folder_reason(name: str) -> str:
    # iter_files yields a folder only when it cannot list it.
    try:
        with os.scandir(name):
            pass
    except OSError as exc:
        return f"The folder cannot be read ({exc.strerror or exc}); none of its files were checked."
    return (
        "A folder, not a file: hocbaso verify (or iter_files) audits the files in it."
    )


def audit_bytes(
    name: str,
    data: bytes,
    *,
    trust: TrustSettings,
    policy: ValidationPolicy = DEFAULT_POLICY,
    at: dt.datetime | None = None,
    now: dt.datetime,
    xml: bytes | None = None,
) -> FileAudit:
    """
    Check one file's bytes as :func:`audit_file` does; never raise for bad input.

    :param name: the file's name, shown in the result.
    :param data: its content.
    :param trust: anchors, intermediates and CRLs.
    :param policy: which algorithms may pass.
    :param at: an explicit validation time, if any.
    :param now: the current time.
    :param xml: for a PDF, the XML to pair it with instead of its embedded one.
    :returns: the audit of the file.
    """
    try:
        if not data or data.isspace():
            return FileAudit(name, "unusable", reason="The file is empty.")
        if starts_as_pdf(data):
            return _audit_pdf(name, data, trust, policy, at, now, xml)
        if name.lower().endswith(".pdf"):
            return FileAudit(
                name,
                "unusable",
                reason="The file has no %PDF- header; it is not a PDF.",
            )
        return _audit_xml(name, data, trust, policy, at, now)
    except HocbasoError as exc:
        return FileAudit(name, "unusable", reason=str(exc))


def _audit_pdf(
    name: str,
    data: bytes,
    trust: TrustSettings,
    policy: ValidationPolicy,
    at: dt.datetime | None,
    now: dt.datetime,
    xml: bytes | None,
) -> FileAudit:
    # pyHanko is loaded by the first PDF, not by auditing XML alone.
    from hocbaso.signature.bundle import verify_pdf_or_bundle

    if xml is not None:
        given = validate(xml)
        if given.status is ValidationStatus.UNUSABLE:
            reason = f"The XML to pair with it cannot be used: {given.problems[0]}"
            return FileAudit(name, "unusable", reason=reason)

    report = verify_pdf_or_bundle(data, xml, trust=trust, policy=policy, at=at,
                                  now=now, source=name)  # fmt: skip
    return FileAudit(name, _outcome(report.indication, None), report)


def _audit_xml(
    name: str,
    data: bytes,
    trust: TrustSettings,
    policy: ValidationPolicy,
    at: dt.datetime | None,
    now: dt.datetime,
) -> FileAudit:
    validation = validate(data)
    foreign = _is_foreign(validation.problems)
    if validation.status is ValidationStatus.UNUSABLE and not foreign:
        return FileAudit(name, "unusable", reason=str(validation.problems[0]))

    report = verify_document(data, trust=trust, policy=policy, at=at, now=now,
                             source=name)  # fmt: skip
    checked = None if foreign else validation.status
    outcome = _outcome(report.indication, checked)
    return FileAudit(name, outcome, report, validation, foreign)


def _is_foreign(problems: tuple[Problem, ...]) -> bool:
    # Well-formed XML that is not a hocbaso transcript (a tax notice, another
    # vendor's file): its signatures can still be verified.
    return len(problems) == 1 and problems[0].code in _FOREIGN_CODES


def _validation_part(result: ValidationResult, foreign: bool) -> dict[str, Any]:
    if foreign:
        reason = "Not a hocbaso transcript; only its signatures were verified."
        return {"status": "skipped", "reason": reason}
    details = result.to_dict()
    del details["file"]  # the enclosing result names the file
    return details


def _outcome(indication: Indication, validation: ValidationStatus | None) -> str:
    if indication is Indication.TOTAL_FAILED or validation is ValidationStatus.INVALID:
        return "failed"
    if indication is Indication.TOTAL_PASSED:
        return "passed"
    return "indeterminate"


@lru_cache(maxsize=4)
def _trust(settings: AuditSettings) -> TrustSettings:
    # Loaded once per process and settings: a worker audits thousands of files
    # against the same anchors.
    return load_trust(settings.anchors, intermediates=settings.intermediates,
                      crls=settings.crls, pinned=settings.pinned)  # fmt: skip


def _policy(settings: AuditSettings) -> ValidationPolicy:
    return DEFAULT_POLICY.allowing_weak() if settings.allow_weak else DEFAULT_POLICY


def iter_audit(
    paths: Iterable[Path],
    settings: AuditSettings,
    *,
    jobs: int = 1,
    window: int = 0,
    check: Callable[[str, AuditSettings], dict[str, Any]] = audit_file,
) -> Generator[dict[str, Any], None, None]:
    """
    Audit many files, in the order given, on ``jobs`` processes.

    At most ``window`` files are in flight at once, so memory does not grow with
    the number of files; results come back in input order. Closing the
    generator early (or Ctrl-C while it waits) drops the files not yet started;
    the workers ignore Ctrl-C and leave it to the caller's process.

    :param paths: the files, consumed lazily.
    :param settings: the audit's settings.
    :param jobs: worker processes; 1 audits in this process.
    :param window: files in flight; default four per worker.
    :param check: the per-file function (a module-level function, picklable).
    :returns: one result per file.
    """
    if jobs <= 1:
        for path in paths:
            yield check(os.fspath(path), settings)
        return
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_prepare_worker)
    try:
        yield from _bounded(pool, paths, settings, window or 4 * jobs, check)
    finally:
        # Stopped early (Ctrl-C, or a caller that stops reading): the files
        # queued but not started are dropped instead of audited for no one.
        with _ctrl_c_held():
            pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    # The workers ignore Ctrl-C and end once the pool has told them to. A
    # second Ctrl-C that broke into the shutdown would stop it half way, and
    # the process would then wait at exit for workers never told to end. The
    # shutdown takes at most the files in progress, so Ctrl-C waits for it.
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread receives signals, and may set handlers
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _prepare_worker() -> None:
    # Ctrl-C reaches every process of the terminal's group. The main process
    # stops the run and says how far it got; a worker would otherwise die
    # printing its own traceback, or lose the file it is checking.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    # A worker audits thousands of files: it loads once what every bundle
    # needs (pyHanko, pypdf, the models), then hides those long-lived objects
    # from the garbage collector (gc.freeze), whose collections then look at
    # each file's own objects only: about 5 % of a bundle audit otherwise.
    import hocbaso.signature.bundle  # noqa: F401

    gc.freeze()


def _bounded(
    pool: ProcessPoolExecutor,
    paths: Iterable[Path],
    settings: AuditSettings,
    window: int,
    check: Callable[[str, AuditSettings], dict[str, Any]],
) -> Iterator[dict[str, Any]]:
    pending: deque[Future[dict[str, Any]]] = deque()
    for path in paths:
        pending.append(pool.submit(check, os.fspath(path), settings))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
