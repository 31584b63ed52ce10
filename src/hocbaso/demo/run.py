"""The demonstration's steps, each a short function that returns what it did."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hocbaso.demo._pki import DemoPKI, make_demo_pki
from hocbaso.examples import lower_secondary_example, primary_example
from hocbaso.model import PrimaryYear, SecondaryYear, SignerRole, Transcript
from hocbaso.pdf import check_pair, render_pdf_from_xml
from hocbaso.signature import Indication, sign_document
from hocbaso.signature.bundle import verify_bundle
from hocbaso.signature.pdf_sign import PDF_SIGNING_ORDER, sign_pdf
from hocbaso.signature.report import VIETNAM_TIME
from hocbaso.validation import ValidationStatus, validate
from hocbaso.variants import convert
from hocbaso.variants.paths import changed_paths
from hocbaso.xml import ROOT_ID, write_xml

__all__ = ["YEAR_ROLES", "DemoStep", "run_demo"]

logger = logging.getLogger(__name__)

YEAR_ROLES = (
    SignerRole.SUBJECT_TEACHER,
    SignerRole.HOMEROOM_TEACHER,
    SignerRole.PRINCIPAL,
)
"""Who signs each school year's record, in order; the seal then signs the whole."""


@dataclass(frozen=True, slots=True)
class DemoStep:
    """One step of the demonstration and what came of it."""

    name: str
    ok: bool
    detail: str
    outputs: tuple[Path, ...] = field(default=())


@dataclass
class _State:
    out: Path
    now: dt.datetime
    transcript: Transcript
    pki: DemoPKI | None = None
    xml: bytes = b""
    signed: bytes = b""
    pdf: bytes = b""


def run_demo(out: Path, *, now: dt.datetime) -> list[DemoStep]:
    """
    Run the main job on the bundled primary example and write every output to ``out``.

    :param out: the output folder; created if missing.
    :param now: the validation time for the signatures (timezone-aware).
    :returns: the steps in order; a step that fails stops the run.
    """
    out.mkdir(parents=True, exist_ok=True)
    state = _State(out=out, now=now, transcript=primary_example())
    steps: list[Callable[[_State], DemoStep]] = [
        _write_xml,
        _validate,
        _validate_transfer_example,
        _sign_xml,
        _render_pdf,
        _sign_pdf,
        _verify_bundle,
        _check_pair,
        _convert_and_back,
    ]
    done: list[DemoStep] = []
    for step in steps:
        done.append(step(state))
        if not done[-1].ok:
            break
    return done


def _write_xml(state: _State) -> DemoStep:
    state.xml = write_xml(state.transcript)
    path = state.out / "primary.xml"
    path.write_bytes(state.xml)
    years = len(state.transcript.years)
    return DemoStep("build and write canonical XML", True,
                    f"{years} school years, {len(state.xml):,} bytes", (path,))  # fmt: skip


def _validate(state: _State) -> DemoStep:
    result = validate(state.xml)
    ok = result.status is ValidationStatus.VALID
    detail = f"{result.status.value}: {len(result.problems)} problem(s), " + (
        f"{len(result.findings)} rule finding(s)"
    )
    return DemoStep("validate (XSD, model, rules of TT 27/2020)", ok, detail)


def _validate_transfer_example(state: _State) -> DemoStep:
    data = write_xml(lower_secondary_example())
    path = state.out / "lower-secondary-transfer.xml"
    path.write_bytes(data)
    result = validate(data)
    ok = result.status is ValidationStatus.VALID
    return DemoStep("lower-secondary example (Hà Nội → TP Hồ Chí Minh, 2025)", ok,
                    f"{result.status.value}", (path,))  # fmt: skip


def _sign_xml(state: _State) -> DemoStep:
    state.pki = make_demo_pki(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    signed = state.xml
    for year in state.transcript.years:
        signed = _sign_year(state.pki, signed, year)
    seal_time = _signing_time(state.transcript.issuance.date if state.transcript.issuance
                              else dt.date(2025, 5, 30))  # fmt: skip
    signed = sign_document(signed, state.pki.signer(SignerRole.SCHOOL_SEAL),
                           reference=f"#{ROOT_ID}", signing_time=seal_time,
                           role=SignerRole.SCHOOL_SEAL)  # fmt: skip
    state.signed = signed
    path = state.out / "primary.signed.xml"
    path.write_bytes(signed)
    root = state.pki.write(state.out)
    count = 3 * len(state.transcript.years) + 1
    return DemoStep("sign the XML (TEST-ONLY keys made now)", True,
                    f"{count} signatures: 3 per year + the school seal", (path, root))  # fmt: skip


def _sign_year(
    pki: DemoPKI, document: bytes, year: PrimaryYear | SecondaryYear
) -> bytes:
    for role in YEAR_ROLES:
        when = next((s.signed_on for s in year.signers if s.role is role), None)
        when = when or dt.date(int(year.school_year[-4:]), 5, 25)
        document = sign_document(document, pki.signer(role),
                                 reference=f"#{year.record_id}",
                                 signing_time=_signing_time(when), role=role)  # fmt: skip
    return document


def _signing_time(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=VIETNAM_TIME)


def _render_pdf(state: _State) -> DemoStep:
    state.pdf = render_pdf_from_xml(state.signed)
    path = state.out / "primary.pdf"
    path.write_bytes(state.pdf)
    return DemoStep("render PDF/A-3 with the signed XML embedded", True,
                    f"{len(state.pdf):,} bytes", (path,))  # fmt: skip


def _sign_pdf(state: _State) -> DemoStep:
    assert state.pki is not None  # set by _sign_xml, which runs first
    issued = state.transcript.issuance
    day = issued.date if issued else dt.date(2025, 5, 30)
    for offset, role in enumerate(PDF_SIGNING_ORDER):
        when = _signing_time(day) + dt.timedelta(minutes=10 * offset)
        # Each block names whom the signing certificate names (the default), so
        # the visible "signed by" line is what a verifier can confirm; the
        # transcript's signer names are not in the TEST-ONLY certificates.
        state.pdf = sign_pdf(state.pdf, state.pki.signer(role), role=role,
                             signing_time=when)  # fmt: skip
    path = state.out / "primary.signed.pdf"
    path.write_bytes(state.pdf)
    roles = " then ".join(role.label.lower() for role in PDF_SIGNING_ORDER)
    return DemoStep("sign the PDF (PAdES, incremental updates)", True,
                    f"{len(PDF_SIGNING_ORDER)} signatures: {roles}", (path,))  # fmt: skip


def _verify_bundle(state: _State) -> DemoStep:
    assert state.pki is not None  # set by _sign_xml, which runs first
    report = verify_bundle(state.pdf, trust=state.pki.trust, now=state.now,
                           source="primary.signed.pdf")  # fmt: skip
    path = state.out / "primary.report.json"
    path.write_text(report.to_json(), encoding="utf-8")
    xml_sigs = report.xml_signatures.signatures if report.xml_signatures else ()
    passed = sum(s.indication is Indication.TOTAL_PASSED
                 for s in (*xml_sigs, *report.pdf_signatures.signatures))  # fmt: skip
    total = len(xml_sigs) + len(report.pdf_signatures.signatures)
    ok = report.indication is Indication.TOTAL_PASSED
    return DemoStep("verify the bundle (schema, rules, every signature, agreement)", ok,
                    f"{report.indication.value}: {passed}/{total} signatures and "
                    f"{len(report.checks)} bundle checks", (path,))  # fmt: skip


def _check_pair(state: _State) -> DemoStep:
    report = check_pair(state.pdf)
    path = state.out / "primary.pair.json"
    path.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2),
                    encoding="utf-8")  # fmt: skip
    differ = sum(1 for _ in report.problems())
    return DemoStep("check that the PDF says what the XML says", report.agrees,
                    f"{report.verdict.value}: {len(report.fields)} printed values "
                    f"compared, {differ} differ", (path,))  # fmt: skip


def _convert_and_back(state: _State) -> DemoStep:
    there = convert(state.xml, to="central-json")
    back = convert(there.data, to="canonical-xml", source_variant="central-json")
    json_path = state.out / "primary.central.json"
    json_path.write_bytes(there.data)
    report_path = state.out / "primary.central.losses.txt"
    report_path.write_text(
        f"canonical-xml -> central-json\n{there.report.to_text().rstrip()}\n\n"
        f"central-json -> canonical-xml\n{back.report.to_text().rstrip()}\n",
        encoding="utf-8",
    )

    listed = there.report.paths() | back.report.paths()
    changed = changed_paths(state.transcript, back.transcript)
    silent = [p for p in changed if not any(_covers(entry, p) for entry in listed)]
    detail = (
        f"{len(changed)} value(s) differ after the round trip, each under one of the "
        f"{len(listed)} loss-report entries"
    )
    if silent:
        detail = f"{len(silent)} field(s) changed without a loss-report entry"
    return DemoStep("convert to the central system's JSON and back", not silent,
                    detail, (json_path, report_path))  # fmt: skip


def _covers(entry: str, path: str) -> bool:
    return path == entry or path.startswith((f"{entry}.", f"{entry}["))
