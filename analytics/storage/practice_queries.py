"""Aggregation queries behind the Practice page: practice days and wellbeing on them.

Everything is reduced to one row per practice and local day in DuckDB, so Python never sees
raw log rows (several logs on one day are one day here already).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from analytics.storage.journal import Connection, journal_version

_DAY = "CAST(local_time AS DATE)"

# Every table the Practice page's analyses read: a change to any of them makes a new result.
_PRACTICE_TABLES = ("practices", "practice_log", "check_ins")


def version(con: Connection) -> tuple:
    """The journal version the practice analyses depend on (`journal.journal_version`)."""
    return journal_version(con, _PRACTICE_TABLES)


def practice_days(con: Connection, end: date) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per practice with any log up to `end`: its distinct practice days and its rest days.

    Days are numbers (days since 1970-01-01), sorted. A day with any 'done' log is a practice
    day; a day with only 'rest' logs is a rest day. The whole history is read on every page
    run, so DuckDB hands back one row per practice holding two lists, not a row per day.
    """
    columns = con.execute(
        f"""
        WITH days AS (
            SELECT practice_id,
                   date_diff('day', DATE '1970-01-01', {_DAY}) AS day,
                   bool_or(status = 'done') AS done
            FROM practice_log
            WHERE {_DAY} <= ?
            GROUP BY ALL
        )
        SELECT practice_id,
               coalesce(list(day) FILTER (WHERE done), []) AS done_days,
               coalesce(list(day) FILTER (WHERE NOT done), []) AS rest_days
        FROM days
        GROUP BY practice_id
        """,
        [end],
    ).fetchnumpy()  # list columns arrive as numpy arrays, far faster than Python lists
    return {
        str(practice_id): (
            np.sort(np.asarray(done, dtype=np.int64)),
            np.sort(np.asarray(rest, dtype=np.int64)),
        )
        for practice_id, done, rest in zip(
            columns["practice_id"], columns["done_days"], columns["rest_days"], strict=True
        )
    }


def wellbeing_with_without(con: Connection, start: date, end: date) -> pd.DataFrame:
    """Per practice, mean daily wellbeing on check-in days with the practice done and without.

    Only days from `start` to `end` that have a check-in count (a day's wellbeing is the mean
    of its check-ins), and for each practice only days from its first log on (before it
    existed, "without" would say nothing about it). Rest days count as days without.
    Columns: `practice_id`, `days_with`, `mean_with`, `days_without`, `mean_without`.
    """
    return con.execute(
        f"""
        WITH daily AS (
            SELECT {_DAY} AS day, avg(wellbeing) AS wellbeing
            FROM check_ins
            WHERE {_DAY} BETWEEN ? AND ?
            GROUP BY ALL
        ),
        done AS (
            SELECT DISTINCT practice_id, {_DAY} AS day
            FROM practice_log
            WHERE status = 'done' AND {_DAY} BETWEEN ? AND ?
        ),
        started AS (
            SELECT practice_id, min({_DAY}) AS first_day FROM practice_log GROUP BY ALL
        )
        SELECT s.practice_id,
               count(*) FILTER (WHERE d.day IS NOT NULL) AS days_with,
               avg(w.wellbeing) FILTER (WHERE d.day IS NOT NULL) AS mean_with,
               count(*) FILTER (WHERE d.day IS NULL) AS days_without,
               avg(w.wellbeing) FILTER (WHERE d.day IS NULL) AS mean_without
        FROM started s
        JOIN daily w ON w.day >= s.first_day
        LEFT JOIN done d ON d.practice_id = s.practice_id AND d.day = w.day
        GROUP BY s.practice_id
        ORDER BY s.practice_id
        """,
        [start, end, start, end],
    ).df()
