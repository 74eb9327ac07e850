"""Opening the journal only to read it (`between stats`, `export`, `report`): nothing is written.

The journal is opened with `read_only=True`, which writes nothing (not even a `.wal`), so it
works in a read-only folder or on a read-only disk. Two cases need a private copy instead:

- **The app has the journal open for writing.** DuckDB's lock then keeps every other process
  out, even a read-only one (see `faults`). The journal file and its write-ahead log are copied
  into a fresh owner-only (0700) temporary folder and the copy is opened read-only; DuckDB
  replays the copied log in memory, so the copy holds everything committed before the copy.
  The copy is consistent because it is only accepted if the journal file did not change and
  the log was not replaced or cut while it was being made (see `_copy_when_still`), and if it
  opens whole; otherwise it is made again, up to `COPY_ATTEMPTS` times. The copy is deleted
  afterwards. Entries saved after the copy are not in it, and the caller is told so.
- **The journal's schema is older than the app's.** A reading command does not upgrade it
  (upgrading writes, and is done with a backup by the app or a writing command). The private
  copy is upgraded instead and read; the journal itself stays as it is.

A journal written by a newer app is refused with the usual message.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from analytics import clock
from analytics.storage import faults, modes
from analytics.storage.base import Connection, JournalError
from analytics.storage.journal import connect, schema_version
from analytics.storage.schema import LATEST_VERSION

COPY_ATTEMPTS = 10
COPY_PAUSE_SECONDS = 0.2
TEMP_PREFIX = "between-sessions-reading-"

Note = Callable[[str], None]


@contextmanager
def open_to_read(path: str | Path, note: Note | None = None) -> Iterator[Connection]:
    """A connection that reads the journal at `path` (an existing file) and can never change it.

    `note` is told, in one sentence, when what is read is a copy (the app has the journal open,
    or its schema is older). Raises `faults.JournalFault` (or `JournalError` for a newer
    schema) with a message saying what to do; nothing is changed either way.
    """
    path = Path(path)
    try:
        con = connect(path, read_only=True)
    except faults.JournalFault as fault:
        if fault.kind is not faults.FaultKind.LOCKED:
            raise
        why = (
            f"The journal at {path} is open in another program (the app?), so this read a copy "
            f"of it as it was at {clock.now():%H:%M:%S}; entries saved after that are not "
            "included. The journal itself was not touched."
        )
    else:
        try:
            current = _checked_version(con) == LATEST_VERSION
        except BaseException:
            con.close()
            raise
        if current:
            try:
                yield con
            finally:
                con.close()
            return
        con.close()
        why = (
            f"The journal at {path} is from an older version of Between Sessions; this read an "
            "upgraded private copy and left the journal as it is (the app upgrades it, after a "
            "backup, the next time it opens it)."
        )
    with _private_copy(path) as copy:
        if note:
            note(why)
        yield copy


def _checked_version(con: Connection) -> int:
    version = schema_version(con)
    if version > LATEST_VERSION:
        raise JournalError(
            f"This journal was written by a newer version of Between Sessions (schema {version}); "
            "please update the app to open it."
        )
    return version


@contextmanager
def _private_copy(path: Path) -> Iterator[Connection]:
    """A connection to a consistent copy of the journal and its log, in a new 0700 folder that
    is deleted afterwards. The copy is read-only at the latest schema, else upgraded (the copy
    only). A copy that does not open whole is made again, up to `COPY_ATTEMPTS` times."""
    modes.keep_new_files_private()
    folder = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))  # mkdtemp: 0700, only this user
    try:
        problem: BaseException | None = None
        for attempt in range(COPY_ATTEMPTS):
            copy = folder / str(attempt) / path.name
            copy.parent.mkdir()
            try:
                if _copy_when_still(path, copy):
                    con = _open_copy(copy)
                    break
            except (faults.JournalFault, duckdb.Error) as error:
                if faults.classify(error) is not faults.FaultKind.DAMAGED:
                    raise faults.explain(
                        error.__cause__ or error, path, doing="Reading a copy of the journal"
                    ) from error
                problem = error
            time.sleep(COPY_PAUSE_SECONDS * (attempt + 1))
        else:
            raise faults.JournalFault(
                faults.FaultKind.LOCKED,
                path,
                f"The journal at {path} is open in another program and kept changing while it "
                "was being copied for reading. Nothing was changed. Try again in a moment, or "
                "close the app first.",
            ) from problem
        try:
            yield con
        finally:
            con.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _copy_when_still(path: Path, copy: Path) -> bool:
    """Copy the journal and its log; True if the copy is of one state of the journal.

    The journal file changes only at a checkpoint, which also deletes the log, so the copy
    is accepted when the journal file did not change and the log is the same file, not
    shorter, while they were copied. The log may have grown meanwhile: DuckDB appends each
    commit to it, and when the copy is opened it replays the complete commits and, as after a
    crash, ignores a commit cut short at the end (a copy that does not open is made again).
    """
    wal = _wal(path)
    before = (_signature(path), _signature(wal))
    try:
        shutil.copyfile(path, copy)
        if before[1] is not None:
            shutil.copyfile(wal, _wal(copy))
    except FileNotFoundError:
        return False  # the log went away mid-copy (a checkpoint): copy again
    except OSError as error:
        raise faults.explain(error, path, doing="Reading a copy of the journal") from error
    after = (_signature(path), _signature(wal))
    if after[0] != before[0]:
        return False
    if before[1] is None or after[1] is None:
        return before[1] == after[1]
    same_log = after[1][2] == before[1][2]  # inode
    return same_log and after[1][0] >= before[1][0]


def _open_copy(copy: Path) -> Connection:
    con = connect(copy, read_only=True)
    try:
        version = _checked_version(con)
    except BaseException:
        con.close()
        raise
    if version == LATEST_VERSION:
        return con
    con.close()
    return connect(copy)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)
