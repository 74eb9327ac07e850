"""Results kept per journal version: a page reruns on every click, and recomputing an analysis
of ten years for a tick of a box is the cost `make bench` measures.

A key names everything a result depends on, starting with `storage.journal_version` of the
tables it reads, so a write anywhere in them makes a new key; the oldest result goes first.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Kept(Generic[T]):
    """At most `size` results, by key, oldest out first. Results are shared by every rerun
    until their key changes: treat them as read-only."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._results: dict[Hashable, T] = {}

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        if key not in self._results:
            if len(self._results) >= self._size:
                self._results.pop(next(iter(self._results)))
            self._results[key] = build()
        return self._results[key]

    def clear(self) -> None:
        self._results.clear()
