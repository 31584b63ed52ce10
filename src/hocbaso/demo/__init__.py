"""
The main job, end to end, on the bundled examples: what ``hocbaso demo`` runs.

It builds the primary example, writes its canonical XML, validates it, signs it
as a school would (each year by a subject teacher, the homeroom teacher and the
principal; the whole transcript by the school seal) with a test PKI made on the
spot, renders the PDF/A-3 with the signed XML inside, signs the PDF as the
principal and the school, verifies the whole bundle, checks that the PDF says
what the XML says, and converts the transcript to the central system's JSON and
back with a loss report. Every file it writes goes into
one folder, so a person can open them.

:func:`make_demo_pki` makes that test PKI (a root, an intermediate and one
signer per role, every name labelled TEST ONLY) for trying the library out;
real signing uses a PKCS#12 file or a token.
"""

from hocbaso.demo._pki import DemoPKI, make_demo_pki
from hocbaso.demo.run import DemoStep, run_demo

__all__ = ["DemoPKI", "DemoStep", "make_demo_pki", "run_demo"]
