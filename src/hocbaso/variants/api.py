"""
The variant interface and the registry.

A *variant* is a named reader and writer for one transcript format: the central
system's JSON, the sector database's records, a vendor's XML, a spreadsheet.
Each implements :class:`Variant`; :func:`register_variant` makes one known,
:func:`get_variant` finds one by name and :func:`detect_variant` by content.
hocbaso's own variants are registered on first use; an outside developer
registers theirs with one call, no packaging entry point needed.
"""

from __future__ import annotations

import abc
import importlib
import json
import logging
import threading
from enum import IntEnum, StrEnum
from typing import ClassVar

from hocbaso._files import starts_as_pdf
from hocbaso.errors import UnknownVariantError, VariantDetectionError
from hocbaso.model import Transcript
from hocbaso.variants.loss import LossReport

__all__ = [
    "BuiltinVariant",
    "Confidence",
    "Variant",
    "available_variants",
    "detect_variant",
    "get_variant",
    "register_variant",
    "unregister_variant",
]

logger = logging.getLogger(__name__)


class Confidence(IntEnum):
    """How sure a variant is that some bytes are its format."""

    NONE = 0
    """Not this variant."""
    POSSIBLE = 1
    """The container fits (JSON, XML, a workbook), nothing more."""
    LIKELY = 2
    """The variant's characteristic names are present."""
    CERTAIN = 3
    """A marker only this variant writes is present."""

    @classmethod
    def of(cls, answer: Confidence | bool) -> Confidence:
        """
        Return the confidence a :meth:`Variant.detect` answer stands for.

        :param answer: a confidence, or a plain yes/no (yes counts as ``LIKELY``).
        :returns: the confidence.
        """
        if isinstance(answer, Confidence):
            return answer
        return cls.LIKELY if answer else cls.NONE


class BuiltinVariant(StrEnum):
    """The names of the variants hocbaso ships."""

    CANONICAL_XML = "canonical-xml"
    """hocbaso's own signed-original XML (:mod:`hocbaso.xml`); lossless."""
    CENTRAL_JSON = "central-json"
    """The central system's JSON transcript object (:mod:`hocbaso.variants.central_json`)."""
    CSDL_RECORD = "csdl-record"
    """The sector database's flat records (:mod:`hocbaso.variants.csdl_record`)."""
    PRIMARY_XLSX = "primary-xlsx"
    """The primary-school import spreadsheet (:mod:`hocbaso.variants.primary_xlsx`)."""
    EGOV_XML = "egov-xml"
    """A provincial vendor's e-government-style XML (:mod:`hocbaso.variants.egov_xml`)."""


_BUILTIN_MODULES = {
    BuiltinVariant.CANONICAL_XML: "hocbaso.variants.canonical_xml",
    BuiltinVariant.CENTRAL_JSON: "hocbaso.variants.central_json",
    BuiltinVariant.CSDL_RECORD: "hocbaso.variants.csdl_record",
    BuiltinVariant.PRIMARY_XLSX: "hocbaso.variants.primary_xlsx",
    BuiltinVariant.EGOV_XML: "hocbaso.variants.egov_xml",
}


class Variant(abc.ABC):
    """
    A named reader and writer for one transcript format.

    Subclasses set the class attributes and implement the three methods.
    ``read`` and ``write`` return a :class:`LossReport` beside their result:
    every canonical value the format cannot carry must be in it, with its model
    path and the reason (see :mod:`hocbaso.variants.loss`).
    """

    name: ClassVar[str]
    """The registry name, lower-case with hyphens: ``"central-json"``."""
    media_type: ClassVar[str]
    """The IANA media type of the files, e.g. ``"application/json"``."""
    extension: ClassVar[str]
    """The usual file extension with its dot, e.g. ``".json"``."""
    description: ClassVar[str] = ""
    """One line for ``hocbaso detect`` and the docs."""

    @abc.abstractmethod
    def detect(self, data: bytes) -> Confidence | bool:
        """
        Say how sure this variant is that ``data`` is in its format.

        Must be cheap and must not raise on arbitrary bytes.

        :param data: the file's bytes.
        :returns: a confidence, or ``True``/``False``.
        """

    @abc.abstractmethod
    def read(self, data: bytes) -> tuple[Transcript, LossReport]:
        """
        Read a file of this variant into the canonical model.

        :param data: the file's bytes.
        :returns: the transcript, and what the file held that the model cannot.
        :raises VariantReadError: naming where and what, if the file is unusable.
        """

    @abc.abstractmethod
    def write(self, transcript: Transcript) -> tuple[bytes, LossReport]:
        """
        Write a transcript in this variant.

        :param transcript: the transcript.
        :returns: the file's bytes, and what the variant could not carry.
        :raises VariantNotApplicableError: if the variant cannot hold the
            transcript at all (e.g. a secondary transcript in a primary sheet).
        """


_REGISTRY: dict[str, Variant] = {}
_LOCK = threading.Lock()
_loaded = False


def register_variant(variant: Variant, *, replace: bool = False) -> None:
    """
    Make a variant known to :func:`get_variant`, :func:`detect_variant` and ``convert``.

    :param variant: an instance of a :class:`Variant` subclass.
    :param replace: allow replacing a variant already registered under the name.
    :raises HocbasoValueError: if the name is taken and ``replace`` is false, or
        the name is not lower-case letters, digits and hyphens.
    """
    from hocbaso.errors import HocbasoValueError

    name = variant.name
    if not name or not all(c.isascii() and (c.isalnum() or c == "-") for c in name):
        raise HocbasoValueError(
            f"Variant name {name!r} must be ASCII letters, digits and '-'."
        )
    _load_builtins()
    with _LOCK:
        if name in _REGISTRY and not replace:
            raise HocbasoValueError(f"A variant named {name!r} is already registered.")
        _REGISTRY[name] = variant
    logger.debug("registered variant %s", name)


def unregister_variant(name: str) -> None:
    """
    Forget a registered variant (mostly for tests).

    :param name: the variant's name.
    :raises UnknownVariantError: if no variant has that name.
    """
    get_variant(name)
    with _LOCK:
        del _REGISTRY[name]


def get_variant(name: str) -> Variant:
    """
    Return the variant registered under ``name``.

    :param name: e.g. ``"central-json"``.
    :returns: the variant.
    :raises UnknownVariantError: naming the registered variants.
    """
    _load_builtins()
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(repr(n) for n in available_variants())
        raise UnknownVariantError(
            f"Unknown variant {name!r}; expected one of {known}."
        ) from None


def available_variants() -> tuple[str, ...]:
    """
    Return the names of the registered variants, sorted.

    :returns: the names.
    """
    _load_builtins()
    return tuple(sorted(_REGISTRY))


def detect_variant(data: bytes) -> Variant:
    """
    Return the one variant most sure that ``data`` is its format.

    :param data: the file's bytes.
    :returns: the variant.
    :raises VariantDetectionError: if no variant recognises the data, or if
        several are equally sure (the error lists them).
    """
    scores = _scores(data)
    best = max(scores.values(), default=Confidence.NONE)
    if best is Confidence.NONE:
        raise VariantDetectionError(
            f"No variant recognises this input ({_describe(data)}); expected one of "
            f"{', '.join(available_variants())}."
        )
    winners = tuple(sorted(name for name, score in scores.items() if score == best))
    if len(winners) > 1:
        raise VariantDetectionError(
            f"The input matches several variants equally ({', '.join(winners)}); "
            "name one explicitly.",
            winners,
        )
    logger.debug("detected variant %s (%s)", winners[0], best.name)
    return _REGISTRY[winners[0]]


def _scores(data: bytes) -> dict[str, Confidence]:
    _load_builtins()
    scores: dict[str, Confidence] = {}
    for name, variant in list(_REGISTRY.items()):
        try:
            scores[name] = Confidence.of(variant.detect(data))
        except Exception:  # noqa: BLE001 - a faulty detector must not stop detection.
            logger.warning(
                "variant %s failed while detecting; treated as no match", name
            )
            scores[name] = Confidence.NONE
    return scores


def _describe(data: bytes) -> str:
    if not data.strip():
        return "it is empty"
    if starts_as_pdf(data):
        # A transcript bundle is a PDF with the canonical XML inside it.
        return (
            f"{len(data):,} bytes, a PDF: a hocbaso bundle carries its transcript as "
            "embedded canonical XML, which hocbaso verify and check-pair read"
        )
    head = data.lstrip()[:1]
    kinds = {b"{": "JSON-like", b"[": "JSON-like", b"<": "markup"}
    kind = kinds.get(head, "unrecognised")
    if kind == "JSON-like":
        kind += _json_fault(data)
    return f"{len(data)} bytes, {kind}"


def _json_fault(data: bytes) -> str:
    # A JSON variant that no detector took is often a cut or hand-edited file:
    # say where the JSON breaks, if it does.
    try:
        json.loads(data)
    except UnicodeDecodeError:
        return " but not UTF-8"
    except json.JSONDecodeError as exc:
        return (
            f" but not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        )
    except RecursionError:
        return " but nested too deeply"
    return ""


def _load_builtins() -> None:
    global _loaded
    if _loaded:
        return
    with _LOCK:
        if _loaded:
            return
        for name, module in _BUILTIN_MODULES.items():
            variant_class = importlib.import_module(module).VARIANT
            _REGISTRY.setdefault(name.value, variant_class())
        _loaded = True
