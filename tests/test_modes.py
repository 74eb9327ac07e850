"""Owner-only files: journal, wal, backups, exports and briefs 0600, the data and backups folders 0700."""

from __future__ import annotations

import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from analytics import clock, storage
from analytics.cli import main
from analytics.export import backups, write_export
from analytics.paths import default_journal_path
from analytics.storage import backup_files


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def loose_umask():
    """Run the test under the common umask 022 and put the old umask back afterwards."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def data_home(tmp_path, monkeypatch) -> Path:
    """The app's own data folder lives in tmp_path (no BETWEEN_DB)."""
    monkeypatch.delenv("BETWEEN_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "between-sessions"


def test_every_file_the_app_writes_is_owner_only_under_a_loose_umask(
    loose_umask, data_home, tmp_path, capsys
):
    path = default_journal_path()
    con = storage.connect(path)
    now = clock.now() - timedelta(minutes=1)
    for back in range(3):
        storage.add_check_in(con, when=now - timedelta(days=back), wellbeing=5)
    storage.add_session(con, day=(now - timedelta(days=2)).date())
    wal = path.with_name(path.name + ".wal")
    assert wal.exists(), "a write-ahead log to check"
    backup = backups.backup_now(con)
    exported = write_export(con, data_home / "export.zip")
    con.close()
    brief = tmp_path / "brief.pdf"
    assert main(["report", "--db", str(path), "--out", str(brief)]) == 0
    cli_export = tmp_path / "cli-export.zip"
    assert main(["export", "--db", str(path), "--out", str(cli_export)]) == 0

    assert mode(data_home) == 0o700
    assert mode(backup_files.backups_dir(path)) == 0o700
    for private in (path, backup, exported, brief, cli_export):
        assert mode(private) == 0o600, private
    # DuckDB deletes and re-creates the wal at each checkpoint: a new one is private too.
    con = storage.connect(path)
    storage.add_check_in(con, when=now, wellbeing=6)
    assert mode(wal) == 0o600
    con.execute("CHECKPOINT")
    storage.add_check_in(con, when=now, wellbeing=7)
    assert mode(wal) == 0o600
    con.close()
    assert "private to you" not in capsys.readouterr().err


def test_the_demo_journal_beside_it_is_owner_only(loose_umask, data_home):
    from analytics.paths import demo_journal_path

    storage.connect(demo_journal_path()).close()
    assert mode(demo_journal_path()) == 0o600


def test_an_existing_loose_journal_is_tightened_on_open_and_said_once(
    loose_umask, data_home, capsys
):
    path = default_journal_path()
    con = storage.connect(path)
    storage.add_check_in(con, when=clock.now() - timedelta(minutes=1), wellbeing=5)
    backup = backups.backup_now(con)
    con.close()
    folder = backup_files.backups_dir(path)
    for loose, bits in ((path, 0o644), (backup, 0o644), (folder, 0o755), (data_home, 0o755)):
        os.chmod(loose, bits)

    assert main(["stats", "--db", str(path)]) == 0
    err = capsys.readouterr().err
    assert err.count("private to you") == 1
    assert len([line for line in err.splitlines() if "private to you" in line]) == 1
    assert mode(path) == 0o600 and mode(backup) == 0o600
    assert mode(folder) == 0o700 and mode(data_home) == 0o700

    assert main(["stats", "--db", str(path)]) == 0
    assert "private to you" not in capsys.readouterr().err


def test_connect_records_what_it_tightened_for_the_app_to_show_once(tmp_path, loose_umask):
    path = tmp_path / "journal.duckdb"
    storage.connect(path).close()
    os.chmod(path, 0o644)
    storage.connect(path).close()
    notice = storage.take_permission_notice(path)
    assert notice and "journal.duckdb" in notice
    assert storage.take_permission_notice(path) is None


def test_a_folder_the_app_did_not_make_is_never_chmodded(tmp_path, loose_umask, monkeypatch):
    # BETWEEN_DB may point into /tmp or a home folder: those keep their mode.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    path = shared / "journal.duckdb"
    con = storage.connect(path)
    storage.add_check_in(con, when=clock.now() - timedelta(minutes=1), wellbeing=5)
    backups.backup_now(con)
    con.close()
    assert mode(shared) == 0o755
    assert mode(path) == 0o600
    assert mode(backup_files.backups_dir(path)) == 0o700


def test_the_app_says_once_that_it_made_a_loose_journal_private(app_env, filled_journal):
    from streamlit.testing.v1 import AppTest

    from tests.apptest import APP

    os.chmod(filled_journal, 0o644)
    app_env(filled_journal)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert mode(filled_journal) == 0o600
    notices = [i.value for i in at.info if "private to you" in i.value]
    assert len(notices) == 1 and "filled" in notices[0]
    at.run()
    assert not [i.value for i in at.info if "private to you" in i.value]


def test_a_symlink_in_the_backups_folder_is_never_followed_by_a_chmod(tmp_path, loose_umask):
    path = tmp_path / "journal.duckdb"
    storage.connect(path).close()
    folder = backup_files.backups_dir(path)
    folder.mkdir(exist_ok=True)
    someone_elses = tmp_path / "hostname"
    someone_elses.write_text("a file the app must not touch")
    os.chmod(someone_elses, 0o644)
    (folder / "journal-2026-01-01T00-00-00-manual.duckdb").symlink_to(someone_elses)
    (folder / "plain-link").symlink_to(someone_elses)
    os.chmod(path, 0o644)

    changed = storage.connect(path).close() or storage.take_permission_notice(path)

    assert changed and mode(path) == 0o600
    assert mode(someone_elses) == 0o644


def test_tighten_skips_a_symlink_a_fifo_and_a_missing_file(tmp_path):
    from analytics.storage import modes

    target = tmp_path / "target"
    target.write_text("x")
    os.chmod(target, 0o644)
    (tmp_path / "link").symlink_to(target)
    os.mkfifo(tmp_path / "fifo", 0o644)
    os.chmod(tmp_path / "fifo", 0o644)

    assert not modes.tighten(tmp_path / "link")
    assert not modes.tighten(tmp_path / "fifo")
    assert not modes.tighten(tmp_path / "missing")
    assert mode(target) == 0o644 and mode(tmp_path / "fifo") == 0o644
    assert modes.tighten(target) and mode(target) == 0o600


def test_an_existing_loose_demo_journal_beside_the_journal_is_tightened(loose_umask, data_home):
    from analytics.paths import demo_journal_path

    storage.connect(demo_journal_path()).close()
    storage.connect(default_journal_path()).close()
    os.chmod(demo_journal_path(), 0o644)

    assert main(["stats", "--db", str(default_journal_path())]) == 0
    assert mode(demo_journal_path()) == 0o600


def test_a_loose_sample_after_therapy_beside_the_journal_is_tightened_too(loose_umask, data_home):
    """The second sample (after therapy has ended) is a journal the person may type into, in a
    file of its own beside the demo: owner-only like the demo, not left as the umask made it."""
    from analytics.paths import demo_ended_journal_path

    storage.connect(demo_ended_journal_path()).close()
    storage.connect(default_journal_path()).close()
    os.chmod(demo_ended_journal_path(), 0o644)

    assert main(["stats", "--db", str(default_journal_path())]) == 0
    assert mode(demo_ended_journal_path()) == 0o600
