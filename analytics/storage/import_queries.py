"""The SQL imports need: which entries a source already brought, and new practices."""

from __future__ import annotations

from datetime import date

from analytics.storage.journal import Connection

_ENTRY_TABLES = ("check_ins", "triggers", "practice_log", "reflections", "sessions")


def existing_source_keys(con: Connection, table: str, source: str) -> set[str]:
    """The source keys already stored in `table` for entries from `source`."""
    if table not in _ENTRY_TABLES:
        raise ValueError(f"not an entry table: {table}")
    rows = con.execute(
        f"SELECT source_key FROM {table} WHERE source = ? AND source_key IS NOT NULL", [source]
    ).fetchall()
    return {row[0] for row in rows}


def practice_days(con: Connection) -> set[tuple[str, date]]:
    """(practice id, day) of every practice log: a practice day counts once."""
    rows = con.execute("SELECT practice_id, CAST(local_time AS DATE) FROM practice_log").fetchall()
    return {(practice_id, day) for practice_id, day in rows}


def practice_ids_by_name(con: Connection) -> dict[str, str]:
    """Practice id by name folded to lower case (names are unique regardless of case)."""
    return {
        name.casefold(): pid
        for pid, name in con.execute("SELECT id, name FROM practices").fetchall()
    }


def insert_practices(con: Connection, practices: list[tuple[str, str, str, int]]) -> None:
    """Insert (id, name, description, weekly_target) rows; the caller owns the transaction."""
    if practices:
        con.executemany(
            "INSERT INTO practices (id, name, description, weekly_target) VALUES (?, ?, ?, ?)",
            practices,
        )
