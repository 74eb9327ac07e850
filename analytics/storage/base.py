"""What every storage module shares: the connection type, the journal's error, one transaction.

Kept apart from `journal.py` so that `faults` and `backup_files` can use them while `journal`
uses those two in turn, without an import circle.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import duckdb

Connection = duckdb.DuckDBPyConnection


class JournalError(RuntimeError):
    """The journal file cannot be used as it is; the message says why and what to do."""


@contextmanager
def transaction(con: Connection) -> Iterator[Connection]:
    """One transaction: everything inside lands, or (on any exception) nothing does."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def one_value(cursor: duckdb.DuckDBPyConnection) -> Any:
    """The first value of the one row a query returns (an aggregate, `current_database()`).

    Raises `JournalError` when the query returned no row (`one_row`).
    """
    return one_row(cursor)[0]


def one_row(cursor: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    """The one row a query of aggregates returns. Raises `JournalError` when there is none: an
    aggregate always returns a row, so none means the journal file is not what it should be,
    and saying so beats a TypeError."""
    row = cursor.fetchone()
    if row is None:
        raise JournalError(
            "The journal answered a question about itself with nothing, so it cannot be read "
            "as it is. Restore a backup, or open it with `between` to see what is wrong."
        )
    return row


def row_by_id(
    con: Connection, table: str, columns: Sequence[str], row_id: str, missing: Exception
) -> dict[str, Any]:
    """The row of `table` with this id, as {column: value}; raises `missing` when there is none
    (it may have been changed or deleted in another tab). `table` and `columns` are ours, never
    the person's."""
    found = con.execute(
        f"SELECT {', '.join(columns)} FROM {table} WHERE id = ?", [row_id]
    ).fetchone()
    if found is None:
        raise missing
    return dict(zip(columns, found, strict=True))


# --- settings: read and written by several query modules, so kept at the bottom layer -------


def get_setting(con: Connection, key: str, default: str | None = None) -> str | None:
    row = con.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return default if row is None else row[0]


def setting_changed(con: Connection, key: str) -> Any:
    """When the setting `key` was last written (None without it)."""
    return one_value(con.execute("SELECT max(updated_at) FROM settings WHERE key = ?", [key]))


def upsert_setting(con: Connection, key: str, value: str) -> None:
    """Write one setting inside the caller's transaction (`set_setting` opens its own)."""
    con.execute(
        """INSERT INTO settings (key, value) VALUES (?, ?)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value,
           updated_at = now()""",
        [key, value],
    )
