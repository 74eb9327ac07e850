"""The robust local linear trend of a daily wellbeing calendar.

The input is a calendar: one row per day, with `value` missing (NaN) on days without a
check-in. Missing days are never treated as zero: they simply carry no weight in the fit.

Method: robust local linear regression (LOWESS, Cleveland 1979). The trend on each calendar
day is the intercept of a straight line fitted by weighted least squares to the check-in days
within TREND_HALF_WINDOW_DAYS either side, each weighted by the tricube of its distance; then
ROBUST_PASSES bisquare passes down-weight the days far from the line (BISQUARE median absolute
residuals away get no weight) and refit. A day whose window holds fewer than TREND_MIN_DAYS
check-in days gets the trend interpolated from its neighbours.

`analytics.setbacks.wellbeing_trend` runs this fit several times, each time leaving out the
days found inside setbacks, so a harder week does not drag down the line it is measured against.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MIN_TREND_DAYS = 14
"""Days with a check-in needed before a trend is drawn: about two weeks."""
TREND_HALF_WINDOW_DAYS = 40
"""The local regression at a day looks this many calendar days either side (an 81-day window;
with tricube weights most of the weight lies within about two weeks either side). Several
times longer than a setback (one to two weeks), so the line keeps its direction through a
harder week, yet short enough to follow a person's weeks and months. 30 and 60 did about as
well in the accuracy tests; 40 also keeps the sample journal's shallow April setback."""
TREND_MIN_DAYS = 7
"""Fewest check-in days (kept in the fit) a window needs; days with fewer get the trend
interpolated between their neighbours."""
ROBUST_PASSES = 2
"""Bisquare reweighting passes of the local regression (Cleveland's LOWESS uses 2)."""
BISQUARE = 6.0
"""A day whose residual is this many median absolute residuals away gets no weight in the
next robustness pass (Cleveland's constant; about 4 standard deviations of normal noise)."""


def daily_calendar(daily: pd.DataFrame) -> pd.DataFrame:
    """`daily` as a gap-free calendar of `date` and `value`, one row per day, sorted.

    Rows without a date are dropped; several rows for one day are averaged (after sorting,
    so the order of the input never changes the result).
    """
    if daily is None or len(daily) == 0 or "date" not in daily or "value" not in daily:
        return pd.DataFrame(
            {"date": pd.Series(dtype="datetime64[ns]"), "value": pd.Series(dtype="float64")}
        )
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(daily["date"], errors="coerce").dt.normalize().to_numpy(),
            "value": pd.to_numeric(daily["value"], errors="coerce").astype("float64").to_numpy(),
        }
    )
    frame = frame.dropna(subset=["date"])
    frame.loc[~np.isfinite(frame["value"]), "value"] = np.nan
    if frame.empty:
        return frame.reset_index(drop=True)
    frame = frame.sort_values(["date", "value"], kind="mergesort")
    per_day = frame.groupby("date", sort=True)["value"].mean()
    days = pd.date_range(per_day.index.min(), per_day.index.max(), freq="D")
    return pd.DataFrame({"date": days, "value": per_day.reindex(days).to_numpy()})


def _tricube_kernels(half_width: int) -> np.ndarray:
    """Columns: tricube weight K(d), K(d)·d and K(d)·d² for offsets d = -half_width..half_width.

    K(d) = (1 - (|d| / (half_width + 1))³)³, so the farthest day in the window still counts a little.
    """
    offsets = np.arange(-half_width, half_width + 1, dtype="float64")
    weight = (1 - (np.abs(offsets) / (half_width + 1)) ** 3) ** 3
    return np.column_stack([weight, weight * offsets, weight * offsets**2])


def _local_linear(z: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted local linear regression of a calendar series at every calendar day.

    For each day i: fit a + b·(t - i) to the days t within TREND_HALF_WINDOW_DAYS, weighted by
    tricube(t - i) × `weights`[t] (0 on missing days), and return a. The sums are taken for
    all days at once from sliding windows, so the cost is days × window. Days whose window holds
    fewer than TREND_MIN_DAYS weighted check-in days are NaN; a window whose days cannot fix a
    slope gets the weighted mean.
    """
    half = TREND_HALF_WINDOW_DAYS
    kernels = _tricube_kernels(half)
    weighted = np.where(weights > 0, weights, 0.0)
    values = np.where(weighted > 0, z, 0.0)
    pad = np.zeros(half)

    def sums(series: np.ndarray) -> np.ndarray:
        windows = np.lib.stride_tricks.sliding_window_view(
            np.concatenate([pad, series, pad]), 2 * half + 1
        )
        return windows @ kernels

    s0, s1, s2 = sums(weighted).T
    t0, t1, _ = sums(weighted * values).T
    det = s0 * s2 - s1 * s1
    with np.errstate(divide="ignore", invalid="ignore"):
        linear = (s2 * t0 - s1 * t1) / det
        level = t0 / s0
    fit = np.where(det > 1e-9 * s0 * s2, linear, level)
    return fit


def robust_trend(z: np.ndarray, masked: np.ndarray) -> np.ndarray:
    """The robust trend of a calendar series `z`, ignoring days in `masked` (see
    `analytics.setbacks.wellbeing_trend`).

    The local linear fit, then ROBUST_PASSES bisquare passes; days whose window holds fewer
    than TREND_MIN_DAYS kept check-in days are interpolated from their neighbours (held flat
    beyond the ends). When no day has enough, the trend is flat at the median of the kept days.
    """
    kept = np.isfinite(z) & ~masked
    weights = kept.astype("float64")
    half = TREND_HALF_WINDOW_DAYS
    running = np.concatenate(
        [[0], np.cumsum(np.concatenate([np.zeros(half), weights, np.zeros(half)]))]
    )
    enough = running[2 * half + 1 :] - running[: -2 * half - 1] >= TREND_MIN_DAYS
    fit = _local_linear(z, weights)
    for _ in range(ROBUST_PASSES):
        residual = np.abs(z[kept] - fit[kept])
        typical = float(np.median(residual)) if residual.size else 0.0
        if not typical > 0 or not np.all(np.isfinite(residual)):
            break
        u = residual / (BISQUARE * typical)
        weights = np.zeros(len(z))
        weights[kept] = np.where(u < 1, (1 - u**2) ** 2, 0.0)
        fit = _local_linear(z, weights)
    smooth = pd.Series(np.where(enough & np.isfinite(fit), fit, np.nan)).interpolate(
        limit_direction="both"
    )
    if smooth.isna().all():
        values = z[kept]
        fallback = float(np.median(values)) if values.size else float(np.nanmedian(z))
        return np.full(len(z), fallback)
    return smooth.to_numpy()
