"""What every command shares: exit codes, error mapping and output helpers."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from hocbaso.errors import HocbasoError, HocbasoValueError
from hocbaso.signature.report import VIETNAM_TIME

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_UNUSABLE",
    "about",
    "check_outputs",
    "configure_logging",
    "echo_json",
    "parse_time",
    "run_guarded",
    "write_output",
]

logger = logging.getLogger(__name__)

EXIT_OK = 0
"""Everything checked passed."""
EXIT_INVALID = 1
"""An input was read but is invalid, or a check failed."""
EXIT_UNUSABLE = 2
"""An input could not be used at all, or the command was called wrongly."""
EXIT_INTERRUPTED = 130
"""Stopped by Ctrl-C (128 + SIGINT, as shells report it); never read as a pass."""


# Libraries whose warnings repeat what our reports already say, some with a
# full traceback (pyHanko on a suspicious incremental update); they are heard
# only with --verbose.
_QUIET_LOGGERS = ("pyhanko", "pyhanko_certvalidator", "pypdf")


class _OneLineFormatter(logging.Formatter):
    """``hocbaso: warning: <logger>: <message>``, on one line, with no traceback."""

    def format(self, record: logging.LogRecord) -> str:
        """Render the record's message alone; its exc_info and stack are left out."""
        message = " ".join(record.getMessage().split("\n"))
        return f"hocbaso: {record.levelname.lower()}: {record.name}: {message}"


class _StderrHandler(logging.Handler):
    """Write to whatever ``sys.stderr`` is at the time, as click's test runner swaps it."""

    def emit(self, record: logging.LogRecord) -> None:
        """Write one formatted record and a newline to standard error."""
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:  # noqa: BLE001 - logging must never break the command.
            self.handleError(record)


def configure_logging(*, verbose: bool) -> None:
    """
    Send log records to standard error, once per process however often called.

    Without ``verbose``: warnings and worse, one line each and never a
    traceback, with the libraries in ``_QUIET_LOGGERS`` held to errors. With
    ``verbose``: every record, tracebacks included, from every library.

    :param verbose: log steps and show tracebacks.
    """
    root = logging.getLogger()
    handler = next((h for h in root.handlers if isinstance(h, _StderrHandler)), None)
    if handler is None:
        handler = _StderrHandler()
        root.addHandler(handler)
    level = logging.DEBUG if verbose else logging.WARNING
    handler.setLevel(level)
    handler.setFormatter(
        logging.Formatter("%(levelname)s %(name)s: %(message)s")
        if verbose
        else _OneLineFormatter()
    )
    root.setLevel(level)
    for name in _QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.NOTSET if verbose else logging.ERROR)


def run_guarded(
    command: click.Command, argv: Sequence[str] | None, *, verbose: bool
) -> int:
    """
    Run a click command, turning hocbaso errors into one line and an exit code.

    :param command: the click command or group.
    :param argv: the arguments, or ``None`` for ``sys.argv``.
    :param verbose: re-raise with the traceback instead of a one-line message.
    :returns: the exit code.
    """
    try:
        result = command.main(args=argv, prog_name="hocbaso", standalone_mode=False)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):
            click.echo("Interrupted.", err=True)
            return EXIT_INTERRUPTED
        click.echo("Aborted.", err=True)  # end of input at a prompt
        return EXIT_UNUSABLE
    except click.ClickException as exc:
        exc.show()
        return EXIT_UNUSABLE if exc.exit_code != 0 else EXIT_OK
    except HocbasoError as exc:
        if verbose:
            raise
        click.echo(f"hocbaso: {exc}", err=True)
        return EXIT_UNUSABLE
    except OSError as exc:
        # A file the user named could not be read or written: say which and why.
        if verbose:
            raise
        where = f" {exc.filename!r}" if exc.filename else ""
        click.echo(f"hocbaso: cannot use{where}: {exc.strerror or exc}.", err=True)
        return EXIT_UNUSABLE
    return int(result or EXIT_OK)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def echo_json(value: Any, *, err: bool = False) -> None:
    r"""
    Print ``value`` as one line of JSON in UTF-8, keeping Vietnamese text readable.

    A file name that is not UTF-8 reaches Python with each undecodable byte as
    a lone surrogate (U+DC80 to U+DCFF); those are written as ``\udcXX``
    escapes, so the line stays valid UTF-8 and JSON, and Python's
    ``os.fsencode(json.loads(line)["file"])`` gives the name's bytes back.

    :param value: anything ``json`` can serialise.
    :param err: print to standard error (when standard output carries data).
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    text = _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    click.echo(text, err=err)


def parse_time(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> dt.datetime | None:
    """
    Read an ISO 8601 time option; a time without a UTC offset is Vietnam time.

    A click callback, for ``--at`` options.

    :param ctx: the click context.
    :param param: the option.
    :param value: the text given, if any.
    :returns: a timezone-aware time, or ``None`` when the option was not given.
    :raises click.BadParameter: if the text is not an ISO 8601 time.
    """
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(
            f"{value!r} is not an ISO 8601 time, e.g. 2025-05-30T09:30:00+07:00.",
            ctx,
            param,
        ) from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=VIETNAM_TIME)


def write_output(output: Path, data: bytes, message: str = "") -> None:
    """
    Write a command's result to ``output`` (``-`` for standard output) and say so.

    The message goes to standard error when the data goes to standard output, so a
    pipe receives the data alone.

    :param output: the file, or ``-``.
    :param data: the bytes to write.
    :param message: what to tell the user, with ``{output}`` for the destination.
    :raises click.UsageError: if the folder of ``output`` does not exist.
    """
    if str(output) == "-":
        sys.stdout.flush()  # text already printed goes first
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        if message:
            click.echo(message.format(output="standard output"), err=True)
        return
    _check_folder(output)
    output.write_bytes(data)
    if message:
        click.echo(message.format(output=output))


def check_outputs(
    output: Path,
    *,
    reads: Iterable[tuple[str, Path | None]] = (),
    **others: Path | None,
) -> None:
    """
    Refuse, before any work, output files that cannot all be written safely.

    No output may be a file the command reads (the input, the original, a key,
    a certificate, trust material): nothing a user gave is overwritten. A
    command that writes a second file (``--xml-output``, ``--provenance``)
    checks both, so that an error never leaves one written and the other not,
    one never overwrites the other, and standard output carries one file. Links
    and hard links to the same file count as the same file.

    :param output: the main output (``-`` for standard output).
    :param reads: the files the command reads, each with the option or
        argument that names it; ``None`` entries are skipped.
    :param others: the further outputs by option name (``xml_output=…``); ``None``
        when not asked for.
    :raises click.UsageError: naming the options and the problem.
    """
    given = {"--output": output} | {
        "--" + name.replace("_", "-"): path for name, path in others.items() if path
    }
    for option, path in given.items():
        if option != "--output" and str(path) == "-":
            raise click.UsageError(
                f"{option} cannot be '-': standard output carries the report, or "
                "the --output file; name a file instead."
            )
        if str(path) != "-":
            _check_folder(path)
    written = [(option, path) for option, path in given.items() if str(path) != "-"]
    _refuse_same_file(written)
    _refuse_overwriting_inputs(
        written, [(name, p) for name, p in reads if p is not None]
    )


def _check_folder(output: Path) -> None:
    if not output.parent.is_dir():
        raise click.UsageError(
            f"The folder {str(output.parent)!r} for {str(output)!r} does not exist; "
            "create it first."
        )


def _refuse_same_file(written: list[tuple[str, Path]]) -> None:
    for index, (option, path) in enumerate(written):
        for other, earlier in written[:index]:
            if _same_file(path, earlier):
                raise click.UsageError(
                    f"{other} and {option} name the same file {str(path)!r}; one "
                    "would overwrite the other."
                )


def _refuse_overwriting_inputs(
    written: list[tuple[str, Path]], reads: list[tuple[str, Path]]
) -> None:
    for option, path in written:
        for name, source in reads:
            if path.exists() and _same_file(path, source):
                raise click.UsageError(
                    f"{option} {str(path)!r} is the file given as {name}; it would be "
                    "overwritten. Write the result to another file."
                )


def _same_file(a: Path, b: Path) -> bool:
    # samefile compares device and inode, so links and hard links are caught;
    # a file not written yet is compared by its resolved path.
    try:
        return a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()


@contextlib.contextmanager
def about(*paths: Path | None) -> Iterator[None]:
    """
    Name the input files in any hocbaso error raised inside the block.

    Library errors say what is wrong but not which file the user gave; the
    one-line message a script reads should say both.

    :param paths: the files the block reads (``None`` entries are skipped).
    """
    try:
        yield
    except HocbasoError as exc:
        names = ", ".join(str(p) for p in paths if p is not None)
        raise HocbasoValueError(f"{names}: {exc}") from exc
