"""
A small bounded least-recently-used cache, safe to share between threads.

:func:`functools.lru_cache` keeps every argument of a call in its key; the
path cache of :mod:`hocbaso.signature._chain` must keep only the exact key
(certificates and a digest of the trust material), never the trust settings
the value was computed from, so that memory stays flat however the caller
builds its settings.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

logger = logging.getLogger(__name__)

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class CacheInfo:
    """How a cache has been used since it was created or cleared."""

    hits: int
    misses: int
    size: int
    maxsize: int


class BoundedCache(Generic[K, V]):
    """A mapping of at most ``maxsize`` entries that drops the least recently used."""

    def __init__(self, maxsize: int) -> None:
        """
        Create an empty cache.

        :param maxsize: the most entries kept (at least 1).
        """
        self._maxsize = max(maxsize, 1)
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        self._hits = 0
        self._misses = 0

    def get_or_compute(self, key: K, compute: Callable[[], V]) -> V:
        """
        Return the value cached for ``key``, computing and keeping it if absent.

        The computation runs outside the lock; two threads missing the same
        key both compute it, and the values are equal by the key's contract.

        :param key: the exact key of the value.
        :param compute: computes the value; an exception is passed on and
            nothing is kept.
        :returns: the value.
        """
        with self._lock:
            try:
                found = self._entries[key]
            except KeyError:
                self._misses += 1
            else:
                self._entries.move_to_end(key)
                self._hits += 1
                return found
        value = compute()
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._maxsize:
                self._entries.popitem(last=False)
        return value

    def info(self) -> CacheInfo:
        """Return the hits, misses and size."""
        with self._lock:
            return CacheInfo(
                self._hits, self._misses, len(self._entries), self._maxsize
            )

    def clear(self) -> None:
        """Drop every entry and reset the counts."""
        with self._lock:
            self._entries.clear()
            self._hits = self._misses = 0
