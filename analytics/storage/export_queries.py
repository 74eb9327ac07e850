"""The queries behind a full export and a restore: whole tables out, checked rows back in.

Table and column names come only from `EXPORT_TABLES` and the journal's own
`information_schema`; every value travels as a parameter or a registered DataFrame.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from analytics.storage.base import one_row, one_value
from analytics.storage.journal import Connection, insert_frame
from analytics.storage.schema import ENTRY_TABLES

GOAL_TABLES = ("goals", "goal_ratings")
"""Goals are exported whole, whatever the range (a rating needs its goal, as a practice log
needs its practice); their ratings by day."""

CATALOG_TABLES = ("practices", "trigger_categories")
EXPORT_TABLES = (
    "check_ins",
    "triggers",
    "practices",
    "practice_log",
    "reflections",
    "sessions",
    "session_tasks",
    "trigger_categories",
    "measure_responses",
    "settings",
    "goals",
    "goal_ratings",
)
"""Every table a person's journal lives in, in the order the export writes them."""
TABLE_SINCE = {
    "measure_responses": 3,
    "settings": 3,
    "goals": 7,
    "goal_ratings": 7,
    "session_tasks": 8,
}
"""Tables added after the first export format, with the schema version that added them: an
export made before that version has no file for them, and restores as if they were empty."""

_DAY_COLUMN = {
    "check_ins": "CAST(local_time AS DATE)",
    "triggers": "CAST(local_time AS DATE)",
    "practice_log": "CAST(local_time AS DATE)",
    "reflections": "day",
    "sessions": "day",
    # A task is in the export of its session's days.
    "session_tasks": "(SELECT s.day FROM sessions s WHERE s.id = session_tasks.session_id)",
    "measure_responses": "day",
    "goal_ratings": "day",
}
_ORDER = {
    "check_ins": "local_time, id",
    "triggers": "local_time, id",
    "practice_log": "local_time, id",
    "reflections": "day, id",
    "sessions": "day, id",
    "session_tasks": "session_id, position, id",
    "practices": "name, id",
    "trigger_categories": "position, name",
    "measure_responses": "day, measure, id",
    "settings": "key",
    "goals": "created, created_at, id",
    "goal_ratings": "day, goal_id, id",
}


def table_columns(con: Connection) -> dict[str, list[tuple[str, str, bool]]]:
    """Each export table's columns in schema order, as (name, DuckDB type, nullable)."""
    rows = con.execute(
        "SELECT table_name, column_name, data_type, is_nullable = 'YES' "
        "FROM information_schema.columns WHERE table_schema = 'main' AND table_name IN "
        f"({', '.join('?' for _ in EXPORT_TABLES)}) ORDER BY table_name, ordinal_position",
        list(EXPORT_TABLES),
    ).fetchall()
    columns: dict[str, list[tuple[str, str, bool]]] = {table: [] for table in EXPORT_TABLES}
    for table, column, data_type, nullable in rows:
        columns[table].append((column, data_type, bool(nullable)))
    return columns


def table_rows(
    con: Connection, table: str, start: date | None = None, end: date | None = None
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """All rows of one table as Python values (entries limited to local days in [start, end]).

    Time-zone-aware columns come back in UTC so the export does not depend on this machine's zone.
    """
    if table not in EXPORT_TABLES:
        raise ValueError(f"{table!r} is not a journal table")
    kinds = {name: data_type for name, data_type, _ in table_columns(con)[table]}
    columns = list(kinds)
    select = ", ".join(
        f"timezone('UTC', {name}) AS {name}" if kinds[name] == "TIMESTAMP WITH TIME ZONE" else name
        for name in columns
    )
    where, params = "", []
    if table in _DAY_COLUMN:
        day = _DAY_COLUMN[table]
        where = f"WHERE (? IS NULL OR {day} >= ?) AND (? IS NULL OR {day} <= ?)"
        params = [start, start, end, end]
    rows = con.execute(
        f"SELECT {select} FROM {table} {where} ORDER BY {_ORDER[table]}", params
    ).fetchall()
    return columns, rows


def existing_ids(con: Connection, table: str) -> set[str]:
    """The ids already in an entry table (or in `practices`)."""
    if table not in (*ENTRY_TABLES, "practices", *GOAL_TABLES):
        raise ValueError(f"{table!r} has no entry ids")
    return {row[0] for row in con.execute(f"SELECT id FROM {table}").fetchall()}


def response_days(con: Connection) -> set[tuple[str, date]]:
    """(measure, day) of every questionnaire response: one a day counts."""
    return {
        (measure, day)
        for measure, day in con.execute("SELECT measure, day FROM measure_responses").fetchall()
    }


def practice_days(con: Connection) -> set[tuple[str, date]]:
    """(practice id, day) of every practice log: a practice day counts once."""
    return {
        (practice_id, day)
        for practice_id, day in con.execute(
            "SELECT practice_id, CAST(local_time AS DATE) FROM practice_log"
        ).fetchall()
    }


def session_ids(con: Connection) -> dict[str, date]:
    """The journal's sessions: id to day."""
    return dict(con.execute("SELECT id, day FROM sessions").fetchall())


def existing_task_ids(con: Connection) -> set[str]:
    return {row[0] for row in con.execute("SELECT id FROM session_tasks").fetchall()}


def session_tasks_by_session(con: Connection) -> dict[str, list[tuple[str, int]]]:
    """Every session's tasks as (text, position), in the order agreed."""
    tasks: dict[str, list[tuple[str, int]]] = {}
    for session_id, text, position in con.execute(
        "SELECT session_id, text, position FROM session_tasks ORDER BY position, created_at, id"
    ).fetchall():
        tasks.setdefault(session_id, []).append((text, position))
    return tasks


def insert_tasks(con: Connection, rows: list[dict[str, Any]]) -> int:
    """Insert checked session tasks. The caller owns the transaction."""
    return insert_frame(con, "session_tasks", rows)


def goal_rating_days(con: Connection) -> set[tuple[str, date]]:
    """(goal id, day) of every goal rating: one a goal a day."""
    return {
        (goal_id, day)
        for goal_id, day in con.execute("SELECT goal_id, day FROM goal_ratings").fetchall()
    }


def active_goal_ids(con: Connection) -> set[str]:
    """The ids of the goals being worked on (at most `gbo.MAX_ACTIVE`)."""
    rows = con.execute("SELECT id FROM goals WHERE status = 'active'").fetchall()
    return {goal_id for (goal_id,) in rows}


def insert_goal_rows(con: Connection, table: str, rows: list[dict[str, Any]]) -> int:
    """Insert checked goals or goal ratings. The caller owns the transaction."""
    if table not in GOAL_TABLES:
        raise ValueError(f"{table!r} is not a goal table")
    return insert_frame(con, table, rows)


def session_dates(con: Connection) -> set[date]:
    """Every day with a therapy session: a date counts once."""
    return {row[0] for row in con.execute("SELECT day FROM sessions").fetchall()}


def setting_values(con: Connection) -> dict[str, str]:
    """Every setting the person made, key -> value."""
    return dict(con.execute("SELECT key, value FROM settings").fetchall())


def insert_settings(con: Connection, rows: list[dict[str, Any]]) -> int:
    """Insert checked settings whose keys are not set yet. The caller owns the transaction."""
    return insert_frame(con, "settings", rows)


def practice_catalog(con: Connection) -> list[tuple[str, str]]:
    """(id, name) of every practice, kept or retired."""
    return con.execute("SELECT id, name FROM practices ORDER BY name").fetchall()


def practice_rows(con: Connection) -> list[dict[str, Any]]:
    """Every practice, kept or retired, with whether any log row uses it and whether it was ever edited."""
    rows = con.execute(
        "SELECT p.id, p.name, p.description, p.weekly_target, p.active, "
        "EXISTS (SELECT 1 FROM practice_log l WHERE l.practice_id = p.id) AS used, "
        "p.updated_at <> p.created_at AS edited "
        "FROM practices p ORDER BY p.name, p.id"
    ).fetchall()
    keys = ("id", "name", "description", "weekly_target", "active", "used", "edited")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def category_rows(con: Connection) -> list[dict[str, Any]]:
    """Every trigger category with its position, whether it is kept, and whether a trigger uses it."""
    rows = con.execute(
        "SELECT c.name, c.position, c.active, "
        "EXISTS (SELECT 1 FROM triggers t WHERE t.category = c.name) AS used "
        "FROM trigger_categories c ORDER BY c.position, c.name"
    ).fetchall()
    keys = ("name", "position", "active", "used")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def delete_catalog_rows(con: Connection, table: str, keys: list[str]) -> None:
    """Delete practices (by id) or trigger categories (by name). The caller owns the transaction
    and must have checked that nothing refers to them."""
    if table not in CATALOG_TABLES:
        raise ValueError(f"{table!r} is not a catalog")
    key = "id" if table == "practices" else "name"
    for value in keys:
        con.execute(f"DELETE FROM {table} WHERE {key} = ?", [value])


def set_category_place(con: Connection, name: str, position: int, active: bool) -> None:
    """Move a trigger category and set whether it is kept. The caller owns the transaction."""
    con.execute(
        "UPDATE trigger_categories SET position = ?, active = ? WHERE name = ?",
        [position, active, name],
    )


def category_catalog(con: Connection) -> list[str]:
    return [
        row[0]
        for row in con.execute("SELECT name FROM trigger_categories ORDER BY position").fetchall()
    ]


def entry_count(con: Connection) -> int:
    """How many entries the journal holds across every entry table (catalogs not counted)."""
    return int(
        one_value(
            con.execute("SELECT " + " + ".join(f"(SELECT count(*) FROM {t})" for t in ENTRY_TABLES))
        )
        or 0
    )


def insert_catalog_rows(con: Connection, table: str, rows: list[dict[str, Any]]) -> int:
    """Insert checked catalog rows (practices or trigger categories). The caller owns the transaction."""
    if table not in CATALOG_TABLES:
        raise ValueError(f"{table!r} is not a catalog")
    return insert_frame(con, table, rows)


def next_category_position(con: Connection) -> int:
    return int(
        one_value(con.execute("SELECT coalesce(max(position), -1) + 1 FROM trigger_categories"))
    )


def row_counts(
    con: Connection, start: date | None = None, end: date | None = None
) -> dict[str, int]:
    """Rows per table an export of [start, end] would hold (catalogs always whole), in one query."""
    parts = []
    params: list[Any] = []
    for table in EXPORT_TABLES:
        if table in _DAY_COLUMN:
            day = _DAY_COLUMN[table]
            parts.append(
                f"(SELECT count(*) FROM {table} WHERE (? IS NULL OR {day} >= ?) AND (? IS NULL OR {day} <= ?)) AS {table}"
            )
            params += [start, start, end, end]
        else:
            parts.append(f"(SELECT count(*) FROM {table}) AS {table}")
    row = one_row(con.execute("SELECT " + ", ".join(parts), params))
    return dict(zip(EXPORT_TABLES, (int(n) for n in row), strict=True))
