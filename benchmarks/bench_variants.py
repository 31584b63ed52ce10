"""
Conversion time per transcript for each variant: write, read, and both.

Then the verified transfer of one signed transcript (verification dominates).
"""

from __future__ import annotations

import datetime as dt
import time

from hocbaso.examples.generator import generate_transcript
from hocbaso.model import Level
from hocbaso.variants import available_variants, get_variant

COUNT = 200


def _time(func: object, items: list[object]) -> float:
    start = time.perf_counter()
    for item in items:
        func(item)  # type: ignore[operator]
    return (time.perf_counter() - start) / len(items) * 1000


def main() -> None:
    print(
        f"{'variant':<15} {'write ms':>9} {'read ms':>9} {'bytes':>8}  ({COUNT} transcripts)"
    )
    for name in available_variants():
        variant = get_variant(name)
        level = Level.PRIMARY if name == "primary-xlsx" else None
        transcripts = [generate_transcript(seed, level=level) for seed in range(COUNT)]
        files = [variant.write(t)[0] for t in transcripts]
        write_ms = _time(variant.write, list(transcripts))
        read_ms = _time(variant.read, list(files))
        size = sum(len(f) for f in files) // len(files)
        print(f"{name:<15} {write_ms:>9.2f} {read_ms:>9.2f} {size:>8}")


def transfer() -> None:
    from hocbaso.demo._pki import make_demo_pki
    from hocbaso.examples import primary_example
    from hocbaso.model import SignerRole
    from hocbaso.signature import sign_document
    from hocbaso.variants.egov_signing import sign_egov_xml
    from hocbaso.variants.transfer import receive_transfer
    from hocbaso.xml import ROOT_ID, write_xml

    pki = make_demo_pki(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    when = dt.datetime(2025, 5, 30, 9, tzinfo=dt.UTC)
    seal = pki.signer(SignerRole.SCHOOL_SEAL)
    canonical = sign_document(write_xml(primary_example()), seal,
                              reference=f"#{ROOT_ID}", signing_time=when)  # fmt: skip
    egov = get_variant("egov-xml").write(primary_example())[0]
    egov = sign_egov_xml(egov, seal, role=SignerRole.SCHOOL_SEAL, signing_time=when)
    now = dt.datetime(2025, 9, 1, tzinfo=dt.UTC)
    for name, data in (("canonical-xml", canonical), ("egov-xml", egov)):
        ms = _time(lambda d: receive_transfer(d, trust=pki.trust, now=now), [data] * 50)
        print(
            f"receive_transfer {name:<15} {ms:>9.2f} ms (1 signature, verify + convert)"
        )


if __name__ == "__main__":
    main()
    transfer()
