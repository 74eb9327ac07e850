"""Setbacks: sustained drops below the person's own trend, and how long recovery took.

A setback is measured against the robust trend (`analytics.trend`) and in the person's own
day-to-day swings (`analytics.robust.robust_scale`), so a person whose mood always swings by
3 points is not flagged for a normal swing. The trend and the setbacks are found together:
each pass of the trend leaves out the days the previous pass found inside setbacks, so
`wellbeing_trend` (the trend with setbacks kept out) lives here beside `find_setbacks`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.robust import robust_scale
from analytics.trend import MIN_TREND_DAYS, daily_calendar, robust_trend
from analytics.words import phrases

PASSES = 3
"""How many times the trend is re-estimated without the days found to be far from it."""
OUTLYING = 2.0
"""Days whose smoothed residual is beyond this many spreads (either side) are left out of the next trend."""
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
TAIL_DAYS = 28
"""A drop still going on is looked for among the check-in days of this many days up to the last
one: a local trend fitted through such a drop bends down into it (no days after the drop hold
it up), so those days are judged against the level before them instead."""
LEVEL_DAYS = 21
"""The level before a drop is the trimmed mean of the kept check-in days in this many days before it."""
LEVEL_TRIM = 0.2
"""The share of those days left out at each end (the lowest and the highest) of that level."""
LEVEL_MIN_DAYS = 7
"""Fewest kept check-in days that level needs; with fewer, no drop is judged from that day."""

MIN_USUALLY = 3
"""Fewer recoveries than this, and nothing is "usual"."""


@dataclass(frozen=True)
class Recovery:
    """How long the recovered setbacks took to ease: whole days each, shortest first. Words
    for it are `analytics.words.recovery`'s."""

    days: tuple[int, ...]

    @property
    def n(self) -> int:
        return len(self.days)

    @property
    def usual(self) -> bool:
        """Enough recoveries (`MIN_USUALLY`) to say how long one usually takes."""
        return self.n >= MIN_USUALLY

    @property
    def median(self) -> int | None:
        """The middle one, in whole days (the two middle ones' mean, rounded, for an even n)."""
        if not self.days:
            return None
        middle = self.n // 2
        if self.n % 2:
            return self.days[middle]
        return round((self.days[middle - 1] + self.days[middle]) / 2)


def recovery(days: Iterable[float]) -> Recovery:
    """The `Recovery` of these recovery times (`recovery_days` of the recovered setbacks)."""
    return Recovery(tuple(sorted(int(round(float(d))) for d in days)))


SETBACK_COLUMNS = ["start", "trough", "end", "depth", "days", "recovery_days", "ongoing", "below"]


@dataclass
class Analysis:
    """The trend and setbacks of one daily series, found together by `analyse`."""

    calendar: pd.DataFrame
    setbacks: pd.DataFrame
    residual_spread: float = 0.0
    smoothed: np.ndarray = field(default_factory=lambda: np.array([]))


def _empty_setbacks() -> pd.DataFrame:
    """No setbacks, with the columns and dtypes of `find_setbacks`."""
    return pd.DataFrame(
        {
            "start": pd.Series(dtype="datetime64[ns]"),
            "trough": pd.Series(dtype="datetime64[ns]"),
            "end": pd.Series(dtype="datetime64[ns]"),
            "depth": pd.Series(dtype="float64"),
            "days": pd.Series(dtype="int64"),
            "recovery_days": pd.Series(dtype="Int64"),
            "ongoing": pd.Series(dtype="bool"),
            "below": pd.Series(dtype="float64"),
        }
    )


def analyse(daily: pd.DataFrame) -> Analysis:
    """Trend and setbacks of a daily series (see `wellbeing_trend` and `find_setbacks`)."""
    calendar = daily_calendar(daily)
    values = calendar["value"].to_numpy(dtype="float64")
    observed = np.isfinite(values)
    if observed.sum() < MIN_TREND_DAYS:
        return Analysis(calendar.assign(trend=np.nan), _empty_setbacks())
    # Work in the series' own units: centre and spread from its median and MAD. With values
    # on any scale or offset the numbers below are the same, so the same setbacks are found.
    centre = float(np.median(values[observed]))
    spread = robust_scale(values) or 1.0
    z = (values - centre) / spread
    masked = np.zeros(len(z), dtype=bool)
    runs: list[tuple[int, int, int, bool]] = []
    scale = 0.0
    smoothed = np.full(len(z), np.nan)
    # Robustness passes: each new trend leaves out the days found inside setbacks and the
    # days far from the last trend on either side (symmetric, so noise does not bias it), so
    # a long setback does not drag down the line it is measured against.
    for _ in range(PASSES):
        trend = robust_trend(z, masked)
        residual = z - trend
        scale = robust_scale(np.where(masked, np.nan, residual))
        if scale <= 0:
            runs = []
            break
        smoothed, runs = _low_runs(residual / scale, calendar_gap=MAX_GAP_DAYS)
        masked = np.abs(np.nan_to_num(smoothed)) > OUTLYING
        for first, _trough, last, _ongoing in runs:
            masked[first : last + 1] = True
    if scale > 0:
        trend, smoothed, runs = _hold_for_ongoing(z, masked, trend, scale, smoothed, runs)
    trend_points = trend * spread + centre
    calendar = calendar.assign(trend=trend_points)
    dates = calendar["date"]
    gap = trend_points - calendar["value"].to_numpy(dtype="float64")
    rows = []
    for first, trough, end, ongoing in runs:
        end_index = end
        inside = gap[first : end + 1 if ongoing else end]
        rows.append(
            {
                "start": dates[first],
                "trough": dates[trough],
                "end": dates[end_index],
                "depth": float(-smoothed[trough] * scale * spread),
                "days": int((dates[end_index] - dates[first]).days) + (1 if ongoing else 0),
                "recovery_days": pd.NA if ongoing else int((dates[end_index] - dates[trough]).days),
                "ongoing": bool(ongoing),
                "below": float(np.nanmean(inside)) if np.isfinite(inside).any() else np.nan,
            }
        )
    setbacks = pd.DataFrame(rows, columns=SETBACK_COLUMNS) if rows else _empty_setbacks()
    if rows:
        setbacks = setbacks.astype(
            {
                "days": "int64",
                "recovery_days": "Int64",
                "ongoing": "bool",
                "depth": "float64",
                "below": "float64",
            }
        )
    return Analysis(calendar, setbacks.reset_index(drop=True), scale * spread, smoothed)


def _hold_for_ongoing(
    z: np.ndarray,
    masked: np.ndarray,
    trend: np.ndarray,
    scale: float,
    smoothed: np.ndarray,
    runs: list[tuple[int, int, int, bool]],
) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int, int, bool]]]:
    """The trend, smoothed residuals and runs, with a drop still going on at the last check-in
    found and measured against the level before it (see `find_setbacks`)."""
    observed = np.flatnonzero(np.isfinite(z))
    start = runs[-1][0] if runs and runs[-1][3] else _ongoing_start(z, masked, scale, observed)
    if start is None:
        return trend, smoothed, runs
    held = _held_trend(z, masked, start)
    if held is None:
        return trend, smoothed, runs
    held_smoothed, held_runs = _low_runs((z - held) / scale, calendar_gap=MAX_GAP_DAYS)
    kept = [run for run in held_runs if run[2] < start]
    if held_runs and not held_runs[-1][3] and held_runs[-1][0] < start <= held_runs[-1][2]:
        start = held_runs[-1][0]
    last = int(observed[-1])
    tail = held_smoothed[start : last + 1]
    trough = start + int(np.nanargmin(tail))
    return held, held_smoothed, [*kept, (start, trough, last, True)]


def _level_before(z: np.ndarray, masked: np.ndarray, start: int) -> float | None:
    """The person's usual level just before `start`: the mean of the kept check-in days in the
    LEVEL_DAYS days before it, LEVEL_TRIM of them cut off at each end (None with fewer than
    LEVEL_MIN_DAYS of them)."""
    lo = max(0, start - LEVEL_DAYS)
    recent = z[lo:start][~masked[lo:start]]
    recent = recent[np.isfinite(recent)]
    if recent.size < LEVEL_MIN_DAYS:
        return None
    # A trimmed mean, not the median: whole-point check-ins make the median jump by half or
    # whole points (a person between 6 and 7 gets 6 or 7), which shows a drop that is not there.
    cut = int(recent.size * LEVEL_TRIM)
    return float(np.mean(np.sort(recent)[cut : recent.size - cut]))


def _held_trend(z: np.ndarray, masked: np.ndarray, start: int) -> np.ndarray | None:
    """The robust trend fitted without the days from `start` on, and from `start` on held at
    the level before it (`_level_before`); None when there is too little before `start`."""
    level = _level_before(z, masked, start)
    if level is None:
        return None
    before = masked.copy()
    before[start:] = True
    if int(np.sum(np.isfinite(z[:start]) & ~before[:start])) < MIN_TREND_DAYS:
        return None
    held = robust_trend(z[:start], before[:start])
    return np.concatenate([held, np.full(len(z) - start, level)])


def _ongoing_start(
    z: np.ndarray, masked: np.ndarray, scale: float, observed: np.ndarray
) -> int | None:
    """The first check-in day of a drop that is still going on at the last check-in, or None.

    Each check-in day `s` in the last TAIL_DAYS days is tried, earliest first, against the
    level before it (`_level_before`), in the residual spread `scale`, each day clipped at
    ±CLIP as in `_low_runs`. `s` starts a drop still going on when the day itself is EDGE below,
    the days from `s` on average at least ENTER below, hold MIN_LOW_DAYS days ENTER below, add
    up to AREA below, the last MIN_LOW_DAYS check-ins average at least EDGE below (the drop
    has not eased), and no three check-ins in a row average back at the level (a recovered
    setback followed by a new one is two). A mean over the whole stretch, not a run of days each
    below ENTER, so a good day or two inside a drop that is still going on does not hide it.
    Of the days that qualify, the one where the drop is clearest (the largest sum of clipped
    residuals over the square root of their number) is its start.
    """
    last = int(observed[-1])
    best, best_score = None, 0.0
    for s in observed[observed > last - TAIL_DAYS]:
        s = int(s)
        level = _level_before(z, masked, s)
        if level is None:
            continue
        tail = (z[s : last + 1] - level) / scale
        tail = np.clip(tail[np.isfinite(tail)], -CLIP, CLIP)
        if (
            tail.size >= MIN_LOW_DAYS
            and tail[0] < -EDGE
            and tail.mean() <= -ENTER
            and int(np.sum(tail < -ENTER)) >= MIN_LOW_DAYS
            and tail.sum() <= -AREA
            and tail[-MIN_LOW_DAYS:].mean() < -EDGE
            and _smooth(tail).max() < 0
        ):
            lo = max(0, s - LEVEL_DAYS)
            before = z[lo:s][~masked[lo:s]]
            before = before[np.isfinite(before)]
            after = z[s : last + 1]
            after = after[np.isfinite(after)]
            n1, n2 = before.size, after.size
            score = (after.mean() - before.mean()) * np.sqrt(n1 * n2 / (n1 + n2))
            if score < best_score:
                best, best_score = s, score
    return best


def _low_runs(
    e: np.ndarray, calendar_gap: int
) -> tuple[np.ndarray, list[tuple[int, int, int, bool]]]:
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
    return analyse(daily).calendar


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

    A drop still going on at the last check-in is found differently, because a local trend
    fitted through it bends down into it (the fit has no later days to hold it up): each
    check-in day of the last TAIL_DAYS (28) is tried as its start against the person's level
    before it (the mean of the kept check-in days in the LEVEL_DAYS (21) days before, the lowest
    and highest LEVEL_TRIM (20%) left out; at least LEVEL_MIN_DAYS (7) of them), in the same spreads, each day clipped at CLIP. A day starts a
    drop still going on when it is EDGE below that level, the days from it on average ENTER
    below, hold MIN_LOW_DAYS days ENTER below and add up to AREA below, the last MIN_LOW_DAYS
    check-ins still average EDGE below, and no three check-ins in a row are back at the level.
    Of the days that qualify, the start is the clearest change (the largest difference of the
    means before and after, times √(n₁n₂/(n₁+n₂))). The trend is then fitted without the days
    from the start on and held level from there at the level before it, so the drop is
    measured against where the person was. On planted series (`make bench`): a drop of 2.5-4
    spreads that began 5-21 days before the last check-in is found in 98.5% of journals, and a
    journal with no final drop shows an ongoing setback in 2.2% (4.0% with whole-point
    check-ins).
    """
    return analyse(daily).setbacks


def setback_label(days: int, recovery_days: float | None, ongoing: bool) -> str:
    """ "6 days, recovered in 3", or "4 days so far" while ongoing."""
    if ongoing or recovery_days is None or pd.isna(recovery_days):
        return f"{phrases.count(int(round(days)), 'day')} so far"
    return f"{phrases.count(int(round(days)), 'day')}, recovered in {int(recovery_days)}"


def setback_table(setbacks: pd.DataFrame) -> pd.DataFrame:
    """A small, readable table: when, how long, how deep, newest first."""
    if setbacks.empty:
        return pd.DataFrame({"Began": [], "Setback": [], "Deepest (below trend)": []})
    return (
        pd.DataFrame(
            {
                "Began": setbacks["start"].dt.date,
                "Setback": [
                    setback_label(d, r, o)
                    for d, r, o in zip(
                        setbacks["days"],
                        setbacks["recovery_days"],
                        setbacks["ongoing"],
                        strict=True,
                    )
                ],
                "Deepest (below trend)": setbacks["depth"].round(1),
            }
        )
        .iloc[::-1]
        .reset_index(drop=True)
    )
