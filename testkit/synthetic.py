"""Daily wellbeing series with planted setbacks whose start, trough and end we know.

A series is baseline + slope × day + Gaussian noise, with some days removed. Each planted
setback is "a harder week": it falls over 1-2 days, holds at 75-95 % of its `depth` below
the trend (with one day, the trough, at the full depth), and climbs back over 1-3 days.
`start` is the first day below the trend, `trough` the deepest day, `end` the first day
back at the trend; a setback lasts 7-14 days. Depths are given in multiples of the noise's standard deviation, since a
setback is "a sustained drop, large for this person"; setbacks are kept apart by a gap.

With `integer_check_ins`, each day instead holds 1-3 check-ins made on the Log page's slider:
whole numbers 0-10, each the day's level plus its own noise, rounded and clipped; the day's
value is their mean, so daily values are quantized (whole, half and third points).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class PlantedSetback:
    start: date
    trough: date
    end: date
    depth: float


@dataclass(frozen=True)
class Planted:
    daily: pd.DataFrame
    setbacks: list[PlantedSetback]
    noise: float


def planted_series(
    seed: int,
    *,
    days: int = 365,
    baseline: float | None = None,
    slope_per_year: float | None = None,
    noise: float | None = None,
    missing: float | None = None,
    setbacks_per_90_days: float = 2.0,
    depth_in_noise: tuple[float, float] = (3.0, 4.5),
    length: tuple[int, int] = (7, 14),
    first_day: date = date(2024, 1, 1),
    integer_check_ins: bool = False,
) -> Planted:
    """A random series (reproducible from `seed`); unspecified parameters are drawn at random:
    baseline 3-7, slope 0-2 points a year (half flat), noise 0.2-1.2 (0.5-1.2 per check-in with
    `integer_check_ins`: below that a slider of whole points hides the person's swings),
    missing 0-30 % of days."""
    rng = np.random.default_rng(seed)
    baseline = float(rng.uniform(3, 7)) if baseline is None else baseline
    if slope_per_year is None:
        slope_per_year = 0.0 if rng.random() < 0.5 else float(rng.uniform(0.5, 2.0))
    if noise is None:
        noise = float(rng.uniform(0.5, 1.2)) if integer_check_ins else float(rng.uniform(0.2, 1.2))
    missing = float(rng.uniform(0, 0.3)) if missing is None else missing
    t = np.arange(days)
    level = baseline + slope_per_year * t / 365
    daily_noise = rng.normal(0, noise, days)
    planted: list[PlantedSetback] = []
    count = rng.poisson(setbacks_per_90_days * days / 90)
    cursor = int(rng.integers(20, 40))
    for _ in range(count):
        span = int(rng.integers(length[0], length[1] + 1))
        if cursor + span + 15 >= days:
            break
        fall = int(rng.integers(1, 3))
        rise = int(rng.integers(1, 4))
        hold = span - fall - rise
        depth = float(rng.uniform(*depth_in_noise)) * noise
        trough = fall + int(rng.integers(0, hold))
        offset = np.concatenate(
            [
                -depth * np.arange(1, fall + 1) / (fall + 1),
                -depth * rng.uniform(0.75, 0.95, hold),
                -depth * np.arange(rise, 0, -1) / (rise + 1),
            ]
        )
        offset[trough] = -depth
        level[cursor : cursor + span] += offset
        planted.append(
            PlantedSetback(
                first_day + timedelta(days=cursor),
                first_day + timedelta(days=cursor + trough),
                first_day + timedelta(days=cursor + span),
                depth,
            )
        )
        cursor += span + int(rng.integers(15, 60))
    values = (
        _check_ins(np.random.default_rng([seed, 1]), level, noise)
        if integer_check_ins
        else level + daily_noise
    )
    dates = pd.date_range(first_day, periods=days, freq="D")
    keep = rng.random(days) >= missing
    keep[0] = keep[-1] = True
    daily = pd.DataFrame({"date": dates[keep], "value": values[keep]})
    return Planted(daily.reset_index(drop=True), planted, noise)


def _check_ins(rng: np.random.Generator, level: np.ndarray, noise: float) -> np.ndarray:
    """Each day's mean of 1-3 whole-number check-ins (0-10) around that day's `level`."""
    count = rng.integers(1, 4, level.size)
    slots = np.arange(3) < count[:, None]
    check_ins = np.clip(np.round(level[:, None] + rng.normal(0, noise, (level.size, 3))), 0, 10)
    return (check_ins * slots).sum(axis=1) / count


def match(
    found: pd.DataFrame, planted: list[PlantedSetback], tolerance: int = 2
) -> tuple[int, int, int]:
    """(true positives, found, planted): a found setback matches a planted one, one to one,
    when both its start and its end are within `tolerance` days of the truth."""
    used: set[int] = set()
    hits = 0
    for truth in planted:
        for i, row in enumerate(found.itertuples()):
            if i in used:
                continue
            if (
                abs((row.start.date() - truth.start).days) <= tolerance
                and abs((row.end.date() - truth.end).days) <= tolerance
            ):
                used.add(i)
                hits += 1
                break
    return hits, len(found), len(planted)


def planted_ongoing(
    seed: int,
    *,
    days: int = 180,
    began_days_before_end: tuple[int, int] = (5, 21),
    depth_in_noise: tuple[float, float] = (2.5, 4.0),
    integer_check_ins: bool = False,
) -> tuple[Planted, date]:
    """A `planted_series` whose last days hold a drop that has not recovered: it began
    5-21 days before the last check-in (falling over 1-2 days, then holding at 75-95 % of its
    depth, as a planted setback does) and is still going on. Depth 2.5-4 noise spreads.
    Returns the series (its `setbacks` are the earlier, recovered ones) and the drop's first day."""
    rng = np.random.default_rng([seed, 7])
    began = int(rng.integers(began_days_before_end[0], began_days_before_end[1] + 1))
    fall = int(rng.integers(1, 3))
    depth_factor = float(rng.uniform(*depth_in_noise))
    whole = planted_series(seed, days=days, integer_check_ins=integer_check_ins)
    depth = depth_factor * whole.noise
    first = days - began
    offset = np.zeros(days)
    offset[first : first + fall] = -depth * np.arange(1, fall + 1) / (fall + 1)
    hold = days - first - fall
    offset[first + fall :] = -depth * rng.uniform(0.75, 0.95, hold)
    dates = pd.date_range(date(2024, 1, 1), periods=days, freq="D")
    shift = pd.Series(offset, index=dates)
    daily = whole.daily.copy()
    lowered = daily["value"].to_numpy() + shift.reindex(daily["date"]).to_numpy()
    if integer_check_ins:
        lowered = np.clip(lowered, 0, 10)
    daily["value"] = lowered
    planted = [s for s in whole.setbacks if (s.end - date(2024, 1, 1)).days < first - 5]
    return Planted(daily, planted, whole.noise), date(2024, 1, 1) + timedelta(days=first)


def slow_rise_views(seeds: int, every: int, context_days: int):
    """30-day views of a slow rise in whole-point check-ins, each with the days before it that
    the page fits the trend on: (seed, first day, last day, the view's days with context).

    +1 point over 60 days, 1-3 slider check-ins a day that mostly land on one or two values, 180
    days a seed; a view ends every `every` days from day 60 on. The test reads 6 seeds every 10
    days; `make bench` the full sweep (bench/setbacks_bench.py).
    """
    for seed in range(seeds):
        series = planted_series(
            seed,
            days=180,
            baseline=5.0,
            slope_per_year=365 / 60,
            noise=0.6,
            setbacks_per_90_days=0,
            integer_check_ins=True,
        )
        calendar = (
            series.daily.set_index("date")
            .reindex(pd.date_range(series.daily["date"].iloc[0], periods=180))
            .rename_axis("date")
            .reset_index()
        )
        for end in range(60, 181, every):
            yield seed, end - 30, end, calendar.iloc[max(0, end - 30 - context_days) : end]
