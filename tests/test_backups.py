"""Backups: taken before every migration, import and restore; consistent; the newest 10 kept;
listed and restored (also while the journal is held open, and over a damaged file)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import duckdb
import pytest

from analytics import storage
from analytics.cli import main as between
from analytics.export import backups, read_export, restore, write_export
from analytics.importers.command import run as run_import
from analytics.storage import backup_files
from analytics.storage.schema import LATEST_VERSION
from tests.conftest import small_import_file

IMPORT_FILE = small_import_file()
NAME = re.compile(r"^journal-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d(-\d+)?-before-[a-z-]+\.duckdb$")


def check_in_count(path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return (
            con.execute("SELECT count(*) FROM check_ins").fetchone()[0]
            + con.execute("SELECT count(*) FROM practice_log").fetchone()[0]
        )
    finally:
        con.close()


def with_check_ins(path, n: int) -> None:
    con = storage.connect(path)
    for i in range(n):
        storage.add_check_in(con, when=datetime(2026, 3, 1, 9) + timedelta(days=i), wellbeing=5)
    con.close()


def test_an_import_is_preceded_by_a_backup_of_the_journal_as_it_was(journal_path):
    with_check_ins(journal_path, 3)
    assert run_import(journal_path, IMPORT_FILE) == 0
    taken = backups.list_backups(journal_path)
    assert [b.reason for b in taken] == ["before-import"]
    assert NAME.match(taken[0].name)
    assert taken[0].path.parent == journal_path.parent / "backups"
    assert check_in_count(taken[0].path) == 3
    assert check_in_count(journal_path) > 3


def test_the_first_import_into_a_journal_with_no_entries_takes_no_backup(journal_path):
    storage.connect(journal_path).close()
    assert run_import(journal_path, IMPORT_FILE) == 0
    assert backups.list_backups(journal_path) == []
    assert check_in_count(journal_path) > 0


def test_a_refused_import_takes_no_backup(tmp_path, journal_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "full_date,date,weekday,time,mood,activities,note\n2026-01-01,x,x,10:00,unknown,,\n"
    )
    assert run_import(journal_path, bad, fmt="daylio") != 0
    assert backups.list_backups(journal_path) == []


def test_a_restore_from_an_export_is_preceded_by_a_backup(tmp_path, journal_path):
    with_check_ins(journal_path, 2)
    source = tmp_path / "other.duckdb"
    with_check_ins(source, 5)
    con = storage.connect(source)
    zipped = write_export(con, tmp_path / "export.zip")
    con.close()
    con = storage.connect(journal_path)
    restore(con, read_export(zipped, target=con))
    con.close()
    taken = backups.list_backups(journal_path)
    assert [b.reason for b in taken] == ["before-restore"]
    assert check_in_count(taken[0].path) == 2


def test_a_migration_is_preceded_by_a_backup_at_the_old_version(tmp_path):
    path = tmp_path / "journal.duckdb"
    con = duckdb.connect(str(path))
    storage.migrate(con, target=1)
    con.execute(
        "INSERT INTO check_ins (id, local_time, utc_offset_min, wellbeing) VALUES ('c1', TIMESTAMP '2025-03-01 08:00', 0, 4)"
    )
    con.close()
    storage.connect(path).close()
    (taken,) = backups.list_backups(path)
    assert taken.reason == "before-migration"
    old = duckdb.connect(str(taken.path), read_only=True)
    assert storage.schema_version(old) == 1
    assert old.execute("SELECT id FROM check_ins").fetchall() == [("c1",)]
    old.close()
    # Opening a journal that is already up to date takes no backup.
    storage.connect(path).close()
    assert len(backups.list_backups(path)) == 1


def test_a_new_journal_takes_no_backup(tmp_path):
    storage.connect(tmp_path / "journal.duckdb").close()
    assert not (tmp_path / "backups").exists()


def test_an_in_memory_journal_has_no_backups_and_says_nothing(journal, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert backups.backup_before(journal, "import") is None
    assert list(tmp_path.iterdir()) == []


def test_the_newest_ten_backups_are_kept(journal_path):
    con = storage.connect(journal_path)
    start = datetime(2026, 1, 1, 12)
    for minute in range(13):
        backup_files.take_backup(con, "manual", now=start + timedelta(minutes=minute))
    con.close()
    kept = backups.list_backups(journal_path)
    assert len(kept) == backups.KEEP == 10
    assert [b.taken_at for b in kept] == [start + timedelta(minutes=m) for m in range(12, 2, -1)]
    assert sorted(p.name for p in (journal_path.parent / "backups").iterdir()) == sorted(
        b.name for b in kept
    )


def test_backups_in_the_same_second_get_their_own_names(journal_path):
    con = storage.connect(journal_path)
    moment = datetime(2026, 1, 1, 12)
    paths = [backup_files.take_backup(con, "manual", now=moment) for _ in range(3)]
    con.close()
    assert len({p.name for p in paths}) == 3
    assert [b.sequence for b in backups.list_backups(journal_path)] == [3, 2, 1]


def test_a_backup_is_one_consistent_snapshot_while_another_tab_writes(journal_path):
    con = storage.connect(journal_path)
    storage.add_check_in(con, when=datetime(2026, 3, 1, 9), wellbeing=5)
    other_tab = con.cursor()
    other_tab.execute("BEGIN TRANSACTION")
    other_tab.execute(
        "INSERT INTO check_ins (id, local_time, utc_offset_min, wellbeing) VALUES ('half', TIMESTAMP '2026-03-02 09:00', 0, 6)"
    )
    taken = backups.backup_before(con.cursor(), "import")
    other_tab.execute("COMMIT")
    con.close()
    assert check_in_count(taken) == 1
    assert check_in_count(journal_path) == 2


def test_backups_of_two_journals_in_one_folder_stay_apart(tmp_path):
    journal, demo = tmp_path / "journal.duckdb", tmp_path / "demo.duckdb"
    for path in (journal, demo):
        con = storage.connect(path)
        backups.backup_before(con, "import")
        con.close()
    assert [b.name.split("-")[0] for b in backups.list_backups(journal)] == ["journal"]
    assert [b.name.split("-")[0] for b in backups.list_backups(demo)] == ["demo"]


def test_restoring_a_backup_brings_it_back_and_keeps_the_current_journal(journal_path):
    with_check_ins(journal_path, 2)
    con = storage.connect(journal_path)
    before = backups.backup_before(con, "import")
    storage.add_check_in(con, when=datetime(2026, 4, 1, 9), wellbeing=7)
    con.close()
    result = backups.restore_backup(journal_path, before.name)
    assert check_in_count(journal_path) == 2
    assert result.safety_backup is not None and check_in_count(result.safety_backup) == 3
    assert result.damaged_kept_at is None
    assert "Restored the journal from" in result.summary()


def test_restoring_works_while_the_app_holds_the_journal_open(journal_path):
    with_check_ins(journal_path, 2)
    app_connection = storage.connect(journal_path)
    app_cursor = app_connection.cursor()
    before = backups.backup_before(app_cursor, "import")
    storage.add_check_in(app_cursor, when=datetime(2026, 4, 1, 9), wellbeing=7)
    backups.restore_backup(journal_path, before.name)
    # The app's open connection sees the restored journal without reopening.
    assert app_cursor.execute("SELECT count(*) FROM check_ins").fetchone()[0] == 2
    storage.add_check_in(app_cursor, when=datetime(2026, 4, 2, 9), wellbeing=6)
    app_connection.close()
    assert check_in_count(journal_path) == 3


def test_an_old_backup_is_upgraded_on_restore_and_left_untouched(tmp_path):
    path = tmp_path / "journal.duckdb"
    con = duckdb.connect(str(path))
    storage.migrate(con, target=1)
    con.execute(
        "INSERT INTO check_ins (id, local_time, utc_offset_min, wellbeing) VALUES ('c1', TIMESTAMP '2025-03-01 08:00', 0, 4)"
    )
    con.close()
    with_check_ins(path, 2)  # upgrades (taking a backup at version 1) and adds two
    (old,) = backups.list_backups(path)
    old_bytes = old.path.read_bytes()
    backups.restore_backup(path, old.name)
    con = storage.connect(path)
    assert storage.schema_version(con) == LATEST_VERSION
    assert con.execute("SELECT id, source FROM check_ins").fetchall() == [("c1", "journal")]
    con.close()
    assert old.path.read_bytes() == old_bytes


def test_restoring_over_a_damaged_journal_keeps_the_damaged_file_untouched(journal_path):
    with_check_ins(journal_path, 4)
    con = storage.connect(journal_path)
    good = backups.backup_before(con, "import")
    con.close()
    damaged = journal_path.read_bytes()[: journal_path.stat().st_size // 3]
    journal_path.write_bytes(damaged)
    result = backups.restore_backup(journal_path, good.name)
    assert result.safety_backup is None
    assert result.damaged_kept_at.read_bytes() == damaged
    assert result.damaged_kept_at.parent == journal_path.parent
    assert check_in_count(journal_path) == 4


@pytest.mark.parametrize("name", ["nope.duckdb", "../journal.duckdb", "/etc/passwd", ""])
def test_only_a_listed_backup_can_be_restored(journal_path, name):
    con = storage.connect(journal_path)
    backups.backup_before(con, "import")
    con.close()
    before = journal_path.read_bytes()
    with pytest.raises(backups.BackupRefused, match="no backup named"):
        backups.restore_backup(journal_path, name)
    assert journal_path.read_bytes() == before


def test_files_in_the_backups_folder_that_are_not_backups_are_ignored(journal_path):
    folder = journal_path.parent / "backups"
    folder.mkdir()
    for stray in (
        "notes.txt",
        "journal.duckdb",
        ".writing-abc-journal-2026-01-01T00-00-00-before-import.duckdb",
        "journal-yesterday-before-import.duckdb",
    ):
        (folder / stray).write_text("x")
    assert backups.list_backups(journal_path) == []


def test_the_cli_lists_and_restores_backups(journal_path, capsys):
    with_check_ins(journal_path, 2)
    assert between(["backups", "--db", str(journal_path)]) == 0
    assert "no backups" in capsys.readouterr().err
    con = storage.connect(journal_path)
    taken = backups.backup_before(con, "import")
    storage.add_check_in(con, when=datetime(2026, 4, 1, 9), wellbeing=7)
    con.close()
    assert between(["backups", "--db", str(journal_path)]) == 0
    out = capsys.readouterr()
    assert taken.name in out.out and "before an import" in out.out
    assert between(["backups", "--db", str(journal_path), "--json"]) == 0
    assert taken.name in capsys.readouterr().out
    assert between(["restore-backup", taken.name, "--db", str(journal_path)]) == 0
    assert taken.name in capsys.readouterr().err
    assert check_in_count(journal_path) == 2
    assert between(["restore-backup", "nope", "--db", str(journal_path)]) == 1
    assert "no backup named 'nope'" in capsys.readouterr().err


def test_a_failed_backup_leaves_no_file_and_stops_the_import(journal_path, monkeypatch, capsys):
    with_check_ins(journal_path, 2)

    def disk_fills_half_way(con, target):
        target.write_bytes(b"half a backup")
        raise duckdb.IOException(f'Could not write file "{target}": No space left on device')

    monkeypatch.setattr(backup_files, "copy_database", disk_fills_half_way)
    assert between(["import", str(IMPORT_FILE), "--db", str(journal_path)]) == 2
    message = capsys.readouterr().err
    assert "is full" in message and "The import (and its backup) did not happen" in message
    assert "Traceback" not in message
    assert check_in_count(journal_path) == 2
    assert list((journal_path.parent / "backups").iterdir()) == []


def test_backups_of_a_journal_opened_through_a_symlinked_file_are_listed(tmp_path, capsys):
    real = tmp_path / "p" / "real.duckdb"
    real.parent.mkdir()
    linked = tmp_path / "q" / "j.duckdb"
    linked.parent.mkdir()
    linked.symlink_to(real)
    con = storage.connect(linked)
    taken = backup_files.take_backup(con, "manual")
    con.close()

    assert taken.parent == real.parent / "backups"
    assert backup_files.backups_dir(linked) == taken.parent
    assert [b.path for b in backup_files.list_backups(linked)] == [taken]
    assert between(["backups", "--db", str(linked)]) == 0
    assert taken.name in capsys.readouterr().out


def test_a_symlink_in_the_backups_folder_is_never_listed_restored_or_pruned(tmp_path, journal_path):
    con = storage.connect(journal_path)
    backup_files.take_backup(con, "manual", now=datetime(2026, 1, 1, 9))
    con.close()
    outside = tmp_path / "outside.duckdb"
    outside.write_bytes(b"not ours")
    link = backup_files.backups_dir(journal_path) / "journal-2026-02-01T09-00-00-manual.duckdb"
    link.symlink_to(outside)

    listed = [b.name for b in backup_files.list_backups(journal_path)]
    assert listed == ["journal-2026-01-01T09-00-00-manual.duckdb"]
    with pytest.raises(storage.JournalError):
        backups.restore_backup(journal_path, link.name)
    assert backup_files.prune(journal_path, keep=0) == [
        backup_files.backups_dir(journal_path) / listed[0]
    ]
    assert link.is_symlink() and outside.read_bytes() == b"not ours"
