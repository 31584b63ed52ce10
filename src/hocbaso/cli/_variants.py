"""
``hocbaso detect`` and ``hocbaso convert``: template variants on the command line.

``convert`` exits 0 when the conversion was lossless, 1 when anything was
dropped, approximated or left unmapped (the output is still written, and the
report says what), and 2 when the input cannot be used (unknown or ambiguous
format, unreadable file, a target that cannot hold the transcript).
"""

from __future__ import annotations

import logging
from pathlib import Path

import click

from hocbaso.cli._common import EXIT_INVALID, EXIT_OK, echo_json
from hocbaso.variants import (
    available_variants,
    detect_variant,
)
from hocbaso.variants import (
    convert as convert_bytes,
)

__all__ = ["convert", "detect"]

logger = logging.getLogger(__name__)

_INPUT = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)


@click.command()
@click.argument("file", type=_INPUT)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the result as one JSON line."
)
def detect(file: Path, as_json: bool) -> int:
    """Name the template variant of FILE; exit 2 if it is unknown or ambiguous."""
    variant = detect_variant(file.read_bytes())
    if as_json:
        echo_json({"file": str(file), "variant": variant.name,
                   "media_type": variant.media_type})  # fmt: skip
    else:
        click.echo(f"{variant.name}: {variant.description}")
    return EXIT_OK


@click.command()
@click.argument("file", type=_INPUT)
@click.option("--to", "target", required=True, type=click.Choice(available_variants()),
              help="The variant to write.")  # fmt: skip
@click.option("--from", "source", default=None, type=click.Choice(available_variants()),
              help="The source's variant; detected when omitted.")  # fmt: skip
@click.option("-o", "--output", required=True,
              type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Where to write the converted file.")  # fmt: skip
@click.option(
    "--json", "as_json", is_flag=True, help="Print the loss report as one JSON line."
)
def convert(
    file: Path, target: str, source: str | None, output: Path, as_json: bool
) -> int:
    """
    Convert FILE to another variant and print the loss report.

    Exits 0 when nothing was lost, 1 when the report lists losses (the output
    is written all the same), 2 when the input cannot be used.
    """
    result = convert_bytes(file.read_bytes(), to=target, source_variant=source)
    output.write_bytes(result.data)
    if as_json:
        echo_json(result.to_dict())
    else:
        click.echo(f"{result.source_variant} -> {result.target_variant}: wrote {output} "
                   f"({len(result.data):,} bytes).")  # fmt: skip
        click.echo(result.report.to_text())
    return EXIT_OK if result.lossless else EXIT_INVALID
