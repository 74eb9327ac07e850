"""Entries of one kind, kept column by column: a large import is held once, compactly.

A million imported rows as Python dicts take gigabytes; as columns (numbers in NumPy arrays,
text in Arrow strings) they take tens of megabytes. `Records` takes dicts one at a time, as the
format modules make them, and packs every `CHUNK` of them into a data frame, so no more than
one chunk of dicts is alive at once. Reading it back (`len`, indexing, iterating) gives dicts
again, for tests and small previews; the preview and the write go chunk by chunk (`frames()`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pandas as pd

CHUNK = 10_000
"""Dicts held before they are packed into columns."""


class Records:
    """Raw entries of one kind (see `analytics.importers.Plan.records`)."""

    def __init__(self, records: Iterable[dict[str, Any]] | pd.DataFrame | list[pd.DataFrame] = ()):
        self._pending: list[dict[str, Any]] = []
        self._frames: list[pd.DataFrame] = []
        if isinstance(records, pd.DataFrame):
            self._frames.append(records)
        elif isinstance(records, list) and records and isinstance(records[0], pd.DataFrame):
            self._frames = [f for f in records if len(f)]
        else:
            for record in records:
                self.append(record)

    def append(self, record: dict[str, Any]) -> None:
        self._pending.append(record)
        if len(self._pending) >= CHUNK:
            self._pack()

    def _pack(self) -> None:
        if self._pending:
            frame = pd.DataFrame(self._pending)
            self._pending = []
            empty = [c for c in frame.columns if frame[c].dtype == object and frame[c].isna().all()]
            if empty:
                # A field no entry of the chunk has (anxiety in a file without it): the
                # validators read a missing field as empty, as they read None.
                frame = frame.drop(columns=empty)
            if "source" in frame:
                # One source for every entry of an import: a code a row, not the word.
                frame["source"] = frame["source"].astype("category")
            self._frames.append(frame)

    def take_frames(self) -> list[pd.DataFrame]:
        """The chunks, handed over: these records are empty afterwards, so a caller that lets
        go of each chunk once done with it frees the memory as it goes."""
        frames = self.frames()
        self._frames = []
        return frames

    def transform(self, step: Callable[[pd.DataFrame], pd.DataFrame]) -> None:
        """Replace each chunk by `step(chunk)` (for columns found after every row was read)."""
        self._pack()
        # One chunk at a time, each let go once replaced: never every chunk twice at once.
        frames, self._frames = self._frames, []
        while frames:
            self._frames.append(step(frames.pop(0)))

    def frames(self) -> list[pd.DataFrame]:
        """The records in chunks of at most `CHUNK` (or as given), in the order appended."""
        self._pack()
        return list(self._frames)

    def frame(self) -> pd.DataFrame:
        """Every record as one data frame (a column per key): for small sets and tests."""
        frames = self.frames()
        if not frames:
            return pd.DataFrame()
        return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)

    def __len__(self) -> int:
        return len(self._pending) + sum(len(f) for f in self._frames)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        frame = self.frame()
        for row in frame.to_dict("records"):
            yield {key: _plain(value) for key, value in row.items()}

    def __getitem__(self, index: int) -> dict[str, Any]:
        frame = self.frame()
        return {key: _plain(value) for key, value in frame.iloc[index].to_dict().items()}


def _plain(value: Any) -> Any:
    """A frame's cell as the dict it came from held it: datetimes, None for a missing value."""
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if value is pd.NaT:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


__all__ = ["CHUNK", "Records"]
