"""Triggers: how often, when, how strongly, and how they were met.

Everything here reads aggregated frames from `analytics.storage.trigger_queries` (DuckDB does
the counting over the whole journal) and shapes them for the page and its charts.

Definitions
- Weekday and time of day read `local_time`, the wall-clock time the person lived. A trigger
  at 01:30 on a Tuesday is a Tuesday night: the calendar day is kept as it is, never shifted
  back to the evening before.
- Parts of the day (hours of the wall clock, start included, end excluded):
  morning 05-12, afternoon 12-17, evening 17-22, night 22-05.
- Buckets: ISO weeks (starting Monday) for ranges up to two years (`WEEKLY_UP_TO_DAYS`),
  calendar months beyond, so a ten-year view sends ~120 bars rather than ~520.
- Mean intensity per bucket is the mean over that bucket's triggers; its trend line is an
  ordinary least-squares line through the bucket means, drawn only with at least
  `MIN_TREND_BUCKETS` buckets.
- "Which responses helped most": the mean "helped" rating (0-10) per response, responses
  grouped by their written text (trimmed, case-insensitive) and kind. A mean is shown only
  when at least `MIN_RATED` triggers carry a rating; below that it says "not enough data yet".
- The plain-language summary names a most frequent category and its most common
  weekday/part of the day only from `MIN_FOR_PATTERN` triggers up, and compares the new-skill
  share with the period before only when that period also has `MIN_FOR_PATTERN` triggers.
All of these describe what was logged: associations, never causes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from analytics import storage
from analytics.dates import DateRange
from analytics.entries import RESPONSE_LABELS, SCALE_MAX, SCALE_MIN, ResponseKind
from analytics.per_version_cache import Kept
from analytics.storage import Connection
from analytics.storage import trigger_queries as q
from analytics.storage.trigger_queries import Grain, TriggerFilter
from analytics.words import periods, phrases

__all__ = [
    "Grain",
    "TriggerFacts",
    "TriggerFilter",
    "category_changes",
    "category_options",
    "frequency",
    "grain_for",
    "busiest_cells",
    "helped_responses",
    "helped_state",
    "intensity_by_period",
    "load",
    "TriggerCounts",
    "part_of_day",
    "period_phrase",
    "response_share_by_month",
    "share_change",
    "slot_facts",
    "intensity_change",
    "trigger_facts",
    "when_grid",
]

PARTS_OF_DAY: tuple[tuple[str, int, int], ...] = (
    ("morning", 5, 12),
    ("afternoon", 12, 17),
    ("evening", 17, 22),
    ("night", 22, 5),
)
"""(name, first hour, hour it ends before); night wraps past midnight."""
PART_NAMES = tuple(name for name, _, _ in PARTS_OF_DAY)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

WEEKLY_UP_TO_DAYS = 731
MIN_TREND_BUCKETS = 3
MIN_RATED = 5
MIN_FOR_PATTERN = phrases.MIN_FOR_PATTERN
NOT_ENOUGH = "not enough data yet"
KIND_ORDER = (
    ResponseKind.NEW_SKILL.value,
    ResponseKind.OLD_PATTERN.value,
    ResponseKind.OTHER.value,
)


def part_of_day(hour: int) -> str:
    """The part of the day an hour (0-23) of the wall clock falls in."""
    if not 0 <= hour <= 23:
        raise ValueError(f"hour {hour} is not between 0 and 23")
    for name, first, before in PARTS_OF_DAY:
        if (first <= hour < before) if first < before else (hour >= first or hour < before):
            return name
    raise AssertionError("PARTS_OF_DAY covers every hour")


def grain_for(days: DateRange) -> Grain:
    """Weeks for ranges up to two years, months beyond."""
    return "week" if days.days <= WEEKLY_UP_TO_DAYS else "month"


def category_options(con: Connection) -> list[str]:
    """Categories to filter by: the active catalog, then any other category a trigger was logged under."""
    catalog = storage.trigger_categories(con)
    return catalog + [c for c in q.categories_in_use(con) if c not in catalog]


HOUR_PARTS = [part_of_day(hour) for hour in range(24)]
"""The part of the day of each hour 0-23, handed to DuckDB so it counts by part in the scan."""


@dataclass(frozen=True)
class TriggerCounts:
    """Every count the Triggers page shows, for one filter, from one DuckDB scan (`load`).

    `by_period` (period, category, triggers, intensity_sum), `by_slot` (category, weekday,
    part, triggers, intensity_sum), `by_kind` and `by_kind_before` (category, response_kind,
    triggers; the range and the period of equal length before it), `by_month` (month,
    response_kind, triggers).
    """

    filter: TriggerFilter
    grain: Grain
    by_period: pd.DataFrame
    by_slot: pd.DataFrame
    by_kind: pd.DataFrame
    by_kind_before: pd.DataFrame
    by_month: pd.DataFrame


def load(con: Connection, f: TriggerFilter, grain: Grain = "week") -> TriggerCounts:
    """Count the filter's triggers (and the period before) in one pass; see `TriggerCounts`."""
    return TriggerCounts(f, grain, **q.trigger_counts(con, f, HOUR_PARTS, grain))


def frequency(counts: TriggerCounts) -> pd.DataFrame:
    """Triggers per bucket and category: `period` (Monday or first of month), `period_end`
    (the next bucket's first day, so a bar spans its bucket), `category`, `triggers`."""
    step = pd.DateOffset(weeks=1) if counts.grain == "week" else pd.DateOffset(months=1)
    frame = counts.by_period[["period", "category", "triggers"]]
    return frame.assign(period_end=pd.to_datetime(frame["period"]) + step)[
        ["period", "period_end", "category", "triggers"]
    ]


def category_changes(counts: TriggerCounts) -> pd.DataFrame:
    """Per category: `triggers` in the range, `previous` in the period of equal length before
    (`DateRange.previous()`), and `change` = triggers - previous. Most frequent first."""
    now = counts.by_kind.groupby("category")["triggers"].sum()
    then = counts.by_kind_before.groupby("category")["triggers"].sum()
    frame = pd.DataFrame({"triggers": now, "previous": then}).fillna(0).astype("int64")
    if frame.empty:
        return pd.DataFrame(
            {
                "category": pd.Series(dtype="str"),
                "triggers": pd.Series(dtype="int64"),
                "previous": pd.Series(dtype="int64"),
                "change": pd.Series(dtype="int64"),
            }
        )
    return (
        frame.rename_axis("category")
        .reset_index()
        .assign(change=lambda d: d["triggers"] - d["previous"])
        .sort_values(
            ["triggers", "previous", "category"], ascending=[False, False, True], ignore_index=True
        )
    )


_CELLS = pd.MultiIndex.from_product([range(1, 8), PART_NAMES], names=["weekday", "part"]).to_frame(
    index=False
)


def when_grid(counts: TriggerCounts) -> pd.DataFrame:
    """All 28 weekday x part-of-day cells: `weekday` (1 = Monday), `day`, `part`, `triggers`
    and `mean_intensity` (NaN where a cell has no triggers)."""
    folded = counts.by_slot.groupby(["weekday", "part"], as_index=False)[
        ["triggers", "intensity_sum"]
    ].sum()
    return (
        _CELLS.merge(folded, on=["weekday", "part"], how="left")
        .fillna({"triggers": 0, "intensity_sum": 0.0})
        .assign(
            triggers=lambda d: d["triggers"].astype("int64"),
            mean_intensity=lambda d: (
                d["intensity_sum"] / d["triggers"].where(d["triggers"] > 0)
            ).round(2),
            day=lambda d: d["weekday"].map(lambda n: WEEKDAYS[n - 1]),
        )[["weekday", "day", "part", "triggers", "mean_intensity"]]
    )


def intensity_by_period(counts: TriggerCounts) -> pd.DataFrame:
    """Per bucket with triggers: `period`, `triggers`, `mean_intensity`, and `trend` (the
    least-squares line through the bucket means against time; NaN with fewer than
    `MIN_TREND_BUCKETS` buckets)."""
    frame = (
        counts.by_period.groupby("period", as_index=False)[["triggers", "intensity_sum"]]
        .sum()
        .assign(mean_intensity=lambda d: d["intensity_sum"] / d["triggers"])
        .drop(columns="intensity_sum")
    )
    trend = np.full(len(frame), np.nan)
    if len(frame) >= MIN_TREND_BUCKETS:
        x = (
            pd.to_datetime(frame["period"]) - pd.to_datetime(frame["period"]).min()
        ).dt.days.to_numpy(float)
        slope, intercept = np.polyfit(x, frame["mean_intensity"].to_numpy(float), 1)
        trend = intercept + slope * x
    return frame.assign(mean_intensity=frame["mean_intensity"].round(2), trend=np.round(trend, 2))


def response_share_by_month(counts: TriggerCounts) -> pd.DataFrame:
    """Per month and response kind: `month`, `response_kind`, `response` (its label),
    `triggers`, `month_total`, `share` (0-1) of that month's triggers and `kind_order`
    (new skill, old pattern, other: the stacking order)."""
    frame = counts.by_month.sort_values(["month", "response_kind"], ignore_index=True)
    return frame.assign(
        response=frame["response_kind"].map(lambda k: RESPONSE_LABELS[ResponseKind(k)]),
        month_total=frame.groupby("month")["triggers"].transform("sum"),
        kind_order=frame["response_kind"].map(KIND_ORDER.index),
    ).assign(share=lambda d: (d["triggers"] / d["month_total"]).round(4))


def helped_responses(con: Connection, f: TriggerFilter, limit: int = 20) -> pd.DataFrame:
    """How much each response helped: `response` (the text, or its kind's label when none was
    written), `kind`, `rated`, `triggers`, `mean_helped` (NaN under `MIN_RATED` ratings) and
    `helped` (the mean as text, or "not enough data yet"). Rated means first, highest first."""
    frame = q.helped_by_response(con, f, limit)
    kind_label = frame["response_kind"].map(lambda k: RESPONSE_LABELS[ResponseKind(k)])
    enough = frame["rated"] >= MIN_RATED
    return (
        frame.assign(
            response=frame["response"].where(
                frame["response"].fillna("") != "", "(" + kind_label + ", not described)"
            ),
            kind=kind_label,
            mean_helped=frame["mean_helped"].where(enough).round(1),
            enough=enough,
        )
        .assign(
            helped=lambda d: d["mean_helped"].map(
                lambda m: NOT_ENOUGH if pd.isna(m) else f"{m:.1f} / 10"
            )
        )
        .sort_values(
            ["enough", "mean_helped", "rated"], ascending=[False, False, False], ignore_index=True
        )[["response", "response_kind", "kind", "rated", "triggers", "mean_helped", "helped"]]
    )


def helped_state(helped: pd.DataFrame) -> str:
    """For a `helped_responses` frame: "unrated" (no ratings at all), "too_few" (ratings, but no
    response has `MIN_RATED` of them yet) or "enough" (at least one mean can be shown)."""
    if helped.empty or int(helped["rated"].sum()) == 0:
        return "unrated"
    return "enough" if helped["mean_helped"].notna().any() else "too_few"


# --- the summary at the top of the page ---------------------------------------------------


@dataclass(frozen=True)
class TriggerFacts:
    """What the summary sentence may say, already counted.

    `by_category`: triggers per category in the period. `top_slots`: for each category whose
    busiest weekday x part-of-day cells stand out (`busiest_cells`), ([(day, part), ...], count).
    `new_skill`/`total`: triggers met with a new skill, out of all; `previous_*` the same for
    the period before (of equal length on this page; the session review's own earlier period
    there). `period`/`previous_period` are phrases like "in the last 30 days" / "in the 30
    days before". `filtered`: a category or intensity filter narrows what was counted.
    `old_pattern`: triggers met with the old pattern. The session review leaves `top_slots`
    empty: it does not draw them.
    """

    period: str
    previous_period: str
    total: int
    new_skill: int
    previous_total: int
    previous_new_skill: int
    by_category: dict[str, int]
    top_slots: dict[str, tuple[list[tuple[str, str]], int]] = field(default_factory=dict)
    filtered: bool = False
    old_pattern: int = 0

    @property
    def top_categories(self) -> tuple[tuple[str, int], ...]:
        """The three categories with the most triggers, most first; ties in name order."""
        ranked = sorted(sorted(self.by_category.items()), key=lambda item: -item[1])
        return tuple(ranked[:3])


def period_phrase(days: DateRange, today: date) -> tuple[str, str]:
    """("in the last 30 days", "in the 30 days before") for a range ending today; otherwise
    ("from 1 Mar – 30 Mar 2026", "in the 30 days before"), in `words.periods`' words."""
    return periods.recent(days.days, days.end == today, days.label()), periods.before(days.days)


def busiest_cells(grid: pd.DataFrame, most: int = 2) -> tuple[list[tuple[str, str]], int]:
    """The weekday x part-of-day cells with the most triggers, as ([(day, part), ...], count).

    Ties are kept together (Monday and Tuesday mornings, 4 each); when more than `most` cells
    tie, or the busiest cell holds fewer than 2 triggers, nothing stands out: ([], count).
    """
    if grid.empty or int(grid["triggers"].max()) < 2:
        return [], int(grid["triggers"].max()) if len(grid) else 0
    top = int(grid["triggers"].max())
    cells = grid[grid["triggers"] == top].sort_values(["weekday", "part"], key=_cell_order)
    if len(cells) > most:
        return [], top
    return [(str(d), str(p)) for d, p in zip(cells["day"], cells["part"], strict=True)], top


def _cell_order(column: pd.Series) -> pd.Series:
    return column.map(PART_NAMES.index) if column.name == "part" else column


def trigger_facts(counts: TriggerCounts, today: date) -> TriggerFacts:
    """Count what `summary_sentence` needs for the filter's range and the period before it."""
    f = counts.filter
    by_category = counts.by_kind.groupby("category")["triggers"].sum()
    slots = counts.by_slot.assign(day=counts.by_slot["weekday"].map(lambda n: WEEKDAYS[n - 1]))
    top_slots = {}
    for category, group in slots.groupby("category"):
        cells, count = busiest_cells(group)
        if cells:
            top_slots[str(category)] = (cells, count)
    phrase, previous_phrase = period_phrase(DateRange(f.start, f.end), today)

    return TriggerFacts(
        period=phrase,
        previous_period=previous_phrase,
        total=int(counts.by_kind["triggers"].sum()),
        new_skill=met_with(counts.by_kind, ResponseKind.NEW_SKILL),
        previous_total=int(counts.by_kind_before["triggers"].sum()),
        previous_new_skill=met_with(counts.by_kind_before, ResponseKind.NEW_SKILL),
        by_category={str(k): int(v) for k, v in by_category.items()},
        top_slots=top_slots,
        filtered=bool(f.categories) or tuple(sorted(f.intensity)) != (SCALE_MIN, SCALE_MAX),
        old_pattern=met_with(counts.by_kind, ResponseKind.OLD_PATTERN),
    )


def met_with(by_kind: pd.DataFrame, kind: ResponseKind) -> int:
    """Triggers in `by_kind` (a `TriggerCounts.by_kind` frame) met with the response `kind`."""
    return int(by_kind.loc[by_kind["response_kind"] == kind.value, "triggers"].sum())


STEADY_INTENSITY = 0.5
"""A change of the intensity trend smaller than this, from its first period to its last, is
"held steady"."""
SHARE_HELD = 0.05
"""A change in the share met with a new skill smaller than this (5 percentage points) is "about
the same"."""


@dataclass(frozen=True)
class SlotFacts:
    """When in the week triggers came (`slot_facts`): how many in all, and the busiest cells
    (`busiest_cells`: empty when none stands out) with their count."""

    total: int
    cells: tuple[tuple[str, str], ...]
    top: int


def slot_facts(grid: pd.DataFrame) -> SlotFacts:
    """The `SlotFacts` of a weekday x part-of-day grid (`TriggerCounts.by_slot` with `day`)."""
    total = int(grid["triggers"].sum()) if len(grid) else 0
    if total < MIN_FOR_PATTERN:
        return SlotFacts(total, (), 0)
    cells, top = busiest_cells(grid)
    return SlotFacts(total, tuple(cells), top)


@dataclass(frozen=True)
class IntensityChange:
    """The intensity trend from its first period to its last (`intensity_change`): `way` is
    "steady" (less than `STEADY_INTENSITY` apart), "eased" or "rose"; `mean` the periods'
    mean intensity."""

    way: str
    first: float
    last: float
    mean: float


def intensity_change(frame: pd.DataFrame) -> IntensityChange | None:
    """How the trend of `intensity_by_period`'s frame moved; None under two trend points."""
    trend = frame.dropna(subset=["trend"])
    if len(trend) < 2:
        return None
    first, last = float(trend["trend"].iloc[0]), float(trend["trend"].iloc[-1])
    way = "steady" if abs(last - first) < STEADY_INTENSITY else "eased" if last < first else "rose"
    return IntensityChange(way, first, last, float(frame["mean_intensity"].mean()))


@dataclass(frozen=True)
class ShareChange:
    """The share of triggers met with a new skill in the first and the last month compared
    (months with `MIN_FOR_PATTERN` triggers or more; `first` is None with only one such month).
    `way`: "rose", "eased" or "held" (within `SHARE_HELD`)."""

    first: date | None
    last: date
    was: float
    now: float
    way: str


def share_change(frame: pd.DataFrame) -> ShareChange | None:
    """The `ShareChange` of `response_share`'s frame; None without a month to compare."""
    new = frame[frame["response_kind"] == ResponseKind.NEW_SKILL.value].set_index("month")["share"]
    months = frame.drop_duplicates("month").set_index("month")["month_total"]
    # Compare only months with enough triggers: a first month of 2 says little.
    months = months[months >= MIN_FOR_PATTERN]
    new = new.reindex(months.index, fill_value=0.0)
    if len(months) >= 2:
        first, last = months.index.min(), months.index.max()
        was, now = float(new[first]), float(new[last])
        way = "rose" if now > was + SHARE_HELD else "eased" if now < was - SHARE_HELD else "held"
        return ShareChange(pd.Timestamp(first).date(), pd.Timestamp(last).date(), was, now, way)
    if len(months) == 1:
        now = float(new.iloc[0])
        return ShareChange(None, pd.Timestamp(months.index[0]).date(), now, now, "held")
    return None


# --- the page's view ---------------------------------------------------------------------


@dataclass(frozen=True)
class TriggersView:
    """Everything the Triggers page shows for one filter, computed once (`triggers_view`)."""

    counts: TriggerCounts
    facts: TriggerFacts
    frequency: pd.DataFrame
    changes: pd.DataFrame
    grid: pd.DataFrame
    intensity: pd.DataFrame
    response_share: pd.DataFrame
    helped: pd.DataFrame
    key: tuple
    """What it was kept under: the triggers' journal version, the filter, the grain and the
    day. Anything made from this view alone (its charts) can be kept under it as well."""


_VIEWS: Kept[TriggersView] = Kept(8)


def triggers_view(con: Connection, f: TriggerFilter, grain: Grain, today: date) -> TriggersView:
    """The Triggers page's counts, facts and frames for filter `f`: `load`, `trigger_facts`,
    `frequency`, `category_changes`, `when_grid`, `intensity_by_period`,
    `response_share_by_month` and `helped_responses`. Kept per journal version of the
    triggers (`trigger_queries.version`), filter, grain and day: the page reruns on every
    click. Treat the result as read-only."""
    key = (q.version(con), f, grain, today)

    def build() -> TriggersView:
        counts = load(con, f, grain)
        return TriggersView(
            counts,
            trigger_facts(counts, today),
            frequency(counts),
            category_changes(counts),
            when_grid(counts),
            intensity_by_period(counts),
            response_share_by_month(counts),
            helped_responses(con, f),
            key,
        )

    return _VIEWS.get(key, build)
