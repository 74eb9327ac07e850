"""Tasks agreed in a session on the pages: logged with the session, marked on Home, made a
practice; the session's status and the schedule on the Log page; the next session on Home from
the schedule."""

from __future__ import annotations

from datetime import timedelta

from analytics import clock, sessions, storage
from analytics.schedule import Schedule
from tests.apptest import open_page

HOME = "../views/home.py"
LOG = "../views/log.py"


def journal_with_tasks(path):
    con = storage.connect(path)
    try:
        storage.add_check_in(con, when=clock.now() - timedelta(hours=1), wellbeing=6)
        sid = sessions.add_session_with_tasks(
            con,
            {"day": clock.today() - timedelta(days=2)},
            ["Say no once to my manager this week", "**Walk** after lunch"],
        )
        return sid
    finally:
        con.close()


def tasks_in(path, sid):
    con = storage.connect(path)
    try:
        return storage.session_queries.tasks_of(con, sid)
    finally:
        con.close()


def test_home_shows_the_tasks_as_typed_and_a_mark_is_saved(app_env):
    path = app_env()
    sid = journal_with_tasks(path)
    at = open_page(HOME)
    assert any(s.value.startswith("Tasks from your session of") for s in at.subheader)
    assert [t.value for t in at.text] == [
        "Say no once to my manager this week",
        "**Walk** after lunch",
    ]
    first = tasks_in(path, sid)["id"][0]
    at.segmented_control(key=f"task_status_{first}").set_value("partly").run()
    at.text_input(key=f"task_way_{first}").input("A deadline moved").run()
    assert not at.exception
    task = tasks_in(path, sid).iloc[0]
    assert (task["status"], task["what_got_in_the_way"]) == ("partly", "A deadline moved")


def test_make_it_a_practice_adds_the_practice_and_links_the_task(app_env):
    path = app_env()
    sid = journal_with_tasks(path)
    at = open_page(HOME)
    first = tasks_in(path, sid)["id"][0]
    at.button(key=f"task_practice_{first}").click().run()
    assert not at.exception
    con = storage.connect(path)
    try:
        names = set(storage.practices(con)["name"])
    finally:
        con.close()
    assert "Say no once to my manager this week" in names
    assert tasks_in(path, sid)["practice_id"][0] is not None
    assert not any(b.key == f"task_practice_{first}" for b in at.button)


def test_home_names_the_next_session_from_the_schedule(app_env):
    path = app_env()
    journal_with_tasks(path)
    today = clock.today()
    con = storage.connect(path)
    try:
        sessions.set_schedule(
            con, Schedule(today - timedelta(days=2), 1, today + timedelta(days=40))
        )
    finally:
        con.close()
    at = open_page(HOME)
    text = " ".join(m.value for m in at.markdown)
    assert "Next therapy session" in text and "(in 5 days)" in text


def test_the_log_page_saves_a_missed_session_with_tasks_and_a_schedule(app_env):
    path = app_env()
    at = open_page(LOG)
    form_keys = {w.key for w in at.text_area}
    tasks_key = next(k for k in form_keys if k and "session" in k and "tasks" in k)
    status_key = next(w.key for w in at.get("segmented_control") if w.key and "session" in w.key)
    at.segmented_control(key=status_key).set_value("missed")
    at.text_area(key=tasks_key).input("Breathe before replying\n\nCall my sister")
    at.button(key=next(b.key for b in at.button if b.key and "session" in b.key)).click().run()
    assert not at.exception
    con = storage.connect(path)
    try:
        rows = storage.list_entries(con, "sessions")
        assert list(rows["status"]) == ["missed"]
        texts = list(storage.session_queries.tasks_of(con, rows["id"][0])["text"])
        assert texts == ["Breathe before replying", "Call my sister"]
        assert storage.session_days(con) == []  # a missed session did not happen
    finally:
        con.close()
    at.segmented_control(key="schedule_every").set_value(2)
    at.button(key=next(b.key for b in at.button if b.label == "Save schedule")).click().run()
    assert not at.exception
    con = storage.connect(path)
    try:
        plan = sessions.schedule(con)
    finally:
        con.close()
    assert plan is not None and plan.every_weeks == 2


def test_entries_changes_a_sessions_status_and_lists_it_in_words(app_env):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import REPO

    path = app_env()
    con = storage.connect(path)
    try:
        sid = storage.add_session(con, day=clock.today() - timedelta(days=1))
    finally:
        con.close()
    at = AppTest.from_file(str(REPO / "between_sessions" / "app.py"), default_timeout=60).run()
    at.session_state["entries_tab"] = "Therapy sessions"  # only the open tab runs
    at.switch_page("../views/entries.py").run()
    key = f"edit_sessions_{sid}"
    at.selectbox(key=f"{key}_status").set_value("cancelled")
    at.button(key=f"{key}_save").click().run()
    assert not at.exception and not at.error
    con = storage.connect(path)
    try:
        assert storage.get_entry(con, "sessions", sid)["status"] == "cancelled"
        assert storage.session_days(con) == []
    finally:
        con.close()
    listed = [d.value for d in at.dataframe if "status" in d.value]
    assert listed and list(listed[0]["status"]) == ["Cancelled"]


def test_the_log_page_moves_one_date_of_the_schedule_and_asks_for_the_day_first(app_env):
    path = app_env()
    today = clock.today()
    con = storage.connect(path)
    try:
        sessions.set_schedule(
            con, Schedule(today + timedelta(days=3), 1, today + timedelta(days=60))
        )
    finally:
        con.close()
    at = open_page(LOG)
    original = at.selectbox(key="schedule_original").value
    moves = next(b.key for b in at.button if b.label == "Move it")
    at.button(key=moves).click().run()  # no day chosen yet: refused, nothing written
    assert not at.exception
    assert any("choose the day it moves to" in e.value for e in at.error)
    con = storage.connect(path)
    try:
        assert sessions.schedule(con).moved == {}
    finally:
        con.close()
    at.date_input(key="schedule_move_to").set_value(original + timedelta(days=1))
    at.button(key=moves).click().run()
    assert not at.exception
    con = storage.connect(path)
    try:
        assert sessions.schedule(con).moved == {original: original + timedelta(days=1)}
    finally:
        con.close()
