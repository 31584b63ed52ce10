"""
``hocbaso detect`` and ``hocbaso convert``: template variants on the command line.

``convert`` exits 0 when the conversion was lossless, 1 when anything was
dropped, approximated or left unmapped (the output is still written, and the
report says what) or when a signed source does not verify (nothing is
written), and 2 when the input cannot be used (unknown or ambiguous format,
unreadable file, a target that cannot hold the transcript).

A signed source (or one given with ``--original``) is verified first with
:func:`hocbaso.variants.transfer.receive_transfer`; the verification result
is printed beside the loss report. A source that breaks the rules of the
circulars is converted as it is, with a warning naming the rules.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from hocbaso._files import read_input, starts_as_pdf
from hocbaso.cli._common import (
    EXIT_INVALID,
    EXIT_OK,
    about,
    check_outputs,
    echo_json,
    parse_time,
    write_output,
)
from hocbaso.errors import TransferRefusedError
from hocbaso.signature import DocumentReport, load_trust
from hocbaso.variants import (
    LossReport,
    available_variants,
    detect_variant,
)
from hocbaso.variants import (
    convert as convert_bytes,
)
from hocbaso.variants.transfer import Provenance, receive_transfer

if TYPE_CHECKING:
    from hocbaso.model import Transcript

__all__ = ["convert", "detect", "read_source", "source_files"]

logger = logging.getLogger(__name__)

_INPUT = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)


@click.command()
@click.argument("file", type=_INPUT)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the result as one JSON line."
)
def detect(file: Path, as_json: bool) -> int:
    """Name the template variant of FILE; exit 2 if it is unknown or ambiguous."""
    with about(file):
        variant = detect_variant(read_input(file))
    if as_json:
        echo_json({"file": str(file), "variant": variant.name,
                   "media_type": variant.media_type})  # fmt: skip
    else:
        click.echo(f"{variant.name}: {variant.description}")
    return EXIT_OK


def read_source(path: Path) -> bytes:
    """
    Read a received file; from a hocbaso PDF, the transcript XML it embeds.

    A pupil often arrives with the PDF: its embedded XML is the signed legal
    original, taken exactly as embedded and verified as any signed source is.
    The PDF's own signatures are not part of what is converted; the message on
    standard error says so and how to check them.
    """
    data = read_input(path)
    if not starts_as_pdf(data):
        return data
    from hocbaso.pdf import extract_transcript_xml

    with about(path):
        xml = extract_transcript_xml(data)
    click.echo(f"{path}: a PDF; the XML it embeds is read (in a hocbaso PDF, the signed "
               f"transcript: the legal original). The PDF's own signatures are not carried: "
               f"'hocbaso verify {path}' checks them.", err=True)  # fmt: skip
    return xml


_SIGNATURE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Signature[\s>]")


F = TypeVar("F", bound=Callable[..., Any])


def source_options(command: F) -> F:
    """
    Add the options that say what was received and how to verify it.

    The command receives them as ``source``, ``trust``, ``at``, ``original``
    and ``accept_unverified``, the arguments of
    :func:`~hocbaso.variants.transfer.receive_transfer`.
    """
    options = [
        click.option("--from", "source", default=None,
                     type=click.Choice(available_variants()),
                     help="The source's variant; detected when omitted."),
        click.option("--trust", type=click.Path(exists=True, path_type=Path),
                     multiple=True,
                     help="Trust anchors for a signed source: a PEM, DER or PKCS#7 "
                          "file, or a folder."),
        click.option("--at", callback=parse_time,
                     help="Validate the signatures at this time (ISO 8601, +07:00 if "
                          "no offset; default: each signing time)."),
        click.option("--original", type=_INPUT, default=None,
                     help="The signed original of an unsigned copy: verified, and the "
                          "copy checked against it."),
        click.option("--accept-unverified", is_flag=True,
                     help="Go on even if the signatures do not verify (recorded)."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def source_files(
    file: Path, original: Path | None, trust: tuple[Path, ...]
) -> list[tuple[str, Path | None]]:
    """Return the files the :func:`source_options` name, by option, for :func:`check_outputs`."""
    return [("FILE", file), ("--original", original), *(("--trust", t) for t in trust)]


@click.command()
@click.argument("file", type=_INPUT)
@click.option("--to", "target", required=True, type=click.Choice(available_variants()),
              help="The variant to write.")  # fmt: skip
@source_options
@click.option("-o", "--output", required=True,
              type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Where to write the converted file.")  # fmt: skip
@click.option(
    "--json", "as_json", is_flag=True, help="Print the loss report as one JSON line."
)
@click.option("--provenance", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              default=None, help="Write the provenance record (JSON) of a verified "
                                 "source here.")  # fmt: skip
def convert(
    file: Path,
    target: str,
    source: str | None,
    output: Path,
    as_json: bool,
    trust: tuple[Path, ...],
    at: datetime | None,
    original: Path | None,
    accept_unverified: bool,
    provenance: Path | None,
) -> int:
    """
    Convert FILE to another variant and print the loss report.

    A signed FILE, or one given with --original, is verified first; a source
    that does not verify is refused unless --accept-unverified is given.
    Exits 0 when nothing was lost, 1 when the report lists losses (the output
    is written all the same) or the signatures do not verify (nothing is
    written), 2 when the input cannot be used.
    """
    check_outputs(
        output, reads=source_files(file, original, trust), provenance=provenance
    )
    data = read_source(file)
    signed = original is not None or _SIGNATURE.search(data) is not None
    if not signed:
        with about(file):
            result = convert_bytes(data, to=target, source_variant=source)
        write_output(output, result.data)
        _print(result.to_dict(), result.report, output, None, as_json)
        warn_if_rules_broken(file, result.transcript)
        return EXIT_OK if result.lossless else EXIT_INVALID
    try:
        received = receive_transfer(
            data, trust=load_trust(trust), at=at, to=target, source_variant=source,
            original=read_source(original) if original else None,
            accept_unverified=accept_unverified,
        )  # fmt: skip
    except TransferRefusedError as exc:
        return refused(exc, as_json)
    write_output(output, received.data)
    if provenance is not None:
        write_output(provenance, received.provenance.to_json())
    record = received.provenance
    summary = {"source_variant": record.source_variant, "target_variant": target,
               "source_sha256": record.source_sha256, "output_bytes": len(received.data),
               **received.report.to_dict(), "provenance": record.to_dict()}  # fmt: skip
    _print(summary, received.report, output, record, as_json)
    warn_if_rules_broken(file, received.transcript)
    return EXIT_OK if received.report.lossless else EXIT_INVALID


def warn_if_rules_broken(file: Path, transcript: Transcript) -> None:
    """Warn on standard error, with the rule ids only, if ``transcript`` breaks the rules."""
    # A conversion carries values as they are; a source that contradicts the
    # rules of the circulars is said so, as render says it, with the rule ids
    # only (never the values).
    from hocbaso.model.rules import Severity, check

    broken = sorted({f.rule.value for f in check(transcript)
                     if f.severity is Severity.ERROR})  # fmt: skip
    if broken:
        click.echo(
            f"hocbaso: warning: {file} breaks the rules of the circulars "
            f"({', '.join(broken)}); the output carries its values as they are "
            "(see hocbaso validate).",
            err=True,
        )


def _print(
    summary: dict[str, Any],
    report: LossReport,
    output: Path,
    record: Provenance | None,
    as_json: bool,
) -> None:
    err = str(output) == "-"  # the converted data is on standard output
    if as_json:
        echo_json(summary, err=err)
        return
    click.echo(f"{summary['source_variant']} -> {summary['target_variant']}: wrote "
               f"{output} ({summary['output_bytes']:,} bytes).", err=err)  # fmt: skip
    if record is not None:
        click.echo(verification_text(record), err=err)
    click.echo(report.to_text(), err=err)


def verification_text(record: Provenance) -> str:
    """Say how the source's signatures verified, one line per signature."""
    note = " (accepted unverified)" if record.accepted_unverified else ""
    lines = [f"Signatures of the {record.original_variant} original: {record.indication}"
             f"{note}, {len(record.signatures)} signature(s)."]  # fmt: skip
    for s in record.signatures:
        lines.append(f"  {s.signature_id or '-'}: {s.indication}"
                     f"{' / ' + s.sub_indication if s.sub_indication else ''}, "
                     f"{s.role or 'no role'}, {s.signer or 'no signer'}, "
                     f"{s.signing_time or 'no time'}")  # fmt: skip
    return "\n".join(lines)


def refused(exc: TransferRefusedError, as_json: bool) -> int:
    """Say why a source was refused, with its verification report; exit 1."""
    report = exc.report if isinstance(exc.report, DocumentReport) else None
    if as_json:
        echo_json({"refused": str(exc),
                   "verification": report.to_dict() if report else None})  # fmt: skip
    else:
        click.echo(f"hocbaso: {exc}", err=True)
        if report is not None:
            click.echo(report.to_text(), err=True)
    return EXIT_INVALID
