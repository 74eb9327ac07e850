"""Checking many imported rows at once, column by column, with the Log page's own rules.

`check_frame` gives the verdicts and cleaned values `journal.validate_rows` gives row by row,
in a fraction of the time and memory: it calls the same cleaners (`analytics.entries`) once
per distinct value of a column instead of once per row (an import's moods, scores and
practices repeat), and finds each row's UTC offset once per day (once per row only on a day
whose offset changes). Every row it cannot pass that way goes through `validate_rows` itself,
so a refused row gets the Log page's message, word for word, and its first fault as the row
builder finds it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any

import numpy as np
import pandas as pd

from analytics import clock
from analytics.entries import (
    FUTURE_TOLERANCE,
    LATEST_YEAR,
    SHORT_TEXT_MAX,
    EntryKind,
    InvalidEntry,
    PracticeStatus,
    clean_amount,
    clean_emotions,
    clean_minutes,
    clean_moment,
    clean_response_kind,
    clean_scale,
    clean_sleep_hours,
    clean_text,
)
from analytics.storage.journal import Connection, validate_rows


def _status(value: object) -> str:
    # Only the verdict counts here: a refused row is checked again by the row builder, which words it.
    if not value:
        return PracticeStatus.DONE.value
    try:
        if isinstance(value, str):
            return PracticeStatus(value).value
    except ValueError:
        pass
    raise InvalidEntry("status", "is not 'done' or 'rest'")


_SCALE, _TEXT, _INT, _BOOL = "scale", "text", "int", "bool"

FIELDS: dict[EntryKind, dict[str, tuple[str, Callable[[Any], Any]]]] = {
    EntryKind.CHECK_IN: {
        "wellbeing": (_SCALE, lambda v: clean_scale(v, "wellbeing")),
        "anxiety": (_SCALE, lambda v: clean_scale(v, "anxiety", required=False)),
        "energy": (_SCALE, lambda v: clean_scale(v, "energy", required=False)),
        "emotions": (_TEXT, clean_emotions),
        "note": (_TEXT, lambda v: clean_text(v, "note")),
        "sleep_hours": (_SCALE, clean_sleep_hours),
        "sleep_quality": (_SCALE, lambda v: clean_scale(v, "sleep_quality", required=False)),
    },
    EntryKind.TRIGGER: {
        "category": (
            _TEXT,
            lambda v: clean_text(v, "category", max_length=SHORT_TEXT_MAX, required=True),
        ),
        "what_happened": (_TEXT, lambda v: clean_text(v, "what_happened")),
        "intensity": (_SCALE, lambda v: clean_scale(v, "intensity")),
        "response": (_TEXT, lambda v: clean_text(v, "response")),
        "response_kind": (_TEXT, clean_response_kind),
        "helped": (_SCALE, lambda v: clean_scale(v, "helped", required=False)),
        "note": (_TEXT, lambda v: clean_text(v, "note")),
    },
    EntryKind.PRACTICE_LOG: {
        "practice_id": (
            _TEXT,
            lambda v: clean_text(v, "practice", max_length=SHORT_TEXT_MAX, required=True),
        ),
        "minutes": (_INT, clean_minutes),
        "note": (_TEXT, lambda v: clean_text(v, "note")),
        "first_time": (_BOOL, lambda v: bool(v or False)),
        "status": (_TEXT, _status),
        "amount": (_SCALE, clean_amount),
    },
}
"""Per entry kind that imports bring, each column the row builder (`rows.py`) fills, with the
cleaner it applies. A kind not here is checked row by row."""


def check_frame(
    con: Connection,
    kind: EntryKind,
    frame: pd.DataFrame,
    now: datetime | None = None,
    day_offsets: dict | None = None,
) -> tuple[pd.DataFrame, list[InvalidEntry]]:
    """The rows of `frame` (raw entries of `kind`, each with its spreadsheet `_row`) that may be
    stored, cleaned, as columns of `kind`'s table plus `source` and `source_key` (no `id`: the
    write gives each row its own); and one problem per refused row, numbered by its `_row`.
    `day_offsets` keeps each day's offset for the next frame of the same import."""
    if not len(frame):
        return pd.DataFrame(), []
    fields = FIELDS.get(kind)
    if fields is None or "local_time" not in frame or "utc_offset_min" in frame:
        return _row_by_row(con, kind, frame, np.ones(len(frame), bool), now)
    bad = np.zeros(len(frame), bool)
    columns: dict[str, Any] = {}
    wall, offsets, moment_bad = _moments(
        frame["local_time"], now, {} if day_offsets is None else day_offsets
    )
    bad |= moment_bad
    columns["local_time"] = wall
    columns["utc_offset_min"] = offsets
    for name, (sort, clean) in fields.items():
        raw = frame[name] if name in frame else pd.Series([None] * len(frame), dtype=object)
        values, column_bad = _per_value(raw, clean, sort)
        columns[name] = values
        bad |= column_bad
    good = ~bad
    checked = pd.DataFrame({name: _take(values, good) for name, values in columns.items()})
    checked["source"] = _take(_source(frame), good)
    checked["source_key"] = _take(frame.get("source_key", pd.Series([None] * len(frame))), good)
    checked["utc_offset_min"] = checked["utc_offset_min"].astype("int16")
    if not bad.any():
        return checked, []
    slow, problems = _row_by_row(con, kind, frame, bad, now)
    if len(slow):
        checked = pd.concat([checked, slow[list(checked.columns)]], ignore_index=True)
        checked["utc_offset_min"] = checked["utc_offset_min"].astype("int16")
    return checked, problems


def _take(values: Any, mask: np.ndarray) -> Any:
    if isinstance(values, pd.Series):
        return values[mask].reset_index(drop=True)
    return values[mask]


def _source(frame: pd.DataFrame) -> pd.Series:
    if "source" not in frame:
        return pd.Series(["journal"] * len(frame), dtype="str")
    source = frame["source"].astype(object)
    return source.where(source.notna() & (source != ""), "journal").astype("category")


def _per_value(raw: pd.Series, clean: Callable[[Any], Any], sort: str) -> tuple[Any, np.ndarray]:
    """`clean` applied once per distinct value of `raw`: the cleaned column, and which rows it refused."""
    codes, uniques = pd.factorize(raw, use_na_sentinel=False)
    cleaned: list[Any] = []
    refused = np.zeros(len(uniques), bool)
    for i, value in enumerate(uniques):
        try:
            cleaned.append(clean(_plain(value)))
        except InvalidEntry:
            refused[i] = True
            cleaned.append(None)
    if sort == _SCALE:
        table = np.array([np.nan if c is None else c for c in cleaned], dtype=float)
        return table[codes], refused[codes]
    if sort == _TEXT:
        words = ["" if c is None else c for c in cleaned]
        if len(set(words)) == len(words) and len(words) <= max(1, len(raw) // 2):
            # Few distinct words (a category, a status, empty notes): a code a row.
            kinds = pd.Categorical.from_codes(codes, categories=pd.Index(words, dtype=object))
            return pd.Series(kinds), refused[codes]
    table = np.empty(len(cleaned), dtype=object)
    table[:] = cleaned
    if sort == _TEXT:
        return pd.Series(table[codes], dtype="str"), refused[codes]
    if sort == _INT:
        return pd.Series(table[codes], dtype="Int64"), refused[codes]
    return pd.Series(table[codes], dtype=bool), refused[codes]


def _moments(
    local_time: pd.Series, now: datetime | None, day_offsets: dict[datetime, int | _Day]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Wall times, their UTC offsets in minutes as `clean_moment` gives them, and the rows it
    would refuse (before 1970, too far ahead, in the future, not a time). The offset is found
    at the first and last minute of each day; a day where they differ (a daylight-saving change)
    is done row by row."""
    n = len(local_time)
    if not pd.api.types.is_datetime64_dtype(local_time.dtype) or getattr(local_time.dt, "tz", None):
        return np.zeros(n, "datetime64[us]"), np.zeros(n, np.int16), np.ones(n, bool)
    wall = local_time.to_numpy().astype("datetime64[us]")
    bad = np.isnat(wall)
    offsets = np.zeros(n, np.int32)
    days = wall.astype("datetime64[D]")
    codes, uniques = pd.factorize(days, use_na_sentinel=True)
    by_day = np.zeros(len(uniques), np.int32)
    day_bad = np.zeros(len(uniques), bool)
    changing = np.zeros(len(uniques), bool)
    for i, day in enumerate(pd.DatetimeIndex(uniques).to_pydatetime()):
        offset = day_offsets.get(day)
        if offset is None:
            try:
                first = _offset(day)
                last = _offset(day + timedelta(hours=23, minutes=59, seconds=59))
                offset = first if first == last else _Day.CHANGING
            except InvalidEntry:
                offset = _Day.REFUSED
            day_offsets[day] = offset
        if offset is _Day.REFUSED:
            day_bad[i] = True
        elif offset is _Day.CHANGING:
            changing[i] = True
        else:
            by_day[i] = offset
    known = codes >= 0
    offsets[known] = by_day[codes[known]]
    bad[known] |= day_bad[codes[known]]
    for position in np.flatnonzero(known & changing[np.where(known, codes, 0)]):
        try:
            offsets[position] = _offset(pd.Timestamp(wall[position]).to_pydatetime())
        except InvalidEntry:
            bad[position] = True
    years = wall.astype("datetime64[Y]").astype(np.int64) + 1970
    bad |= (years < 1970) | (years > LATEST_YEAR)
    moment = now or clock.now(UTC)
    latest = np.datetime64((moment.astimezone(UTC).replace(tzinfo=None) + FUTURE_TOLERANCE), "us")
    utc = wall - offsets.astype("timedelta64[m]")
    bad |= ~np.isnat(utc) & (utc > latest)
    return wall, offsets.astype(np.int16), bad


class _Day(Enum):
    """What `_moments` keeps for a day that has no one offset."""

    CHANGING = "changing"
    """Its offset changes within it (a daylight-saving change): done row by row."""
    REFUSED = "refused"
    """`clean_moment` refuses it."""


def _offset(wall: datetime) -> int:
    """The UTC offset `clean_moment` gives a naive wall time, in minutes (without its other
    checks, which `_moments` makes for every row at once); `InvalidEntry` where it refuses."""
    try:
        aware = wall.astimezone()
        offset = aware.utcoffset() or timedelta(0)
        if aware.replace(tzinfo=None) != wall.replace(fold=0):
            return clean_moment(wall, allow_future=True).utc_offset_min  # in a gap: its rule
    except (OverflowError, ValueError):
        raise InvalidEntry("time", "is not a date this journal can hold") from None
    minutes = int(offset.total_seconds() // 60)
    if not -14 * 60 <= minutes <= 14 * 60:
        raise InvalidEntry("time", "has a time-zone offset beyond ±14 hours")
    return minutes


def _plain(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def _row_by_row(
    con: Connection,
    kind: EntryKind,
    frame: pd.DataFrame,
    rows: np.ndarray,
    now: datetime | None,
) -> tuple[pd.DataFrame, list[InvalidEntry]]:
    """The rows picked by `rows` through `validate_rows`, as `check_frame` returns them."""
    picked = frame[rows]
    records = [
        {key: _plain(value) for key, value in record.items()}
        for record in picked.to_dict("records")
    ]
    valid, problems = validate_rows(con, kind, records, now)
    numbered = []
    for problem in problems:
        assert problem.row is not None  # validate_rows numbers every problem it returns
        numbered.append(problem.at_row(records[problem.row - 1].get("_row") or problem.row))
    checked = pd.DataFrame(valid)
    if len(checked):
        checked = checked.drop(columns=["id"])
    return checked, numbered


__all__ = ["FIELDS", "check_frame"]
