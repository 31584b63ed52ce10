"""What every command shares: exit codes, error mapping and output helpers."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Sequence
from typing import Any

import click

from hocbaso.errors import HocbasoError
from hocbaso.signature.report import VIETNAM_TIME

__all__ = [
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_UNUSABLE",
    "echo_json",
    "parse_time",
    "run_guarded",
]

logger = logging.getLogger(__name__)

EXIT_OK = 0
"""Everything checked passed."""
EXIT_INVALID = 1
"""An input was read but is invalid, or a check failed."""
EXIT_UNUSABLE = 2
"""An input could not be used at all, or the command was called wrongly."""


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
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_UNUSABLE
    except click.ClickException as exc:
        exc.show()
        return EXIT_UNUSABLE if exc.exit_code != 0 else EXIT_OK
    except HocbasoError as exc:
        if verbose:
            raise
        click.echo(f"hocbaso: {exc}", err=True)
        return EXIT_UNUSABLE
    return int(result or EXIT_OK)


def echo_json(value: Any) -> None:
    """
    Print ``value`` as one line of JSON, keeping Vietnamese text readable.

    :param value: anything ``json`` can serialise.
    """
    click.echo(json.dumps(value, ensure_ascii=False, sort_keys=False))


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
