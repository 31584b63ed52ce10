"""
The ``hocbaso`` command line.

Every command exits 0 when all is well, 1 when an input is invalid (or a check
failed), and 2 when an input cannot be used at all (missing, unreadable, not a
transcript) or the command was called wrongly. A :class:`HocbasoError` becomes
one line on standard error; the traceback appears only with ``--verbose``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

import click

from hocbaso._version import __version__
from hocbaso.cli._common import configure_logging, run_guarded

__all__ = ["cli", "main"]

# Each command's module is imported only when that command runs (or when the
# help lists every command): a script that verifies one file should not pay for
# importing the PDF renderer, the spreadsheet reader and the demo.
_COMMANDS = {
    "demo": ("hocbaso.cli._demo", "demo"),
    "example": ("hocbaso.cli._examples", "example"),
    "validate": ("hocbaso.cli._validate", "validate_command"),
    "render": ("hocbaso.cli._pdf", "render"),
    "check-pair": ("hocbaso.cli._pdf", "check_pair"),
    "sign": ("hocbaso.cli._signature", "sign"),
    "verify": ("hocbaso.cli._signature", "verify"),
    "detect": ("hocbaso.cli._variants", "detect"),
    "convert": ("hocbaso.cli._variants", "convert"),
    "transfer": ("hocbaso.cli._transfer", "transfer"),
}


class _LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Return the command names in the order they are documented."""
        return list(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import and return the named command, or ``None`` if there is none."""
        if cmd_name not in _COMMANDS:
            return None
        module, attribute = _COMMANDS[cmd_name]
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hocbaso")
@click.option("-v", "--verbose", is_flag=True, help="Log steps and show tracebacks.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Build, validate, render, sign and verify Vietnamese digital transcripts (học bạ số)."""
    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose
    configure_logging(verbose=verbose)


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the command line and return its exit code.

    :param argv: the arguments, without the program name; default ``sys.argv``.
    :returns: the exit code.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in args or "--verbose" in args
    return run_guarded(cli, args, verbose=verbose)
