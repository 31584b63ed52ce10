"""
The ``hocbaso`` command line.

Every command exits 0 when all is well, 1 when an input is invalid (or a check
failed), and 2 when an input cannot be used at all (missing, unreadable, not a
transcript) or the command was called wrongly. A :class:`HocbasoError` becomes
one line on standard error; the traceback appears only with ``--verbose``.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

import click

from hocbaso._version import __version__
from hocbaso.cli._common import run_guarded
from hocbaso.cli._demo import demo
from hocbaso.cli._examples import example
from hocbaso.cli._pdf import check_pair, render
from hocbaso.cli._signature import sign, verify
from hocbaso.cli._validate import validate_command
from hocbaso.cli._variants import convert, detect

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hocbaso")
@click.option("-v", "--verbose", is_flag=True, help="Log steps and show tracebacks.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Build, validate, render, sign and verify Vietnamese digital transcripts (học bạ số)."""
    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


cli.add_command(demo)
cli.add_command(example)
cli.add_command(validate_command)
cli.add_command(render)
cli.add_command(check_pair)
cli.add_command(sign)
cli.add_command(verify)
cli.add_command(detect)
cli.add_command(convert)


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the command line and return its exit code.

    :param argv: the arguments, without the program name; default ``sys.argv``.
    :returns: the exit code.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in args or "--verbose" in args
    return run_guarded(cli, args, verbose=verbose)
