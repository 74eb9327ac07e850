"""Restoring a backup over a damaged journal, killed at every rename: a journal is always in
place, and a restore that was decided is finished the next time the journal is opened.

The restore runs in a child process that kills itself (SIGKILL, no clean-up runs) just before
or just after the n-th rename (`os.replace`) of the swap, counted from when the backup's
checked copy is ready.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime

import pytest

from analytics import storage
from analytics.export import backups
from analytics.storage import backup_files

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

RESTORE_AND_DIE = """
import os, signal, sys
from analytics.export import backups

journal, name, when, at = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
renames = 0
ready = False
prepare, replace = backups._prepare_scratch, os.replace

def prepared(*args):
    global ready
    prepare(*args)
    ready = True

def hooked_replace(src, dst):
    global renames
    if ready:
        renames += 1
        if renames == at and when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
    replace(src, dst)
    if ready and renames == at and when == "after":
        os.kill(os.getpid(), signal.SIGKILL)

backups._prepare_scratch = prepared
os.replace = hooked_replace
backups.restore_backup(journal, name)
print("finished without being killed", flush=True)
"""


def _entries(path) -> int:
    con = storage.connect(path)
    try:
        return int(con.execute("SELECT count(*) FROM check_ins").fetchone()[0])
    finally:
        con.close()


@pytest.fixture
def damaged_journal(tmp_path):
    """A journal of 3 check-ins with a backup of them, then damaged (cut short, with a log)."""
    path = tmp_path / "journal.duckdb"
    con = storage.connect(path)
    for hour in (8, 9, 10):
        storage.add_check_in(con, when=datetime(2026, 3, 4, hour), wellbeing=6)
    good = backups.backup_before(con, "import")
    con.close()
    damaged = path.read_bytes()[: path.stat().st_size // 3]
    path.write_bytes(damaged)
    path.with_name(path.name + ".wal").write_bytes(b"the damaged journal's log")
    return path, good.name, damaged


@pytest.mark.parametrize(("when", "at"), [("before", 1), ("after", 1), ("before", 2), ("after", 2)])
def test_a_restore_killed_at_any_rename_leaves_a_journal_and_finishes_or_changes_nothing(
    damaged_journal, when, at
):
    path, name, damaged = damaged_journal
    child = subprocess.run(
        [sys.executable, "-c", RESTORE_AND_DIE, str(path), name, when, str(at)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": REPO},
        timeout=120,
    )
    assert child.returncode == -9, child.stdout + child.stderr  # killed at the hooked rename
    assert path.is_file()  # a journal is in place at every step
    kept = sorted(path.parent.glob("journal.duckdb.damaged-*"))
    try:
        opened = _entries(path)  # the next start (the app, an import) opens the journal
    except storage.JournalFault as fault:
        # Killed before the restore was decided: the damaged journal is as it was, no spare
        # names are left, and restoring again works.
        assert fault.kind is storage.FaultKind.DAMAGED
        assert path.read_bytes() == damaged
        assert path.with_name(path.name + ".wal").read_bytes() == b"the damaged journal's log"
        assert not list(path.parent.glob("journal.duckdb.damaged-*"))
        backups.restore_backup(path, name)
        opened = _entries(path)
        kept = sorted(path.parent.glob("journal.duckdb.damaged-*"))
    assert opened == 3  # the backup's three check-ins
    assert [p.read_bytes() for p in kept] == [damaged, b"the damaged journal's log"]
    assert not path.with_name(path.name + ".restoring").exists()
    # Only a copy killed before it was decided may be left, as a half-written file the next
    # sweep (after its grace time) removes; it is never listed as a backup.
    later = time.time() + backup_files.SWEEP_GRACE_SECONDS + 1
    backup_files.sweep_unfinished(path, now=later)
    assert not [p for p in backup_files.backups_dir(path).iterdir() if p.name.startswith(".")]


def test_an_interrupted_restore_is_finished_by_the_next_import(damaged_journal, tmp_path):
    path, name, damaged = damaged_journal
    subprocess.run(
        [sys.executable, "-c", RESTORE_AND_DIE, str(path), name, "before", "2"],
        env={**os.environ, "PYTHONPATH": REPO},
        timeout=120,
        check=False,
    )
    from analytics.cli import main as between
    from tests.conftest import small_import_file

    assert between(["import", str(small_import_file()), "--db", str(path)]) == 0
    assert _entries(path) > 3
