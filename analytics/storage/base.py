"""What every storage module shares: the connection type, the journal's error, one transaction.

Kept apart from `journal.py` so that `faults` and `backup_files` can use them while `journal`
uses those two in turn, without an import circle.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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
