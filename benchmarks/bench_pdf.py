"""
Time the PDF face: rendering, the pair check, and reportlab alone on the same pages.

"reportlab alone" draws the same planned pages with the same fonts and tables,
but without the marked content around each value and without the PDF/A parts
(XMP, output intent, embedded XML): it is the engine's own cost, the floor the
rendering is compared with. Run: ``python benchmarks/bench_pdf.py [rounds]``.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial

from hocbaso.examples import lower_secondary_example, primary_example
from hocbaso.model import Transcript
from hocbaso.pdf import check_pair, render_pdf
from hocbaso.pdf._draw import draw_pages
from hocbaso.pdf._layout import plan_pages
from hocbaso.pdf.render import new_canvas, save_canvas
from hocbaso.xml.writer import write_xml


def _median_ms(action: Callable[[], object], rounds: int) -> float:
    action()  # warm-up: font loading, imports, caches
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _engine_alone(transcript: Transcript) -> bytes:
    buffer = io.BytesIO()
    canvas = new_canvas(buffer)
    draw_pages(canvas, plan_pages(transcript), marked=False)
    save_canvas(canvas)
    return buffer.getvalue()


def main(rounds: int = 15) -> None:
    print(
        f"{'transcript':<16}{'pages':>6}{'engine ms':>11}{'render ms':>11}"
        f"{'ratio':>7}{'check ms':>10}{'check/render':>14}"
    )
    for name, example in (
        ("primary", primary_example),
        ("lower-secondary", lower_secondary_example),
    ):
        transcript = example()
        xml = write_xml(transcript)
        pdf = render_pdf(transcript)
        engine = _median_ms(partial(_engine_alone, transcript), rounds)
        render = _median_ms(partial(render_pdf, transcript), rounds)
        check = _median_ms(partial(check_pair, pdf, xml), rounds)
        pages = len(plan_pages(transcript))
        print(
            f"{name:<16}{pages:>6}{engine:>11.1f}{render:>11.1f}{render / engine:>7.2f}"
            f"{check:>10.1f}{check / render:>14.2f}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
