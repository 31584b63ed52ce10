"""
The benchmark entry point: one table of figures measured side by side in one run.

Run: ``python benchmarks/run_all.py [--cohort N] [--jobs J]``. It measures, on this
machine and in this process tree:

1. the floor: the cryptography and parsing a bundle audit cannot avoid, and
   what the libraries it builds on cost alone (pyHanko validating the PDF
   signatures; a process importing pyHanko);
2. one bundle (the primary example: 16 XML and 2 PDF signatures): hocbaso's full
   audit beside the peers doing less on the same file (pyHanko for the PDF
   signatures, pypdf to extract the XML, lxml for the XSD, signxml for the XML
   signatures), and ``hocbaso verify`` as a whole process;
3. a generated cohort of Kim Sơn's size (12,180 transcripts by default): issuing
   it (canonical XML, 4 XML signatures, PDF/A-3 rendering with the XML inside, 2
   PDF signatures) and auditing it with the command an auditor runs
   (``hocbaso verify DIR --jobs J --json``), with the throughput
   and the peak memory of the largest worker.

The keys are made on the spot (TEST ONLY). Figures drift between runs and
machines; compare the ratios of one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pdf_signatures import WHEN, asn1_root, build, peers, pyhanko_alone
from hocbaso.demo._pki import DemoPKI, make_demo_pki
from hocbaso.examples import primary_example
from hocbaso.examples.generator import KIM_SON_COHORT, generate_transcript
from hocbaso.model import SignerRole
from hocbaso.pdf import render_pdf_from_xml
from hocbaso.signature import Signer, sign_document
from hocbaso.signature.bundle import verify_bundle
from hocbaso.signature.pdf_sign import sign_pdf
from hocbaso.xml import ROOT_ID, write_xml

NOW = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
Row = tuple[str, str]


def median_ms(action: Callable[[], object], runs: int) -> float:
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def floor_rows(xml: bytes, runs: int) -> list[Row]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    eckey = ec.generate_private_key(ec.SECP256R1())
    message = b"x" * 64
    rsa_sig = key.sign(message, padding.PKCS1v15(), hashes.SHA256())
    ec_sig = eckey.sign(message, ec.ECDSA(hashes.SHA256()))
    tree = etree.fromstring(xml)
    blob = os.urandom(8 << 20)
    seconds = median_ms(lambda: hashlib.sha256(blob).digest(), 5) / 1000
    return [
        ("RSA-2048 SHA-256 sign", _ms(median_ms(
            lambda: key.sign(message, padding.PKCS1v15(), hashes.SHA256()), runs))),
        ("RSA-2048 SHA-256 verify", _ms(median_ms(lambda: key.public_key().verify(
            rsa_sig, message, padding.PKCS1v15(), hashes.SHA256()), runs))),
        ("ECDSA P-256 verify", _ms(median_ms(lambda: eckey.public_key().verify(
            ec_sig, message, ec.ECDSA(hashes.SHA256())), runs))),
        ("SHA-256 throughput", f"{8 / seconds:,.0f} MB/s"),
        (f"lxml parse of the {len(xml) // 1024} KB primary example",
         _ms(median_ms(lambda: etree.fromstring(xml), runs))),
        ("lxml exclusive C14N of it",
         _ms(median_ms(lambda: etree.tostring(tree, method="c14n", exclusive=True), runs))),
    ]  # fmt: skip


def bundle_rows(runs: int) -> tuple[list[Row], Path]:
    pki = make_demo_pki(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    _, unsigned = build(pki)
    bundle = _sign_pdf_twice(unsigned, pki)
    ours = median_ms(lambda: verify_bundle(bundle, trust=pki.trust, now=NOW), runs)
    theirs = peers(bundle, pki, 16, runs)
    folder = Path(tempfile.mkdtemp(prefix="hocbaso-bench-"))
    (folder / "bundle.pdf").write_bytes(bundle)
    root = pki.write(folder)
    process = median_ms(lambda: _cli(["-m", "hocbaso.cli", "verify",
                                      str(folder / "bundle.pdf"),
                                      "--trust", str(root)]), 5)  # fmt: skip
    return [
        ("hocbaso verify_bundle: 16 XML + 2 PDF signatures, XSD, rules, pair",
         _ms(ours)),
        ("peers on the same bundle, doing less", _ms(theirs)),
        ("  hocbaso / peers", f"{ours / theirs:.2f} x (aim 0.5 x)"),
        ("`hocbaso verify bundle.pdf` as a whole process", _ms(process) +
         " (aim < 300 ms)"),
    ], folder  # fmt: skip


def library_floor_rows(runs: int) -> tuple[list[Row], float]:
    """Measure what the libraries hocbaso builds on cost before hocbaso does anything."""
    pki = make_demo_pki(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    bundle = _issue_sample(pki)
    root = asn1_root(pki)
    pdf_only = median_ms(lambda: pyhanko_alone(bundle, root), runs)
    bare = median_ms(lambda: _cli(["-c", "pass"]), 5)
    imports = median_ms(lambda: _cli(["-c", "import pyhanko.sign"]), 5)
    return [
        ("pyHanko alone: its own validation of a cohort bundle's 2 PDF signatures",
         _ms(pdf_only)),
        ("a Python process that does nothing", _ms(bare)),
        ("a Python process that only imports pyHanko's signing package",
         _ms(imports)),
    ], pdf_only  # fmt: skip


def _issue_sample(pki: DemoPKI) -> bytes:
    _init_worker(pki)
    with tempfile.TemporaryDirectory(prefix="hocbaso-sample-") as folder:
        issue_one(KIM_SON_COHORT // 2, folder)
        return next(Path(folder).glob("*.pdf")).read_bytes()


def _sign_pdf_twice(pdf: bytes, pki: DemoPKI) -> bytes:
    for role in (SignerRole.PRINCIPAL, SignerRole.SCHOOL_SEAL):
        pdf = sign_pdf(pdf, pki.signer(role), role=role, signing_time=WHEN)
    return pdf


def _cli(args: list[str]) -> None:
    subprocess.run([sys.executable, *args], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip


# --- the cohort: module-level functions, so worker processes can run them ---

_WORKER_SIGNERS: dict[SignerRole, Signer] = {}


def _init_worker(pki: DemoPKI) -> None:
    # A school's issuing service loads its keys once, not per transcript.
    _WORKER_SIGNERS.update({role: pki.signer(role) for role in pki.signers})


def issue_one(seed: int, folder: str) -> int:
    """Issue one bundle as a school would; return the worker's peak RSS in KiB."""
    signers = _WORKER_SIGNERS
    transcript = generate_transcript(seed)
    xml = write_xml(transcript)
    last = transcript.years[-1].record_id
    for role in (SignerRole.SUBJECT_TEACHER, SignerRole.HOMEROOM_TEACHER,
                 SignerRole.PRINCIPAL):  # fmt: skip
        xml = sign_document(xml, signers[role], reference=f"#{last}",
                            signing_time=WHEN, role=role)  # fmt: skip
    xml = sign_document(xml, signers[SignerRole.SCHOOL_SEAL], reference=f"#{ROOT_ID}",
                        signing_time=WHEN, role=SignerRole.SCHOOL_SEAL)  # fmt: skip
    pdf = render_pdf_from_xml(xml)
    for role in (SignerRole.PRINCIPAL, SignerRole.SCHOOL_SEAL):
        pdf = sign_pdf(pdf, signers[role], role=role, signing_time=WHEN)
    Path(folder, f"{seed:06d}.pdf").write_bytes(pdf)
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def cohort_rows(count: int, jobs: int, pyhanko_ms: float) -> list[Row]:
    pki = make_demo_pki(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    with tempfile.TemporaryDirectory(prefix="hocbaso-cohort-") as folder:
        issued, issue_rss = _issue(pki, count, jobs, folder)
        root = pki.write(Path(folder).parent)
        audited, audit_rss, outcomes = _audit(Path(folder), root, jobs)
    return [
        (f"issue {count:,} bundles on {jobs} processes", _duration(issued, count) +
         " (aim < 10 min for 12,180)"),
        ("  peak memory of the largest issuing worker", f"{issue_rss / 1024:,.0f} MiB"),
        (f"audit {count:,}: hocbaso verify DIR --jobs {jobs} --json",
         _duration(audited, count) + " (aim < 3 min for 12,180)"),
        ("  peak memory of the largest auditing process", f"{audit_rss / 1024:,.0f} MiB"
         " (aim < 150 MiB)"),
        (f"  pyHanko alone on {count:,} bundles, {jobs} processes (the floor above)",
         f"{count * pyhanko_ms / 1000 / jobs:,.1f} s"),
        ("  outcomes", ", ".join(f"{n} {k}" for k, n in sorted(outcomes.items()))),
    ]  # fmt: skip


def _issue(pki: DemoPKI, count: int, jobs: int, folder: str) -> tuple[float, int]:
    start = time.perf_counter()
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(pki,)) as pool:
        peaks = list(pool.map(issue_one, range(count), [folder] * count, chunksize=16))
    return time.perf_counter() - start, max(peaks)


def _audit(folder: Path, root: Path, jobs: int) -> tuple[float, int, dict[str, int]]:
    # The command an auditor runs, JSON lines written to a file: the per-file
    # reports cross from the workers to the main process and are printed, as
    # in real use. wait4 gives the peak of the largest process of that command
    # and its workers (in KiB), apart from the issuing workers before it.
    command = [sys.executable, "-m", "hocbaso.cli", "verify", str(folder),
               "--trust", str(root), "--at", NOW.isoformat(), "--jobs", str(jobs),
               "--json", "--no-progress"]  # fmt: skip
    with tempfile.TemporaryFile() as lines:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=lines)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        lines.seek(0)
        *_, last = lines.read().decode().splitlines()
    summary = json.loads(last)
    outcomes = {k: summary[k] for k in ("passed", "failed", "indeterminate",
                                        "unusable") if summary.get(k)}  # fmt: skip
    return seconds, usage.ru_maxrss, outcomes


def _ms(value: float) -> str:
    return f"{value:,.3f} ms" if value < 1 else f"{value:,.1f} ms"


def _duration(seconds: float, count: int) -> str:
    return f"{seconds:,.1f} s, {count / seconds:,.1f} bundles/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cohort", type=int, default=KIM_SON_COHORT)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    print(f"machine: {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}")  # fmt: skip
    xml = write_xml(primary_example())
    libraries, pyhanko_ms = library_floor_rows(args.runs)
    sections = [
        ("the floor", floor_rows(xml, args.runs) + libraries),
        ("one bundle", bundle_rows(args.runs)[0]),
        ("the cohort", cohort_rows(args.cohort, args.jobs, pyhanko_ms)),
    ]
    for title, rows in sections:
        print(f"\n{title}")
        for label, value in rows:
            print(f"  {label:<68} {value}")


if __name__ == "__main__":
    main()
