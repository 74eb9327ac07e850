"""The queries behind the Home page's week overview.

Each query covers two adjacent periods at once (`start` to `end`, split at `split`): the days
before `split` are "before", the days from `split` on are "this". Periods are local calendar
days; the bounds are turned into timestamps so DuckDB's zone maps can skip old row groups.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from analytics.storage.base import one_value
from analytics.storage.journal import Connection


def _bounds(start: date, split: date, end: date) -> list[datetime]:
    return [
        datetime.combine(split, time()),
        datetime.combine(start, time()),
        datetime.combine(end + timedelta(days=1), time()),
    ]


def check_in_periods(
    con: Connection, start: date, split: date, end: date
) -> dict[str, tuple[int, float | None]]:
    """Per period ("this", "before"): the number of check-ins and their mean wellbeing."""
    rows = con.execute(
        """SELECT CASE WHEN local_time >= ? THEN 'this' ELSE 'before' END AS period,
                  count(*), avg(wellbeing)
           FROM check_ins WHERE local_time >= ? AND local_time < ?
           GROUP BY period""",
        _bounds(start, split, end),
    ).fetchall()
    return {period: (int(n), None if mean is None else float(mean)) for period, n, mean in rows}


def trigger_periods(con: Connection, start: date, split: date, end: date) -> dict[str, int]:
    """Per period: the number of triggers logged."""
    rows = con.execute(
        """SELECT CASE WHEN local_time >= ? THEN 'this' ELSE 'before' END AS period, count(*)
           FROM triggers WHERE local_time >= ? AND local_time < ?
           GROUP BY period""",
        _bounds(start, split, end),
    ).fetchall()
    return {period: int(n) for period, n in rows}


def trigger_categories(con: Connection, start: date, end: date) -> dict[str, int]:
    """Triggers per category from `start` to `end` (most first, then by name)."""
    rows = con.execute(
        """SELECT category, count(*) AS n FROM triggers
           WHERE local_time >= ? AND local_time < ?
           GROUP BY category ORDER BY n DESC, category""",
        [datetime.combine(start, time()), datetime.combine(end + timedelta(days=1), time())],
    ).fetchall()
    return {str(category): int(n) for category, n in rows}


def practice_periods(
    con: Connection, start: date, split: date, end: date
) -> dict[str, tuple[int, int]]:
    """Per period: practice-days done (rest days excluded; a practice logged twice on one day
    counts once) and how many different practices that was."""
    rows = con.execute(
        """SELECT CASE WHEN local_time >= ? THEN 'this' ELSE 'before' END AS period,
                  count(DISTINCT (practice_id, CAST(local_time AS DATE))),
                  count(DISTINCT practice_id)
           FROM practice_log WHERE status = 'done' AND local_time >= ? AND local_time < ?
           GROUP BY period""",
        _bounds(start, split, end),
    ).fetchall()
    return {period: (int(n), int(kinds)) for period, n, kinds in rows}


def last_attended_session(con: Connection, today: date) -> date | None:
    """The last therapy session before `today` that took place (attended; a cancelled or missed
    one did not). The next session is `analytics.sessions.next_session`."""
    return one_value(
        con.execute("SELECT max(day) FROM sessions WHERE day < ? AND status = 'attended'", [today])
    )


def latest_bring_next(con: Connection, today: date) -> tuple[date, str] | None:
    """The newest non-empty "what do I bring to my next session" answer up to `today`."""
    row: Any = con.execute(
        """SELECT day, bring_next FROM reflections
           WHERE day <= ? AND trim(bring_next) <> ''
           ORDER BY day DESC, updated_at DESC LIMIT 1""",
        [today],
    ).fetchone()
    return None if row is None else (row[0], row[1])
