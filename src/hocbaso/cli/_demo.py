"""``hocbaso demo``: the main job on the bundled example, with a summary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from hocbaso.cli._common import EXIT_INVALID, EXIT_OK
from hocbaso.demo import run_demo

__all__ = ["demo"]


@click.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("demo-output"),
    show_default=True,
    help="Folder for the files the demo writes.",
)
def demo(out: Path) -> int:
    """Run the main job on the bundled example and say where each output is."""
    steps = run_demo(out, now=dt.datetime.now(dt.UTC))
    for number, step in enumerate(steps, 1):
        mark = "ok " if step.ok else "FAIL"
        click.echo(f"{number:>2}. [{mark}] {step.name}: {step.detail}")
        for path in step.outputs:
            click.echo(f"           -> {path}")
    if all(step.ok for step in steps):
        click.echo(f"All steps passed. Open the files in {out}/.")
        return EXIT_OK
    return EXIT_INVALID
