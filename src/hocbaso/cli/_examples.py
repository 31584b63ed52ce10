"""``hocbaso example``: write a bundled example transcript as canonical XML."""

from __future__ import annotations

from pathlib import Path

import click

from hocbaso.cli._common import EXIT_OK, write_output
from hocbaso.examples import EXAMPLES
from hocbaso.xml import write_xml

__all__ = ["example"]


@click.command()
@click.option(
    "--level",
    type=click.Choice(sorted(EXAMPLES)),
    default="primary",
    show_default=True,
    help="Which bundled example.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="Where to write the XML ('-' for standard output).",
)
def example(level: str, output: Path) -> int:
    """Write a bundled example transcript (invented pupil, real school) as XML."""
    data = write_xml(EXAMPLES[level]())
    write_output(
        output, data, f"Wrote the {level} example to {{output}} ({len(data):,} bytes)."
    )
    return EXIT_OK
