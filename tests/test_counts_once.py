"""What counts once holds under concurrent writers, and old duplicates are folded by a migration.

The app's concurrent writers are cursors of one connection (one per script run, so one per tab):
DuckDB lets another process open the journal only to read while this one writes (its file
lock). The races here are real threads with their own cursors; in the `*_after_both_checked`
tests every writer first passes the check that used to be the only guard, so the race is
certain, not a matter of timing.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import date, datetime

import duckdb
import pytest

from analytics import export, storage
from analytics.entries import InvalidEntry
from analytics.export import backups
from analytics.storage import journal as journal_module
from analytics.storage import measure_queries
from analytics.storage.schema import LATEST_VERSION

DAY = date(2026, 3, 4)
WRITERS = 6


def _practice_id(con: storage.Connection) -> str:
    return storage.practices(con)["id"].iloc[0]


def _saves(con: storage.Connection) -> dict[str, Callable[[storage.Connection, int], object]]:
    practice = _practice_id(con)
    return {
        "session": lambda cur, i: storage.add_session(cur, day=DAY, note=f"tab {i}"),
        "practice day": lambda cur, i: storage.log_practice(
            cur, practice_id=practice, when=datetime(2026, 3, 4, 8 + i)
        ),
        "practice days together": lambda cur, i: storage.log_practices(
            cur, [practice], datetime(2026, 3, 4, 8 + i)
        ),
        "questionnaire": lambda cur, i: storage.add_measure_response(
            cur, "phq9", [i % 4] * 9, day=DAY
        ),
    }


_COUNTS = {
    "session": "SELECT count(*) FROM sessions WHERE day = ?",
    "practice day": "SELECT count(*) FROM practice_log WHERE CAST(local_time AS DATE) = ?",
    "practice days together": "SELECT count(*) FROM practice_log WHERE CAST(local_time AS DATE) = ?",
    "questionnaire": "SELECT count(*) FROM measure_responses WHERE day = ?",
}


def _race(con, save, writers=WRITERS) -> list[object]:
    """Run `save` in `writers` threads, each with its own cursor, started together; return what
    each returned or raised."""
    start = threading.Barrier(writers)
    outcomes: list[object] = [None] * writers

    def write(i: int) -> None:
        cursor = con.cursor()
        start.wait()
        try:
            outcomes[i] = save(cursor, i)
        except Exception as error:  # the outcome is checked below
            outcomes[i] = error
        finally:
            cursor.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


KINDS = list(_COUNTS)


@pytest.mark.parametrize("kind", KINDS)
def test_tabs_saving_the_same_day_after_both_checked_store_it_once(tmp_path, monkeypatch, kind):
    con = storage.connect(tmp_path / "journal.duckdb")
    save = _saves(con)[kind]
    # Every writer passes the old check (nothing there yet) before any of them inserts.
    checked = threading.Barrier(WRITERS, timeout=10)
    first_check = threading.local()
    check = journal_module.refuse_a_second_on_the_day

    def check_then_wait(*args, **kwargs):
        check(*args, **kwargs)
        if not getattr(first_check, "done", False):
            first_check.done = True
            checked.wait()

    monkeypatch.setattr(journal_module, "refuse_a_second_on_the_day", check_then_wait)
    monkeypatch.setattr(measure_queries, "refuse_a_second_on_the_day", check_then_wait)
    outcomes = _race(con, save)
    monkeypatch.undo()

    assert con.execute(_COUNTS[kind], [DAY]).fetchone()[0] == 1
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == WRITERS - 1
    # Each refusal is the calm sentence the Log page shows, never a database error.
    assert all(isinstance(o, InvalidEntry) for o in refused), refused
    assert all("count" in str(o) for o in refused)
    # The journal goes on working for everyone.
    storage.add_session(con, day=date(2026, 3, 5))
    con.close()


@pytest.mark.parametrize("kind", KINDS)
def test_tabs_racing_to_save_the_same_day_never_store_it_twice(tmp_path, kind):
    con = storage.connect(tmp_path / "journal.duckdb")
    save = _saves(con)[kind]
    for _ in range(5):
        outcomes = _race(con, save)
        assert con.execute(_COUNTS[kind], [DAY]).fetchone()[0] == 1
        assert sum(not isinstance(o, Exception) for o in outcomes) <= 1
        assert all(isinstance(o, InvalidEntry) for o in outcomes if isinstance(o, Exception))
        con.execute("DELETE FROM sessions; DELETE FROM practice_log; DELETE FROM measure_responses")
    con.close()


def test_tabs_adding_one_practice_name_in_two_cases_at_once_add_it_once(tmp_path, monkeypatch):
    con = storage.connect(tmp_path / "journal.duckdb")
    outcomes = _race(
        con, lambda cur, i: storage.add_practice(cur, "Evening walk" if i % 2 else "evening WALK")
    )
    names = [n for n in storage.practices(con)["name"] if n.casefold() == "evening walk"]
    assert len(names) == 1
    assert all(isinstance(o, InvalidEntry) for o in outcomes if isinstance(o, Exception))
    con.close()


def test_moving_a_session_onto_a_date_that_has_one_is_refused_in_words(journal):
    storage.add_session(journal, day=DAY)
    other = storage.add_session(journal, day=date(2026, 3, 5), note="keep me")
    with pytest.raises(InvalidEntry, match="already has a therapy session"):
        storage.update_entry(journal, "sessions", other, day=DAY)
    assert storage.get_entry(journal, "sessions", other)["note"] == "keep me"
    storage.update_entry(journal, "sessions", other, note="edited")  # its own date is no clash


def test_another_process_cannot_write_while_the_app_holds_the_journal(tmp_path):
    path = tmp_path / "journal.duckdb"
    storage.connect(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from analytics import storage; con = storage.connect(sys.argv[1]); "
            "print('open', flush=True); sys.stdin.read()",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(storage.JournalFault) as refused:
            storage.connect(path)
        assert refused.value.kind is storage.FaultKind.LOCKED
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


# --- journals that stored duplicates before the rule was in the schema ---------------------


def _version_3_journal_with_duplicates(path):
    con = duckdb.connect(str(path))
    storage.migrate(con, target=3)
    practice = con.execute("SELECT id FROM practices ORDER BY name LIMIT 1").fetchone()[0]
    logs = [  # (id, hour, status, minutes, note): the most complete is l3
        ("l1", 7, "rest", None, ""),
        ("l2", 8, "done", None, "first"),
        ("l3", 9, "done", 20, "second"),
        ("l4", 10, "done", None, "first"),
    ]
    for n, (log_id, hour, status, minutes, note) in enumerate(logs):
        con.execute(
            "INSERT INTO practice_log (id, local_time, utc_offset_min, practice_id, status, "
            "minutes, note, created_at) VALUES (?, ?, 60, ?, ?, ?, ?, "
            "TIMESTAMPTZ '2026-03-04 20:00:00+00' + to_seconds(?))",
            [log_id, datetime(2026, 3, 4, hour), practice, status, minutes, note, n],
        )
    for n, (session_id, note) in enumerate([("s1", ""), ("s2", "talked about work"), ("s3", "")]):
        con.execute(
            "INSERT INTO sessions (id, day, note, created_at) VALUES (?, ?, ?, "
            "TIMESTAMPTZ '2026-03-04 20:00:00+00' + to_seconds(?))",
            [session_id, DAY, note, n],
        )
    for n, answers in enumerate([[1] * 9, [2] * 9]):
        items = ", ".join(str(a) for a in answers)
        con.execute(
            f"INSERT INTO measure_responses (id, day, measure, {', '.join(f'item_{i}' for i in range(1, 10))}, total, created_at) "
            f"VALUES ('m{n}', ?, 'phq9', {items}, {sum(answers)}, TIMESTAMPTZ '2026-03-04 20:00:00+00' + to_seconds({n}))",
            [DAY],
        )
    con.execute("INSERT INTO practices (id, name, weekly_target) VALUES ('w1', 'Walk', 7)")
    con.execute(
        "INSERT INTO practices (id, name, weekly_target, created_at) "
        "VALUES ('w2', 'walk', 3, current_timestamp + INTERVAL 1 SECOND)"
    )
    con.execute(
        "INSERT INTO trigger_categories (name, position) VALUES ('Noise', 90), ('noise', 91)"
    )
    con.execute(
        "INSERT INTO triggers (id, local_time, utc_offset_min, category, intensity, response_kind) "
        "VALUES ('t1', TIMESTAMP '2026-03-04 12:00', 60, 'noise', 4, 'other')"
    )
    con.close()
    return practice


def test_an_old_journal_with_duplicates_is_folded_after_a_backup(tmp_path):
    path = tmp_path / "journal.duckdb"
    practice = _version_3_journal_with_duplicates(path)
    con = storage.connect(path)
    assert storage.schema_version(con) == LATEST_VERSION
    # The most complete log stays, with the other distinct notes added to its own.
    assert con.execute(
        "SELECT id, status, minutes, note FROM practice_log WHERE practice_id = ?", [practice]
    ).fetchall() == [("l3", "done", 20, "second\n\nfirst")]
    assert con.execute("SELECT id, note FROM sessions").fetchall() == [("s2", "talked about work")]
    assert con.execute("SELECT id, total FROM measure_responses").fetchall() == [("m0", 9)]
    assert con.execute(
        "SELECT id, name FROM practices WHERE lower(name) LIKE 'walk%' ORDER BY id"
    ).fetchall() == [("w1", "Walk"), ("w2", "walk (2)")]
    assert con.execute("SELECT category FROM triggers").fetchall() == [("Noise",)]
    assert "noise" not in storage.trigger_categories(con, active_only=False)
    # and the rules hold from now on
    with pytest.raises(InvalidEntry):
        storage.add_session(con, day=DAY)
    con.close()
    # The backup taken first holds every row as it was.
    (backup,) = backups.list_backups(path)
    old = duckdb.connect(str(backup.path), read_only=True)
    try:
        assert old.execute("SELECT count(*) FROM practice_log").fetchone()[0] == 4
        assert old.execute("SELECT count(*) FROM sessions").fetchone()[0] == 3
        assert old.execute("SELECT count(*) FROM measure_responses").fetchone()[0] == 2
    finally:
        old.close()


def test_a_journal_that_had_duplicates_exports_and_restores_whole(tmp_path):
    path = tmp_path / "journal.duckdb"
    _version_3_journal_with_duplicates(path)
    con = storage.connect(path)
    zipped = export.export_journal(con)
    fresh = storage.connect(tmp_path / "fresh.duckdb")
    export.restore(fresh, zipped)
    for table in ("practice_log", "sessions", "measure_responses", "triggers"):
        query = f"SELECT * EXCLUDE (created_at, updated_at) FROM {table} ORDER BY id"
        assert fresh.execute(query).fetchall() == con.execute(query).fetchall()
    # Restoring it again, or into the journal it came from, adds nothing and breaks no rule.
    assert export.restore(fresh, zipped).adds_nothing
    assert export.restore(con, zipped).adds_nothing
    fresh.close()
    con.close()


def test_restoring_a_practice_day_or_session_the_journal_has_keeps_the_journals(tmp_path):
    source = storage.connect()
    practice = _practice_id(source)
    storage.log_practice(source, practice_id=practice, when=datetime(2026, 3, 4, 9), note="theirs")
    storage.add_session(source, day=DAY, note="theirs")
    zipped = export.export_journal(source)
    mine = storage.connect(tmp_path / "journal.duckdb")
    mine.execute("UPDATE practices SET id = ? WHERE id = ?", [practice, _practice_id(mine)])
    storage.log_practice(mine, practice_id=practice, when=datetime(2026, 3, 4, 20), note="mine")
    storage.add_session(mine, day=DAY, note="mine")
    plan = export.restore(mine, zipped)
    assert mine.execute("SELECT note FROM practice_log").fetchall() == [("mine",)]
    assert mine.execute("SELECT note FROM sessions").fetchall() == [("mine",)]
    lines = [change.line() for change in plan.catalog_changes]
    assert any("1 practice day" in line and "counts once" in line for line in lines), lines
    assert any("2026-03-04" in line and "therapy session" in line for line in lines), lines
    mine.close()
