"""
``hocbaso transfer``: receive a transcript from another school and issue it.

The receiving school verifies the source's signatures (or those of its signed
original, for an unsigned copy), converts it to the canonical XML, writes the
record of what it received into it, seals it, and renders the PDF/A-3 that
carries the sealed XML, the original and the full record
(:func:`hocbaso.variants.transfer.receive_transfer`, then
:func:`~hocbaso.variants.transfer.issue_transfer`).
"""

from __future__ import annotations

import contextlib
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from hocbaso.cli._common import (
    EXIT_INVALID,
    EXIT_OK,
    check_outputs,
    echo_json,
    parse_time,
    write_output,
)
from hocbaso.cli._signature import (
    check_validity,
    checked_signing_time,
    open_signer,
    signer_files,
    signer_options,
)
from hocbaso.cli._variants import (
    read_source,
    refused,
    source_files,
    source_options,
    verification_text,
    warn_if_rules_broken,
)
from hocbaso.errors import TransferRefusedError
from hocbaso.signature import load_trust
from hocbaso.variants.transfer import (
    Provenance,
    TransferResult,
    issue_transfer,
    receive_transfer,
)

__all__ = ["transfer"]

logger = logging.getLogger(__name__)

_INPUT = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)
_OUTPUT = click.Path(dir_okay=False, writable=True, path_type=Path)


@click.command()
@click.argument("file", type=_INPUT)
@source_options
@signer_options
@click.option("--signing-time", callback=parse_time,
              help="The seal's signing time (ISO 8601, +07:00 if no offset; default: "
                   "now).")  # fmt: skip
@click.option("-o", "--output", required=True, type=_OUTPUT,
              help="Where to write the issued PDF/A-3.")  # fmt: skip
@click.option("--xml-output", type=_OUTPUT, default=None,
              help="Also write the sealed canonical XML here.")  # fmt: skip
@click.option(
    "--json", "as_json", is_flag=True, help="Print the result as one JSON line."
)
def transfer(
    file: Path,
    source: str | None,
    trust: tuple[Path, ...],
    at: datetime | None,
    original: Path | None,
    accept_unverified: bool,
    signing_time: datetime | None,
    output: Path,
    xml_output: Path | None,
    as_json: bool,
    **signer: Any,
) -> int:
    """
    Verify a transcript from another school, then seal and issue it as this school.

    FILE is what was received: a signed canonical or e-government XML, or an
    unsigned copy (JSON, records, a spreadsheet) with --original. Nothing is
    written when the signatures do not verify, unless --accept-unverified.
    The seal is this school's (--key/--cert, --pkcs12 or --pkcs11). Exits 0
    when the original verified and no data was lost (its signatures cannot
    move into the new XML; they travel in the attached original), 1 when the
    loss report lists lost data, the original was accepted unverified, or the
    source is refused (the files are written all the same, except when
    refused), 2 when an input cannot be used.
    """
    reads = [*source_files(file, original, trust), *signer_files(signer)]
    check_outputs(output, reads=reads, xml_output=xml_output)
    when = checked_signing_time(signing_time, datetime.now(UTC), "--signing-time")
    try:
        received = receive_transfer(
            read_source(file), trust=load_trust(trust), at=at, source_variant=source,
            original=read_source(original) if original else None,
            accept_unverified=accept_unverified,
        )  # fmt: skip
    except TransferRefusedError as exc:
        return refused(exc, as_json)

    with contextlib.ExitStack() as stack:
        seal = open_signer(stack, signer)
        check_validity(seal.certificate, when)
        issued = issue_transfer(received, seal=seal, signing_time=when)
    pdf = issued.pdf or b""  # issue_transfer renders the PDF unless told not to
    write_output(output, pdf)
    if xml_output is not None:
        write_output(xml_output, issued.xml)
    _print(issued.provenance, received, output, len(pdf), as_json)
    warn_if_rules_broken(file, received.transcript)
    # The original's signatures travel, verified, in the original attached to
    # the PDF: only data lost, or an original accepted unverified, is exit 1.
    whole = received.verified and not received.data_losses()
    return EXIT_OK if whole else EXIT_INVALID


def _print(
    record: Provenance, received: TransferResult, output: Path, size: int, as_json: bool
) -> None:
    err = str(output) == "-"  # the PDF is on standard output
    report, lost = received.report, received.data_losses()
    if as_json:
        echo_json({"output": str(output), "output_bytes": size, **report.to_dict(),
                   "data_lossless": not lost, "provenance": record.to_dict()},
                  err=err)  # fmt: skip
        return
    click.echo(verification_text(record), err=err)
    click.echo(f"Issued {output} ({size:,} bytes): sealed by this school, with the "
               "original and the record of its reception attached. Its PDF is not "
               "signed yet: sign it with 'hocbaso sign' as principal, then as school "
               "seal.", err=err)  # fmt: skip
    click.echo(report.to_text(), err=err)
    signatures = sum(entry.is_signature for entry in report.entries)
    if signatures:
        data = "Data was lost: see the other entries." if lost else "No data was lost."
        click.echo(f"The original's {signatures} signature(s) cannot move into the issued "
                   "XML: they travel in the attached original, their results in the "
                   f"sealed record. {data}", err=err)  # fmt: skip
