"""
Template variants: other systems' transcript formats, with exact loss reports.

Read and write other systems' transcript formats, and say exactly what each
conversion could not carry.

See ``docs/variants.md``. The interface is :class:`Variant`; hocbaso ships
``canonical-xml``, ``central-json``, ``csdl-record`` and ``primary-xlsx``.
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

__all__ = [
    "BuiltinVariant",
    "Confidence",
    "ConversionResult",
    "LossEntry",
    "LossKind",
    "LossReport",
    "LossTable",
    "Side",
    "Unheld",
    "Variant",
    "available_variants",
    "convert",
    "detect_variant",
    "get_variant",
    "read_any",
    "register_variant",
    "unregister_variant",
]
