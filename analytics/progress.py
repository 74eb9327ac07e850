"""Non-linear progress: the daily wellbeing series, its summary, and the Progress page's view.

The promise of this module: a hard week shows as a setback *on* a trend that keeps its
direction, measured against the person's own day-to-day swings, and recovery from setbacks
is counted so that getting back up faster becomes visible.

Everything below works on a calendar: one row per day, with `value` missing (NaN) on days
without a check-in. Missing days are never treated as zero.

The method lives in its own modules, and its public names are re-exported here:
- `analytics.trend`: the robust local linear trend (LOWESS) and the gap-free calendar;
- `analytics.setbacks`: setbacks on that trend, `wellbeing_trend`, `find_setbacks`, labels;
- `analytics.robust`: the robust spread (MAD) and the Theil-Sen slope.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np
import pandas as pd

from analytics.per_version_cache import Kept
from analytics.robust import MAD_TO_SD, theil_sen_slope
from analytics.setbacks import (
    AREA,
    CLIP,
    EDGE,
    ENTER,
    EXIT,
    MAX_GAP_DAYS,
    MIN_LOW_DAYS,
    MIN_USUALLY,
    OUTLYING,
    PASSES,
    SETBACK_COLUMNS,
    analyse,
    find_setbacks,
    recovery,
    setback_label,
    setback_table,
    wellbeing_trend,
)
from analytics.storage import Connection
from analytics.storage import progress_queries as queries
from analytics.trend import (
    BISQUARE,
    MIN_TREND_DAYS,
    ROBUST_PASSES,
    TREND_HALF_WINDOW_DAYS,
    TREND_MIN_DAYS,
    daily_calendar,
)
from analytics.words import phrases
from analytics.words import progress as progress_words

__all__ = [
    "AREA",
    "BISQUARE",
    "CLIP",
    "CONTEXT_DAYS",
    "EDGE",
    "ENTER",
    "EXIT",
    "KEEP_LOGGING",
    "MAD_TO_SD",
    "MAX_GAP_DAYS",
    "MIN_LOW_DAYS",
    "MIN_TREND_DAYS",
    "OUTLYING",
    "PASSES",
    "ROBUST_PASSES",
    "SETBACK_COLUMNS",
    "SLOPE_BIN_DAYS",
    "STEADY_CHANGE",
    "TREND_HALF_WINDOW_DAYS",
    "TREND_MIN_DAYS",
    "WEEKLY_AFTER_DAYS",
    "ProgressSummary",
    "ProgressView",
    "daily_wellbeing",
    "find_setbacks",
    "period_table",
    "progress_summary",
    "progress_view",
    "recovery_title",
    "session_periods",
    "setback_label",
    "setback_table",
    "ongoing_setback",
    "ongoing_sentence",
    "theil_sen_slope",
    "wellbeing_trend",
]

# --- constants (each one part of the documented method) -------------------------------

CONTEXT_DAYS = 90
"""Kept for callers that analyse a window themselves; `progress_view` reads the whole history."""
WEEKLY_AFTER_DAYS = 731
"""Views longer than two years send the chart weekly means instead of daily points."""
SLOPE_BIN_DAYS = 3
"""Theil-Sen on 3-day means (see `theil_sen_slope`); the summary's per-month figure is the trend's own change instead."""
DAYS_PER_MONTH = 30.44
STEADY_CHANGE = 0.3
"""A change of the trend smaller than this (in points) is described as steady."""
KEEP_LOGGING = "Keep logging; the trend appears after about two weeks of check-ins."


# --- the series --------------------------------------------------------------------------


def daily_wellbeing(con: Connection, start: date, end: date) -> pd.DataFrame:
    """One row per calendar day in [start, end], aggregated in DuckDB.

    Columns: `date` (datetime64), `value` (mean wellbeing of the day's check-ins; NaN on days
    without one, never 0), `anxiety`, `energy` (means, NaN when not given), `check_ins` and
    `notes` (how many check-ins, and how many of them carry a note).
    """
    return queries.daily_check_ins(con, start, end)


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


def progress_summary(daily: pd.DataFrame, setbacks: pd.DataFrame) -> ProgressSummary:
    """Change of the trend over the range, robust slope, share of good days, and setbacks.

    `daily` has `date` and `value` (and `trend`, when computed with context before the
    range; otherwise the trend is computed here). Figures: `change` = trend at the last day
    minus trend at the first; `slope_per_month` = that same change per month of the range,
    change / (days - 1) × 30.44, so the two figures can never disagree; the share of
    check-in days at or above the starting trend level; setbacks counted, and the median
    `recovery_days` of recovered setbacks starting in the first and the second half of the range.
    """
    frame = daily if "trend" in daily else wellbeing_trend(daily)
    frame = frame.sort_values("date") if len(frame) else frame
    observed = frame["value"].notna() if len(frame) else pd.Series(dtype=bool)
    days = len(frame)
    check_in_days = int(observed.sum())
    trend = frame["trend"].dropna() if len(frame) else pd.Series(dtype="float64")
    # A trend given with `daily` was computed on the history before it (it needed
    # MIN_TREND_DAYS check-in days there), so a short range such as "since last session"
    # shows its part of that trend; one check-in in the range is then enough.
    needed = 1 if "trend" in daily else MIN_TREND_DAYS
    if check_in_days < needed or trend.empty:
        return ProgressSummary(False, days, check_in_days)
    start_level, end_level = float(trend.iloc[0]), float(trend.iloc[-1])
    change = end_level - start_level
    span_days = int((frame.loc[trend.index[-1], "date"] - frame.loc[trend.index[0], "date"]).days)
    slope = change / span_days if span_days > 0 else None
    share = float((frame.loc[observed, "value"] >= start_level).mean())
    first_day, last_day = frame["date"].iloc[0], frame["date"].iloc[-1]
    middle = first_day + (last_day - first_day) / 2
    recovered = setbacks[~setbacks["ongoing"]] if len(setbacks) else setbacks
    early = recovered[recovered["start"] < middle]["recovery_days"] if len(recovered) else []
    late = recovered[recovered["start"] >= middle]["recovery_days"] if len(recovered) else []
    first_half = float(np.median(np.asarray(early, dtype="float64"))) if len(early) else None
    second_half = float(np.median(np.asarray(late, dtype="float64"))) if len(late) else None
    ongoing = bool(len(setbacks) and setbacks["ongoing"].any())
    headline, sentence = _sentences(
        # "since" the first day the trend is measured from, not an empty start of the range
        frame.loc[trend.index[0], "date"].date(),
        days,
        change,
        len(setbacks),
        ongoing,
        first_half,
        second_half,
        recovered,
        ongoing_sentence(setbacks),
    )
    return ProgressSummary(
        True,
        days,
        check_in_days,
        start_level,
        end_level,
        change,
        # A per-month rate from under two weeks of check-ins would be noise stated as a figure.
        None if slope is None or check_in_days < MIN_TREND_DAYS else slope * DAYS_PER_MONTH,
        share,
        len(setbacks),
        ongoing,
        first_half,
        second_half,
        headline,
        sentence,
    )


def _sentences(
    first_day: date,
    days: int,
    change: float,
    count: int,
    ongoing: bool,
    first_half: float | None,
    second_half: float | None,
    recovered: pd.DataFrame,
    still_going: str | None = None,
) -> tuple[str, str]:
    way = "up" if change >= STEADY_CHANGE else "down" if change <= -STEADY_CHANGE else "steady"
    headline = progress_words.headline(way, change, progress_words.since(first_day, days))
    parts = [headline + "."]
    days_back = [float(d) for d in recovered["recovery_days"]] if len(recovered) else []
    trend = _recovery_trend(first_half, second_half, len(days_back))
    parts.append(
        progress_words.setbacks_sentence(count, trend, first_half, second_half, recovery(days_back))
    )
    if still_going:
        parts.append(still_going)
    return headline, " ".join(parts)


def ongoing_setback(setbacks: pd.DataFrame) -> pd.Series | None:
    """The setback still going on at the last check-in (a row of `find_setbacks`), or None."""
    if not len(setbacks) or not setbacks["ongoing"].any():
        return None
    return setbacks[setbacks["ongoing"].astype(bool)].iloc[-1]


def ongoing_sentence(setbacks: pd.DataFrame, voice: phrases.Voice = phrases.YOU) -> str | None:
    """ "Since 28 Nov your wellbeing has been about 2.4 points below your usual level, still
    going on.", or None when no setback is going on (`phrases.ongoing_setback`)."""
    row = ongoing_setback(setbacks)
    if row is None:
        return None
    return phrases.ongoing_setback(pd.Timestamp(row["start"]).date(), float(row["below"]), voice)


def _recovery_trend(first: float | None, second: float | None, recovered: int) -> str:
    """ "faster", "slower" or "": a change in recovery time is named only from
    `MIN_USUALLY` recovered setbacks, with some in each half of the range."""
    if recovered < MIN_USUALLY or first is None or second is None:
        return ""
    if round(second) < round(first):
        return "faster"
    return "slower" if round(second) > round(first) else ""


def share_help(summary: ProgressSummary) -> str:
    """What the "days at or above the start" share means and is out of."""
    return progress_words.share_help(summary.start_level, summary.check_in_days)


def recovery_title(summary: ProgressSummary, setbacks: pd.DataFrame | None = None) -> str:
    """The finding of the recovery chart, as its title: the same rule as the summary (no
    "usually" and no "faster" below `MIN_USUALLY` recovered setbacks)."""
    first, second = summary.recovery_first_half, summary.recovery_second_half
    days_back = []
    if setbacks is not None and len(setbacks):
        days_back = [float(d) for d in setbacks.loc[~setbacks["ongoing"], "recovery_days"]]
    trend = _recovery_trend(first, second, len(days_back))
    return progress_words.recovery_title(trend, first, second, recovery(days_back))


# --- between sessions --------------------------------------------------------------------


def session_periods(daily: pd.DataFrame, sessions: Iterable[date]) -> pd.DataFrame:
    """Wellbeing in each period between consecutive therapy sessions within `daily`'s days.

    A period runs from a session day to the day before the next session; the period after the
    last session runs to the last day of `daily` and is `open`. Columns: `start`, `end`,
    `days`, `check_in_days`, `mean` (of daily values; NaN without check-ins),
    `slope_per_week` (Theil-Sen, needs 3 check-in days), `open`.
    """
    columns = ["start", "end", "days", "check_in_days", "mean", "slope_per_week", "open"]
    calendar = daily_calendar(daily)
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
        slope = (
            theil_sen_slope(np.arange(part.size, dtype="float64"), part) if observed >= 3 else None
        )
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
    history_check_in_days: int = 0
    """Check-in days the trend was computed on: the whole history, first to last check-in."""
    key: tuple = ()
    """What it was kept under (`progress_view`): the check-ins' journal version, the range and
    the sessions. Anything made from this view alone can be kept under it as well."""

    @property
    def has_trend(self) -> bool:
        return self.summary.enough_data

    @property
    def recovered_setbacks(self) -> int:
        """Setbacks in view that are behind the person (not ongoing)."""
        return int((~self.setbacks["ongoing"]).sum()) if len(self.setbacks) else 0


_VIEWS: Kept[ProgressView] = Kept(8)


def progress_view(
    con: Connection, start: date, end: date, sessions: Iterable[date] = ()
) -> ProgressView:
    """The Progress page's data for [start, end].

    The trend and setbacks are computed once over the whole history (first to last check-in),
    whatever the range, so a setback is the same setback, with the same recovery, in every
    view; the view keeps the setbacks that overlap it. The chart gets
    at most one point per day; ranges longer than WEEKLY_AFTER_DAYS get weekly means,
    aggregated in DuckDB, and a weekly trend.

    Kept per journal version of the check-ins (`progress_queries.version`), range and
    sessions: the page reruns on every click. Treat the result as read-only.
    """
    sessions = tuple(sessions)
    key = (queries.version(con), start, end, sessions)
    return _VIEWS.get(key, lambda: replace(_view(con, start, end, sessions), key=key))


def _view(con: Connection, start: date, end: date, sessions: tuple[date, ...]) -> ProgressView:
    span = queries.check_in_span(con)
    first, last = (min(span[0], start), max(span[1], end)) if span else (start, end)
    history = daily_wellbeing(con, first, last)
    # The trend is fitted where there are check-ins, first to last: it is not drawn (or
    # extrapolated) over the empty days of a range that begins before the journal does.
    checked = (
        (history["date"] >= pd.Timestamp(span[0])) & (history["date"] <= pd.Timestamp(span[1]))
        if span
        else history["date"].notna()
    )
    analysis = analyse(history[checked.to_numpy()].reset_index(drop=True))
    trend_by_day = analysis.calendar.set_index("date")["trend"]
    in_range = (
        (history["date"] >= pd.Timestamp(start)) & (history["date"] <= pd.Timestamp(end))
    ).to_numpy()
    daily = history[in_range].reset_index(drop=True)
    daily = daily.assign(trend=trend_by_day.reindex(daily["date"]).to_numpy())
    setbacks = analysis.setbacks
    setbacks = setbacks[
        (setbacks["end"] >= pd.Timestamp(start)) & (setbacks["start"] <= pd.Timestamp(end))
    ].reset_index(drop=True)
    setbacks = setbacks.assign(
        label=[
            setback_label(d, r, o)
            for d, r, o in zip(
                setbacks["days"], setbacks["recovery_days"], setbacks["ongoing"], strict=True
            )
        ],
        # The band is drawn from the range's first day; the table keeps the true start.
        shown_from=setbacks["start"].clip(lower=pd.Timestamp(start)),
    )
    weekly = (end - start).days + 1 > WEEKLY_AFTER_DAYS
    if weekly:
        points = queries.weekly_check_ins(con, start, end)
        trend = (
            daily.set_index("date")["trend"]
            .resample("W-MON", label="left", closed="left")
            .mean()
            .dropna()
            .rename_axis("date")
            .reset_index()
        )
    else:
        points = daily[daily["value"].notna()].drop(columns="trend")
        trend = daily.loc[daily["trend"].notna(), ["date", "trend"]]
    in_view = sorted(d for d in sessions if start <= d <= end)
    summary = progress_summary(daily, setbacks)
    periods = session_periods(daily, [d for d in sessions if d <= end])
    return ProgressView(
        start,
        end,
        daily,
        points.reset_index(drop=True),
        trend.reset_index(drop=True),
        setbacks,
        in_view,
        summary,
        periods,
        weekly,
        int(history.loc[checked.to_numpy(), "value"].notna().sum()),
    )


def period_table(periods: pd.DataFrame) -> pd.DataFrame:
    """Between-session periods as a small table, newest first."""
    if periods.empty:
        return pd.DataFrame(
            {"From session": [], "To": [], "Check-in days": [], "Average": [], "Direction": []}
        )
    direction = np.select(
        [
            periods["slope_per_week"] >= 0.2,
            periods["slope_per_week"] <= -0.2,
            periods["slope_per_week"].notna(),
        ],
        ["rising", "dipping", "steady"],
        default="too few check-ins",
    )
    return (
        pd.DataFrame(
            {
                "From session": periods["start"],
                "To": [
                    ("now" if o else f"{pd.Timestamp(e):%a %-d %b %Y}")
                    for e, o in zip(periods["end"], periods["open"], strict=True)
                ],
                "Check-in days": periods["check_in_days"],
                "Average": periods["mean"].round(1),
                "Direction": direction,
            }
        )
        .iloc[::-1]
        .reset_index(drop=True)
    )
