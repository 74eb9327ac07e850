"""The Backups page, and the app facing a locked or damaged journal (AppTest, never a traceback)."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import storage
from analytics.export import backups
from tests.conftest import REPO

APP = str(REPO / "between_sessions" / "app.py")


def run_app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()
    if page:
        at.switch_page(page).run()
    return at


def check_ins(path: Path, read_only: bool = False) -> int:
    """Count through a connection like the app's (DuckDB refuses a second configuration in one process)."""
    con = storage.connect(path, read_only=read_only)
    try:
        return con.execute("SELECT count(*) FROM check_ins").fetchone()[0]
    finally:
        con.close()


def shown(element) -> str:
    """An element's text as a person reads it (the app escapes Markdown in messages)."""
    return element.value.replace("\\", "")


def journal_with_a_backup(path: Path, before: int, after: int) -> str:
    """`before` check-ins, then a backup, then `after` more; return the backup's name."""
    con = storage.connect(path)
    for i in range(before):
        storage.add_check_in(con, when=datetime(2026, 3, 1 + i, 9), wellbeing=5)
    taken = backups.backup_before(con, "import")
    for i in range(after):
        storage.add_check_in(con, when=datetime(2026, 4, 1 + i, 9), wellbeing=6)
    con.close()
    return taken.name


def test_the_page_says_when_there_are_no_backups_yet(app_env):
    at = run_app("../views/backups.py")
    assert not at.exception
    assert any("No backups yet" in i.value for i in at.info)


def test_a_backup_can_be_taken_by_hand(app_env):
    path = app_env()
    at = run_app("../views/backups.py")
    at.button[0].click().run()
    assert not at.exception
    (taken,) = backups.list_backups(path)
    assert taken.reason == "manual"
    assert at.dataframe[0].value["backup"].tolist() == [taken.name]


def test_a_backup_is_restored_only_after_confirming(app_env, tmp_path):
    path = app_env()
    name = journal_with_a_backup(path, before=2, after=3)
    at = run_app("../views/backups.py")
    assert not at.exception
    assert at.dataframe[0].value["backup"].tolist() == [name]
    restore = next(b for b in at.button if b.label == "Restore this backup")
    assert restore.disabled
    at.checkbox(key="backup_restore_sure").check().run()
    next(b for b in at.button if b.label == "Restore this backup").click().run()
    assert not at.exception
    assert any("Restored the journal from" in shown(s) for s in at.success)
    assert check_ins(path) == 2
    # The page's open connection sees the restored journal: the safety backup is listed too.
    at.run()
    assert len(at.dataframe[0].value) == 2


def test_a_damaged_journal_is_explained_left_untouched_and_its_newest_backup_offered(app_env):
    path = app_env()
    name = journal_with_a_backup(path, before=4, after=1)
    damaged = path.read_bytes()[: path.stat().st_size // 2]
    path.write_bytes(damaged)
    at = run_app()
    assert not at.exception
    assert "damaged" in shown(at.error[0]) and name in shown(at.error[0])
    assert path.read_bytes() == damaged
    offer = next(b for b in at.button if b.label.startswith("Restore the newest backup"))
    offer.click().run()
    assert not at.exception
    assert check_ins(path) == 4
    kept = [p for p in path.parent.iterdir() if p.name.startswith(path.name + ".damaged-")]
    assert [p.read_bytes() for p in kept] == [damaged]
    assert any("Restored the journal from" in shown(s) for s in at.success)


def hold(path: Path, read_only: bool) -> subprocess.Popen:
    code = f"import duckdb, time; c = duckdb.connect({str(path)!r}, read_only={read_only}); print('holding', flush=True); time.sleep(60)"
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    return holder


@pytest.fixture
def holder():
    started: list[subprocess.Popen] = []

    def start(path: Path, read_only: bool) -> subprocess.Popen:
        started.append(hold(path, read_only))
        return started[-1]

    yield start
    for process in started:
        process.kill()
        process.wait()


def test_a_journal_another_program_writes_is_explained_not_a_traceback(app_env, holder):
    path = app_env()
    storage.connect(path).close()
    holder(path, read_only=False)
    at = run_app()
    assert not at.exception
    message = shown(at.error[0])
    assert "open in another program" in message and "Close the other program" in message


def test_a_journal_another_program_only_reads_can_be_read_here_but_not_written(app_env, holder):
    path = app_env()
    journal_with_a_backup(path, before=2, after=0)
    holder(path, read_only=True)
    at = run_app("../views/entries.py")
    assert not at.exception
    assert any("can read it but not write" in shown(w) for w in at.warning)
    at.switch_page("../views/log.py").run()
    at.pills(key="check_in_wellbeing").set_value(7)
    at.button(key="check_in_save").click().run()
    assert not at.exception
    assert any("cannot be written" in shown(e) for e in at.error)
    assert check_ins(path, read_only=True) == 2
