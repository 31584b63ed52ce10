"""The pyHanko adapter cache must not keep signers alive."""

from __future__ import annotations

import gc

from hocbaso.signature import _pdf_cms
from tests.signature.conftest import PKI


def test_adapters_die_with_their_signers(pki: PKI) -> None:
    # A long issuing run makes a signer per document; before this was fixed the
    # cache's values held their keys strongly and the process grew without bound.
    before = len(_pdf_cms._ADAPTERS)
    for _ in range(5):
        signer = pki.signer(pki.principal)
        assert _pdf_cms.adapt(signer) is _pdf_cms.adapt(signer)
        del signer
    gc.collect()
    assert len(_pdf_cms._ADAPTERS) == before
