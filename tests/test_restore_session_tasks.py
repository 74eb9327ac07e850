"""A merge restore keeps a session's tasks when its session is left out (the journal has one that
day): they join the journal's session, after its own, with their marks, and the plan says so
(found by attack: they were dropped, yet counted "already in your journal"). And a task's text
is one line with something to read, on every path that stores it: add, reword, restore."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest

from analytics import clock, sessions, storage
from analytics.entries import InvalidEntry
from analytics.export.journal_zip import export_journal
from analytics.export.restoring import KEPT, plan_restore, read_export, restore
from analytics.storage import session_queries
from tests.test_export_hostile import refusal, rezip
from tests.test_restore_checks import rows_of, with_rows

DAY = clock.today() - timedelta(days=7)


def _tasks(con: storage.Connection) -> list[tuple]:
    """(text, status, what got in the way) of the session on DAY, in their order."""
    return con.execute(
        """SELECT t.text, t.status, t.what_got_in_the_way FROM session_tasks t
           JOIN sessions s ON s.id = t.session_id WHERE s.day = ? ORDER BY t.position""",
        [DAY],
    ).fetchall()


def _session(con: storage.Connection, tasks: list[str]) -> list[str]:
    sid = sessions.add_session_with_tasks(con, {"day": DAY, "status": "attended"}, tasks)
    return list(session_queries.tasks_of(con, sid)["id"])


@pytest.fixture
def exported() -> bytes:
    """A file whose session on DAY holds five tasks, two of them in the journal's words."""
    con = storage.connect()
    ids = _session(
        con, ["  walk TWICE ", "Write it down", "Breathe before replying", "call my sister", "Read"]
    )
    sessions.mark_task(con, ids[1], "done", "Nothing, in the end")
    sessions.mark_task(con, ids[2], "partly")
    data = export_journal(con)
    con.close()
    return data


@pytest.fixture
def mine():
    """A journal with entries (so the restore merges) and its own session on DAY, two tasks."""
    con = storage.connect()
    storage.add_check_in(con, when=DAY, wellbeing=5)
    ids = _session(con, ["Walk twice", "Call my sister"])
    sessions.mark_task(con, ids[0], "done")
    yield con
    con.close()


def test_the_file_tasks_of_a_session_left_out_join_the_journal_session_of_that_day(exported, mine):
    plan = plan_restore(mine, read_export(exported, target=mine))
    tasks = next(c for c in plan.changes if c.table == "session_tasks")
    assert (tasks.in_file, tasks.to_add, tasks.already_there) == (5, 3, 2)
    note = next(c for c in plan.catalog_changes if c.table == "sessions")
    assert (note.label, note.name, note.action) == ("Therapy session", f"{DAY:%Y-%m-%d}", KEPT)
    assert note.detail.endswith("; of its 5 tasks, 3 are added to yours and 2 were there already")

    restore(mine, exported)
    assert _tasks(mine) == [
        ("Walk twice", "done", ""),
        ("Call my sister", "open", ""),
        ("Write it down", "done", "Nothing, in the end"),
        ("Breathe before replying", "partly", ""),
        ("Read", "open", ""),
    ]
    assert mine.execute("SELECT count(*) FROM sessions").fetchone()[0] == 1
    again = plan_restore(mine, read_export(exported, target=mine))
    assert again.adds_nothing


@pytest.mark.parametrize(
    ("journal_tasks", "said"),
    [
        ([], "; its 5 tasks are added to yours"),
        (
            ["Walk twice", "write it down", "Breathe before replying", "Call my sister", "read"],
            "; its 5 tasks were in yours already",
        ),
    ],
)
def test_the_note_says_what_becomes_of_the_file_tasks(exported, journal_tasks, said):
    con = storage.connect()
    storage.add_check_in(con, when=DAY, wellbeing=5)
    _session(con, journal_tasks)
    restore(con, exported)
    assert len(_tasks(con)) == 5
    plan = plan_restore(con, read_export(exported, target=con))
    assert plan.adds_nothing
    fresh = storage.connect()
    storage.add_check_in(fresh, when=DAY, wellbeing=5)
    _session(fresh, journal_tasks)
    note = next(
        c
        for c in plan_restore(fresh, read_export(exported, target=fresh)).catalog_changes
        if c.table == "sessions"
    )
    assert note.detail.endswith(said), note.detail


def test_one_task_is_said_in_the_singular():
    con = storage.connect()
    _session(con, ["Walk twice"])
    data = export_journal(con)
    journal = storage.connect()
    storage.add_check_in(journal, when=DAY, wellbeing=5)
    _session(journal, [])
    note = next(c for c in restore(journal, data).catalog_changes if c.table == "sessions")
    assert note.detail.endswith("; its 1 task is added to yours"), note.detail
    assert _tasks(journal) == [("Walk twice", "open", "")]


def test_a_header_naming_a_column_twice_names_the_column_and_both_places(exported, journal):
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        lines = archive.read("session_tasks.csv").decode().splitlines()
    first = lines[0].split(",")[0]
    text = "\n".join([lines[0] + f",{first}"] + [line + ",x" for line in lines[1:]]) + "\n"
    width = len(lines[0].split(","))
    message = refusal(journal, rezip(exported, {"session_tasks.csv": text}))
    assert (
        f"session_tasks.csv, {first}: the header row names the column '{first}' more than once "
        f"(columns 1 and {width + 1}), so which one to read is unclear"
    ) in message, message


INVISIBLE = ["\u200b", " \u2060\ufeff ", "\u200d\u3164"]
BROKEN = ["Walk\nafter lunch", "Walk\r\nafter lunch", "Walk\u2028after lunch"]


@pytest.mark.parametrize("text", INVISIBLE + BROKEN)
def test_a_reword_to_invisible_or_to_two_lines_is_refused_naming_the_task(text):
    con = storage.connect()
    ids = _session(con, ["Walk twice"])
    with pytest.raises(InvalidEntry) as refused:
        sessions.reword_task(con, ids[0], text)
    assert refused.value.field == "task"
    assert ("one line" if text in BROKEN else "invisible") in refused.value.message
    assert _tasks(con) == [("Walk twice", "open", "")]


@pytest.mark.parametrize("text", INVISIBLE + ["Walk\u2029after lunch"])
def test_adding_an_invisible_or_broken_task_is_refused_and_nothing_lands(text):
    con = storage.connect()
    ids = _session(con, ["Walk twice"])
    sid = con.execute("SELECT session_id FROM session_tasks WHERE id = ?", [ids[0]]).fetchone()[0]
    with pytest.raises(InvalidEntry) as refused:
        sessions.add_tasks(con, sid, ["Read", text])
    assert refused.value.field == "task"
    assert _tasks(con) == [("Walk twice", "open", "")]
    with pytest.raises(InvalidEntry):
        sessions.add_session_with_tasks(con, {"day": DAY - timedelta(days=7)}, ["Read", text])
    assert con.execute("SELECT count(*) FROM sessions").fetchone()[0] == 1


def test_a_task_with_visible_words_and_a_joiner_is_kept_exactly():
    con = storage.connect()
    _session(con, ["Hug \U0001f468\u200d\U0001f469\u200d\U0001f467"])
    assert _tasks(con)[0][0] == "Hug \U0001f468\u200d\U0001f469\u200d\U0001f467"


@pytest.mark.parametrize("text", ["\u200b", "Walk\nafter lunch"])
def test_a_restored_task_invisible_or_of_two_lines_is_refused_by_file_row_and_field(
    exported, journal, text
):
    tasks = rows_of(exported, "session_tasks")
    tasks[1]["text"] = text
    message = refusal(journal, with_rows(exported, "session_tasks", tasks))
    assert "session_tasks.csv, row 3, task:" in message, message


def test_a_task_stored_over_two_lines_before_the_rule_can_still_be_marked():
    con = storage.connect()
    ids = _session(con, ["Walk twice"])
    con.execute("UPDATE session_tasks SET text = ? WHERE id = ?", ["Walk\nafter lunch", ids[0]])
    sessions.mark_task(con, ids[0], "done", "Rain")
    assert _tasks(con) == [("Walk\nafter lunch", "done", "Rain")]
