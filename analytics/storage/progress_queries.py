"""Aggregations for the Progress page: check-ins reduced to one row per day or per week.

Every day of the asked range gets a row (from `generate_series`), so a day without a check-in
is present with NULL values: missing, never zero.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.storage.journal import Connection, journal_version

_DAILY = """
WITH days AS (
    SELECT CAST(d AS DATE) AS date FROM generate_series(CAST(? AS DATE), CAST(? AS DATE), INTERVAL 1 DAY) AS t(d)
),
per_day AS (
    SELECT CAST(local_time AS DATE) AS date,
           avg(wellbeing) AS value,
           avg(anxiety) AS anxiety,
           avg(energy) AS energy,
           count(*) AS check_ins,
           count(*) FILTER (WHERE note <> '') AS notes
    FROM check_ins
    WHERE local_time >= CAST(? AS TIMESTAMP) AND local_time < CAST(? AS TIMESTAMP) + INTERVAL 1 DAY
    GROUP BY 1
)
SELECT days.date, per_day.value, per_day.anxiety, per_day.energy,
       coalesce(per_day.check_ins, 0) AS check_ins, coalesce(per_day.notes, 0) AS notes
FROM days LEFT JOIN per_day USING (date)
ORDER BY days.date
"""

_WEEKLY = """
SELECT CAST(date_trunc('week', local_time) AS DATE) AS date,
       avg(wellbeing) AS value,
       avg(anxiety) AS anxiety,
       avg(energy) AS energy,
       count(*) AS check_ins,
       count(*) FILTER (WHERE note <> '') AS notes,
       count(DISTINCT CAST(local_time AS DATE)) AS days
FROM check_ins
WHERE local_time >= CAST(? AS TIMESTAMP) AND local_time < CAST(? AS TIMESTAMP) + INTERVAL 1 DAY
GROUP BY 1
ORDER BY 1
"""


def daily_check_ins(con: Connection, start: date, end: date) -> pd.DataFrame:
    """One row per calendar day in [start, end]: `date`, mean `value` (wellbeing), `anxiety`,
    `energy` (NULL on days without a check-in), `check_ins` and `notes` (counts, 0 when none)."""
    if end < start:
        return _empty_daily()
    frame = con.execute(_DAILY, [start, end, start, end]).df()
    return frame.assign(date=pd.to_datetime(frame["date"]))


def check_in_span(con: Connection) -> tuple[date, date] | None:
    """The first and last day with a check-in in the whole journal; None without any."""
    row = con.execute(
        "SELECT min(CAST(local_time AS DATE)), max(CAST(local_time AS DATE)) FROM check_ins"
    ).fetchone()
    return None if row is None or row[0] is None else (row[0], row[1])


def weekly_check_ins(con: Connection, start: date, end: date) -> pd.DataFrame:
    """One row per ISO week (Monday) with a check-in in [start, end]: means and counts, plus
    `days`, the number of days of that week with a check-in."""
    frame = con.execute(_WEEKLY, [start, end]).df()
    return frame.assign(date=pd.to_datetime(frame["date"]))


def _empty_daily() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.Series(dtype="datetime64[ns]"),
            "value": pd.Series(dtype="float64"),
            "anxiety": pd.Series(dtype="float64"),
            "energy": pd.Series(dtype="float64"),
            "check_ins": pd.Series(dtype="int64"),
            "notes": pd.Series(dtype="int64"),
        }
    )


def version(con: Connection) -> tuple:
    """The journal version the Progress page's analysis depends on (`journal.journal_version`):
    it reads only the check-ins (the sessions are handed to it)."""
    return journal_version(con, ("check_ins",))
