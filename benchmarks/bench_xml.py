"""
Time the canonical XML of the primary example against lxml's own floor.

Prints the median over many runs, per transcript, of:

* write: ``write_xml`` (model to bytes);
* read: ``read_xml`` (size and safety checks, parse, XSD, NFC, model);
* the floor: lxml parse + XSD validation of the same bytes, with the same
  compiled schema, measured in the same run;
* the steps of ``read_xml``, to show what dominates.

Run: ``python benchmarks/bench_xml.py [runs]``.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

from lxml import etree

from hocbaso.examples import primary_example
from hocbaso.model import Transcript
from hocbaso.model.rules import check
from hocbaso.validation import validate
from hocbaso.xml import read_xml, transcript_schema, write_xml
from hocbaso.xml import reader as _reader
from hocbaso.xml._layout import ROOT


def _median_ms(action: Callable[[], object], runs: int) -> float:
    for _ in range(max(runs // 10, 5)):
        action()  # Warm caches, the schema and the per-thread parser.
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(runs: int = 1000) -> None:
    transcript = primary_example()
    data = write_xml(transcript)
    schema = transcript_schema()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    tree = etree.fromstring(data, parser).getroottree()
    mapped = _reader._read_shape(tree.getroot(), ROOT)

    def floor() -> object:
        return schema.validate(etree.fromstring(data, parser))

    def checks() -> object:
        _reader._check_depth(tree, 64)
        return list(_reader._check_ids(tree))

    rows = [
        ("write_xml", lambda: write_xml(transcript)),
        ("read_xml (parse + checks + XSD + model)", lambda: read_xml(data)),
        ("validate (read_xml + rules.check)", lambda: validate(data)),
        ("  rules.check alone", lambda: check(transcript)),
        ("floor: lxml parse + XSD validate", floor),
        ("  lxml parse alone", lambda: etree.fromstring(data, parser)),
        ("  XSD validate alone", lambda: schema.validate(tree)),
        ("  depth + root + id checks", checks),
        ("  NFC check", lambda: list(_reader._check_nfc(data, tree))),
        ("  XML to dict (one pass)", lambda: _reader._read_shape(tree.getroot(), ROOT)),
        ("  Transcript.model_validate(dict)", lambda: Transcript.model_validate(mapped)),
    ]  # fmt: skip
    print(f"primary example: {len(data)} bytes, {len(transcript.years)} years; "
          f"median of {runs} runs")  # fmt: skip
    results = {}
    for name, action in rows:
        results[name] = _median_ms(action, runs)
        print(f"{name:<42} {results[name]:8.3f} ms")
    base = results["floor: lxml parse + XSD validate"]
    read = results["read_xml (parse + checks + XSD + model)"]
    full = results["validate (read_xml + rules.check)"]
    print(f"{'read / floor':<42} {read / base:8.2f} x  (aim: 5 x or less)")
    print(f"{'validate / floor':<42} {full / base:8.2f} x  (aim: 5 x or less)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
