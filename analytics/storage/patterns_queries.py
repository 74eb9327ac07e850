"""The days table for patterns: one row per calendar day, the day's outcomes and its factors.

Outcomes are the day's mean of check-ins (NULL on a day without one). Factors are reduced to
one row per (day, factor) that happened, so the browser-sized result never grows with entries
per day: a practice done that day (rest days are not done), any trigger of a category, and
any trigger met with a new skill. Therapy sessions are not a factor here: the days after a
session are one question with one method, `analytics.aftermath` (its own queries).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.storage.journal import Connection, journal_version

_OUTCOMES = """
WITH days AS (
    SELECT CAST(d AS DATE) AS day
    FROM generate_series(CAST(? AS DATE), CAST(? AS DATE), INTERVAL 1 DAY) AS t(d)
),
per_day AS (
    SELECT CAST(local_time AS DATE) AS day,
           avg(wellbeing) AS wellbeing, avg(anxiety) AS anxiety, avg(energy) AS energy
    FROM check_ins
    WHERE local_time >= CAST(? AS TIMESTAMP) AND local_time < CAST(? AS TIMESTAMP) + INTERVAL 1 DAY
    GROUP BY 1
)
SELECT days.day, per_day.wellbeing, per_day.anxiety, per_day.energy
FROM days LEFT JOIN per_day USING (day)
ORDER BY days.day
"""

_FACTORS = """
SELECT DISTINCT CAST(l.local_time AS DATE) AS day, 'practice' AS kind, p.name AS name
FROM practice_log l JOIN practices p ON p.id = l.practice_id
WHERE l.status = 'done'
  AND l.local_time >= CAST($start AS TIMESTAMP)
  AND l.local_time < CAST($end AS TIMESTAMP) + INTERVAL 1 DAY
UNION ALL
SELECT DISTINCT CAST(local_time AS DATE), 'trigger', category
FROM triggers
WHERE local_time >= CAST($start AS TIMESTAMP) AND local_time < CAST($end AS TIMESTAMP) + INTERVAL 1 DAY
UNION ALL
SELECT DISTINCT CAST(local_time AS DATE), 'new_skill', ''
FROM triggers
WHERE response_kind = 'new_skill'
  AND local_time >= CAST($start AS TIMESTAMP) AND local_time < CAST($end AS TIMESTAMP) + INTERVAL 1 DAY
"""

_SESSION_DAYS = """
SELECT DISTINCT day
FROM sessions
WHERE status = 'attended' AND day BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)
ORDER BY day
"""

# The tables the patterns read: a change to any of them makes a new result.
_PATTERN_TABLES = ("check_ins", "triggers", "practice_log", "practices")
# ... and the days after a session read the check-ins and the sessions.
_AFTERMATH_TABLES = ("check_ins", "sessions")


def day_outcomes(con: Connection, start: date, end: date) -> pd.DataFrame:
    """One row per calendar day in [start, end]: `day`, mean `wellbeing`, `anxiety`, `energy`
    of that day's check-ins (NaN without one)."""
    frame = con.execute(_OUTCOMES, [start, end, start, end]).df()
    return frame.assign(day=pd.to_datetime(frame["day"]))


def day_factors(con: Connection, start: date, end: date) -> pd.DataFrame:
    """One row per (day, factor) that happened in [start, end]: `day`, `kind` ("practice",
    "trigger", "new_skill") and `name` (the practice or category; "" otherwise)."""
    frame = con.execute(_FACTORS, {"start": start, "end": end}).df()
    return frame.assign(day=pd.to_datetime(frame["day"]))


def session_days(con: Connection, start: date, end: date) -> list[date]:
    """The days in [start, end] with an attended therapy session, in order."""
    return [row[0] for row in con.execute(_SESSION_DAYS, [start, end]).fetchall()]


def aftermath_version(con: Connection) -> tuple:
    """The journal version the days after a session depend on."""
    return journal_version(con, _AFTERMATH_TABLES)


def version(con: Connection) -> tuple:
    """The journal version the patterns depend on (`journal.journal_version`)."""
    return journal_version(con, _PATTERN_TABLES)
