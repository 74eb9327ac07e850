"""Questionnaire responses and the person's settings: validated writes and simple reads.

A response is stored with every item's answer (`item_1`...; NULL past the measure's last item)
and its total on the reported scale, so a later change of scoring convention can be re-derived
from the answers. One response per measure per day: the measures ask about "the last 2 weeks",
so a second the same day would count the same fortnight twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd

from analytics import clock
from analytics.entries import SHORT_TEXT_MAX, EntryKind, clean_text
from analytics.measures import MEASURES, measure_of
from analytics.storage.base import (  # the settings' reads and writes live in base
    Connection,
    get_setting,
    one_value,
    transaction,
    upsert_setting,
)
from analytics.storage.journal import (
    counted_once,
    journal_version,
    new_id,
    refuse_a_second_on_the_day,
)
from analytics.storage.rows import (  # noqa: F401 (ITEM_COLUMNS re-exported)
    COURSE_START_SETTING,
    ITEM_COLUMNS,
    THERAPY_ENDED_SETTING,
    measure_response_row,
    setting_row,
)

RESPONSE_COLUMNS = (
    "id",
    "day",
    "measure",
    *ITEM_COLUMNS,
    "total",
    "difficulty",
    "source",
    "source_key",
)


def add_measure_response(
    con: Connection,
    measure: str,
    answers: Sequence[object],
    day: date | None = None,
    *,
    source: str | None = None,
    source_key: str | None = None,
    now: datetime | None = None,
    difficulty: int | None = None,
) -> str:
    """Validate and store one response; return its id. `InvalidEntry` writes nothing.
    `difficulty`: the optional, unscored difficulty question of PHQ-9 and GAD-7 (0-3)."""
    today = (now or clock.now()).date()
    row = measure_response_row(
        {"measure": measure, "answers": answers, "day": day or today, "difficulty": difficulty},
        now=now,
    )
    row["id"] = new_id()
    if source is not None:
        row["source"] = clean_text(source, "source", max_length=SHORT_TEXT_MAX) or "journal"
        row["source_key"] = source_key
    columns = list(row)
    with counted_once(con, EntryKind.MEASURE_RESPONSE, [row]), transaction(con):
        refuse_a_second_response(con, row)
        con.execute(
            f"INSERT INTO measure_responses ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})",
            [row[c] for c in columns],
        )
    return row["id"]


def refuse_a_second_response(con: Connection, row: Mapping[str, Any]) -> None:
    """`InvalidEntry` when the measure already has a response on the row's day."""
    refuse_a_second_on_the_day(con, EntryKind.MEASURE_RESPONSE, dict(row))


def measure_responses(
    con: Connection,
    measure: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> pd.DataFrame:
    """Responses oldest first (columns `RESPONSE_COLUMNS`), optionally one measure, days
    `start`..`end` inclusive."""
    where: list[str] = []
    params: list[object] = []
    if measure is not None:
        where.append("measure = ?")
        params.append(measure_of(measure).key)
    if start is not None:
        where.append("day >= ?")
        params.append(start)
    if end is not None:
        where.append("day <= ?")
        params.append(end)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    return con.execute(
        f"SELECT {', '.join(RESPONSE_COLUMNS)} FROM measure_responses {clause} "
        "ORDER BY day, measure",
        params,
    ).df()


def last_response_days(con: Connection) -> dict[str, date]:
    """The day of each measure's latest response; measures never answered are absent."""
    rows = con.execute(
        "SELECT measure, max(day) FROM measure_responses GROUP BY measure"
    ).fetchall()
    return {measure: day for measure, day in rows}


# --- settings ----------------------------------------------------------------------------


def set_setting(con: Connection, key: str, value: str) -> None:
    with transaction(con):
        upsert_setting(con, key, value)


def settings(con: Connection) -> dict[str, str]:
    return dict(con.execute("SELECT key, value FROM settings ORDER BY key").fetchall())


MEASURES_IN_USE = "measures_in_use"  # comma-separated keys; absent = not chosen yet


def measures_in_use(con: Connection) -> list[str] | None:
    """The measures the person chose (in the order of `MEASURES`); None when they have not
    chosen yet (the app offers them), [] when they chose none."""
    value = get_setting(con, MEASURES_IN_USE)
    if value is None:
        return None
    chosen = {part.strip() for part in value.split(",") if part.strip()}
    return [key for key in MEASURES if key in chosen]


def set_measures_in_use(con: Connection, keys: Iterable[str]) -> None:
    set_setting(con, MEASURES_IN_USE, measures_value(keys))


def measures_value(keys: Iterable[str]) -> str:
    """The stored form of a choice of measures (validated: `InvalidEntry` for an unknown one)."""
    chosen = {measure_of(key).key for key in keys}
    return ",".join(key for key in MEASURES if key in chosen)


# --- the course of therapy ---------------------------------------------------------------


def chosen_course_start(con: Connection) -> date | None:
    """The day the person said their current course of therapy began (None: not said)."""
    value = get_setting(con, COURSE_START_SETTING)
    return None if value is None else date.fromisoformat(value)


def set_course_start(con: Connection, day: date | None) -> None:
    """ "I started a new course of therapy" on `day` (validated: not in the future); None goes
    back to the default (the first session or questionnaire)."""
    _set_day_setting(con, COURSE_START_SETTING, day)


def _set_day_setting(con: Connection, key: str, day: date | None) -> None:
    """A setting that holds a day, checked by its cleaner (`rows.setting_row`); None removes it."""
    with transaction(con):
        if day is None:
            con.execute("DELETE FROM settings WHERE key = ?", [key])
            return
        row = setting_row({"key": key, "value": f"{day:%Y-%m-%d}"})
        upsert_setting(con, row["key"], row["value"])


def therapy_ended(con: Connection) -> date | None:
    """The day the person said therapy ended (their last session; None: not said, or taken back)."""
    value = get_setting(con, THERAPY_ENDED_SETTING)
    return date.fromisoformat(value) if value else None


def set_therapy_ended(con: Connection, day: date | None) -> None:
    """ "Therapy has ended" on `day` (validated as a journal day); None takes it back."""
    _set_day_setting(con, THERAPY_ENDED_SETTING, day)


def course_start(con: Connection) -> date | None:
    """When the current course of therapy began: the day the person chose, else the first
    session or the first questionnaire response, whichever is earlier (None: neither yet)."""
    chosen = chosen_course_start(con)
    if chosen is not None:
        return chosen
    return one_value(
        con.execute(
            "SELECT least((SELECT min(day) FROM sessions WHERE status = 'attended'), (SELECT min(day) FROM measure_responses))"
        )
    )


# --- aggregations for the Measures page, the review and the brief -------------------------

# `course` is 1 from the course's start on and 0 before it: a response is compared with the
# first of its own course (before a new course began: with the first ever), the previous one
# with the one just before it, whichever course that was in.
_WITH_CONTEXT = """
WITH marked AS (
    SELECT day, total, item_9,
           CASE WHEN day >= coalesce(?, DATE '0001-01-01') THEN 1 ELSE 0 END AS course
    FROM measure_responses
    WHERE measure = ?
), ordered AS (
    SELECT day, total, item_9,
           lag(day) OVER w AS previous_day,
           lag(total) OVER w AS previous_total,
           first_value(day) OVER c AS first_day,
           first_value(total) OVER c AS first_total,
           row_number() OVER c AS number
    FROM marked
    WINDOW w AS (ORDER BY day), c AS (PARTITION BY course ORDER BY day)
)
"""
CONTEXT_COLUMNS = (
    "day",
    "total",
    "item_9",
    "previous_day",
    "previous_total",
    "first_day",
    "first_total",
    "number",
)


def responses_with_context(
    con: Connection, measure: str, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """One measure's responses on days `start`..`end` (inclusive), oldest first, each with the
    response before it (`previous_day`, `previous_total`, NULL for the very first) and the first
    response ever (`first_day`, `first_total`), whether or not those fall in the range; `number`
    counts responses from the first ever (1 for the first). `item_9` is PHQ-9's item 9.

    "First" is the first of the course of therapy (`course_start`): the first response on or
    after the day it began; a response before that day is compared with the first ever, and
    `number` counts from that first."""
    key = measure_of(measure).key
    return con.execute(
        _WITH_CONTEXT + f"SELECT {', '.join(CONTEXT_COLUMNS)} FROM ordered "
        "WHERE day >= coalesce(?, DATE '0001-01-01') AND day <= coalesce(?, DATE '9999-12-31') "
        "ORDER BY day",
        [chosen_course_start(con), key, start, end],
    ).df()


def latest_with_context(con: Connection, measure: str, end: date) -> pd.DataFrame:
    """The latest response of one measure on or before `end` (one row, or none), with its
    previous and first responses as in `responses_with_context`."""
    key = measure_of(measure).key
    return con.execute(
        _WITH_CONTEXT + f"SELECT {', '.join(CONTEXT_COLUMNS)} FROM ordered "
        "WHERE day <= ? ORDER BY day DESC LIMIT 1",
        [chosen_course_start(con), key, end],
    ).df()


def answered_measures(con: Connection) -> list[str]:
    """The measures with at least one response, in the order of `MEASURES`."""
    found = {
        row[0] for row in con.execute("SELECT DISTINCT measure FROM measure_responses").fetchall()
    }
    return [key for key in MEASURES if key in found]


def latest_responses(con: Connection) -> dict[str, tuple[date, int]]:
    """Each answered measure's latest response: measure -> (day, total)."""
    rows = con.execute(
        "SELECT measure, arg_max(day, day), arg_max(total, day) FROM measure_responses "
        "GROUP BY measure"
    ).fetchall()
    return {measure: (day, int(total)) for measure, day, total in rows}


def version(con: Connection) -> tuple:
    """The journal version a measure's story depends on (`journal.journal_version`): its
    responses and the course's start (a setting)."""
    return (journal_version(con, ("measure_responses",)), chosen_course_start(con))


def page_version(con: Connection) -> tuple:
    """The journal version the Measures page depends on: the responses, wellbeing beside them,
    the course's start (the first session, or a setting), the measures in use and the crisis
    region (settings)."""
    return journal_version(con, ("measure_responses", "check_ins", "sessions", "settings"))


def phq9_item_9(con: Connection, start: date, end: date) -> pd.DataFrame:
    """Every PHQ-9 on days `start`..`end`, oldest first: `day`, `item_9`, `total`."""
    return con.execute(
        "SELECT day, item_9, total FROM measure_responses "
        "WHERE measure = 'phq9' AND day BETWEEN ? AND ? ORDER BY day",
        [start, end],
    ).df()


SESSION_TABLE_COLUMNS = (
    "day",
    "session",
    "phq9",
    "gad7",
    "who5",
    "item_9",
    "wellbeing",
    "check_in_days",
)


def session_table(
    con: Connection, start: date, end: date, window_days: int, now: date | None = None
) -> pd.DataFrame:
    """One row per therapy session on days `start`..`end`, oldest first: each measure's latest
    total answered in the `window_days` days up to and including the session (NULL: none), the
    highest PHQ-9 item 9 of those days (a "nearly every day" is never hidden behind a later
    "several days"), and the mean of daily mean wellbeing over the 7 days up to the session
    (`check_in_days` of them had a check-in). With `now`, a last row for that day too (unless a
    session falls on it), `session` False: what has been answered since the last session."""

    def latest(measure: str, column: str) -> str:
        return f"""(SELECT arg_max({column}, r.day) FROM measure_responses r
                    WHERE r.measure = '{measure}' AND r.day > s.day - {int(window_days)}
                      AND r.day <= s.day)"""

    return con.execute(
        f"""WITH daily AS (
                SELECT CAST(local_time AS DATE) AS day, avg(wellbeing) AS value
                FROM check_ins
                WHERE CAST(local_time AS DATE) BETWEEN ? - 6 AND ?
                GROUP BY 1
            )
            , s AS (
                SELECT day, true AS session FROM sessions
                WHERE status = 'attended' AND day BETWEEN ? AND ?
                UNION ALL
                SELECT CAST(? AS DATE), false
                WHERE ? IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sessions WHERE day = ? AND status = 'attended')
            )
            SELECT s.day, s.session,
                   {latest("phq9", "total")} AS phq9,
                   {latest("gad7", "total")} AS gad7,
                   {latest("who5", "total")} AS who5,
                   (SELECT max(r.item_9) FROM measure_responses r
                    WHERE r.measure = 'phq9' AND r.day > s.day - {int(window_days)}
                      AND r.day <= s.day) AS item_9,
                   (SELECT avg(value) FROM daily d WHERE d.day BETWEEN s.day - 6 AND s.day)
                       AS wellbeing,
                   (SELECT count(*) FROM daily d WHERE d.day BETWEEN s.day - 6 AND s.day)
                       AS check_in_days
            FROM s
            ORDER BY s.day""",
        [min(start, now or start), max(end, now or end), start, end, now, now, now],
    ).df()
