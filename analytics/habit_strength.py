"""Habit strength: a 0-100 score that rises with practice and fades slowly with lapses.

The method is Loop Habit Tracker's score (iSoron/uhabits, `Score.kt` and `ScoreList.kt`), an
exponential smoothing of a daily share of the target met, with no departures from it:

    score_today = score_yesterday * m + checkmark_today * (1 - m)
    m = 0.5 ** (sqrt(frequency) / 13)

`frequency` is the intended repetitions per day: 1 for a daily practice, 3/7 for three times a
week. For a daily practice m = 0.5 ** (1/13) ~ 0.948, so the score halves after 13 days
without practice, and a year of daily practice from zero reaches about 100. A lower frequency
gives an m nearer 1, so each day matters less and a lapse fades more slowly (3 a week: the
score halves after about 20 days).

The checkmark is the share of the target met in a rolling window, capped at 1. A target of
`n` repetitions in `d` days (a weekly target: n in 7) has a window of `d` days wanting `n`;
Loop doubles both for targets below daily (n = 3 a week: 6 in the last 14 days) to smooth
irregular schedules. A daily practice has a one-day window: its checkmark is 1 on a practice
day and 0 on a day without. So a steady 2 a week against a target of 4 settles at 50, and
against a target of 3 at 67, the values Loop's own tests expect (`tests/test_practice.py`
ports them).

A rest/skip day leaves the score as it was (Loop's SKIP) and does not count in the window:
the window is the last `d` days that were not rest days.

On a practice day the checkmark is at least what it would have been without the practice (more,
unless the window already met the target), so a practice day never counts for less than a day
without; the score can still ease a little on a practice day after a gap (one practice in two
weeks is a small share of the target).
`day_changes` says what each day did in words that never call a practice day a step back.

The series starts at 0 before the first practice day (Loop starts there) and is reported from
the first practice day to `today`, one value per day, scaled to 0-100.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from analytics.entries import DAILY
from analytics.streaks import as_day, day_number, day_numbers, without

HALF_LIFE_DIVISOR = 13.0
"""Loop's constant: at frequency 1 the score halves after 13 days without practice."""

STEADY_POINTS = 0.5
"""A change smaller than this (on the 0-100 scale) reads as "held steady": it rounds away."""


def multiplier(frequency: float) -> float:
    """Loop's decay factor m = 0.5 ** (sqrt(frequency) / 13)."""
    return 0.5 ** (math.sqrt(frequency) / HALF_LIFE_DIVISOR)


def frequency_for(weekly_target: int | None) -> float:
    """Repetitions per day for a weekly target (None or 7 = daily = 1.0)."""
    if weekly_target is None:
        return 1.0
    return min(int(weekly_target), DAILY) / DAILY


def window(frequency: float) -> tuple[int, int]:
    """Loop's rolling window for a frequency: (repetitions wanted, days), both doubled below daily.

    The frequency is read as the fraction n/d it was made from (3/7 -> 3 in 7 days, 1/2 -> 1 in
    2), as Loop's `Frequency(numerator, denominator)`. Daily is (1, 1).
    """
    if frequency >= 1.0:
        return 1, 1
    fraction = Fraction(frequency).limit_denominator(1000)
    return 2 * fraction.numerator, 2 * fraction.denominator


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
    counted = _smooth(_checkmarks(kept[~resting], frequency), multiplier(frequency))
    scores = _held_over(counted, resting)
    start = date(1970, 1, 1) + timedelta(days=first)
    index = pd.date_range(start, periods=length, freq="D", name="day")
    return pd.Series(np.clip(scores * 100.0, 0.0, 100.0), index=index, name="strength")


_BLOCK = 128
"""Days per closed-form step of the smoothing: small enough that m ** -128 (under 2 ** 10) keeps
the cumulative sum precise to about 1e-13."""


def _smooth(checkmark: np.ndarray, m: float) -> np.ndarray:
    """Loop's recurrence s = s * m + c * (1 - m) from s = 0, over the counted (non-rest) days.

    Computed without a Python loop per day: within a block of days the recurrence unrolls to
    s_j = m^(j+1) * s_before + (1 - m) * m^j * sum_{i<=j} c_i / m^i, a cumulative sum. The
    tests check it against the plain day-by-day loop.
    """
    smoothed = np.empty(checkmark.size)
    previous = 0.0
    for start in range(0, checkmark.size, _BLOCK):
        block = checkmark[start : start + _BLOCK]
        powers = m ** np.arange(block.size)
        values = m * powers * previous + (1.0 - m) * powers * np.cumsum(block / powers)
        smoothed[start : start + block.size] = values
        previous = float(values[-1])
    return smoothed


def _held_over(counted: np.ndarray, resting: np.ndarray) -> np.ndarray:
    """Spread the counted days' scores over all days: a rest day shows the last counted score."""
    position = np.cumsum(~resting) - 1
    if counted.size == 0:
        return np.zeros(resting.size)
    return np.where(position >= 0, counted[np.maximum(position, 0)], 0.0)


def _checkmarks(kept: np.ndarray, frequency: float) -> np.ndarray:
    """Loop's checkmark per counted day: practice days in the last `days` counted days over
    the repetitions wanted, capped at 1 (see `window`)."""
    wanted, days = window(frequency)
    if days == 1:
        return kept
    rolling = np.convolve(kept, np.ones(days), mode="full")[: kept.size]
    return np.minimum(1.0, rolling / wanted)


def day_changes(series: pd.Series, practised: Iterable[Any]) -> pd.Series:
    """What each day of a strength series did, in words, never calling a practice day a step back.

    A practice day reads "practised: rose" when the score rose by at least `STEADY_POINTS`,
    "practised: kept it steady" when it moved less, and "practised: slowed the fade" when it
    eased (after a gap one practice is a small share of the target; the day still counts for
    more than a day without, so the fade is slower than it would have been without it). Another day
    reads "rose", "eased" or "held steady". The first day is compared with 0.
    """
    change = series.diff().fillna(series.iloc[0] if len(series) else 0.0)
    days = pd.DatetimeIndex(pd.to_datetime(list(practised))).normalize()
    on_practice = series.index.normalize().isin(days)
    rose = change >= STEADY_POINTS
    eased = change <= -STEADY_POINTS
    words = np.select(
        [on_practice & rose, on_practice & eased, on_practice, rose, eased],
        [
            "practised: rose",
            "practised: slowed the fade",
            "practised: kept it steady",
            "rose",
            "eased",
        ],
        default="held steady",
    )
    return pd.Series(words, index=series.index, name="change")
