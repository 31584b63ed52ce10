"""``hocbaso validate``: schema, model and rules for each file given."""

from __future__ import annotations

from pathlib import Path

import click

from hocbaso.cli._common import echo_json
from hocbaso.model.rules import Severity
from hocbaso.validation import ValidationResult, validate

__all__ = ["validate_command"]


@click.command(name="validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file.")
@click.option(
    "-q", "--quiet", is_flag=True, help="Print only files that are not valid."
)
def validate_command(files: tuple[Path, ...], as_json: bool, quiet: bool) -> int:
    """
    Validate transcript XML files against the schema, the model and the rules.

    Exits 0 when every file is valid, 1 when any is invalid, and 2 when any
    cannot be used at all (missing, truncated, not XML, with a DTD, too large).
    """
    worst = 0
    for path in files:
        result = validate(path)
        worst = max(worst, result.status.exit_code)
        if as_json:
            echo_json(result.to_dict())
        elif not (quiet and result.status.exit_code == 0):
            _echo_text(result)
    return worst


def _echo_text(result: ValidationResult) -> None:
    click.echo(f"{result.source}: {result.status.value}")
    for problem in result.problems:
        click.echo(f"  {problem}")
    for finding in result.findings:
        if finding.severity is not Severity.INFO:
            click.echo(f"  {finding}")
