"""``hocbaso render`` and ``hocbaso check-pair``: the PDF face of a transcript."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import click

from hocbaso._files import read_input
from hocbaso.cli._common import (
    EXIT_INVALID,
    EXIT_OK,
    about,
    check_outputs,
    echo_json,
    write_output,
)
from hocbaso.errors import Problem
from hocbaso.pdf import PairReport, render_pdf_from_xml
from hocbaso.pdf import check_pair as check_pdf_pair

__all__ = ["check_pair", "render"]

logger = logging.getLogger(__name__)

_INPUT = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)


@click.command()
@click.argument("xml_file", type=_INPUT)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="Where to write the PDF ('-' for standard output).",
)
def render(xml_file: Path, output: Path) -> int:
    """
    Render a transcript XML to PDF/A-3 with the XML embedded.

    The PDF prints the transcript as it is; a transcript that breaks the rules
    of the circulars is rendered all the same, with a warning that says how
    many errors 'hocbaso validate' would list.
    """
    check_outputs(output, reads=[("XML_FILE", xml_file)])
    with about(xml_file):
        data = read_input(xml_file)
        pdf = render_pdf_from_xml(data)
    write_output(output, pdf, f"Wrote {{output}} ({len(pdf):,} bytes).")
    _warn_if_invalid(xml_file, data)
    return EXIT_OK


def _warn_if_invalid(xml_file: Path, data: bytes) -> None:
    from hocbaso.model.rules import Severity
    from hocbaso.validation import validate

    result = validate(data)
    errors = len(result.problems) + sum(
        1 for f in result.findings if f.severity is Severity.ERROR
    )
    if errors:
        click.echo(
            f"hocbaso: warning: {xml_file} has {errors} error(s) by the schema, the "
            "model or the rules; the PDF prints it as it is (see hocbaso validate).",
            err=True,
        )


def _echo_report(report: PairReport, *, values: bool) -> None:
    failing = list(report.problems())
    checked = len(report.fields) - len(failing)
    click.echo(
        f"{report.verdict.value.upper()}: {checked} of {len(report.fields)} printed "
        f"values agree (checked by {report.method})."
    )
    for problem in report.structure:
        click.echo(f"  {problem}")
    for problem in (*report.xml, *report.metadata):
        click.echo(f"  {problem if values else _withheld(problem)}")
    for finding in failing:
        shown = (
            f"; printed {finding.printed!r}, expected {finding.expected!r}"
            if values
            else ""
        )
        click.echo(
            f"  page {finding.page}, {finding.path}: {finding.status.value}{shown}"
        )
    for note in report.notes:
        click.echo(f"  note: {note}")


@click.command("check-pair")
@click.argument("pdf_file", type=_INPUT)
@click.argument("xml_file", type=_INPUT, required=False)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the report as one JSON line."
)
@click.option(
    "--values/--no-values",
    default=True,
    help="Show the printed and expected values (the pupil's data), or only the "
    "paths of the fields (for logs that are kept or shared).",
)
def check_pair(
    pdf_file: Path, xml_file: Path | None, as_json: bool, values: bool
) -> int:
    """
    Check that a PDF prints what a transcript XML says.

    Without XML_FILE the PDF is checked against the XML it embeds. Each field
    that differs is shown with what the PDF prints and what the XML says: those
    are the pupil's data, so use --no-values for output that is kept or shared.
    Exits 0 when they agree, 1 when they do not (or not everything could be
    checked), and 2 when an input cannot be used.
    """
    with about(pdf_file, xml_file):
        xml = read_input(xml_file) if xml_file is not None else None
        report = check_pdf_pair(read_input(pdf_file), xml)
    if as_json:
        echo_json(report.to_dict() if values else _without_values(report.to_dict()))
    else:
        _echo_report(report, values=values)
    return EXIT_OK if report.agrees else EXIT_INVALID


# A difference between two XMLs, or between the XMP and the XML, is said with
# the two values: the pupil's data, withheld with --no-values.
_WITHHELD = "The values differ; they are withheld by --no-values."
_QUOTING = frozenset({"xml.differs", "metadata.xmp"})
"""The problems whose reason quotes the two values (the others name no value)."""


def _withheld(problem: Problem) -> Problem:
    if problem.code not in _QUOTING:
        return problem
    return Problem(problem.code, _WITHHELD, problem.path, problem.line)


def _without_values(record: dict[str, Any]) -> dict[str, Any]:
    fields = [{**f, "printed": None, "expected": None} for f in record["fields"]]
    hidden = {
        part: [
            {**p, "reason": _WITHHELD} if p["code"] in _QUOTING else p
            for p in record[part]
        ]
        for part in ("xml", "metadata")
    }
    return {**record, "fields": fields, **hidden}
