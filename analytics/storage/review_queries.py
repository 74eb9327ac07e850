"""Queries behind the session review: a period's notable days, reflections and practice counts."""

from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.storage.journal import Connection

_IN_RANGE = (
    "local_time >= CAST(? AS TIMESTAMP) AND local_time < CAST(? AS TIMESTAMP) + INTERVAL 1 DAY"
)


def day_extremes(con: Connection, start: date, end: date, most: int = 2) -> pd.DataFrame:
    """The `most` hardest and `most` best days of [start, end] by mean wellbeing.

    Columns: `date`, `wellbeing` (that day's mean), `check_ins`, `notes` (the day's check-in
    notes joined by " / ", in time order), `kind` ("hardest" or "best"). A day is listed once
    even when the period is so short it would be both.
    """
    return con.execute(
        f"""
        WITH days AS (
            SELECT CAST(local_time AS DATE) AS date,
                   avg(wellbeing) AS wellbeing,
                   count(*) AS check_ins,
                   string_agg(note, ' / ' ORDER BY local_time) FILTER (WHERE note <> '') AS notes
            FROM check_ins WHERE {_IN_RANGE}
            GROUP BY 1
        ),
        hardest AS (SELECT *, 'hardest' AS kind FROM days ORDER BY wellbeing, date LIMIT ?),
        best AS (
            SELECT *, 'best' AS kind FROM days
            WHERE date NOT IN (SELECT date FROM hardest)
            ORDER BY wellbeing DESC, date LIMIT ?
        )
        SELECT date, wellbeing, check_ins, coalesce(notes, '') AS notes, kind FROM hardest
        UNION ALL
        SELECT date, wellbeing, check_ins, coalesce(notes, '') AS notes, kind FROM best
        """,
        [start, end, most, most],
    ).df()


def reflections_between(con: Connection, start: date, end: date) -> pd.DataFrame:
    """Reflections dated in [start, end], oldest first, with their four prompts and free text."""
    return con.execute(
        """
        SELECT day, noticing, tried_new, hard_learned, bring_next, free_text
        FROM reflections WHERE day BETWEEN ? AND ? ORDER BY day, created_at
        """,
        [start, end],
    ).df()


def practice_counts(con: Connection, start: date, end: date) -> pd.DataFrame:
    """Per practice in the catalog: distinct practice days and rest days in [start, end], and
    whether the practice was tried for the first time then (a first-time flag in the period, or
    its first log ever falling in it). Columns: `practice_id`, `practice`, `weekly_target`,
    `active`, `done_days`, `rest_days`, `first_tried` (date or NULL)."""
    return con.execute(
        f"""
        WITH per_day AS (
            SELECT practice_id, CAST(local_time AS DATE) AS day, bool_or(status = 'done') AS done,
                   bool_or(first_time) AS first_time
            FROM practice_log WHERE {_IN_RANGE}
            GROUP BY ALL
        ),
        firsts AS (
            SELECT practice_id, min(CAST(local_time AS DATE)) AS first_day
            FROM practice_log WHERE status = 'done' GROUP BY practice_id
        )
        SELECT p.id AS practice_id, p.name AS practice, p.weekly_target, p.active,
               count(*) FILTER (WHERE per_day.done) AS done_days,
               count(*) FILTER (WHERE per_day.day IS NOT NULL AND NOT per_day.done) AS rest_days,
               coalesce(
                   min(per_day.day) FILTER (WHERE per_day.first_time AND per_day.done),
                   CASE WHEN any_value(firsts.first_day) BETWEEN ? AND ? THEN any_value(firsts.first_day) END
               ) AS first_tried
        FROM practices p
        LEFT JOIN per_day ON per_day.practice_id = p.id
        LEFT JOIN firsts ON firsts.practice_id = p.id
        GROUP BY p.id, p.name, p.weekly_target, p.active
        ORDER BY done_days DESC, p.name
        """,
        [start, end, start, end],
    ).df()
