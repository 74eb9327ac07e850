"""Streaks: how many days (or weeks) in a row a practice has been kept.

The rules, each tested in `tests/test_streaks.py`:

- **Days are local days.** A log counts on the calendar day the person lived it
  (`CAST(local_time AS DATE)`): 23:59 in Tokyo is that Tokyo day, whatever UTC says.
- **Several logs on one day count once.** A day is done or not done.
- **A daily practice** (no weekly target, or a target of 7 a week) counts consecutive days
  with the practice. The unit is "day".
- **A weekly target** (for example 3 times a week) counts consecutive ISO weeks (Monday to
  Sunday) that met the target. Weeks run across the new year as the calendar does: ISO week
  53 of 2026 is 2026-12-28 to 2027-01-03, one week. The unit is "week".
- **A rest or skip day neither breaks a streak nor adds to it.** For a daily practice the
  day is simply passed over. For a weekly target a week with at least `target` practice days
  adds one; a week short of the target whose practice days plus rest days reach it is passed
  over (the rest days cover the gap, but add nothing); any other week breaks the streak.
  A day logged both as done and as rest counts as done.
- **The present is not over yet.** Today not yet logged does not break the current streak
  until the day is over; likewise the current week counts once it meets its target and does
  not break the streak while it is still in progress.
- Days after `today` are ignored.

`current` is the streak that is still alive today; `longest` the longest there has ever been.
Always `longest >= current >= 0`, and adding a completion never lowers `longest`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from analytics.entries import DAILY

DAY = "day"
WEEK = "week"


def as_day(value: Any) -> date:
    """A calendar day from a date, a (naive, wall-clock) datetime, a pandas Timestamp or an ISO string."""
    if isinstance(value, datetime):  # pandas Timestamps are datetimes too
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value).date()
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    raise TypeError(f"{value!r} is not a date")


_EPOCH = date(1970, 1, 1)


def day_number(day: date) -> int:
    """Days since 1970-01-01 (a Thursday)."""
    return (day - _EPOCH).days


def day_numbers(values: Iterable[Any], today: date) -> np.ndarray:
    """Distinct days up to and including `today`, as sorted day numbers (see `day_number`).

    Accepts any iterable of dates/datetimes/ISO strings; a pandas Series or Index or a numpy
    array of datetime64 takes a vectorized path (the Practice page hands over whole columns).
    """
    if isinstance(values, pd.Series | pd.Index | np.ndarray) and np.issubdtype(
        np.asarray(values).dtype, np.datetime64
    ):
        raw = np.asarray(values).astype("datetime64[D]")
        numbers = raw[~np.isnat(raw)].astype(np.int64)
    else:
        numbers = np.fromiter(
            (
                day_number(as_day(v))
                for v in values
                if v is not None and not (isinstance(v, float) and v != v)
            ),
            dtype=np.int64,
        )
    if not _strictly_increasing(numbers):  # the page hands over sorted distinct days: skip the sort
        numbers = np.unique(numbers)
    return numbers[: np.searchsorted(numbers, day_number(today), side="right")]


def _strictly_increasing(numbers: np.ndarray) -> bool:
    return bool(np.all(numbers[1:] > numbers[:-1]))


def without(numbers: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Sorted distinct day numbers not in `other` (also sorted distinct)."""
    if numbers.size == 0 or other.size == 0:
        return numbers
    at = np.minimum(np.searchsorted(other, numbers), other.size - 1)
    return numbers[other[at] != numbers]


def day_set(values: Iterable[Any], today: date) -> set[date]:
    """Distinct days up to and including `today`."""
    return {_EPOCH + timedelta(days=int(n)) for n in day_numbers(values, today)}


def is_daily(weekly_target: int | None) -> bool:
    return weekly_target is None or int(weekly_target) >= DAILY


def week_start(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


def _week_index(numbers: np.ndarray) -> np.ndarray:
    """Day numbers to the day number of their ISO week's Monday (1970-01-01 was a Thursday)."""
    return numbers - (numbers + 3) % 7


def streaks(
    dates: Iterable[Any],
    today: date,
    weekly_target: int | None = None,
    skip_dates: Iterable[Any] = (),
) -> dict[str, Any]:
    """Current and longest streak of a practice done on `dates`, as of `today`.

    Returns `{"current": int, "longest": int, "unit": "day" | "week"}`; the rules are in the
    module docstring. `skip_dates` are the practice's rest days.
    """
    today = as_day(today)
    done = day_numbers(dates, today)
    rest = without(day_numbers(skip_dates, today), done)
    if weekly_target is None or is_daily(weekly_target):
        current, longest = _daily(done, rest, day_number(today))
        return {"current": current, "longest": longest, "unit": DAY}
    current, longest = _weekly(done, rest, day_number(today), int(weekly_target))
    return {"current": current, "longest": longest, "unit": WEEK}


def _daily(done: np.ndarray, rest: np.ndarray, today: int) -> tuple[int, int]:
    if done.size == 0:
        return 0, 0
    first = int(done[0])
    length = today - first + 1
    kept = np.zeros(length, dtype=bool)
    kept[done - first] = True
    resting = np.zeros(length, dtype=bool)
    resting[rest[rest >= first] - first] = True
    if not kept[-1]:
        resting[-1] = True  # today is not over: an unlogged today is passed over, not a break
    return runs(kept[~resting])


def _weekly(done: np.ndarray, rest: np.ndarray, today: int, target: int) -> tuple[int, int]:
    if done.size == 0:
        return 0, 0
    first_week = int(_week_index(done[:1])[0])
    weeks = (int(_week_index(np.array([today]))[0]) - first_week) // 7 + 1
    done_per_week = np.bincount((_week_index(done) - first_week) // 7, minlength=weeks)
    rest = rest[rest >= first_week]
    rest_per_week = np.bincount((_week_index(rest) - first_week) // 7, minlength=weeks)
    met = done_per_week >= target
    passed_over = ~met & (done_per_week + rest_per_week >= target)
    if not met[-1]:
        passed_over[-1] = True  # this week is still in progress: it counts once met, never breaks
    return runs(met[~passed_over])


def runs(kept: np.ndarray) -> tuple[int, int]:
    """(trailing run, longest run) of True in a boolean sequence."""
    if kept.size == 0:
        return 0, 0
    breaks = np.flatnonzero(~kept)
    edges = np.concatenate(([-1], breaks, [kept.size]))
    lengths = np.diff(edges) - 1
    return int(lengths[-1]), int(lengths.max())


def week_progress(
    dates: Iterable[Any], today: date, weekly_target: int | None = None
) -> dict[str, int]:
    """Distinct practice days in today's ISO week so far, against the weekly target (7 for daily)."""
    today = as_day(today)
    numbers = day_numbers(dates, today)
    done = int(numbers.size - np.searchsorted(numbers, day_number(week_start(today))))
    target = DAILY if weekly_target is None else int(weekly_target)
    return {"done": done, "target": target}
