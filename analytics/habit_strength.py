"""Habit strength: a 0-100 score that rises with practice and fades slowly with lapses.

The method is Loop Habit Tracker's score (iSoron/uhabits, `Score.kt` and `ScoreList.kt`), an
exponential smoothing of daily checkmarks:

    score_today = score_yesterday * m + checkmark_today * (1 - m)
    m = 0.5 ** (sqrt(frequency) / 13)

`frequency` is the intended repetitions per day: 1 for a daily practice, 3/7 for three times a
week. For a daily practice m = 0.5 ** (1/13) ~ 0.948, so the score halves after 13 days
without practice, and a year of daily practice from zero reaches about 100. A lower frequency
gives an m nearer 1, so each day matters less and a lapse fades more slowly (3 a week: the
score halves after about 20 days).

The checkmark is in [0, 1]:

- On a day with the practice it is 1, so the score always rises on a practice day (while it is
  below 100). This is our one departure from Loop, which scores a practice day by the rolling
  share below; we want a logged practice never to look like a step back.
- On another day it is Loop's rolling share of the target met: the practice days in the last
  `window` days divided by the repetitions wanted in that window, capped at 1. The window is
  one week for a weekly target (`7` days, `weekly_target` repetitions), and Loop doubles
  both for targets below daily (14 days, 2 x target) to smooth irregular schedules. A
  daily practice has a one-day window, so its checkmark is simply 0 on a day without it.
- A rest/skip day leaves the score as it was (Loop's SKIP).

The series starts at 0 before the first practice day (Loop starts there) and is reported from
the first practice day to `today`, one value per day, scaled to 0-100.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from analytics.entries import DAILY
from analytics.streaks import as_day, day_number, day_numbers, without

HALF_LIFE_DIVISOR = 13.0
"""Loop's constant: at frequency 1 the score halves after 13 days without practice."""


def multiplier(frequency: float) -> float:
    """Loop's decay factor m = 0.5 ** (sqrt(frequency) / 13)."""
    return 0.5 ** (math.sqrt(frequency) / HALF_LIFE_DIVISOR)


def frequency_for(weekly_target: int | None) -> float:
    """Repetitions per day for a weekly target (None or 7 = daily = 1.0)."""
    if weekly_target is None:
        return 1.0
    return min(int(weekly_target), DAILY) / DAILY


def habit_strength(
    dates: Iterable[Any],
    today: date,
    frequency: float = 1.0,
    skip_dates: Iterable[Any] = (),
) -> pd.Series:
    """The habit strength (0-100) of a practice done on `dates`, for each day from the first
    practice day to `today`; an empty series if there is none. See the module docstring."""
    today = as_day(today)
    done = day_numbers(dates, today)
    if done.size == 0:
        return pd.Series([], index=pd.DatetimeIndex([], name="day"), dtype=float, name="strength")
    if not 0 < frequency <= 1:
        raise ValueError(f"frequency must be in (0, 1] repetitions per day, not {frequency}")
    first = int(done[0])
    length = day_number(today) - first + 1
    kept = np.zeros(length, dtype=float)
    kept[done - first] = 1.0
    rest = without(day_numbers(skip_dates, today), done)
    resting = np.zeros(length, dtype=bool)
    resting[rest[rest >= first] - first] = True
    scores = _smooth(_checkmarks(kept, frequency), resting, multiplier(frequency))
    start = date(1970, 1, 1) + timedelta(days=first)
    index = pd.date_range(start, periods=length, freq="D", name="day")
    return pd.Series(np.clip(scores * 100.0, 0.0, 100.0), index=index, name="strength")


_BLOCK = 128
"""Days per closed-form step of the smoothing: small enough that m ** -128 (under 2 ** 10) keeps
the cumulative sum precise to about 1e-13."""


def _smooth(checkmark: np.ndarray, resting: np.ndarray, m: float) -> np.ndarray:
    """Loop's recurrence s = s * m + c * (1 - m), skipping rest days (they keep the score).

    Computed without a Python loop per day: within a block of days the recurrence unrolls to
    s_j = m^(j+1) * s_before + (1 - m) * m^j * sum_{i<=j} c_i / m^i, a cumulative sum. The
    tests check it against the plain day-by-day loop.
    """
    counted = checkmark[~resting]
    smoothed = np.empty(counted.size)
    previous = 0.0
    for start in range(0, counted.size, _BLOCK):
        block = counted[start : start + _BLOCK]
        powers = m ** np.arange(block.size)
        values = m * powers * previous + (1.0 - m) * powers * np.cumsum(block / powers)
        smoothed[start : start + block.size] = values
        previous = float(values[-1])
    # A rest day shows the score of the last counted day (0 before any).
    position = np.cumsum(~resting) - 1
    return np.where(position >= 0, smoothed[np.maximum(position, 0)] if smoothed.size else 0.0, 0.0)


def _checkmarks(kept: np.ndarray, frequency: float) -> np.ndarray:
    """1 on practice days; elsewhere the share of the target met in Loop's rolling window."""
    if frequency >= 1.0:
        return kept
    # Loop expresses "n times in d days"; we know the weekly target, so d = 7.
    repetitions = frequency * DAILY
    window = 2 * DAILY
    wanted = 2 * repetitions
    rolling = np.convolve(kept, np.ones(window), mode="full")[: kept.size]
    return np.maximum(kept, np.minimum(1.0, rolling / wanted))
