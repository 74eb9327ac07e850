"""Results kept per journal version: a page reruns on every click, and recomputing an analysis
of ten years for a tick of a box is the cost `make bench` measures.

A key names everything a result depends on, starting with `storage.journal_version` of the
tables it reads, so a write anywhere in them makes a new key; the oldest result goes first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

import pandas as pd

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


def digest(*frames: pd.DataFrame, extra: object = "") -> str:
    """A short digest of `frames` (their values, index, column names and types) and `extra`:
    the same content gives the same digest in any process, other content another one."""
    key = hashlib.blake2b(repr(extra).encode(), digest_size=16)
    for frame in frames:
        try:
            rows = pd.util.hash_pandas_object(frame, index=True)
        except TypeError:  # a cell pandas cannot hash (a list, say): hash its text instead
            rows = pd.util.hash_pandas_object(frame.astype(str), index=True)
        key.update(rows.to_numpy().tobytes())
        key.update(repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode())
    return key.hexdigest()
