"""
Template variants: other systems' transcript formats, with exact loss reports.

Read and write other systems' transcript formats, and say exactly what each
conversion could not carry.

See ``docs/variants.md``. The interface is :class:`Variant`; hocbaso ships
``canonical-xml``, ``central-json``, ``csdl-record``, ``egov-xml`` and
``primary-xlsx``. :func:`receive_transfer` and :func:`issue_transfer` take a
transcript from another school with its signatures verified and recorded
(``docs/transfer.md``).
"""

from hocbaso.variants.api import (
    BuiltinVariant,
    Confidence,
    Variant,
    available_variants,
    detect_variant,
    get_variant,
    register_variant,
    unregister_variant,
)
from hocbaso.variants.convert import ConversionResult, convert, read_any
from hocbaso.variants.loss import (
    LossEntry,
    LossKind,
    LossReport,
    LossTable,
    Side,
    Unheld,
)
from hocbaso.variants.transfer import (
    IssuedTransfer,
    Provenance,
    SignatureRecord,
    TransferResult,
    issue_transfer,
    receive_transfer,
)

__all__ = [
    "BuiltinVariant",
    "Confidence",
    "ConversionResult",
    "IssuedTransfer",
    "LossEntry",
    "LossKind",
    "LossReport",
    "LossTable",
    "Provenance",
    "Side",
    "SignatureRecord",
    "TransferResult",
    "Unheld",
    "Variant",
    "available_variants",
    "convert",
    "detect_variant",
    "get_variant",
    "issue_transfer",
    "read_any",
    "receive_transfer",
    "register_variant",
    "unregister_variant",
]
