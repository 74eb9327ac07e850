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
looks whole.
"""

from __future__ import annotations

import glob
import os
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from analytics.storage.base import Connection, transaction

BACKUP_FOLDER = "backups"
KEEP = 10
"""How many backups of each journal are kept; older ones are deleted after each new one."""

TIME_FORMAT = "%Y-%m-%dT%H-%M-%S"
WRITING_PREFIX = ".writing-"


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


def backups_dir(journal_path: str | Path) -> Path:
    return Path(journal_path).parent / BACKUP_FOLDER


def _pattern(stem: str) -> re.Pattern[str]:
    return re.compile(
        rf"^{re.escape(stem)}-(\d{{4}}-\d\d-\d\dT\d\d-\d\d-\d\d)(?:-(\d+))?-([a-z][a-z-]*)\.duckdb$"
    )


def list_backups(journal_path: str | Path) -> list[Backup]:
    """The journal's backups, newest first. Files that are not backups of this journal are ignored."""
    journal_path = Path(journal_path)
    folder = backups_dir(journal_path)
    if not folder.is_dir():
        return []
    pattern = _pattern(journal_path.stem)
    found = []
    for child in folder.iterdir():
        match = pattern.match(child.name)
        if not match or not child.is_file():
            continue
        taken_at = datetime.strptime(match[1], TIME_FORMAT)
        found.append(
            Backup(child.name, child, taken_at, int(match[2] or 1), match[3], child.stat().st_size)
        )
    return sorted(found, key=lambda b: (b.taken_at, b.sequence), reverse=True)


def journal_file(con: Connection) -> Path | None:
    """The file behind this connection, or None for an in-memory journal."""
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    return Path(row[0]) if row and row[0] else None


def database_name(con: Connection) -> str:
    return con.execute("SELECT current_database()").fetchone()[0]


def take_backup(con: Connection, reason: str, now: datetime | None = None) -> Path | None:
    """Copy the journal behind `con` into its backups folder; return the backup's path.

    Returns None (and does nothing) for an in-memory journal. Raises `OSError` or a
    `duckdb.Error` when the copy cannot be written; then no backup file is left behind.
    """
    source = journal_file(con)
    if source is None:
        return None
    if not re.fullmatch(r"[a-z][a-z-]*", reason):
        raise ValueError(f"a backup reason is lowercase words joined by '-', not {reason!r}")
    folder = backups_dir(source)
    folder.mkdir(
        mode=0o700, exist_ok=True
    )  # owner-only whatever the umask (mkdir's mode is masked)
    _owner_only(folder, 0o700)
    target = _free_name(folder, source.stem, (now or datetime.now()).strftime(TIME_FORMAT), reason)
    writing = folder / f"{WRITING_PREFIX}{uuid.uuid4().hex}-{target.name}"
    try:
        copy_database(con, writing)
        _owner_only(writing, 0o600)
        os.replace(writing, target)
    except BaseException:
        remove_file(writing)
        raise
    prune(source)
    return target


def _owner_only(path: Path, mode: int) -> None:
    """chmod `path` to `mode` unless it already has no group or other bits (a backup is as private as the journal)."""
    if os.stat(path).st_mode & 0o077:
        os.chmod(path, mode)


def _free_name(folder: Path, stem: str, stamp: str, reason: str) -> Path:
    sequence = 1
    while True:
        suffix = "" if sequence == 1 else f"-{sequence}"
        # Numbered across reasons, so backups of the same second keep the order they were taken in.
        if not any(folder.glob(f"{glob.escape(stem)}-{stamp}{suffix}-*.duckdb")):
            return folder / f"{stem}-{stamp}{suffix}-{reason}.duckdb"
        sequence += 1


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
