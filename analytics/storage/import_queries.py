"""The SQL imports need: which entries a source already brought, and new practices."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa

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


# --- set-based steps for large imports (`analytics.importers.apply`) ---------------------


def _check_table(table: str) -> None:
    if table not in _ENTRY_TABLES:
        raise ValueError(f"not an entry table: {table}")


def repeated_key_positions(
    con: Connection, table: str, source: str, keys: pa.ChunkedArray
) -> np.ndarray:
    """The positions in `keys` of the source keys `table` already holds for `source`, and of
    every key the list repeats (its first place stays). Done by DuckDB on the Arrow strings, so a
    million keys never become a million Python strings."""
    _check_table(table)
    incoming = pa.table({"position": pa.array(np.arange(len(keys))), "source_key": keys})
    con.register("incoming_keys", incoming)
    try:
        found = con.execute(
            f"""SELECT position FROM (
                    SELECT position, source_key,
                           row_number() OVER (PARTITION BY source_key ORDER BY position) AS nth
                    FROM incoming_keys)
                WHERE nth > 1 OR source_key IN
                    (SELECT source_key FROM {table} WHERE source = ? AND source_key IS NOT NULL)""",
            [source],
        ).fetchnumpy()["position"]
    finally:
        con.unregister("incoming_keys")
    return np.asarray(found, dtype=np.int64)


def logged_day_positions(
    con: Connection, practice_ids: pd.Series, moments: pd.Series
) -> np.ndarray:
    """The positions of the (practice id, moment) pairs whose practice is already logged that day."""
    incoming = pd.DataFrame(
        {
            "position": np.arange(len(practice_ids)),
            "practice_id": practice_ids.to_numpy(),
            "local_time": moments.to_numpy(),
        }
    )
    con.register("incoming_days", incoming)
    try:
        found = con.execute(
            "SELECT position FROM incoming_days i WHERE EXISTS (SELECT 1 FROM practice_log p "
            "WHERE p.practice_id = i.practice_id "
            "AND CAST(p.local_time AS DATE) = CAST(i.local_time AS DATE))"
        ).fetchnumpy()["position"]
    finally:
        con.unregister("incoming_days")
    return np.asarray(found, dtype=np.int64)


LEAN_WRITE = {
    "threads": "1",
    "preserve_insertion_order": "false",
    "allocator_flush_threshold": "'4MB'",
    "allocator_bulk_deallocation_flush_threshold": "'4MB'",
    "write_buffer_row_group_count": "1",
}
"""DuckDB settings for a large import's write, which is one transaction (all of it or none):
one thread (each thread keeps its own buffers for the anti-join and the append), no insertion
order to keep (the entries carry their own times), memory DuckDB's allocator no longer uses
handed back to the system at once rather than kept (by default up to 128 MB), and each full
row group of the transaction written to the file as it fills rather than five held in memory
(a rollback, or a kill, leaves those blocks free in the file, never in the journal). Measured
alone at 1 million rows: 491 MB at the peak by default, 438 MB so; what stays is the
transaction's own (see the README's section on large files)."""


@contextmanager
def lean_write(con: Connection) -> Iterator[Connection]:
    """`LEAN_WRITE` for the duration of a write, then the settings as they were: the app's
    connection is shared by every page, which keeps its threads for its queries."""
    before = {
        name: con.execute("SELECT current_setting(?)", [name]).fetchall()[0][0]
        for name in LEAN_WRITE
    }
    for name, value in LEAN_WRITE.items():
        con.execute(f"SET {name} = {value}")
    try:
        yield con
    finally:
        for name, value in before.items():
            con.execute(f"SET {name} = ?", [value])


def insert_new_rows(con: Connection, table: str, source: str, rows: pd.DataFrame) -> int:
    """Insert checked `rows` (the table's columns but `id`, which each row gets here) in one
    statement, leaving out those whose source key `table` already holds for `source` and, in
    `practice_log`, those of a practice already logged that day. Returns how many went in.
    The caller owns the transaction.

    Ids are UUIDs of version 7 (RFC 9562: the time in milliseconds, then random bits), as
    strings like every id: rows written together share the start of their ids, so the
    primary key's index takes them in about a fifth less time than random (version 4) ones."""
    _check_table(table)
    if not len(rows):
        return 0
    day_rule = (
        " AND NOT EXISTS (SELECT 1 FROM practice_log p WHERE p.practice_id = f.practice_id "
        "AND CAST(p.local_time AS DATE) = CAST(f.local_time AS DATE))"
        if table == "practice_log"
        else ""
    )
    con.register("incoming_rows", rows)
    try:
        inserted = con.execute(
            f"INSERT INTO {table} BY NAME SELECT uuidv7()::VARCHAR AS id, f.* "
            f"FROM incoming_rows f WHERE NOT EXISTS (SELECT 1 FROM {table} t "
            f"WHERE t.source = ? AND t.source_key = f.source_key){day_rule}",
            [source],
        ).fetchone()
    finally:
        con.unregister("incoming_rows")
    return int(inserted[0]) if inserted else 0
