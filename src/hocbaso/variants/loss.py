"""
The loss report: what a read or a write could not carry, field by field.

Every value of the canonical model is either carried by a variant or named in
the report with its model path (the path style of rule findings, see
:mod:`hocbaso.variants.paths`) and the reason. Four kinds of entry:

* ``dropped``: the variant has no place for the value; reading it back gives
  nothing (or the model's default).
* ``approximated``: the variant holds a coarser form; reading it back gives a
  different value (a four-level result written as a yes/no flag). On the read
  side: the model holds a value the file does not state exactly, recomputed
  from coarser data or a default standing in for data the file lacks (absences
  read as zero from a sheet without absence columns).
* ``unmapped``: the *source file* holds something the canonical model cannot
  (a signature list, a "disabled, not assessed" flag); ``source`` says where.
* ``derived``: the variant does not hold the value, but reading recomputes it
  from what it does hold and gets the same value. Listed for the record; it is
  not a loss.

Reports never carry transcript values, only paths, locations and reasons, so
they may be printed and logged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from hocbaso.variants.paths import PathPattern, iter_fields

__all__ = [
    "SIGNATURE_NOT_CARRIED",
    "LossEntry",
    "LossKind",
    "LossReport",
    "LossTable",
    "Side",
    "Unheld",
]

logger = logging.getLogger(__name__)

SIGNATURE_NOT_CARRIED = (
    "A signature covers this file's bytes and does not carry over to another "
    "format; verify the original and keep it beside the result."
)
"""The reason of the ``unmapped`` entry every reader gives each signature in its file."""


class LossKind(StrEnum):
    """What happened to a value."""

    DROPPED = "dropped"
    """Not held at all; reading back gives nothing."""
    APPROXIMATED = "approximated"
    """
    Held in a coarser form; reading back gives a different value. On reading:
    a value recomputed from coarser data, or a default standing in for data the
    file does not have.
    """
    UNMAPPED = "unmapped"
    """Present in the source file; the canonical model has no place for it."""
    DERIVED = "derived"
    """Not held, but recomputed on reading with the same value; not a loss."""


class Side(StrEnum):
    """Which half of a conversion an entry belongs to."""

    READ = "read"
    """Reading a variant's file into the canonical model."""
    WRITE = "write"
    """Writing the canonical model into a variant's file."""


@dataclass(frozen=True, slots=True)
class LossEntry:
    """One value a read or write did not carry exactly."""

    kind: LossKind
    side: Side
    variant: str
    """The variant read or written."""
    path: str
    """Model path of the value; empty for ``unmapped`` content with no model place."""
    reason: str
    """One sentence saying why, citing the evidence where there is one."""
    source: str = ""
    """Where in the variant's file, when known (JSON path, XPath, cell)."""

    @property
    def is_loss(self) -> bool:
        """Whether the entry records a loss (everything but ``derived``)."""
        return self.kind is not LossKind.DERIVED

    @property
    def is_signature(self) -> bool:
        """
        Whether the entry is a signature of the source file, not a value of it.

        A signature cannot move into another file; whoever keeps the verified
        original beside the result (as a transfer does) has lost no data by it.
        """
        return self.kind is LossKind.UNMAPPED and self.reason == SIGNATURE_NOT_CARRIED

    def to_dict(self) -> dict[str, str]:
        """
        Return the entry as JSON-ready data.

        :returns: kind, side, variant, path, source and reason.
        """
        return {
            "kind": self.kind.value,
            "side": self.side.value,
            "variant": self.variant,
            "path": self.path,
            "source": self.source,
            "reason": self.reason,
        }

    def __str__(self) -> str:
        """Render as ``KIND side path (source): reason``."""
        where = self.path or "-"
        if self.source:
            where = f"{where} ({self.source})"
        return f"{self.kind.value.upper()} {self.side.value} {where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class LossReport:
    """The entries of one read, one write, or a whole conversion, in order."""

    entries: tuple[LossEntry, ...] = ()

    @property
    def lossless(self) -> bool:
        """Whether nothing was dropped, approximated or left unmapped."""
        return not any(entry.is_loss for entry in self.entries)

    def losses(self) -> tuple[LossEntry, ...]:
        """
        Return the entries that record a loss.

        :returns: every entry but the ``derived`` ones.
        """
        return tuple(entry for entry in self.entries if entry.is_loss)

    def paths(self, *kinds: LossKind, side: Side | None = None) -> frozenset[str]:
        """
        Return the model paths of the entries of the given kinds.

        :param kinds: the kinds to include; all loss kinds when none is given.
        :param side: only entries of this side, if given.
        :returns: the paths.
        """
        wanted = set(kinds) or {
            LossKind.DROPPED,
            LossKind.APPROXIMATED,
            LossKind.UNMAPPED,
        }
        return frozenset(
            entry.path
            for entry in self.entries
            if entry.kind in wanted and (side is None or entry.side is side)
        )

    def merged(self, other: LossReport) -> LossReport:
        """
        Return a report holding this report's entries, then ``other``'s.

        :param other: the later report.
        :returns: the combined report.
        """
        return LossReport(self.entries + other.entries)

    def counts(self) -> dict[str, int]:
        """
        Return how many entries of each kind the report holds.

        :returns: a count for every kind, zero included.
        """
        return {
            kind.value: sum(e.kind is kind for e in self.entries) for kind in LossKind
        }

    def to_dict(self) -> dict[str, Any]:
        """
        Return the report as JSON-ready data.

        :returns: ``lossless``, the ``counts`` per kind and the ``entries``.
        """
        return {
            "lossless": self.lossless,
            "counts": self.counts(),
            "entries": [entry.to_dict() for entry in self.entries],
        }

    def to_text(self) -> str:
        """
        Return the report as lines of text, a summary line first.

        :returns: the text, ending without a newline.
        """
        counts = self.counts()
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
        head = "Lossless." if self.lossless else "Not lossless."
        lines = [f"{head} {summary or 'No entries'}."]
        lines.extend(f"  {entry}" for entry in self.entries)
        return "\n".join(lines)

    def __str__(self) -> str:
        """Return :meth:`to_text`."""
        return self.to_text()


@dataclass(frozen=True, slots=True)
class Unheld:
    """A part of the model a variant cannot hold, with the reason."""

    pattern: str
    """Model path pattern, ``[*]`` for any key: ``"years[*].subjects[*].comment"``."""
    reason: str
    kind: LossKind = LossKind.DROPPED


@dataclass(frozen=True)
class LossTable:
    """
    A variant's declared unheld fields, applied to a transcript to list its losses.

    Each present value (one that differs from its default) under an unheld
    pattern becomes one entry at the pattern's concrete path; values under the
    same path are reported once.
    """

    variant: str
    rules: tuple[Unheld, ...]
    _compiled: tuple[tuple[PathPattern, Unheld], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Compile the patterns."""
        compiled = tuple((PathPattern(rule.pattern), rule) for rule in self.rules)
        object.__setattr__(self, "_compiled", compiled)

    def entries(self, model: BaseModel, *, side: Side = Side.WRITE) -> list[LossEntry]:
        """
        Return the entries for the values of ``model`` this variant cannot hold.

        :param model: the transcript being written.
        :param side: the side to record, normally ``write``.
        :returns: one entry per concrete path, in model order.
        """
        found: dict[str, LossEntry] = {}
        for path, _value in iter_fields(model):
            for prefix, rule in self._matches(path):
                found.setdefault(
                    prefix,
                    LossEntry(rule.kind, side, self.variant, prefix, rule.reason),
                )
        return list(found.values())

    def _matches(self, path: str) -> Iterator[tuple[str, Unheld]]:
        for pattern, rule in self._compiled:
            prefix = pattern.match(path)
            if prefix is not None:
                yield prefix, rule
                return
