"""Backups of the journal file: consistent copies in a `backups/` folder beside it.

A backup is a whole DuckDB database named for the journal, the time and the reason, e.g.
`journal-2026-11-24T10-31-05-before-import.duckdb` (a second backup in the same second gets
`-2`, `-3`, ... after the time). The newest `KEEP` backups of each journal are kept.

How a copy stays consistent while the app holds the journal open: the copy is made with
DuckDB's `COPY FROM DATABASE` inside one transaction, so it reads one snapshot of every
table (MVCC), including what is still only in the write-ahead log; writes from other tabs
during the copy are simply not in it. Copying the file's bytes would need a CHECKPOINT and
then no writer until the copy ends, which no one can promise while other cursors are live.
The copy is written under a hidden `.writing-` name and renamed into place only when complete
(the rename is atomic), so a full disk or a killed process never leaves a half backup that
looks whole. Such a leftover is never listed or counted, and `sweep_unfinished` (run when the
journal is opened) deletes it, except a file this process is using (`in_use`), one another
process holds open (DuckDB locks it), or one touched in the last `SWEEP_GRACE_SECONDS`.
"""

from __future__ import annotations

import fcntl
import glob
import os
import re
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from analytics import clock, private_files
from analytics.storage.base import Connection, one_value, transaction

BACKUP_FOLDER = "backups"
KEEP = 10
"""How many backups of each journal are kept; older ones are deleted after each new one."""

TIME_FORMAT = "%Y-%m-%dT%H-%M-%S"
WRITING_PREFIX = ".writing-"
SWEEP_GRACE_SECONDS = 60
"""A `.writing-` file touched this recently may belong to a copy that is still starting."""

_in_use: set[str] = set()
_in_use_lock = threading.Lock()


@contextmanager
def in_use(path: Path) -> Iterator[Path]:
    """Mark a `.writing-` file as this process's while the block runs, so no sweep deletes it."""
    key = os.path.abspath(path)
    with _in_use_lock:
        _in_use.add(key)
    try:
        yield path
    finally:
        with _in_use_lock:
            _in_use.discard(key)


def sweep_unfinished(journal_path: str | Path, now: float | None = None) -> list[Path]:
    """Delete the half-written copies (`.writing-*`) a killed process left in the backups folder.

    Leaves alone a file this process is using (`in_use`), one another process holds open (its
    DuckDB lock), and one touched in the last `SWEEP_GRACE_SECONDS`. Returns what was deleted;
    a file that cannot be deleted is left for the next time.
    """
    folder = backups_dir(journal_path)
    if not folder.is_dir():
        return []
    now = time.time() if now is None else now
    removed = []
    try:
        children = sorted(folder.iterdir())
    except OSError:
        return []
    for child in children:
        if not child.name.startswith(WRITING_PREFIX) or child.is_symlink() or not child.is_file():
            continue
        base = child.with_name(child.name.removesuffix(".wal"))
        try:
            with _in_use_lock:
                mine = os.path.abspath(base) in _in_use
            if mine or now - child.stat().st_mtime < SWEEP_GRACE_SECONDS:
                continue
            if base.exists() and _held_elsewhere(base):
                continue
            remove_file(base)
            child.unlink(missing_ok=True)
        except OSError:
            continue
        removed.append(child)
    return removed


def _held_elsewhere(path: Path) -> bool:
    """True when another process holds DuckDB's lock on this file (it is still being written).

    Only for files this process does not have open: closing a probe's descriptor drops every
    POSIX lock this process holds on the file.
    """
    descriptor = os.open(path, os.O_RDWR)
    try:
        fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    else:
        fcntl.lockf(descriptor, fcntl.LOCK_UN)
        return False
    finally:
        os.close(descriptor)


@dataclass(frozen=True)
class Backup:
    """One backup file: its name (what `restore-backup` takes), when it was taken and why."""

    name: str
    path: Path
    taken_at: datetime
    sequence: int
    reason: str
    size_bytes: int

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason.replace("-", " "))


REASON_LABELS = {
    "before-migration": "before an upgrade of the journal",
    "before-import": "before an import",
    "before-restore": "before a restore from an export",
    "before-backup-restore": "before a backup was restored",
    "manual": "taken by hand",
}


def real_journal_path(journal_path: str | Path) -> Path:
    """The journal file with symlinks resolved: DuckDB opens (and names) the real file, so its
    backups sit beside the real file and are named for it, whatever path opened it."""
    return Path(os.path.realpath(Path(journal_path).expanduser()))


def backups_dir(journal_path: str | Path) -> Path:
    """The backups folder of the journal at `journal_path` (beside the real file, through symlinks)."""
    return real_journal_path(journal_path).parent / BACKUP_FOLDER


def _pattern(stem: str) -> re.Pattern[str]:
    return re.compile(
        rf"^{re.escape(stem)}-(\d{{4}}-\d\d-\d\dT\d\d-\d\d-\d\d)(?:-(\d+))?-([a-z][a-z-]*)\.duckdb$"
    )


def list_backups(journal_path: str | Path) -> list[Backup]:
    """The journal's backups, newest first. Files that are not backups of this journal are ignored,
    and so is a symlink (nothing is ever listed, restored or pruned through one)."""
    journal_path = real_journal_path(journal_path)
    folder = backups_dir(journal_path)
    if not folder.is_dir() or folder.is_symlink():
        return []
    pattern = _pattern(journal_path.stem)
    found = []
    for child in folder.iterdir():
        match = pattern.match(child.name)
        if not match or child.is_symlink() or not child.is_file():
            continue
        taken_at = datetime.strptime(match[1], TIME_FORMAT)
        found.append(
            Backup(child.name, child, taken_at, int(match[2] or 1), match[3], child.stat().st_size)
        )
    return sorted(found, key=lambda b: (b.taken_at, b.sequence), reverse=True)


def newest_backup(journal_path: str | Path) -> Backup | None:
    """The journal's newest backup (`list_backups`' first), or None when it has none."""
    found = list_backups(journal_path)
    return found[0] if found else None


def journal_file(con: Connection) -> Path | None:
    """The file behind this connection, or None for an in-memory journal."""
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    return Path(row[0]) if row and row[0] else None


def database_name(con: Connection) -> str:
    return one_value(con.execute("SELECT current_database()"))


def take_backup(con: Connection, reason: str, now: datetime | None = None) -> Path | None:
    """Copy the journal behind `con` into its backups folder; return the backup's path.

    Returns None (and does nothing) for an in-memory journal. Raises `OSError` or a
    `duckdb.Error` when the copy cannot be written; then no backup file is left behind.
    """
    source = journal_file(con)
    if source is None:
        return None
    source = real_journal_path(source)
    if not re.fullmatch(r"[a-z][a-z-]*", reason):
        raise ValueError(f"a backup reason is lowercase words joined by '-', not {reason!r}")
    folder = backups_dir(source)
    folder.mkdir(
        mode=0o700, exist_ok=True
    )  # owner-only whatever the umask (mkdir's mode is masked)
    private_files.tighten(folder)
    target = _free_name(folder, source.stem, (now or clock.now()).strftime(TIME_FORMAT), reason)
    writing = folder / f"{WRITING_PREFIX}{uuid.uuid4().hex}-{target.name}"
    with in_use(writing):
        try:
            copy_database(con, writing)
            private_files.put_in_place(writing, target)
        except BaseException:
            remove_file(writing)
            raise
    prune(source)
    return target


def _free_name(folder: Path, stem: str, stamp: str, reason: str) -> Path:
    sequence = 1
    while True:
        suffix = "" if sequence == 1 else f"-{sequence}"
        # Numbered across reasons, so backups of the same second keep the order they were taken in.
        if not any(folder.glob(f"{glob.escape(stem)}-{stamp}{suffix}-*.duckdb")):
            return folder / f"{stem}-{stamp}{suffix}-{reason}.duckdb"
        sequence += 1


PENDING_SUFFIX = ".restoring"
"""`journal.duckdb.restoring`: a checked copy a restore decided to put in the journal's place."""


def wal_of(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def pending_restore(journal_path: str | Path) -> Path:
    """Where a restore over a damaged journal puts the checked copy just before the last rename."""
    path = Path(journal_path)
    return path.with_name(path.name + PENDING_SUFFIX)


def keep_as(path: Path, kept: Path) -> None:
    """Give `path` a second name `kept` (a hard link: the same bytes, never rewritten); where
    the file system has no hard links, a whole copy written under a hidden name and renamed."""
    try:
        os.link(path, kept)
    except OSError:
        writing = kept.with_name(f"{WRITING_PREFIX}{uuid.uuid4().hex}-{kept.name}")
        try:
            shutil.copyfile(path, writing)
            private_files.put_in_place(writing, kept)
        except BaseException:
            writing.unlink(missing_ok=True)
            raise


def finish_interrupted_restore(journal_path: str | Path) -> bool:
    """Finish a restore over a damaged journal that was decided but stopped (a killed process):
    a checked copy at `pending_restore(journal_path)` takes the journal's place. The damaged
    journal and its log were kept under their `.damaged-` names before the copy got its pending
    name (`analytics.export.backups`), so the journal's log is removed and one atomic rename
    puts the copy in place. Also removes spare `.damaged-` names that are the journal itself (a
    restore stopped before it was decided: the journal is still the damaged file, untouched).
    Returns whether a restore was finished. Raises `OSError` if the folder refuses."""
    path = Path(journal_path)
    pending = pending_restore(path)
    if pending.is_file() and not pending.is_symlink():
        wal_of(path).unlink(missing_ok=True)
        os.replace(pending, path)
        return True
    if path.is_file():
        for spare in path.parent.glob(f"{glob.escape(path.name)}.damaged-*"):
            original = wal_of(path) if spare.name.endswith(".wal") else path
            try:
                if original.exists() and os.path.samefile(spare, original):
                    spare.unlink()
            except OSError:
                continue
    return False


def remove_file(path: Path) -> None:
    """Delete a database file and its write-ahead log, if there."""
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


def copy_database(con: Connection, target: Path) -> None:
    """Write a consistent copy of the journal behind `con` to a new file at `target`."""
    alias = f"backup_{uuid.uuid4().hex}"
    source = database_name(con)
    con.execute(f"ATTACH ? AS {alias}", [str(target)])
    try:
        with transaction(con):
            con.execute(f'COPY FROM DATABASE "{source}" TO {alias}')
    finally:
        con.execute(f"DETACH {alias}")


def read_every_row(con: Connection) -> None:
    """Read every column of every row of the journal behind `con`; a damaged block raises `duckdb.Error`.

    Reading is streamed by DuckDB (a hash per row, one number back per table), so it costs no memory.
    """
    tables = [
        row[0]
        for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' ORDER BY table_name"
        ).fetchall()
    ]
    for table in tables:
        con.execute(f'SELECT count(*), bit_xor(hash(*COLUMNS(*))) FROM main."{table}"').fetchone()


def replace_contents(con: Connection, source: Path) -> None:
    """Make every table of the journal behind `con` hold exactly what the same table holds in the
    journal file `source` (already at the same schema), in one transaction: all of it or none."""
    alias = f"restoring_{uuid.uuid4().hex}"
    con.execute(f"ATTACH ? AS {alias} (READ_ONLY)", [str(source)])
    try:
        tables = [
            row[0]
            for row in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' ORDER BY table_name"
            ).fetchall()
        ]
        with transaction(con):
            for table in tables:
                con.execute(f'DELETE FROM main."{table}"')
                con.execute(
                    f'INSERT INTO main."{table}" BY NAME SELECT * FROM {alias}.main."{table}"'
                )
    finally:
        con.execute(f"DETACH {alias}")


def prune(journal_path: str | Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest `keep` backups of this journal; return what was deleted."""
    removed = []
    for old in list_backups(journal_path)[keep:]:
        remove_file(old.path)
        removed.append(old.path)
    return removed
