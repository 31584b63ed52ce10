"""Conversion time per transcript for each variant: write, read, and both."""

from __future__ import annotations

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


if __name__ == "__main__":
    main()
