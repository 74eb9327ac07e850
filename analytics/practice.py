"""Practice: streaks, this week against the target, habit strength, calendars, and wellbeing.

Streak rules live in `analytics.streaks`, the habit-strength formula in
`analytics.habit_strength`. This module loads one row per practice and local day from DuckDB
(`storage/practice_queries.py`) and shapes the tidy frames the Practice page and its charts
need. Streaks and strength always use the whole history (a longest streak is all-time); the
charts show only the chosen range, at most one point per day and one per week beyond
`WEEKLY_BEYOND_DAYS`.

Practice and wellbeing is answered by the Patterns method (`wellbeing_patterns`): one
question, one answer on both pages. It is an association: a good day may make practice easier
as much as practice may help the day.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np
import pandas as pd

from analytics import patterns, storage
from analytics.dates import DateRange
from analytics.entries import EntryKind, PracticeStatus
from analytics.habit_strength import day_changes, frequency_for, habit_strength
from analytics.per_version_cache import Kept
from analytics.storage import practice_queries
from analytics.streaks import is_daily, streaks, week_progress, week_start
from analytics.words import phrases
from analytics.words import practice as practice_words

WEEKLY_BEYOND_DAYS = 2 * 366
"""Ranges longer than about two years are drawn with one point per week."""

CALENDAR_WEEKS = 105
"""The calendar heatmap shows at most the last two years of the range (weeks x weekdays)."""

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class PracticeJournal:
    """Everything the page needs about the practices that have been logged, as of `today`.

    `catalog`: id, name, weekly_target, active (only practices with at least one log).
    `done` / `rest`: per practice id, its distinct practice days / rest days (sorted
    `datetime64[D]` arrays; a day with a practice log is never also a rest day).
    `strength`: each practice's habit-strength series (0-100, one value per day).
    """

    today: date
    catalog: pd.DataFrame
    done: dict[str, np.ndarray] = field(default_factory=dict)
    rest: dict[str, np.ndarray] = field(default_factory=dict)
    strength: dict[str, pd.Series] = field(default_factory=dict)
    key: tuple = ()
    """What it was kept under (`load`): the journal version of the practice tables and today.
    Anything made from this journal alone (and a range) can be kept under it as well."""

    @property
    def is_empty(self) -> bool:
        return self.catalog.empty


_JOURNALS: Kept[PracticeJournal] = Kept(4)


def load(con: storage.Connection, today: date) -> PracticeJournal:
    """Read the practice days up to `today` (aggregated in DuckDB) and compute each habit strength.

    Kept per journal version (`practice_queries.version`) and day: the page reruns on every
    click. Treat the result as read-only; it is shared by every rerun until the journal changes.
    """
    key = (practice_queries.version(con), today)
    return _JOURNALS.get(key, lambda: _load(con, today, key))


def _load(con: storage.Connection, today: date, key: tuple) -> PracticeJournal:
    days = practice_queries.practice_days(con, today)
    catalog = storage.practices(con)
    catalog = catalog[catalog["id"].isin(list(days))].reset_index(drop=True)
    journal = PracticeJournal(today, catalog, key=key)
    for row in catalog.itertuples():
        done, rest = days[row.id]
        journal.done[row.id] = done.astype("datetime64[D]")
        journal.rest[row.id] = rest.astype("datetime64[D]")
        journal.strength[row.id] = habit_strength(
            journal.done[row.id],
            today,
            frequency=frequency_for(row.weekly_target),
            skip_dates=journal.rest[row.id],
        )
    return journal


def overview(journal: PracticeJournal) -> pd.DataFrame:
    """One row per logged practice: streaks, this week against its target, habit strength.

    Columns: practice_id, practice, weekly_target, unit, current, longest, week_done,
    week_target, strength (today's, 0-100), active. Strongest habit first.
    """
    rows = []
    for row in journal.catalog.itertuples():
        done = journal.done[row.id]
        target = None if is_daily(row.weekly_target) else int(row.weekly_target)
        streak = streaks(done, journal.today, target, journal.rest[row.id])
        week = week_progress(done, journal.today, row.weekly_target)
        strength = journal.strength[row.id]
        rows.append(
            {
                "practice_id": row.id,
                "practice": row.name,
                "weekly_target": int(row.weekly_target),
                "unit": streak["unit"],
                "current": streak["current"],
                "longest": streak["longest"],
                "week_done": week["done"],
                "week_target": week["target"],
                "strength": float(strength.iloc[-1]) if len(strength) else 0.0,
                "active": bool(row.active),
            }
        )
    columns = [
        "practice_id",
        "practice",
        "weekly_target",
        "unit",
        "current",
        "longest",
        "week_done",
        "week_target",
        "strength",
        "active",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(
        ["strength", "practice"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


def overview_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The overview as a person reads it: words for streaks and the week, strength as a number."""
    return pd.DataFrame(
        {
            "Practice": frame["practice"],
            "Current streak": [
                practice_words.streak_label(c, u)
                for c, u in zip(frame["current"], frame["unit"], strict=True)
            ],
            "Longest streak": [
                practice_words.streak_label(c, u)
                for c, u in zip(frame["longest"], frame["unit"], strict=True)
            ],
            "This week": [
                phrases.against_target(int(d), int(t))
                for d, t in zip(frame["week_done"], frame["week_target"], strict=True)
            ],
            "Habit strength": frame["strength"].round(0),
        }
    )


def summary(frame: pd.DataFrame) -> list[str]:
    """A few plain sentences about the practices (names are the person's own words: escape before Markdown)."""
    if frame.empty:
        return []
    # Never None here: the frame has a practice.
    strongest = practice_words.strongest_sentence(
        dict(zip(frame["practice"], frame["strength"], strict=True))
    )
    sentences = [] if strongest is None else [strongest + "."]
    alive = frame[frame["current"] > 0].sort_values("current", ascending=False, kind="stable")
    for row in alive.head(2).itertuples():
        sentences.append(practice_words.streak_going(row.practice, row.current, row.unit))
    met = frame[frame["week_done"] >= frame["week_target"]]
    if len(met):
        sentences.append(practice_words.targets_met(len(met), len(frame)))
    return sentences


@dataclass(frozen=True)
class LoggedOn:
    """The practices already logged on one day, by name: done, or only rested."""

    done: frozenset[str]
    rested: frozenset[str]

    @property
    def either(self) -> frozenset[str]:
        return self.done | self.rested


def logged_on(con: storage.Connection, day: date) -> LoggedOn:
    """What the Log page's ticks must show for `day`: a practice day counts once."""
    logged = storage.list_entries(con, EntryKind.PRACTICE_LOG, day, day)
    done = frozenset(logged.loc[logged["status"] == PracticeStatus.DONE, "practice"])
    return LoggedOn(done, frozenset(logged["practice"]) - done)


MIN_STRENGTH_DAYS = 7
"""Days of history in the range before habit strength is drawn: from one day it was two flat
lines that said nothing (issue 23)."""


def strength_history_days(frame: pd.DataFrame) -> int:
    """How many days (or weeks' ends) `strength_over_time` covers."""
    return int(frame["day"].nunique()) if len(frame) else 0


def strength_over_time(journal: PracticeJournal, date_range: DateRange) -> pd.DataFrame:
    """Tidy habit strength over the range: practice, day, strength, change.

    Daily points; for ranges longer than `WEEKLY_BEYOND_DAYS` the value at the end of each ISO week.
    `change` says what the day (or week) did in words (`habit_strength.day_changes`): a day or
    week with practice never reads as a step back.
    `practice` is categorical (in catalog order) and `strength` float32: the chart sends this
    frame to the browser as Arrow, where a repeated name costs one small code per point rather
    than the whole name, and float32 keeps more precision than a 0-100 scale needs. Ten
    practices over ten years (weekly) come to about a quarter of the bytes of str/float64.
    """
    start, end = pd.Timestamp(date_range.start), pd.Timestamp(date_range.end)
    weekly = date_range.days > WEEKLY_BEYOND_DAYS
    parts = []
    for row in journal.catalog.itertuples():
        full, practised = journal.strength[row.id], pd.DatetimeIndex(journal.done[row.id])
        series = full.loc[start:end]
        if weekly:
            series, full = _week_ends(series), _week_ends(full)
            practised = practised.to_period("W-SUN").end_time.normalize()
        change = day_changes(full, practised).reindex(series.index)
        parts.append(
            pd.DataFrame(
                {
                    "practice": row.name,
                    "day": series.index,
                    "strength": series.to_numpy(),
                    "change": change.to_numpy(),
                }
            )
        )
    if not parts:
        return pd.DataFrame(
            {
                "practice": pd.Series(dtype=str),
                "day": pd.Series(dtype="datetime64[ns]"),
                "strength": pd.Series(dtype=float),
                "change": pd.Series(dtype=str),
            }
        )
    names = pd.unique(journal.catalog["name"])
    return pd.concat(parts, ignore_index=True).assign(
        practice=lambda f: pd.Categorical(f["practice"], categories=names),
        strength=lambda f: f["strength"].astype("float32"),
        change=lambda f: f["change"].astype("category"),
    )


def _week_ends(daily: pd.Series) -> pd.Series:
    """The value at the end of each ISO week, labelled with its Sunday; a week still running
    gives its latest value. The same as `resample("W-SUN").last()` on a daily series without
    gaps (which the strength series is), at a fraction of its cost over ten years."""
    if daily.empty:
        return daily
    keep = np.asarray(daily.index.day_of_week == 6)
    keep[-1] = True
    picked = daily[keep]
    sundays = picked.index + pd.to_timedelta((6 - picked.index.day_of_week) % 7, unit="D")
    return pd.Series(picked.to_numpy(), index=sundays, name=daily.name).dropna()


def calendar(journal: PracticeJournal, practice_id: str, date_range: DateRange) -> pd.DataFrame:
    """One row per day of the range (its last `CALENDAR_WEEKS` weeks at most) for a heatmap.

    Columns: day, week (the Monday), weekday (Mon..Sun), status ("done", "rest", "none").
    """
    end = date_range.end
    start = max(date_range.start, week_start(end) - timedelta(weeks=CALENDAR_WEEKS - 1))
    days = pd.date_range(start, end, freq="D")
    wanted = days.to_numpy().astype("datetime64[D]")
    status = np.select(
        [np.isin(wanted, journal.done[practice_id]), np.isin(wanted, journal.rest[practice_id])],
        ["done", "rest"],
        default="none",
    )
    return pd.DataFrame(
        {
            "day": days,
            "week": days - pd.to_timedelta(days.day_of_week, unit="D"),
            "weekday": [WEEKDAYS[d] for d in days.day_of_week],
            "status": status,
        }
    )


def wellbeing_patterns(con: storage.Connection, date_range: DateRange) -> patterns.PatternsView:
    """Practice and wellbeing, answered by the Patterns method (one question, one answer): the
    Patterns page's kept view of wellbeing for the same range (`patterns.patterns_view`, with
    its false discovery rate over every factor and lag tried), keeping only the practices'
    rows. A practice is claimed here exactly when Patterns claims it, with the same words."""
    view = patterns.patterns_view(con, date_range, "wellbeing")
    practices = view.results["factor"].str.startswith(f"{patterns.PRACTICE}:")
    return replace(view, results=view.results[practices].reset_index(drop=True))
