"""The aggregation queries behind the Triggers page.

Each query reads only the triggers a `TriggerFilter` selects (local calendar days from
`start` to `end`, optional categories, an intensity range) and returns a small aggregated
frame: counts and sums per bucket, never one row per trigger. Days come from `local_time`,
the wall-clock time the person lived; weekday and hour likewise read `local_time` as is.
The range test is on `local_time` itself (not a cast) so DuckDB's zone maps can skip blocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

import pandas as pd

from analytics.dates import DateRange
from analytics.entries import SCALE_MAX, SCALE_MIN
from analytics.storage.journal import Connection, journal_version

Grain = Literal["week", "month"]


@dataclass(frozen=True)
class TriggerFilter:
    """Which triggers to count: local days `start`..`end` (both included), `categories`
    (empty = all) and `intensity` as an inclusive (low, high) range on the 0-10 scale."""

    start: date
    end: date
    categories: tuple[str, ...] = ()
    intensity: tuple[float, float] = (SCALE_MIN, SCALE_MAX)

    def shifted(self, start: date, end: date) -> TriggerFilter:
        """The same filter over other days (for "compared with the period before")."""
        return TriggerFilter(start, end, self.categories, self.intensity)


_FILTERED = """
    WITH t AS (
        SELECT local_time, category, intensity, response, response_kind, helped
        FROM triggers
        WHERE local_time >= ? AND local_time < ?
          AND (? = 0 OR list_contains(?::VARCHAR[], category))
          AND intensity BETWEEN ? AND ?
    )
"""


def _params(f: TriggerFilter) -> list[object]:
    low, high = sorted(f.intensity)
    return [
        datetime.combine(f.start, time()),
        datetime.combine(f.end + timedelta(days=1), time()),
        len(f.categories),
        list(f.categories),
        float(low),
        float(high),
    ]


def _grain(grain: Grain) -> str:
    # Only these two literals ever reach the SQL text.
    if grain not in ("week", "month"):
        raise ValueError(f"grain must be 'week' or 'month', not {grain!r}")
    return grain


_COUNTS = """
    SELECT grouping(period, weekday, part, month, response_kind) AS set_id, now,
           period, category, weekday, part, month, response_kind,
           count(*) AS triggers, sum(intensity) AS intensity_sum
    FROM (
        SELECT category, intensity, response_kind, local_time >= ? AS now,
               CAST(date_trunc('{grain}', local_time) AS DATE) AS period,
               isodow(local_time) AS weekday,
               (?::VARCHAR[])[hour(local_time) + 1] AS part,
               CAST(date_trunc('month', local_time) AS DATE) AS month
        FROM t
    )
    GROUP BY GROUPING SETS (
        (now, period, category),
        (now, category, weekday, part),
        (now, category, response_kind),
        (now, month, response_kind)
    )
"""
# grouping() sets a bit (period 16, weekday 8, part 4, month 2, response_kind 1) for each
# column *left out* of a set, which tells the sets apart.
_SET_IDS = {
    8 + 4 + 2 + 1: "by_period",
    16 + 2 + 1: "by_slot",
    16 + 8 + 4 + 2: "by_kind",
    16 + 8 + 4: "by_month",
}
_SET_COLUMNS = {
    "by_period": ["period", "category", "triggers", "intensity_sum"],
    "by_slot": ["category", "weekday", "part", "triggers", "intensity_sum"],
    "by_kind": ["category", "response_kind", "triggers"],
    "by_month": ["month", "response_kind", "triggers"],
}


def trigger_counts(
    con: Connection, f: TriggerFilter, hour_parts: list[str], grain: Grain = "week"
) -> dict[str, pd.DataFrame]:
    """Every count the Triggers page needs, from one scan of the range and the period of equal
    length before it (`DateRange.previous()`):

    - "by_period": per ISO week (its Monday) or month, and category: `triggers`, `intensity_sum`;
    - "by_slot": per category, ISO weekday (1 = Monday) and part of the day, where
      `hour_parts[h]` names the part hour `h` (0-23) of the wall clock belongs to;
    - "by_kind": per category and response kind: `triggers`; "by_kind_before" the same for
      the period before;
    - "by_month": per month (its first day) and response kind: `triggers`.
    """
    if len(hour_parts) != 24:
        raise ValueError("hour_parts needs a part for each of the 24 hours")
    before = DateRange(f.start, f.end).previous()
    frame = con.execute(
        _FILTERED + _COUNTS.format(grain=_grain(grain)),
        [
            *_params(f.shifted(before.start, f.end)),
            datetime.combine(f.start, time()),
            list(hour_parts),
        ],
    ).df()
    frame["set"] = frame["set_id"].map(_SET_IDS)
    now = frame["now"].astype(bool)
    result = {
        name: frame.loc[(frame["set"] == name) & now, columns].reset_index(drop=True)
        for name, columns in _SET_COLUMNS.items()
    }
    result["by_kind_before"] = frame.loc[
        (frame["set"] == "by_kind") & ~now, _SET_COLUMNS["by_kind"]
    ].reset_index(drop=True)
    return result


def helped_by_response(con: Connection, f: TriggerFilter, limit: int = 20) -> pd.DataFrame:
    """Responses grouped by their text (trimmed, case-insensitive) and kind, the `limit` most
    rated first: `response` (the most used spelling; '' when none was written), `response_kind`,
    `triggers`, `rated` (triggers with a "helped" rating) and `mean_helped` over those."""
    return con.execute(
        _FILTERED
        + """
        SELECT mode(trim(response)) AS response, response_kind,
               count(*) AS triggers, count(helped) AS rated, avg(helped) AS mean_helped
        FROM t
        GROUP BY lower(trim(response)), response_kind
        ORDER BY rated DESC, triggers DESC, response
        LIMIT ?
        """,
        [*_params(f), int(limit)],
    ).df()


def categories_in_use(con: Connection) -> list[str]:
    """Every category a trigger was ever logged under, in the catalog's order, then by name."""
    rows = con.execute(
        """
        SELECT DISTINCT t.category, c.position
        FROM triggers t LEFT JOIN trigger_categories c ON c.name = t.category
        ORDER BY c.position NULLS LAST, t.category
        """
    ).fetchall()
    return [row[0] for row in rows]


def version(con: Connection) -> tuple:
    """The journal version the Triggers page's counts depend on (`journal.journal_version`)."""
    return journal_version(con, ("triggers",))
