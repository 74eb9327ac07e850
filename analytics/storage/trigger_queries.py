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

from analytics.entries import SCALE_MAX, SCALE_MIN
from analytics.storage.journal import Connection

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


def counts_by_period(con: Connection, f: TriggerFilter, grain: Grain = "week") -> pd.DataFrame:
    """Per ISO week (Monday) or month and category: `triggers` and `intensity_sum`."""
    return con.execute(
        _FILTERED
        + f"""
        SELECT CAST(date_trunc('{_grain(grain)}', local_time) AS DATE) AS period, category,
               count(*) AS triggers, sum(intensity) AS intensity_sum
        FROM t GROUP BY ALL ORDER BY period, category
        """,
        _params(f),
    ).df()


def counts_by_slot(con: Connection, f: TriggerFilter) -> pd.DataFrame:
    """Per category, ISO weekday (1 = Monday) and hour of the wall clock: `triggers` and `intensity_sum`."""
    return con.execute(
        _FILTERED
        + """
        SELECT category, isodow(local_time) AS weekday, hour(local_time) AS hour,
               count(*) AS triggers, sum(intensity) AS intensity_sum
        FROM t GROUP BY ALL ORDER BY category, weekday, hour
        """,
        _params(f),
    ).df()


def counts_by_kind(con: Connection, f: TriggerFilter) -> pd.DataFrame:
    """Per category and response kind: `triggers`."""
    return con.execute(
        _FILTERED
        + """
        SELECT category, response_kind, count(*) AS triggers
        FROM t GROUP BY ALL ORDER BY category, response_kind
        """,
        _params(f),
    ).df()


def responses_by_month(con: Connection, f: TriggerFilter) -> pd.DataFrame:
    """Per month (first day) and response kind: `triggers`."""
    return con.execute(
        _FILTERED
        + """
        SELECT CAST(date_trunc('month', local_time) AS DATE) AS month, response_kind,
               count(*) AS triggers
        FROM t GROUP BY ALL ORDER BY month, response_kind
        """,
        _params(f),
    ).df()


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
