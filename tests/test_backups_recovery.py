"""Backups stay recovery points: a no-op import or restore takes none, half-written copies a
killed process left are swept (never one in use), and a damaged backup is refused by name
with the journal left byte for byte as it was."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import datetime

import pytest

from analytics import storage
from analytics.cli import main as between
from analytics.export import backups, read_export, restore, write_export
from analytics.importers.command import run as run_import
from analytics.storage import backup_files
from tests.conftest import small_import_file
from tests.test_backups import with_check_ins

IMPORT_FILE = small_import_file()


def test_twelve_re_imports_of_the_same_file_keep_the_pre_import_backup(journal_path):
    with_check_ins(journal_path, 2)
    assert run_import(journal_path, IMPORT_FILE) == 0
    first = backups.list_backups(journal_path)
    assert [b.reason for b in first] == ["before-import"]

    for _ in range(backup_files.KEEP + 2):
        assert run_import(journal_path, IMPORT_FILE) == 0

    assert backups.list_backups(journal_path) == first


def test_a_restore_that_adds_nothing_takes_no_backup(tmp_path, journal_path):
    source = tmp_path / "other.duckdb"
    with_check_ins(source, 3)
    con = storage.connect(source)
    zipped = write_export(con, tmp_path / "export.zip")
    con.close()
    con = storage.connect(journal_path)
    restore(con, zipped)
    taken = backups.list_backups(journal_path)
    for _ in range(backup_files.KEEP + 2):
        assert restore(con, read_export(zipped, target=con)).adds_nothing
    con.close()
    assert backups.list_backups(journal_path) == taken and len(taken) == 1


def leftover(folder, name: str, age_seconds: float) -> os.PathLike:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(b"half a copy")
    then = time.time() - age_seconds
    os.utime(path, (then, then))
    return path


def test_half_written_copies_are_removed_at_the_next_start_and_never_listed(journal_path):
    con = storage.connect(journal_path)
    for _ in range(backup_files.KEEP):
        backups.backup_now(con)
    con.close()
    folder = journal_path.parent / "backups"
    killed = leftover(folder, ".writing-ab12-journal-2026-01-01T00-00-00-before-import.duckdb", 600)
    killed_log = leftover(folder, killed.name + ".wal", 600)
    orphan_log = leftover(folder, ".writing-cd34-restoring.duckdb.wal", 600)
    fresh = leftover(folder, ".writing-ef56-journal-2026-01-01T00-00-01-manual.duckdb", 1)
    assert len(backups.list_backups(journal_path)) == backup_files.KEEP

    storage.connect(journal_path).close()

    assert not killed.exists() and not killed_log.exists() and not orphan_log.exists()
    # One written this very minute may be another process's copy still starting.
    assert fresh.exists()
    assert len(backups.list_backups(journal_path)) == backup_files.KEEP
    assert all(not b.name.startswith(".") for b in backups.list_backups(journal_path))


def test_the_sweep_leaves_a_copy_this_process_or_another_is_still_writing(journal_path):
    folder = journal_path.parent / "backups"
    mine = leftover(folder, ".writing-0001-restoring.duckdb", 600)
    theirs = folder / ".writing-0002-journal-2026-01-01T00-00-00-manual.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time\n"
            f"con = duckdb.connect({str(theirs)!r})\n"
            "con.execute('CREATE TABLE t AS SELECT 1 AS x')\n"
            "print('open', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        then = time.time() - 600
        os.utime(theirs, (then, then))
        with backup_files.in_use(mine):
            storage.connect(journal_path).close()
        assert mine.exists() and theirs.exists()
    finally:
        holder.kill()
        holder.wait()
    storage.connect(journal_path).close()
    assert not mine.exists() and not theirs.exists()


def test_restoring_a_backup_is_not_swept_away_by_its_own_opening_of_the_journal(
    journal_path, monkeypatch
):
    """restore_backup opens the journal while its scratch copy sits in the backups folder."""
    monkeypatch.setattr(backup_files, "SWEEP_GRACE_SECONDS", 0)
    with_check_ins(journal_path, 3)
    con = storage.connect(journal_path)
    taken = backups.backup_now(con)
    storage.add_check_in(con, when=datetime(2026, 5, 1, 9), wellbeing=7)
    con.close()

    backups.restore_backup(journal_path, taken.name)

    con = storage.connect(journal_path, read_only=True)
    assert con.execute("SELECT count(*) FROM check_ins").fetchone() == (3,)
    con.close()
    assert not [p for p in (journal_path.parent / "backups").iterdir() if p.name.startswith(".")]


DAMAGE = {
    "truncated": lambda data: data[: len(data) // 3],
    "garbage": lambda data: b"\x8b\x00not a database at all" * 5000,
    "zeros after the header": lambda data: data[:4096] + b"\0" * (len(data) - 4096),
}


@pytest.mark.parametrize("how", list(DAMAGE))
@pytest.mark.parametrize("via", ["function", "cli"])
def test_a_damaged_backup_is_named_and_the_journal_is_left_byte_for_byte(
    journal_path, how, via, capsys
):
    with_check_ins(journal_path, 3)
    con = storage.connect(journal_path)
    taken = backups.backup_now(con)
    storage.add_check_in(con, when=datetime(2026, 5, 1, 9), wellbeing=7)
    con.close()
    taken.write_bytes(DAMAGE[how](taken.read_bytes()))
    before = journal_path.read_bytes()
    listed = backups.list_backups(journal_path)

    if via == "function":
        with pytest.raises(backups.BackupRefused) as refused:
            backups.restore_backup(journal_path, taken.name)
        message = str(refused.value)
    else:
        assert between(["restore-backup", taken.name, "--db", str(journal_path)]) == 1
        message = capsys.readouterr().err

    assert f"The backup {taken.name} is damaged" in message, message
    assert "not changed" in message
    assert ".writing-" not in message and str(journal_path) not in message, message
    assert "Traceback" not in message
    assert journal_path.read_bytes() == before
    assert backups.list_backups(journal_path) == listed
    assert not [p for p in (journal_path.parent / "backups").iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(
    ("how", "reason"),
    [
        (
            "truncated",
            r"the file holds [\d,]+ bytes of the [\d,]+ its blocks in use need; it was cut short",
        ),
        ("garbage", r"The file '{name}' exists, but it is not a valid DuckDB database file"),
        (
            "cut inside the first blocks",
            r"Could not read enough bytes from file '{name}': attempted to read \d+ bytes from location \d+",
        ),
    ],
)
def test_the_damaged_backup_message_reads_as_one_right_sentence(journal_path, how, reason):
    with_check_ins(journal_path, 3)
    con = storage.connect(journal_path)
    taken = backups.backup_now(con)
    con.close()
    damage = {**DAMAGE, "cut inside the first blocks": lambda data: data[:100]}[how]
    taken.write_bytes(damage(taken.read_bytes()))

    with pytest.raises(backups.BackupRefused) as refused:
        backups.restore_backup(journal_path, taken.name)

    expected = (
        f"The backup {re.escape(taken.name)} is damaged and cannot be restored "
        f"\\({reason.format(name=re.escape(taken.name))}\\)\\. Your journal was not changed; "
        r"choose another backup \(`between backups` lists them\)\."
    )
    assert re.fullmatch(expected, str(refused.value)), str(refused.value)
