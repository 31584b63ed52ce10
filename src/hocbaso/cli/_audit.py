"""
Batch verification for ``hocbaso verify DIR --jobs N``.

Thousands of files are audited on all cores through :mod:`hocbaso.audit`; each
file gives one line (JSON with ``--json``), a summary line closes the run, and a
progress bar on standard error shows how far it is. A file that cannot be read
is reported and the run goes on.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from hocbaso.audit import AuditSettings, AuditSummary, iter_audit, iter_files
from hocbaso.audit.engine import SIGNATURES_ONLY
from hocbaso.cli._common import echo_json

__all__ = ["run_batch"]


def run_batch(
    inputs: tuple[Path, ...],
    settings: AuditSettings,
    *,
    jobs: int,
    as_json: bool,
    progress: bool | None,
) -> int:
    """
    Audit every file under ``inputs`` and print one line per file and a summary.

    :param inputs: files and folders.
    :param settings: trust, times and policy for every file.
    :param jobs: worker processes (0 means one per core).
    :param as_json: print JSON lines instead of text.
    :param progress: show a progress bar; ``None`` shows it when stderr is a terminal.
    :returns: the exit code: 0 all passed, 1 any failed or indeterminate, 2 any
        unusable, 130 interrupted (Ctrl-C).
    """
    workers = jobs or os.cpu_count() or 1
    total = sum(1 for _ in iter_files(inputs))
    if total == 0:
        # An empty or mistyped archive must not look like "all passed".
        named = ", ".join(repr(str(path)) for path in inputs)
        raise click.UsageError(f"No XML or PDF files were found in {named}.")

    summary = AuditSummary()
    results = iter_audit(iter_files(inputs), settings, jobs=workers)
    with _StopRequests() as stop:
        for result in _with_progress(results, total, progress):
            summary.add(result)
            _echo(result, as_json=as_json)
            if stop.requested:
                break
        if stop.requested:
            # The lines printed so far stand; the summary says how many files
            # were left, so a partial run is never read as a whole one.
            results.close()
            summary.interrupt(total)

    _echo_summary(summary, as_json=as_json)
    return summary.exit_code


class _StopRequests:
    """
    Ctrl-C and SIGTERM, while a batch runs, ask it to stop after the file in hand.

    Raising in the middle of the loop could cut a JSON line in two, or count a
    file whose line was never printed; a flag read between files cannot.
    SIGTERM (a supervisor, a cancelled job, kill PID) is handled too: left to
    its default it would end this process alone, and the workers would wait
    for files forever. A run that ends by itself gives the caller's handlers
    back (the command may run inside another program); a stopped one ignores
    them from then on, so that a second press cannot kill the process on its
    way out (Python gives a signal its default action while it exits).
    """

    _SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.requested = False
        self._previous: list[Any] = []

    def __enter__(self) -> _StopRequests:
        self._previous = [signal.getsignal(stop) for stop in self._SIGNALS]
        for stop in self._SIGNALS:
            signal.signal(stop, self._request)
        return self

    def __exit__(self, *exc: object) -> None:
        handlers = [signal.SIG_IGN] * 2 if self.requested else self._previous
        for stop, handler in zip(self._SIGNALS, handlers, strict=True):
            signal.signal(stop, handler)

    def _request(self, signum: int, frame: object) -> None:
        self.requested = True


def _with_progress(
    results: Iterable[dict[str, Any]], total: int, shown: bool | None
) -> Iterator[dict[str, Any]]:
    # --progress asks for the bar even when standard error is not a terminal
    # (a log file a person will read, a CI console).
    console = Console(stderr=True, force_terminal=True if shown else None)
    if shown is False or (shown is None and not console.is_terminal):
        yield from results
        return
    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(),
               TimeRemainingColumn())  # fmt: skip
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("Verifying", total=total)
        for result in results:
            yield result
            bar.advance(task)


def _echo(result: dict[str, Any], *, as_json: bool) -> None:
    if as_json:
        echo_json(result)
        return
    click.echo(f"{result['file']}: {result['outcome']}{_why(result)}")


def _why(result: dict[str, Any]) -> str:
    if "reason" in result:
        return f" ({result['reason']})"
    report = result.get("bundle") or result.get("signatures") or {}
    indication = report.get("indication")
    if not indication:
        return ""
    cause = "" if result["outcome"] == "passed" else _first_cause(result)
    why = f" ({indication}: {cause})" if cause else f" ({indication})"
    if result.get("judged_as") == SIGNATURES_ONLY:
        # A pass vouches for the signatures, not for a transcript: said so.
        why += " [no transcript: judged on its signatures alone]"
    return why


_NOT_PASSED = ("FAILED", "WARNING", "SKIPPED")


def _first_cause(result: dict[str, Any]) -> str:
    # The first thing that kept the file from passing, failures before warnings
    # and skips; the reasons name checks and certificates, never transcript
    # content.
    validation = result.get("validation") or {}
    if validation.get("status") == "invalid":
        return "the transcript breaks the schema, the model or the rules"
    bundle = result.get("bundle")
    if bundle is None:
        return _signature_cause(result["signatures"])
    for status in _NOT_PASSED:  # a failure first, then a warning, then a skip
        for check in bundle["checks"]:
            if check["status"] == status:
                return _bundle_cause(bundle, check)
    return ""


def _bundle_cause(bundle: dict[str, Any], check: dict[str, Any]) -> str:
    part = {"bundle.xml-signatures": "xml_signatures",
            "bundle.pdf-signatures": "pdf_signatures"}.get(check["name"])  # fmt: skip
    inner = _signature_cause(bundle[part]) if part and bundle.get(part) else ""
    return inner or f"{check['name']}: {check['reason']}"


def _signature_cause(report: dict[str, Any]) -> str:
    # A failed signature before an indeterminate one, and within them a
    # failed check before a warning.
    ranked = sorted(
        enumerate(report["signatures"], start=1),
        key=lambda item: item[1]["indication"] != "TOTAL_FAILED",
    )
    for status in ("FAILED", "WARNING"):
        for number, signature in ranked:
            if signature["indication"] == "TOTAL_PASSED":
                continue
            for check in signature["checks"]:
                if check["status"] == status:
                    named = signature["signature_id"] or f"signature {number}"
                    return f"{named}: {check['name']}: {check['reason']}"
    problems = report.get("problems") or []
    return str(problems[0]) if problems else ""


def _echo_summary(summary: AuditSummary, *, as_json: bool) -> None:
    if as_json:
        echo_json(summary.to_dict() | {"finished": dt.datetime.now(dt.UTC).isoformat()})
        return
    counts = ", ".join(
        f"{n} {outcome}" for outcome, n in sorted(summary.outcomes.items())
    )
    alone = (
        f" {summary.signatures_only} had no transcript and were judged on their "
        "signatures alone."
        if summary.signatures_only
        else ""
    )
    stopped = (
        f"Interrupted: {summary.unchecked} file(s) not checked. "
        if summary.unchecked is not None
        else ""
    )
    click.echo(f"{stopped}{summary.total} file(s): {counts or 'none'}.{alone}")
