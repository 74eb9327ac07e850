"""Backups of the journal: taken before every change that touches many entries at once, listed,
and restored.

A backup is taken before every migration (by `storage.connect`), every import and every
restore from an export that changes something (`backup_before`; one that adds nothing takes
none, so re-imports never push the real recovery points out), and before a backup is restored.
A damaged backup is found out on a scratch copy before the journal is opened, and refused by
name (`BackupRefused`) with the journal untouched. Each is a whole,
consistent DuckDB copy in a `backups/` folder beside the journal, named with the time and the
reason (`journal-2026-11-24T10-31-05-before-import.duckdb`); the newest 10 are kept. An
in-memory journal has no file, so it has no backups (quietly).

Restoring a backup works while the app holds the journal open: when the journal opens, the
backup's contents replace the journal's in one transaction through that same database (other
tabs' cursors see the restored journal at once, no reopening needed). When the journal is
damaged and cannot open, the damaged file (and its write-ahead log) is kept beside the journal
as `journal.duckdb.damaged-<time>`, never altered, and the checked copy of the backup takes its
place by one atomic rename: a journal is always in place, and a restore killed after it was
decided is finished the next time the journal is opened (see `_replace_damaged_file`).
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from analytics import clock, storage
from analytics.storage import backup_files, faults
from analytics.storage.backup_files import KEEP, Backup, backups_dir, list_backups, newest_backup
from analytics.words import backup_restore as backup_words

__all__ = [
    "KEEP",
    "Backup",
    "BackupRefused",
    "RestoredBackup",
    "backup_before",
    "backup_now",
    "backup_rows",
    "backups_dir",
    "export_backup",
    "list_backups",
    "newest_backup",
    "restore_backup",
]


class BackupRefused(storage.JournalError):
    """A backup could not be taken or restored; the message says why. Nothing was changed."""


@dataclass(frozen=True)
class RestoredBackup:
    """What `restore_backup` did: which backup, the backup of the journal taken just before (None
    when the journal was damaged), and where a damaged journal was kept."""

    restored: str
    safety_backup: Path | None
    damaged_kept_at: Path | None

    def summary(self) -> str:
        return backup_words.restored(
            self.restored,
            self.safety_backup.name if self.safety_backup else None,
            str(self.damaged_kept_at) if self.damaged_kept_at else None,
        )


def backup_before(con: storage.Connection, action: str) -> Path | None:
    """Back up the journal behind `con` before `action` ("import", "restore", ...); return the backup.

    Returns None for an in-memory journal. Raises `faults.JournalFault` when the backup cannot be
    written (full disk, read-only folder): the caller must then not go on, so nothing changes
    without a backup. No half-written backup is ever left.
    """
    try:
        return backup_files.take_backup(con, f"before-{action}")
    except (duckdb.Error, OSError) as error:
        path = backup_files.journal_file(con) or Path(":memory:")
        raise faults.explain(
            error, path, doing=f"The {action.replace('-', ' ')} (and its backup)"
        ) from error


def backup_now(con: storage.Connection) -> Path | None:
    """Take a backup by hand (reason "manual"); None for an in-memory journal. Faults as `backup_before`."""
    try:
        return backup_files.take_backup(con, "manual")
    except (duckdb.Error, OSError) as error:
        path = backup_files.journal_file(con) or Path(":memory:")
        raise faults.explain(error, path, doing="The backup") from error


def backup_rows(journal_path: str | Path) -> list[dict]:
    """The backups as table rows for a person: name, when, why, size in MB; newest first."""
    return [
        {
            "backup": b.name,
            "taken": b.taken_at,
            "why": b.reason_label,
            "size (MB)": round(b.size_bytes / 1_000_000, 1),
        }
        for b in list_backups(journal_path)
    ]


def restore_backup(
    journal_path: str | Path, name: str, *, now: datetime | None = None
) -> RestoredBackup:
    """Make the journal at `journal_path` what the backup `name` holds; the current journal is backed up first.

    `name` must be one of `list_backups(journal_path)` (a bare file name, never a path). The
    backup is first copied and brought to the latest schema in a scratch file, so the backup
    itself is never modified. Raises `BackupRefused` for an unknown name and `faults.JournalFault`
    when the journal is open in another program or the disk refuses; then nothing changed.
    """
    journal_path = Path(journal_path)
    chosen = _chosen(journal_path, name)
    scratch = (
        backups_dir(journal_path)
        / f"{backup_files.WRITING_PREFIX}{uuid.uuid4().hex}-restoring.duckdb"
    )
    # Marked in use, so opening the journal below does not sweep it away as a leftover.
    with backup_files.in_use(scratch):
        try:
            _prepare_scratch(chosen, scratch)
            return _restore_from_scratch(journal_path, chosen, scratch, now)
        finally:
            backup_files.remove_file(scratch)


def _chosen(journal_path: Path, name: str) -> Backup:
    """The backup called `name` (a bare file name, as listed); `BackupRefused` naming the newest
    ones when there is none."""
    chosen = next((b for b in list_backups(journal_path) if b.name == name), None)
    if chosen is None:
        known = ", ".join(b.name for b in list_backups(journal_path)[:3])
        raise BackupRefused(
            f"There is no backup named {name!r} for {journal_path}."
            + (f" The newest are: {known}." if known else " There are no backups yet.")
        )
    return chosen


def export_backup(
    journal_path: str | Path,
    name: str | None,
    out: str | Path,
    *,
    password: str | None = None,
    replace: bool = False,
) -> Backup:
    """Write the backup `name` (the newest when None) as an export zip at `out`, to keep off this
    machine: locked with `password` when given (`analytics.export.locked`), and restored like any
    export (`between restore`). Returns the backup written.

    The backup is only read (an older one through an upgraded private copy, deleted afterwards);
    the zip appears whole or not at all (`files.write_whole_file`). Raises `BackupRefused` for
    an unknown name, no backups, or a damaged backup; nothing is written then.
    """
    from analytics.export.journal_zip import write_export

    journal_path = Path(journal_path)
    if name is None:
        chosen = newest_backup(journal_path)
        if chosen is None:
            raise BackupRefused(
                f"There are no backups of {journal_path} yet (they are taken before every "
                "upgrade, import and restore). Nothing was written."
            )
    else:
        chosen = _chosen(journal_path, name)
    try:
        with storage.open_to_read(chosen.path) as con:
            write_export(con, out, replace=replace, password=password)
    except faults.JournalFault as fault:
        if fault.kind is faults.FaultKind.DAMAGED:
            raise _damaged_backup(chosen, fault, written_out=True) from fault
        raise
    except duckdb.Error as error:
        raise _damaged_backup(chosen, error, written_out=True) from error
    return chosen


def _prepare_scratch(chosen: Backup, scratch: Path) -> None:
    """Copy the backup to `scratch`, bring it to the latest schema and read every row of it.

    A backup that cannot be opened or read whole raises `BackupRefused` naming the backup:
    that is found out here, before the journal is opened, so the journal is not touched.
    """
    try:
        shutil.copyfile(chosen.path, scratch)
    except OSError as error:
        raise faults.explain(error, chosen.path, doing="The restore") from error
    try:
        con = storage.connect(scratch)
        try:
            backup_files.read_every_row(con)
            con.execute("CHECKPOINT")  # all in the one file: it is renamed alone into place
        finally:
            con.close()
    except faults.JournalFault as fault:
        if fault.kind is faults.FaultKind.DAMAGED:
            raise _damaged_backup(chosen, fault) from fault
        raise faults.explain(fault.__cause__ or fault, chosen.path, doing="The restore") from fault
    except duckdb.Error as error:
        # Opened, but a block of it cannot be read.
        raise _damaged_backup(chosen, error) from error


def _damaged_backup(
    chosen: Backup, error: BaseException, written_out: bool = False
) -> BackupRefused:
    return BackupRefused(
        backup_words.damaged_backup(chosen.name, _reason(error, chosen.name), written_out)
    )


# A path in DuckDB's message, quoted or not: it names the scratch copy, not the chosen backup.
_PATH = re.compile(r'"[^"]*/[^"]*"|\'[^\']*/[^\']*\'|/[^\s"\':]+')


def _reason(error: BaseException, name: str) -> str:
    """The first line of what went wrong, without DuckDB's prefixes, with any path in it (the
    scratch copy's) replaced by the chosen backup's `name`, so the sentence still reads right
    ("The file 'journal-….duckdb' exists, but it is not a valid DuckDB database file")."""
    cause = error.__cause__ if isinstance(error, faults.JournalFault) and error.__cause__ else error
    return _PATH.sub(f"'{name}'", faults.first_line(cause)).rstrip("!.")


def _restore_from_scratch(
    journal_path: Path, chosen: Backup, scratch: Path, now: datetime | None
) -> RestoredBackup:
    try:
        con = storage.connect(journal_path)
    except faults.JournalFault as fault:
        if fault.kind is not faults.FaultKind.DAMAGED:
            raise
        return _replace_damaged_file(journal_path, chosen, scratch, now)
    try:
        try:
            safety = backup_before(con, "backup-restore")
        except faults.JournalFault as fault:
            if fault.kind is not faults.FaultKind.DAMAGED:
                raise
            # The damage showed only when the copy read a lost block.
            con.close()
            return _replace_damaged_file(journal_path, chosen, scratch, now)
        try:
            backup_files.replace_contents(con, scratch)
        except (duckdb.Error, OSError) as error:
            raise faults.explain(error, journal_path, doing="The restore") from error
    finally:
        con.close()
    return RestoredBackup(chosen.name, safety, None)


def _replace_damaged_file(
    journal_path: Path, chosen: Backup, scratch: Path, now: datetime | None
) -> RestoredBackup:
    """Keep the damaged journal (and its log) beside it untouched, then put the checked copy in
    its place, so that a kill at any step leaves a journal in place:

    1. the damaged file and its log get their kept names as second links (`os.link`; a copy
       where the file system has no links): the journal is still in place;
    2. the checked copy is renamed to `<journal>.restoring` beside it (`backup_files.PENDING`):
       from here on the restore is decided, and the next opening of the journal finishes it
       (`backup_files.finish_interrupted_restore`);
    3. the damaged log is removed (it is kept), and the checked copy is renamed over the journal:
       one atomic rename, so the journal is always either the damaged file or the restored one.

    A kill before step 2 leaves the damaged journal in place as it was (the spare links to it
    are removed when it is next opened); a kill after it is finished on the next opening.
    """
    stamp = (now or clock.now()).strftime(backup_files.TIME_FORMAT)
    kept = journal_path.with_name(f"{journal_path.name}.damaged-{stamp}")
    suffix = 2
    while kept.exists() or kept.with_name(kept.name + ".wal").exists():
        kept = journal_path.with_name(f"{journal_path.name}.damaged-{stamp}-{suffix}")
        suffix += 1
    wal = backup_files.wal_of(journal_path)
    kept_wal = backup_files.wal_of(kept)
    try:
        backup_files.keep_as(journal_path, kept)
        if wal.exists():
            backup_files.keep_as(wal, kept_wal)
        os.replace(scratch, backup_files.pending_restore(journal_path))
    except OSError as error:
        # Nothing is decided yet: the journal was never moved; drop the spare names again.
        for spare in (kept, kept_wal):
            spare.unlink(missing_ok=True)
        raise faults.explain(error, journal_path, doing="The restore") from error
    try:
        backup_files.finish_interrupted_restore(journal_path)
    except OSError as error:
        raise faults.explain(error, journal_path, doing="The restore") from error
    return RestoredBackup(chosen.name, None, kept)
