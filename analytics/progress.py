"""Non-linear progress: the daily wellbeing series, its robust trend, setbacks and recovery.

The promise of this module: a hard week shows as a setback *on* a trend that keeps its
direction, measured against the person's own day-to-day swings, and recovery from setbacks
is counted so that getting back up faster becomes visible.

Everything below works on a calendar: one row per day, with `value` missing (NaN) on days
without a check-in. Missing days are never treated as zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from analytics.storage import Connection
from analytics.storage import progress_queries as queries

# --- constants (each one part of the documented method) -------------------------------

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
PASSES = 3
"""How many times the trend is re-estimated without the days found to be far from it."""
OUTLYING = 2.0
"""Days whose smoothed residual is beyond this many spreads (either side) are left out of the next trend."""
MAD_TO_SD = 1.4826
"""Scales a median absolute deviation to a standard deviation for normal noise."""
ENTER = 1.0
"""A day is low when its smoothed residual is this many of the person's own spreads below trend."""
AREA = 6.0
"""A setback's low days add up to at least this many spreads below trend (each day counted
at most CLIP spreads deep), so a setback is deep, long, or both."""
CLIP = 2.5
"""The most one day can add to a setback's area: one very bad day cannot make a setback."""
EXIT = 1.0
"""A setback lasts while the smoothed residual stays this many spreads below trend (equal to
ENTER: widening the edges further mostly added noise in the accuracy tests)."""
EDGE = 0.8
"""A setback's first and last check-in day are themselves at least this many spreads below trend."""
MIN_LOW_DAYS = 3
"""A setback holds at least this many check-in days that are themselves low: one bad day is not a setback."""
MAX_GAP_DAYS = 7
"""A gap of more than this many days without check-ins ends any run of low days."""
CONTEXT_DAYS = 90
"""Days before a view's start read as context, so the trend at the left edge is not a guess."""
WEEKLY_AFTER_DAYS = 731
"""Views longer than two years send the chart weekly means instead of daily points."""
SLOPE_BIN_DAYS = 3
"""The summary's Theil-Sen slope pairs 3-day means, not single days (see `theil_sen_slope`)."""
STEADY_CHANGE = 0.3
"""A change of the trend smaller than this (in points) is described as steady."""
KEEP_LOGGING = "Keep logging; the trend appears after about two weeks of check-ins."

SETBACK_COLUMNS = ["start", "trough", "end", "depth", "days", "recovery_days", "ongoing"]


# --- the series --------------------------------------------------------------------------


def daily_wellbeing(con: Connection, start: date, end: date) -> pd.DataFrame:
    """One row per calendar day in [start, end], aggregated in DuckDB.

    Columns: `date` (datetime64), `value` (mean wellbeing of the day's check-ins; NaN on days
    without one, never 0), `anxiety`, `energy` (means, NaN when not given), `check_ins` and
    `notes` (how many check-ins, and how many of them carry a note).
    """
    return queries.daily_check_ins(con, start, end)


def _calendar(daily: pd.DataFrame) -> pd.DataFrame:
    """`daily` as a gap-free calendar of `date` and `value`, one row per day, sorted.

    Rows without a date are dropped; several rows for one day are averaged (after sorting,
    so the order of the input never changes the result).
    """
    if daily is None or len(daily) == 0 or "date" not in daily or "value" not in daily:
        return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "value": pd.Series(dtype="float64")})
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


def _robust_scale(values: np.ndarray) -> float:
    """1.4826 × MAD of the finite values; falls back to the mean absolute deviation, then 0."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return 0.0
    centre = np.median(finite)
    spread = MAD_TO_SD * float(np.median(np.abs(finite - centre)))
    if spread > 0:
        return spread
    return float(np.mean(np.abs(finite - centre)))


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
        windows = np.lib.stride_tricks.sliding_window_view(np.concatenate([pad, series, pad]), 2 * half + 1)
        return windows @ kernels

    s0, s1, s2 = sums(weighted).T
    t0, t1, _ = sums(weighted * values).T
    det = s0 * s2 - s1 * s1
    with np.errstate(divide="ignore", invalid="ignore"):
        linear = (s2 * t0 - s1 * t1) / det
        level = t0 / s0
    fit = np.where(det > 1e-9 * s0 * s2, linear, level)
    return fit


def _trend_of(z: np.ndarray, masked: np.ndarray) -> np.ndarray:
    """The robust trend of a calendar series `z`, ignoring days in `masked` (see `wellbeing_trend`)."""
    kept = np.isfinite(z) & ~masked
    weights = kept.astype("float64")
    half = TREND_HALF_WINDOW_DAYS
    running = np.concatenate([[0], np.cumsum(np.concatenate([np.zeros(half), weights, np.zeros(half)]))])
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
    smooth = pd.Series(np.where(enough & np.isfinite(fit), fit, np.nan)).interpolate(limit_direction="both")
    if smooth.isna().all():
        values = z[kept]
        fallback = float(np.median(values)) if values.size else float(np.nanmedian(z))
        return np.full(len(z), fallback)
    return smooth.to_numpy()


@dataclass
class _Analysis:
    calendar: pd.DataFrame
    setbacks: pd.DataFrame
    residual_spread: float = 0.0
    smoothed: np.ndarray = field(default_factory=lambda: np.array([]))


def _empty_setbacks() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "start": pd.Series(dtype="datetime64[ns]"),
            "trough": pd.Series(dtype="datetime64[ns]"),
            "end": pd.Series(dtype="datetime64[ns]"),
            "depth": pd.Series(dtype="float64"),
            "days": pd.Series(dtype="int64"),
            "recovery_days": pd.Series(dtype="Int64"),
            "ongoing": pd.Series(dtype="bool"),
        }
    )


def _analyse(daily: pd.DataFrame) -> _Analysis:
    """Trend and setbacks of a daily series (see `wellbeing_trend` and `find_setbacks`)."""
    calendar = _calendar(daily)
    values = calendar["value"].to_numpy(dtype="float64")
    observed = np.isfinite(values)
    if observed.sum() < MIN_TREND_DAYS:
        return _Analysis(calendar.assign(trend=np.nan), _empty_setbacks())
    # Work in the series' own units: centre and spread from its median and MAD. With values
    # on any scale or offset the numbers below are the same, so the same setbacks are found.
    centre = float(np.median(values[observed]))
    spread = _robust_scale(values) or 1.0
    z = (values - centre) / spread
    masked = np.zeros(len(z), dtype=bool)
    runs: list[tuple[int, int, int, bool]] = []
    scale = 0.0
    smoothed = np.full(len(z), np.nan)
    # Robustness passes: each new trend leaves out the days found inside setbacks and the
    # days far from the last trend on either side (symmetric, so noise does not bias it), so
    # a long setback does not drag down the line it is measured against.
    for _ in range(PASSES):
        trend = _trend_of(z, masked)
        residual = z - trend
        scale = _robust_scale(np.where(masked, np.nan, residual))
        if scale <= 0:
            runs = []
            break
        smoothed, runs = _low_runs(residual / scale, calendar_gap=MAX_GAP_DAYS)
        masked = np.abs(np.nan_to_num(smoothed)) > OUTLYING
        for first, _trough, last, _ongoing in runs:
            masked[first : last + 1] = True
    trend_points = trend * spread + centre
    calendar = calendar.assign(trend=trend_points)
    dates = calendar["date"]
    rows = []
    for first, trough, end, ongoing in runs:
        end_index = end
        rows.append(
            {
                "start": dates[first],
                "trough": dates[trough],
                "end": dates[end_index],
                "depth": float(-smoothed[trough] * scale * spread),
                "days": int((dates[end_index] - dates[first]).days) + (1 if ongoing else 0),
                "recovery_days": pd.NA if ongoing else int((dates[end_index] - dates[trough]).days),
                "ongoing": bool(ongoing),
            }
        )
    setbacks = pd.DataFrame(rows, columns=SETBACK_COLUMNS) if rows else _empty_setbacks()
    if rows:
        setbacks = setbacks.astype({"days": "int64", "recovery_days": "Int64", "ongoing": "bool", "depth": "float64"})
    return _Analysis(calendar, setbacks.reset_index(drop=True), scale * spread, smoothed)


def _low_runs(e: np.ndarray, calendar_gap: int) -> tuple[np.ndarray, list[tuple[int, int, int, bool]]]:
    """Find setbacks in standardised residuals `e` (calendar-indexed, NaN when missing).

    Each check-in day's residual is clipped to ±CLIP and averaged with its neighbouring
    check-in days (a running mean of 3 observed days). A run of consecutive low days
    (smoothed < -ENTER) is a setback when it holds at least MIN_LOW_DAYS days whose own
    residual is < -ENTER and its clipped residuals add up to at most -AREA: one bad day, however
    bad, is never enough. The setback widens while the smoothed residual stays below -EXIT,
    then edge days whose own residual is not below -EDGE are given back to the trend;
    it ends on the first check-in day back above -EXIT (back at the trend). No such day yet
    means it is ongoing. A gap of more than MAX_GAP_DAYS without check-ins splits runs.

    Returns the smoothed residuals (calendar-indexed) and (start, trough, end, ongoing) with
    calendar indexes.
    """
    index = np.flatnonzero(np.isfinite(e))
    smoothed = np.full(len(e), np.nan)
    if index.size == 0:
        return smoothed, []
    raw = e[index]
    smooth = _smooth(raw)
    smoothed[index] = smooth
    gaps = np.diff(index) > calendar_gap
    n = index.size
    found: list[tuple[int, int, int, bool]] = []
    k = 0
    last_end = -1
    while k < n:
        if smooth[k] >= -ENTER:
            k += 1
            continue
        first = k
        while k + 1 < n and smooth[k + 1] < -ENTER and not gaps[k]:
            k += 1
        last = k
        k += 1
        low_days = int(np.sum(raw[first : last + 1] < -ENTER))
        area = float(np.sum(np.clip(raw[first : last + 1], -CLIP, 0)))
        if low_days < MIN_LOW_DAYS or area > -AREA:
            continue
        while first - 1 > last_end and smooth[first - 1] < -EXIT and not gaps[first - 1]:
            first -= 1
        while last + 1 < n and smooth[last + 1] < -EXIT and not gaps[last]:
            last += 1
        # The running mean blurs each edge by a day: an edge day that is not itself below
        # trend belongs outside the setback.
        while first < last and raw[first] > -EDGE:
            first += 1
        while last > first and raw[last] > -EDGE:
            last -= 1
        trough = first + int(np.argmin(smooth[first : last + 1]))
        ongoing = last + 1 >= n
        end = last if ongoing else last + 1
        if found and first <= found[-1][2] + 1 and not found[-1][3]:
            prev_first, prev_trough, _, _ = found.pop()
            if smooth[prev_trough] < smooth[trough]:
                trough = prev_trough
            first = prev_first
        found.append((first, trough, end, ongoing))
        last_end = end
        k = max(k, last + 1)
    runs = []
    for first, trough, end, ongoing in found:
        # Edges that fall in a gap of missing days are put in the middle of the gap: the
        # change happened somewhere between the two check-ins around it.
        start_day = int(index[first])
        if first > 0 and not gaps[first - 1]:
            start_day -= (start_day - int(index[first - 1])) // 2
        end_day = int(index[end])
        if not ongoing and not gaps[end - 1]:
            end_day -= (end_day - int(index[end - 1]) - 1) // 2
        runs.append((start_day, int(index[trough]), end_day, ongoing))
    return smoothed, runs


def _smooth(raw: np.ndarray) -> np.ndarray:
    """Centred mean of 3 consecutive check-in days, each clipped to ±CLIP spreads."""
    return pd.Series(raw).clip(-CLIP, CLIP).rolling(3, center=True, min_periods=1).mean().to_numpy()


def wellbeing_trend(daily: pd.DataFrame) -> pd.DataFrame:
    """The calendar of `daily` with a robust `trend` column (NaN when there is too little data).

    Method: robust local linear regression (LOWESS, Cleveland 1979) on a gap-free calendar
    (missing days stay missing and simply carry no weight). The trend on each calendar day is
    the intercept of a straight line fitted by weighted least squares to the check-in days
    within TREND_HALF_WINDOW_DAYS (40) days either side (an 81-day window), each weighted by
    the tricube of its distance, (1 - (|d| / 41)³)³. Then ROBUST_PASSES (2) bisquare passes:
    every day's weight is multiplied by (1 - u²)², u = residual / (BISQUARE (6.0) × the median
    absolute residual), zero beyond, and the line is refitted, so a few low days weigh little.
    A day whose window holds fewer than TREND_MIN_DAYS (7) check-in days gets the trend
    interpolated linearly from its neighbours (held flat beyond the ends).

    Unlike a rolling median, the local line moves smoothly with whole-point check-ins (a slider
    of 0-10 makes daily means whole or half points; a median over them sticks to one value for
    weeks), and it follows a straight rise exactly.

    Around this, setbacks are kept out of the line: the whole fit runs PASSES (3) times, each
    time without the days the previous pass found inside setbacks or beyond OUTLYING (2.0)
    spreads from the trend on either side. Fewer than MIN_TREND_DAYS (14) check-in days: no trend.
    """
    return _analyse(daily).calendar


def find_setbacks(daily: pd.DataFrame) -> pd.DataFrame:
    """Sustained drops below the person's own trend, one row per setback.

    Input: `date` and `value` columns (any order; missing values allowed). Output columns:
    `start`, `trough`, `end` (dates), `depth` (points below trend at the trough, on the
    smoothed series), `days` (start to end), `recovery_days` (trough to end; missing while
    ongoing) and `ongoing` (not back to trend by the last check-in; then `end` is the last day).

    Method: residuals from `wellbeing_trend` are divided by their own robust spread
    (1.4826 × MAD), so a person whose mood always swings by 3 points is not flagged for a
    normal swing, while a sustained 1-point dip in a very steady person is. Thresholds, in
    those spreads: days low below ENTER (1.0) after a running mean of 3 check-in days; at least
    MIN_LOW_DAYS (3) check-in days low on their own; the run's residuals, each clipped at
    CLIP (2.5), add up to at least AREA (6.0), so single bad days are never setbacks. The
    running mean blurs the edges, so a setback's first and last check-in day must themselves
    be EDGE (0.8) spreads below trend; `end` is the next check-in day after the last. Trend
    passes leave out days beyond OUTLYING (2.0) spreads either side. Adding a constant to every value or scaling
    them (by a positive factor) finds the same setbacks.
    """
    return _analyse(daily).setbacks


# --- the summary -------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressSummary:
    """What the range says, in figures and in one kind paragraph (`sentence`)."""

    enough_data: bool
    days: int
    check_in_days: int
    start_level: float | None = None
    end_level: float | None = None
    change: float | None = None
    slope_per_month: float | None = None
    share_at_or_above_start: float | None = None
    setbacks: int = 0
    ongoing: bool = False
    recovery_first_half: float | None = None
    recovery_second_half: float | None = None
    headline: str = KEEP_LOGGING
    sentence: str = KEEP_LOGGING


def theil_sen_slope(days: np.ndarray, values: np.ndarray, max_points: int = 400, bin_days: int = 1) -> float | None:
    """Median of the pairwise slopes (Theil-Sen), per day; None with fewer than 2 distinct days.

    With `bin_days` > 1 the values are first averaged in consecutive bins of that many days
    (from the first day), each at the mean of its days. Check-ins are whole points, so many
    pairs of days tie exactly; their zero slopes pile up and pull the median to exactly 0 even
    while the person rises (on a planted rise of 0.5 a month, more than half of 30-day views
    read 0). Means of 3 days rarely tie, and the slope stays unbiased.
    Longer series are then averaged into at most `max_points` equal bins of days, which
    keeps the pairwise step small (at most ~80,000 pairs).
    """
    keep = np.isfinite(values) & np.isfinite(days)
    x, y = np.asarray(days, dtype="float64")[keep], np.asarray(values, dtype="float64")[keep]
    if bin_days > 1 and x.size:
        bins = ((x - x.min()) // bin_days).astype("int64")
        counts = np.bincount(bins)
        filled = counts > 0
        x = np.bincount(bins, weights=x)[filled] / counts[filled]
        # Rounded, so that bins holding the same check-ins tie exactly, not by a float's last bit.
        y = np.round(np.bincount(bins, weights=y)[filled] / counts[filled], 9)
    if x.size > max_points:
        bins = np.minimum((np.argsort(np.argsort(x)) * max_points) // x.size, max_points - 1)
        counts = np.bincount(bins, minlength=max_points)
        x = np.bincount(bins, weights=x, minlength=max_points)[counts > 0] / counts[counts > 0]
        y = np.bincount(bins, weights=y, minlength=max_points)[counts > 0] / counts[counts > 0]
    if np.unique(x).size < 2:
        return None
    i, j = np.triu_indices(x.size, k=1)
    dx = x[j] - x[i]
    ok = dx != 0
    return float(np.median((y[j] - y[i])[ok] / dx[ok]))


def progress_summary(daily: pd.DataFrame, setbacks: pd.DataFrame) -> ProgressSummary:
    """Change of the trend over the range, robust slope, share of good days, and setbacks.

    `daily` has `date` and `value` (and `trend`, when computed with context before the
    range; otherwise the trend is computed here). Figures: `change` = trend at the last day
    minus trend at the first; `slope_per_month` = Theil-Sen slope of 3-day means
    (SLOPE_BIN_DAYS) × 30.44; the share of
    check-in days at or above the starting trend level; setbacks counted, and the median
    `recovery_days` of recovered setbacks starting in the first and the second half of the range.
    """
    frame = daily if "trend" in daily else wellbeing_trend(daily)
    frame = frame.sort_values("date") if len(frame) else frame
    observed = frame["value"].notna() if len(frame) else pd.Series(dtype=bool)
    days = len(frame)
    check_in_days = int(observed.sum())
    trend = frame["trend"].dropna() if len(frame) else pd.Series(dtype="float64")
    if check_in_days < MIN_TREND_DAYS or trend.empty:
        return ProgressSummary(False, days, check_in_days)
    start_level, end_level = float(trend.iloc[0]), float(trend.iloc[-1])
    change = end_level - start_level
    day_numbers = ((frame["date"] - frame["date"].iloc[0]).dt.days).to_numpy(dtype="float64")
    slope = theil_sen_slope(day_numbers, frame["value"].to_numpy(dtype="float64"), bin_days=SLOPE_BIN_DAYS)
    share = float((frame.loc[observed, "value"] >= start_level).mean())
    first_day, last_day = frame["date"].iloc[0], frame["date"].iloc[-1]
    middle = first_day + (last_day - first_day) / 2
    recovered = setbacks[~setbacks["ongoing"]] if len(setbacks) else setbacks
    early = recovered[recovered["start"] < middle]["recovery_days"] if len(recovered) else []
    late = recovered[recovered["start"] >= middle]["recovery_days"] if len(recovered) else []
    first_half = float(np.median(np.asarray(early, dtype="float64"))) if len(early) else None
    second_half = float(np.median(np.asarray(late, dtype="float64"))) if len(late) else None
    ongoing = bool(len(setbacks) and setbacks["ongoing"].any())
    headline, sentence = _sentences(first_day.date(), days, change, len(setbacks), ongoing, first_half, second_half, recovered)
    return ProgressSummary(
        True,
        days,
        check_in_days,
        start_level,
        end_level,
        change,
        None if slope is None else slope * 30.44,
        share,
        len(setbacks),
        ongoing,
        first_half,
        second_half,
        headline,
        sentence,
    )


def _since(first_day: date, days: int) -> str:
    if days <= 120:
        return f"{first_day:%-d %B}"
    if days <= 365:
        return f"{first_day:%B}"
    return f"{first_day:%B %Y}"


def _days(n: float) -> str:
    n = int(round(n))
    return f"{n} day" if n == 1 else f"{n} days"


def _sentences(first_day: date, days: int, change: float, count: int, ongoing: bool, first_half: float | None, second_half: float | None, recovered: pd.DataFrame) -> tuple[str, str]:
    since = _since(first_day, days)
    if change >= STEADY_CHANGE:
        headline = f"Up {change:.1f} points since {since}"
    elif change <= -STEADY_CHANGE:
        headline = f"Down {-change:.1f} points since {since}: a harder stretch"
    else:
        headline = f"Steady since {since}"
    parts = [headline + "."]
    if count == 0:
        parts.append("No setbacks in this stretch.")
    else:
        along = "1 setback along the way" if count == 1 else f"{count} setbacks along the way"
        if first_half is not None and second_half is not None and round(second_half) < round(first_half):
            parts.append(f"{along}; lately you recover in about {_days(second_half)}, down from {round(first_half)}.")
        elif first_half is not None and second_half is not None and round(second_half) > round(first_half):
            parts.append(f"{along}; lately recovery has taken about {_days(second_half)}, up from {round(first_half)}. Harder weeks come and go.")
        elif len(recovered):
            typical = float(np.median(np.asarray(recovered["recovery_days"], dtype="float64")))
            parts.append(f"{along}; you usually recover in about {_days(typical)}.")
        else:
            parts.append(f"{along}.")
        if ongoing:
            parts.append("The latest one is still under way; setbacks pass, and you have come back from them before." if len(recovered) else "It is still under way; setbacks are part of the path.")
    return headline, " ".join(parts)


def setback_label(days: int, recovery_days: object, ongoing: bool) -> str:
    """"6 days, recovered in 3", or "4 days so far" while ongoing."""
    if ongoing or recovery_days is None or pd.isna(recovery_days):
        return f"{_days(days)} so far"
    return f"{_days(days)}, recovered in {int(recovery_days)}"


def setback_table(setbacks: pd.DataFrame) -> pd.DataFrame:
    """A small, readable table: when, how long, how deep, newest first."""
    if setbacks.empty:
        return pd.DataFrame({"Began": [], "Setback": [], "Deepest (below trend)": []})
    return pd.DataFrame(
        {
            "Began": setbacks["start"].dt.date,
            "Setback": [setback_label(d, r, o) for d, r, o in zip(setbacks["days"], setbacks["recovery_days"], setbacks["ongoing"], strict=True)],
            "Deepest (below trend)": setbacks["depth"].round(1),
        }
    ).iloc[::-1].reset_index(drop=True)


def recovery_title(summary: ProgressSummary) -> str:
    """The finding of the recovery chart, as its title."""
    first, second = summary.recovery_first_half, summary.recovery_second_half
    if first is not None and second is not None and round(second) < round(first):
        return f"Recovering faster: about {_days(second)} lately, down from {round(first)}"
    if first is not None and second is not None and round(second) > round(first):
        return f"Recovery has taken longer lately: about {_days(second)}, up from {round(first)}"
    typical = second if second is not None else first
    if typical is not None:
        return f"You usually recover in about {_days(typical)}"
    return "Days to recover from each setback"


# --- between sessions --------------------------------------------------------------------


def session_periods(daily: pd.DataFrame, sessions: Iterable[date]) -> pd.DataFrame:
    """Wellbeing in each period between consecutive therapy sessions within `daily`'s days.

    A period runs from a session day to the day before the next session; the period after the
    last session runs to the last day of `daily` and is `open`. Columns: `start`, `end`,
    `days`, `check_in_days`, `mean` (of daily values; NaN without check-ins),
    `slope_per_week` (Theil-Sen, needs 3 check-in days), `open`.
    """
    columns = ["start", "end", "days", "check_in_days", "mean", "slope_per_week", "open"]
    calendar = _calendar(daily)
    if calendar.empty:
        return pd.DataFrame(columns=columns)
    first_day, last_day = calendar["date"].iloc[0].date(), calendar["date"].iloc[-1].date()
    days = sorted({d for d in sessions if d is not None and d <= last_day})
    # The calendar is gap-free, so a day's row is its distance from the first day.
    values = calendar["value"].to_numpy(dtype="float64")
    rows = []
    for i, session in enumerate(days):
        nxt = days[i + 1] if i + 1 < len(days) else None
        end = (nxt - timedelta(days=1)) if nxt else last_day
        lo, hi = max(session, first_day), min(end, last_day)
        if hi < lo:
            continue
        part = values[(lo - first_day).days : (hi - first_day).days + 1]
        observed = int(np.isfinite(part).sum())
        slope = theil_sen_slope(np.arange(part.size, dtype="float64"), part) if observed >= 3 else None
        rows.append(
            {
                "start": session,
                "end": end,
                "days": (end - session).days + 1,
                "check_in_days": observed,
                "mean": float(np.nanmean(part)) if observed else np.nan,
                "slope_per_week": np.nan if slope is None else slope * 7,
                "open": nxt is None,
            }
        )
    return pd.DataFrame(rows, columns=columns)


# --- the page's view ---------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressView:
    """Everything the Progress page shows for one date range, computed once."""

    start: date
    end: date
    daily: pd.DataFrame
    points: pd.DataFrame
    trend: pd.DataFrame
    setbacks: pd.DataFrame
    sessions: list[date]
    summary: ProgressSummary
    periods: pd.DataFrame
    weekly: bool

    @property
    def has_trend(self) -> bool:
        return self.summary.enough_data


def progress_view(con: Connection, start: date, end: date, sessions: Iterable[date] = ()) -> ProgressView:
    """The Progress page's data for [start, end].

    The trend and setbacks are computed with CONTEXT_DAYS of history before `start`, then cut
    to the range (a setback that began before it but reaches into it is kept). The chart gets
    at most one point per day; ranges longer than WEEKLY_AFTER_DAYS get weekly means,
    aggregated in DuckDB, and a weekly trend.
    """
    with_context = daily_wellbeing(con, start - timedelta(days=CONTEXT_DAYS), end)
    analysis = _analyse(with_context)
    # Both frames are gap-free calendars ending on `end`, so they align row for row.
    in_range = (with_context["date"] >= pd.Timestamp(start)).to_numpy()
    daily = with_context[in_range].reset_index(drop=True).assign(trend=analysis.calendar["trend"].to_numpy()[in_range])
    setbacks = analysis.setbacks
    setbacks = setbacks[setbacks["end"] >= pd.Timestamp(start)].reset_index(drop=True)
    setbacks = setbacks.assign(
        label=[setback_label(d, r, o) for d, r, o in zip(setbacks["days"], setbacks["recovery_days"], setbacks["ongoing"], strict=True)],
        # The band is drawn from the range's first day; the table keeps the true start.
        shown_from=setbacks["start"].clip(lower=pd.Timestamp(start)),
    )
    weekly = (end - start).days + 1 > WEEKLY_AFTER_DAYS
    if weekly:
        points = queries.weekly_check_ins(con, start, end)
        trend = (
            daily.set_index("date")["trend"].resample("W-MON", label="left", closed="left").mean().dropna().rename_axis("date").reset_index()
        )
    else:
        points = daily[daily["value"].notna()].drop(columns="trend")
        trend = daily.loc[daily["trend"].notna(), ["date", "trend"]]
    in_view = sorted(d for d in sessions if start <= d <= end)
    summary = progress_summary(daily, setbacks)
    periods = session_periods(daily, [d for d in sessions if d <= end])
    return ProgressView(start, end, daily, points.reset_index(drop=True), trend.reset_index(drop=True), setbacks, in_view, summary, periods, weekly)


def period_table(periods: pd.DataFrame) -> pd.DataFrame:
    """Between-session periods as a small table, newest first."""
    if periods.empty:
        return pd.DataFrame({"From session": [], "To": [], "Check-in days": [], "Average": [], "Direction": []})
    direction = np.select(
        [periods["slope_per_week"] >= 0.2, periods["slope_per_week"] <= -0.2, periods["slope_per_week"].notna()],
        ["rising", "dipping", "steady"],
        default="too few check-ins",
    )
    return pd.DataFrame(
        {
            "From session": periods["start"],
            "To": [("now" if o else e.isoformat()) for e, o in zip(periods["end"], periods["open"], strict=True)],
            "Check-in days": periods["check_in_days"],
            "Average": periods["mean"].round(1),
            "Direction": direction,
        }
    ).iloc[::-1].reset_index(drop=True)
