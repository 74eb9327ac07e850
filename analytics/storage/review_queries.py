"""Queries behind the session review: a period's notable days, reflections and practice counts."""

from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.storage.base import one_value
from analytics.storage.journal import Connection, journal_version

_IN_RANGE = (
    "local_time >= CAST(? AS TIMESTAMP) AND local_time < CAST(? AS TIMESTAMP) + INTERVAL 1 DAY"
)


def day_extremes(con: Connection, start: date, end: date) -> pd.DataFrame:
    """The days of [start, end] with the lowest and the highest mean wellbeing, every tied day
    included (`review.notable_days` decides what to show of them).

    Columns: `date`, `wellbeing` (that day's mean), `check_ins`, `notes`, `kind` ("hardest"
    for the lowest mean, "best" for the highest; a period whose days all share one mean gives
    only "hardest" rows). `notes` are that day's check-in notes, in time order, joined by
    " / ", taken only from check-ins on the day's side of the period's mean (at or below it for
    the lowest day, at or above for the highest), so a cheerful morning note is never quoted
    for the lowest day.
    """
    return con.execute(
        f"""
        WITH c AS (
            SELECT CAST(local_time AS DATE) AS date, wellbeing, note, local_time,
                   avg(wellbeing) OVER () AS period_mean
            FROM check_ins WHERE {_IN_RANGE}
        ),
        days AS (
            SELECT date, avg(wellbeing) AS wellbeing, count(*) AS check_ins,
                   string_agg(note, ' / ' ORDER BY local_time)
                       FILTER (WHERE note <> '' AND wellbeing <= period_mean) AS low_notes,
                   string_agg(note, ' / ' ORDER BY local_time)
                       FILTER (WHERE note <> '' AND wellbeing >= period_mean) AS high_notes
            FROM c GROUP BY date
        ),
        bounds AS (SELECT min(wellbeing) AS low, max(wellbeing) AS high FROM days)
        SELECT date, wellbeing, check_ins, coalesce(low_notes, '') AS notes, 'hardest' AS kind
        FROM days, bounds WHERE wellbeing = low
        UNION ALL
        SELECT date, wellbeing, check_ins, coalesce(high_notes, '') AS notes, 'best' AS kind
        FROM days, bounds WHERE wellbeing = high AND high > low
        ORDER BY kind DESC, date
        """,
        [start, end],
    ).df()


def check_in_day_count(con: Connection, start: date, end: date) -> int:
    """Days of [start, end] with at least one check-in."""
    return int(
        one_value(
            con.execute(
                f"SELECT count(DISTINCT CAST(local_time AS DATE)) FROM check_ins WHERE {_IN_RANGE}",
                [start, end],
            )
        )
    )


def practised_day_count(con: Connection, start: date, end: date) -> int:
    """Days of [start, end] with at least one practice done (rest days not counted)."""
    return int(
        one_value(
            con.execute(
                f"""SELECT count(DISTINCT CAST(local_time AS DATE)) FROM practice_log
            WHERE status = 'done' AND {_IN_RANGE}""",
                [start, end],
            )
        )
    )


def reflections_between(con: Connection, start: date, end: date) -> pd.DataFrame:
    """Reflections dated in [start, end], oldest first, with their four prompts and free text."""
    return con.execute(
        """
        SELECT day, noticing, tried_new, hard_learned, bring_next, free_text, stirred_up
        FROM reflections WHERE day BETWEEN ? AND ? ORDER BY day, created_at
        """,
        [start, end],
    ).df()


def practice_counts(con: Connection, start: date, end: date) -> pd.DataFrame:
    """Per practice in the catalog: distinct practice days and rest days in [start, end], and
    whether the person ticked "first time" on a day done in it (never inferred from the first
    log: a journal begun or imported mid-way has first logs that were not first tries).
    Columns: `practice_id`, `practice`, `weekly_target`, `active`, `done_days`, `rest_days`,
    `first_tried` (date or NULL), `first_logged` (its first day done ever, or NULL)."""
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
               min(per_day.day) FILTER (WHERE per_day.first_time AND per_day.done) AS first_tried,
               any_value(firsts.first_day) AS first_logged
        FROM practices p
        LEFT JOIN per_day ON per_day.practice_id = p.id
        LEFT JOIN firsts ON firsts.practice_id = p.id
        GROUP BY p.id, p.name, p.weekly_target, p.active
        ORDER BY done_days DESC, p.name
        """,
        [start, end],
    ).df()


# Every table a session review reads: a change to any of them makes a new review.
_REVIEW_TABLES = (
    "check_ins",
    "triggers",
    "trigger_categories",
    "practices",
    "practice_log",
    "reflections",
    "sessions",
    "session_tasks",
    "measure_responses",
    "settings",
    "goals",
    "goal_ratings",
)


def version(con: Connection) -> tuple:
    """The journal version a review depends on (`journal.journal_version`)."""
    return journal_version(con, _REVIEW_TABLES)
