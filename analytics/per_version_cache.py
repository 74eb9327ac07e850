"""Results kept per journal version: a page reruns on every click, and recomputing an analysis
of ten years for a tick of a box is the cost `make bench` measures.

A key names everything a result depends on, starting with `storage.journal_version` of the
tables it reads, so a write anywhere in them makes a new key; the oldest result goes first.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Hashable
from dataclasses import fields, is_dataclass
from datetime import date, time, timedelta
from enum import Enum
from typing import Generic, TypeVar

import numpy as np
import pandas as pd

T = TypeVar("T")


class Kept(Generic[T]):
    """At most `size` results, by key, oldest out first. Results are shared by every rerun
    until their key changes: treat them as read-only."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._results: dict[Hashable, T] = {}
        # Sessions run in threads of their own. The lock guards the bookkeeping only, never a
        # build: a build may keep results of its own, and two threads building one key both
        # get the first result stored.
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        with self._lock:
            if key in self._results:
                return self._results[key]
        result = build()
        with self._lock:
            if key not in self._results:
                if len(self._results) >= self._size:
                    self._results.pop(next(iter(self._results)))
                self._results[key] = result
            return self._results[key]

    def clear(self) -> None:
        with self._lock:
            self._results.clear()


_PLAIN = (str, int, float, bool, type(None), date, time, timedelta, Enum, np.generic)


def digest(*values: object) -> str:
    """A short digest of `values`, for keeping what is made from them: the same values give the
    same digest in any process, other content another one.

    A data frame or series counts by its content (values, index, names and types); a tuple,
    list, dict or dataclass by what it holds; a number, text, date or enum by its `repr`.
    Anything else raises TypeError: a `repr` that leaves something out (a frame's is cut
    short) would give two different values one digest, and a kept result would go stale.
    """
    key = hashlib.blake2b(digest_size=16)
    for value in values:
        _add(key, value)
    return key.hexdigest()


def _add(key, value: object) -> None:
    if isinstance(value, pd.DataFrame | pd.Series):
        try:
            rows = pd.util.hash_pandas_object(value, index=True)
        except TypeError:  # a cell pandas cannot hash (a list, say): hash its text instead
            rows = pd.util.hash_pandas_object(value.astype(str), index=True)
        if isinstance(value, pd.DataFrame):
            types = list(value.dtypes.items())
        else:
            types = [(value.name, value.dtype)]
        key.update(b"frame(" + rows.to_numpy().tobytes())
        key.update(repr([(str(c), str(t)) for c, t in types]).encode() + b")")
    elif isinstance(value, _PLAIN):
        key.update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, tuple | list):
        key.update(f"{type(value).__name__}[".encode())
        for item in value:
            _add(key, item)
        key.update(b"]")
    elif isinstance(value, dict):
        key.update(b"dict{")
        for item in value.items():
            _add(key, item)
        key.update(b"}")
    elif is_dataclass(value) and not isinstance(value, type):
        key.update(f"{type(value).__qualname__}(".encode())
        for item in fields(value):
            _add(key, (item.name, getattr(value, item.name)))
        key.update(b")")
    else:
        raise TypeError(f"cannot digest a {type(value).__name__}: give its content instead")
