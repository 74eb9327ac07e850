"""Faults: a journal another process holds, a damaged or truncated file, a read-only folder, a
full disk, and two sessions writing at once. Each gives a clear message (never a traceback) and
leaves the journal as it was.

Read-only folders and full disks are real, not mocked: the tests run as root, where chmod does
not stop writes, so a helper runs a script in a private mount namespace (`unshare --user
--map-root-user --mount`, no privileges needed) on a tiny tmpfs that is filled up, or remounted
read-only (EROFS stops root too). Where unshare is not allowed the tests are skipped, and the
monkeypatched full-disk test in tests/test_backups.py still runs. A process killed with SIGKILL
mid-import is tested in tests/test_import_safety.py (`test_a_killed_import_leaves_all_of_it_or_none`).
"""

from __future__ import annotations

import errno
import shutil
import subprocess
import sys
import textwrap
import threading
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from analytics import storage
from analytics.cli import main as between
from analytics.export import backups
from analytics.storage.faults import FaultKind, JournalFault, classify, explain
from tests.conftest import REPO, small_import_file

IMPORT_FILE = small_import_file()


def with_check_ins(path: Path, n: int) -> None:
    con = storage.connect(path)
    for i in range(n):
        storage.add_check_in(con, when=datetime(2026, 3, 1, 9) + timedelta(days=i), wellbeing=5)
    con.close()


def count(path: Path, table: str = "check_ins") -> int:
    con = storage.connect(path)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


# --- another process holds the journal ---------------------------------------------------


@pytest.fixture
def holder():
    started: list[subprocess.Popen] = []

    def start(path: Path, read_only: bool) -> subprocess.Popen:
        code = f"import duckdb, time; c = duckdb.connect({str(path)!r}, read_only={read_only}); print('holding', flush=True); time.sleep(60)"
        process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        assert process.stdout.readline().strip() == "holding"
        started.append(process)
        return process

    yield start
    for process in started:
        process.kill()
        process.wait()


def test_a_journal_another_process_writes_cannot_be_opened_and_says_why(journal_path, holder):
    with_check_ins(journal_path, 2)
    holder(journal_path, read_only=False)
    for read_only in (False, True):
        with pytest.raises(JournalFault) as raised:
            storage.connect(journal_path, read_only=read_only)
        assert raised.value.kind is FaultKind.LOCKED and not raised.value.readable
        assert "open in another program" in str(raised.value)
        assert "Close the other program" in str(raised.value)


def test_a_journal_another_process_only_reads_can_be_read_but_not_written(journal_path, holder):
    with_check_ins(journal_path, 2)
    holder(journal_path, read_only=True)
    with pytest.raises(JournalFault) as raised:
        storage.connect(journal_path)
    assert raised.value.kind is FaultKind.LOCKED and raised.value.readable
    assert "can read it too but cannot write" in str(raised.value)
    con = storage.connect(journal_path, read_only=True)
    assert con.execute("SELECT count(*) FROM check_ins").fetchone()[0] == 2
    with pytest.raises(duckdb.Error) as refused:
        storage.add_check_in(con, when=datetime(2026, 4, 1, 9), wellbeing=5)
    assert classify(refused.value) is FaultKind.READ_ONLY
    assert "reading only" in str(explain(refused.value, journal_path))
    con.close()


@pytest.mark.parametrize(
    "command", [["sample"], ["import", str(IMPORT_FILE)], ["restore-backup", "x"]]
)
def test_the_cli_exits_2_with_a_message_when_another_process_holds_the_journal(
    journal_path, holder, capsys, command
):
    with_check_ins(journal_path, 1)
    con = storage.connect(journal_path)
    backups.backup_before(con, "import")
    con.close()
    holder(journal_path, read_only=False)
    if command[0] == "restore-backup":
        command = ["restore-backup", backups.list_backups(journal_path)[0].name]
    assert between([*command, "--db", str(journal_path)]) == 2
    message = capsys.readouterr().err
    assert "open in another program" in message
    assert "Traceback" not in message


# --- damaged and truncated files ----------------------------------------------------------


def damage(path: Path, how: str) -> bytes:
    data = path.read_bytes()
    damaged = {
        "truncated": data[: len(data) // 3],
        "emptied": b"",
        "overwritten": b"not a journal at all\n" * 200,
        "bad block": data[:12288] + bytes(b ^ 0xFF for b in data[12288:40960]) + data[40960:],
    }[how]
    path.write_bytes(damaged)
    return damaged


@pytest.mark.parametrize("how", ["truncated", "emptied", "overwritten", "bad block"])
def test_a_damaged_journal_is_explained_left_untouched_and_the_newest_backup_named(
    journal_path, how
):
    with_check_ins(journal_path, 20)
    con = storage.connect(journal_path)
    older = backups.backup_before(con, "import")
    newest = backups.backup_before(con, "restore")
    con.close()
    assert older != newest
    damaged = damage(journal_path, how)
    for read_only in (False, True):
        with pytest.raises(JournalFault) as raised:
            storage.connect(journal_path, read_only=read_only)
        assert raised.value.kind is FaultKind.DAMAGED
        assert raised.value.newest_backup == newest.name
        assert f"between restore-backup {newest.name}" in str(raised.value)
    assert journal_path.read_bytes() == damaged
    assert not journal_path.with_name(journal_path.name + ".wal").exists()


def test_the_cli_names_the_backup_to_restore_and_restoring_it_works(journal_path, capsys):
    with_check_ins(journal_path, 5)
    con = storage.connect(journal_path)
    taken = backups.backup_before(con, "import")
    con.close()
    damaged = damage(journal_path, "truncated")
    assert between(["stats", "--db", str(journal_path)]) == 2
    message = capsys.readouterr().err
    assert f"between restore-backup {taken.name}" in message and "Traceback" not in message
    assert journal_path.read_bytes() == damaged
    assert between(["restore-backup", taken.name, "--db", str(journal_path)]) == 0
    assert count(journal_path) == 5
    (kept,) = journal_path.parent.glob("journal.duckdb.damaged-*")
    assert kept.read_bytes() == damaged


def test_a_damaged_journal_without_backups_says_to_keep_the_file(journal_path):
    with_check_ins(journal_path, 2)
    damage(journal_path, "overwritten")
    with pytest.raises(JournalFault, match="no backup of it yet"):
        storage.connect(journal_path)


# --- read-only folders and full disks ----------------------------------------------------


def test_a_journal_under_a_path_through_a_file_is_refused_clearly(tmp_path):
    # Root-proof "cannot write here": a folder on the path is a file.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(JournalFault) as raised:
        storage.connect(blocker / "journal.duckdb")
    assert raised.value.kind is FaultKind.READ_ONLY
    assert "cannot be written" in str(raised.value)
    assert blocker.read_text() == "x"


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), FaultKind.DISK_FULL),
        (OSError(errno.EROFS, "Read-only file system"), FaultKind.READ_ONLY),
        (PermissionError(errno.EACCES, "Permission denied"), FaultKind.READ_ONLY),
        (
            duckdb.IOException('Could not write file "j.duckdb.wal": No space left on device'),
            FaultKind.DISK_FULL,
        ),
        (
            duckdb.TransactionException(
                "Failed to commit: Could not write file: No space left on device"
            ),
            FaultKind.DISK_FULL,
        ),
        (
            duckdb.IOException('Cannot open file "j.duckdb": Read-only file system'),
            FaultKind.READ_ONLY,
        ),
        (
            duckdb.IOException('Could not set lock on file "j.duckdb": Conflicting lock is held'),
            FaultKind.LOCKED,
        ),
        (
            duckdb.Error(
                "Corrupt database file: computed checksum 1 does not match stored checksum 0"
            ),
            FaultKind.DAMAGED,
        ),
        (duckdb.CatalogException("Table with name nope does not exist"), FaultKind.OTHER),
    ],
)
def test_errors_are_sorted_into_faults(error, kind):
    assert classify(error) is kind


def unshare_available() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "true"], capture_output=True
    )
    return probe.returncode == 0


needs_unshare = pytest.mark.skipif(
    not unshare_available(), reason="unshare (user + mount namespaces) is not allowed here"
)


def on_tiny_disk(
    tmp_path: Path, script: str, *, size: str = "8m", then_read_only: str | None = None
) -> str:
    """Run `script` (Python; `disk` is the tmpfs folder) in a private namespace on a tmpfs of `size`.

    With `then_read_only`, that second script runs after the tmpfs is remounted read-only.
    Returns the scripts' stdout and stderr; fails the test on a non-zero exit.
    """
    disk = tmp_path / "disk"
    disk.mkdir()
    header = f"import sys; sys.path.insert(0, {str(REPO)!r}); from pathlib import Path; disk = Path({str(disk)!r})\n"
    first = tmp_path / "first.py"
    first.write_text(header + textwrap.dedent(script))
    steps = f"mount -t tmpfs -o size={size} tmpfs {disk} && {sys.executable} {first}"
    if then_read_only:
        second = tmp_path / "second.py"
        second.write_text(header + textwrap.dedent(then_read_only))
        steps += f" && mount -o remount,ro {disk} && {sys.executable} {second}"
    done = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", steps],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


FILL_JOURNAL = """
    import os
    from datetime import datetime, timedelta
    from analytics import storage
    journal = disk / "journal.duckdb"
    con = storage.connect(journal)
    for i in range(30):
        storage.add_check_in(con, when=datetime(2026, 1, 1, 9) + timedelta(days=i), wellbeing=5)
    con.close()
"""


@needs_unshare
def test_a_full_disk_refuses_a_check_in_and_an_import_clearly_and_keeps_the_journal(tmp_path):
    out = on_tiny_disk(
        tmp_path,
        FILL_JOURNAL
        + f"""
    from analytics.cli import main
    from analytics.storage.faults import classify, explain
    con = storage.connect(journal)
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, bytes(65536))
    except OSError as full:
        print("filled:", full.strerror)
    os.close(fd)
    try:
        storage.add_check_in(con, when=datetime(2026, 3, 1, 9), wellbeing=5)
    except Exception as error:
        print("check-in:", classify(error))
        print("message:", explain(error, journal))
    con.close()
    print("import exit:", main(["import", {str(IMPORT_FILE)!r}, "--db", str(journal)]))
    print("backups left:", sorted(p.name for p in (disk / "backups").iterdir()))
    os.remove(disk / "filler")
    con = storage.connect(journal)
    print("after:", con.execute("SELECT count(*) FROM check_ins").fetchone()[0], con.execute("SELECT count(*) FROM practice_log").fetchone()[0])
""",
    )
    assert "filled: No space left on device" in out
    assert "check-in: disk_full" in out
    assert "is full" in out and "Free some space" in out
    assert "import exit: 2" in out
    assert "The import (and its backup) did not happen" in out
    assert "backups left: []" in out
    assert "after: 30 0" in out
    assert "Traceback" not in out


@needs_unshare
def test_a_read_only_folder_refuses_writes_clearly_and_reading_still_works(tmp_path):
    out = on_tiny_disk(
        tmp_path,
        FILL_JOURNAL,
        then_read_only=f"""
    from analytics import storage
    from analytics.cli import main
    from analytics.storage.faults import JournalFault
    journal = disk / "journal.duckdb"
    before = journal.read_bytes()
    try:
        storage.connect(journal)
    except JournalFault as fault:
        print("open:", fault.kind, "|", fault)
    con = storage.connect(journal, read_only=True)
    print("read:", con.execute("SELECT count(*) FROM check_ins").fetchone()[0])
    con.close()
    print("import exit:", main(["import", {str(IMPORT_FILE)!r}, "--db", str(journal)]))
    try:
        storage.connect(disk / "new" / "journal.duckdb")
    except JournalFault as fault:
        print("new:", fault.kind)
    print("unchanged:", journal.read_bytes() == before)
""",
    )
    assert (
        "open: read_only" in out and "cannot be written" in out and "Read-only file system" in out
    )
    assert "read: 30" in out
    assert "import exit: 2" in out
    assert "new: read_only" in out
    assert "unchanged: True" in out
    assert "Traceback" not in out


# --- two sessions at once ----------------------------------------------------------------


def test_two_browser_sessions_logging_at_the_same_moment_both_land(app_env, monkeypatch):
    from streamlit.runtime.scriptrunner import script_cache

    # Each AppTest compiles the page again, and CPython 3.11's compiler is not safe to run in
    # two threads at once ("AST constructor recursion depth mismatch"); the real server
    # compiles once per process. Compiling one at a time keeps the test on what it is about:
    # two saves to the journal at the same moment.
    compiling = threading.Lock()
    get_bytecode = script_cache.ScriptCache.get_bytecode

    def one_at_a_time(self, script_path):
        with compiling:
            return get_bytecode(self, script_path)

    monkeypatch.setattr(script_cache.ScriptCache, "get_bytecode", one_at_a_time)
    path = app_env()
    storage.connect(path).close()
    sessions = []
    for _ in range(2):
        at = AppTest.from_file(str(REPO / "between_sessions" / "app.py"), default_timeout=30).run()
        at.switch_page("../views/log.py").run()
        assert not at.exception
        sessions.append(at)
    sessions[0].pills(key="check_in_wellbeing").set_value(3)
    sessions[1].pills(key="check_in_wellbeing").set_value(8)
    start = threading.Barrier(2)

    def save(at: AppTest) -> None:
        start.wait()
        at.button(key="check_in_save").click().run()

    threads = [threading.Thread(target=save, args=(at,)) for at in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for at in sessions:
        assert not at.exception and not at.error
    con = storage.connect(path)
    assert sorted(r[0] for r in con.execute("SELECT wellbeing FROM check_ins").fetchall()) == [
        3.0,
        8.0,
    ]
    con.close()


def test_many_cursors_writing_at_once_all_land(journal_path):
    con = storage.connect(journal_path)
    start = threading.Barrier(8)

    def write(n: int) -> None:
        cursor = con.cursor()
        start.wait()
        for i in range(10):
            storage.add_check_in(
                cursor, when=datetime(2026, 3, 1, 9) + timedelta(minutes=n * 10 + i), wellbeing=n
            )

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert con.execute("SELECT count(*) FROM check_ins").fetchone()[0] == 80
    con.close()


def test_a_sound_journal_whose_file_dropped_free_blocks_at_its_end_is_not_called_damaged(
    tmp_path, capsys
):
    """DuckDB shortens the file when free blocks sit at its end; the header still counts them.

    The truncation check used to compare the file with every counted block, so after a sample
    and two small imports a sound journal was reported damaged, with a backup offered that
    would have lost the newest entries."""
    from sample_data import load_sample

    journal = tmp_path / "j.duckdb"
    con = storage.connect(journal)
    load_sample(con)
    con.close()
    shortened = 0
    # Whether the free blocks land at the end depends on DuckDB's checkpoints: import until
    # they have (two imports usually do), checking after every one that nothing says damaged.
    for n in range(12):
        source = tmp_path / f"{n}.csv"
        source.write_text(f"date,mood,note\n2020-{n + 1:02d}-01,5,one\n")
        assert between(["import", "--db", str(journal), str(source)]) == 0
        probe = duckdb.connect(str(journal), read_only=True)
        block_size, total, free = probe.execute(
            "SELECT block_size, total_blocks, free_blocks FROM pragma_database_size()"
        ).fetchone()
        probe.close()
        if free > 0 and journal.stat().st_size < 3 * 4096 + total * block_size:
            shortened += 1  # the case at hand: the file is shorter than all counted blocks
        capsys.readouterr()
        assert between(["stats", "--db", str(journal)]) == 0
        assert "damaged" not in capsys.readouterr().err
        storage.connect(journal).close()
        if shortened >= 2:
            break
    assert shortened, "no import left free blocks counted past the end of the file"
