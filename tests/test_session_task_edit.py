"""A saved session's tasks changed one at a time (issue 22): reworded, removed or added, each in
one transaction, and the other tasks keep their marks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from analytics import clock, sessions, storage
from analytics.entries import InvalidEntry
from analytics.storage import session_queries
from tests.test_pages_entries import open_entries
from tests.test_session_tasks_page import journal_with_tasks, tasks_in

TASKS = ["Say no once to my manager this week", "**Walk** after lunch"]


def _marked() -> tuple[storage.Connection, str, list[str]]:
    """A session with three tasks: the first done (with a note), the second partly and made a
    practice, the third not marked."""
    con = storage.connect()
    sid = sessions.add_session_with_tasks(
        con, {"day": clock.today() - timedelta(days=3)}, [*TASKS, "Call my sister"]
    )
    ids = list(session_queries.tasks_of(con, sid)["id"])
    sessions.mark_task(con, ids[0], "done", "Nothing, in the end")
    sessions.mark_task(con, ids[1], "partly")
    sessions.task_to_practice(con, ids[1])
    return con, sid, ids


def _state(con, sid) -> list[tuple]:
    return con.execute(
        "SELECT id, text, status, what_got_in_the_way, practice_id FROM session_tasks "
        "WHERE session_id = ? ORDER BY position",
        [sid],
    ).fetchall()


def test_a_reworded_task_keeps_its_place_and_mark_and_the_others_are_untouched():
    con, sid, ids = _marked()
    before = _state(con, sid)
    sessions.reword_task(con, ids[1], "Walk after lunch, ten minutes")
    after = _state(con, sid)
    assert after[1] == (ids[1], "Walk after lunch, ten minutes", *before[1][2:])
    assert after[0] == before[0] and after[2] == before[2]


@pytest.mark.parametrize("text", ["", "   ", "x" * 241])
def test_a_reword_to_nothing_or_too_long_is_refused_and_nothing_changes(text):
    con, sid, ids = _marked()
    before = _state(con, sid)
    with pytest.raises(InvalidEntry) as refused:
        sessions.reword_task(con, ids[0], text)
    assert refused.value.field == "task"
    assert _state(con, sid) == before


def test_a_removed_task_leaves_the_others_in_order_with_their_marks_and_its_practice_stays():
    con, sid, ids = _marked()
    before = _state(con, sid)
    practices = len(storage.practices(con))
    assert sessions.remove_task(con, ids[1]) is True
    assert _state(con, sid) == [before[0], before[2]]
    assert len(storage.practices(con)) == practices
    assert sessions.remove_task(con, ids[1]) is False  # gone already (another tab)
    with pytest.raises(InvalidEntry, match="no such task"):
        sessions.reword_task(con, ids[1], "Walk")


def test_tasks_added_to_a_saved_session_come_after_its_others_unmarked():
    con, sid, ids = _marked()
    before = _state(con, sid)
    sessions.remove_task(con, ids[2])
    assert sessions.add_tasks(con, sid, ["", "Breathe before replying", "  "]) == 1
    after = _state(con, sid)
    assert after[:2] == before[:2]
    assert after[2][1:3] == ("Breathe before replying", "open")


def test_a_failed_reword_leaves_no_transaction_open():
    con, sid, ids = _marked()
    with pytest.raises(InvalidEntry):
        sessions.reword_task(con, ids[0], "")
    sessions.reword_task(con, ids[0], "Say no twice")  # the next write still lands
    assert _state(con, sid)[0][1] == "Say no twice"


# --- the page ------------------------------------------------------------------------------------


def _open_session(path, sid):
    at = open_entries("Therapy sessions")
    at.selectbox(key="choose_sessions").set_value(sid).run()
    assert not at.exception
    return at


def _mark_first(path, sid) -> str:
    con = storage.connect(path)
    try:
        first = session_queries.tasks_of(con, sid)["id"][0]
        sessions.mark_task(con, first, "done")
        return first
    finally:
        con.close()


def test_the_sessions_tab_lists_a_sessions_tasks_as_typed(app_env):
    path = app_env()
    sid = journal_with_tasks(path)
    at = _open_session(path, sid)
    (tasks,) = (d.value for d in at.dataframe if "number" in d.value)
    assert list(tasks["text"]) == TASKS  # "**Walk**" as typed, in a table
    assert list(tasks["number"]) == ["Task 1", "Task 2"]
    assert list(tasks["how"]) == ["Not marked", "Not marked"]
    assert not any("Walk" in m.value for m in at.markdown)
    assert at.selectbox(key=f"choose_task_{sid}").options == [
        "Task 1 (not marked)",
        "Task 2 (not marked)",
    ]


def test_a_task_is_reworded_on_the_page_and_keeps_its_mark(app_env):
    path = app_env()
    sid = journal_with_tasks(path)
    first = _mark_first(path, sid)
    at = _open_session(path, sid)
    at.text_input(key=f"task_{first}_text").input("Say no twice to my manager")
    at.button(key=f"task_{first}_save").click().run()
    assert not at.exception and not at.error
    tasks = tasks_in(path, sid)
    assert list(tasks["text"]) == ["Say no twice to my manager", TASKS[1]]
    assert list(tasks["status"]) == ["done", "open"]
    assert any("Task 1 is reworded; its mark stays." in t.value for t in at.toast)


def test_a_task_is_removed_only_after_yes_and_the_other_keeps_its_mark(app_env):
    path = app_env()
    sid = journal_with_tasks(path)
    first = _mark_first(path, sid)
    second = tasks_in(path, sid)["id"][1]
    at = _open_session(path, sid)
    at.selectbox(key=f"choose_task_{sid}").set_value(second).run()
    at.button(key=f"task_{second}_delete").click().run()
    (asked,) = (w.value for w in at.warning)
    assert "Delete this task (Task 2, not marked)? It cannot be undone." in asked
    assert len(tasks_in(path, sid)) == 2
    at.button(key=f"task_{second}_keep").click().run()
    assert not at.warning and len(tasks_in(path, sid)) == 2
    at.button(key=f"task_{second}_delete").click().run()
    at.button(key=f"task_{second}_confirm").click().run()
    assert not at.exception
    tasks = tasks_in(path, sid)
    assert list(zip(tasks["id"], tasks["status"], strict=True)) == [(first, "done")]
    assert storage.get_entry(storage.connect(path), "sessions", sid) is not None  # session stays


def test_tasks_are_added_to_a_saved_session_on_the_page(app_env):
    path = app_env()
    con = storage.connect(path)
    try:
        sid = storage.add_session(con, day=clock.today() - timedelta(days=1))
    finally:
        con.close()
    at = _open_session(path, sid)
    assert any("No task was agreed in this session yet" in c.value for c in at.caption)
    at.button(key=f"task_add_{sid}_save").click().run()
    assert any("Write a task first" in w.value for w in at.warning)
    at.text_area(key=f"task_add_{sid}_text").input("Call my sister\n\nBreathe first")
    at.button(key=f"task_add_{sid}_save").click().run()
    assert not at.exception and not at.error
    assert list(tasks_in(path, sid)["text"]) == ["Call my sister", "Breathe first"]
    assert any("2 tasks added to the session." in t.value for t in at.toast)


@pytest.mark.parametrize(
    ("ahead", "status", "said"),
    [
        (
            3,
            "attended",
            "This session is booked for {day:%a %-d %b %Y}: its tasks can be added "
            "once it has taken place.",
        ),
        (
            3,
            "cancelled",
            "This session on {day:%a %-d %b %Y} was cancelled, so no task was agreed in it.",
        ),
        (
            -2,
            "missed",
            "This session on {day:%a %-d %b %Y} was missed, so no task was agreed in it.",
        ),
    ],
    ids=["booked ahead", "cancelled", "missed"],
)
def test_a_session_that_has_not_taken_place_says_why_it_has_no_tasks_and_offers_none(
    app_env, ahead, status, said
):
    """A session booked ahead said "No task was agreed in this session yet; add one below."
    and offered to add tasks to a session that has not happened (found by the walk)."""
    path = app_env()
    day = clock.today() + timedelta(days=ahead)
    con = storage.connect(path)
    try:
        sid = storage.add_session(con, day=day, status=status)
    finally:
        con.close()
    at = _open_session(path, sid)
    assert said.format(day=day) in [c.value for c in at.caption]
    assert not [a for a in at.text_area if a.key == f"task_add_{sid}_text"]


def test_tasks_saved_with_a_cancelled_session_stay_changeable_but_none_is_added(app_env):
    """The Log page saves tasks with a session of any status; Entries then offered "Add tasks"
    for a cancelled session that had some (found by the walk)."""
    path = app_env()
    day = clock.today() - timedelta(days=2)
    con = storage.connect(path)
    try:
        sid = sessions.add_session_with_tasks(con, {"day": day, "status": "cancelled"}, TASKS)
    finally:
        con.close()
    at = _open_session(path, sid)
    assert (
        f"This session on {day:%a %-d %b %Y} was cancelled, so no more tasks are added to it."
        in [c.value for c in at.caption]
    )
    assert not [a for a in at.text_area if a.key == f"task_add_{sid}_text"]
    assert at.selectbox(key=f"choose_task_{sid}").options  # the saved ones can still be changed
