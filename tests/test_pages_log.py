"""The Log page, driven through its widgets with AppTest against a journal file of the test's own."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import clock, storage
from analytics.entries import LONG_TEXT_MAX

APP = str(Path(__file__).resolve().parent.parent / "between_sessions" / "app.py")
TABS = [
    "How are you right now?",
    "Something stirred you up",
    "Today's practices",
    "Reflect on your week",
    "A therapy session",
    "A questionnaire for your therapist",
]


def said(elements) -> str:
    """What a person reads in these elements (the escaping of their text taken out)."""
    return " ".join(e.value.replace("\\", "") for e in elements)


def open_log() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page("../views/log.py").run()
    assert not at.exception
    return at


def count(path, table: str) -> int:
    con = storage.connect(path)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def rows(path, sql: str) -> list[tuple]:
    con = storage.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_log_page_opens_on_an_empty_journal_with_a_tab_per_kind(app_env):
    at = open_log()
    assert [t.value for t in at.title] == ["Log"]
    assert [s.value for s in at.subheader] == TABS


def test_log_page_opens_on_a_filled_journal(app_env, filled_journal):
    app_env(filled_journal)
    at = open_log()
    assert [s.value for s in at.subheader] == TABS


def test_a_check_in_is_a_slider_and_save_and_adds_exactly_one_row(app_env):
    path = app_env()
    at = open_log()
    at.pills(key="check_in_wellbeing").set_value(7)
    at.button(key="check_in_save").click().run()
    assert not at.exception
    assert not at.error
    assert rows(path, "SELECT wellbeing, anxiety, note FROM check_ins") == [(7.0, None, "")]
    assert "Check-in saved" in said(at.success)
    # The form starts fresh (new keys: the browser would show, and send again, a deleted
    # value), so a second click is a deliberate second check-in.
    assert at.pills(key="check_in_wellbeing_r1").value is None
    at.button(key="check_in_save_r1").click().run()
    assert at.error[0].value.startswith("Wellbeing: is missing")
    assert rows(path, "SELECT count(*) FROM check_ins") == [(1,)]


def test_nothing_is_rated_for_the_person(app_env):
    # A slider always holds a value: "Save" recorded a 5 nobody chose. The ratings start empty
    # and saving without one names the field and writes nothing.
    path = app_env()
    at = open_log()
    assert at.pills(key="check_in_wellbeing").value is None
    assert at.pills(key="trigger_intensity").value is None
    at.button(key="check_in_save").click().run()
    assert len(at.error) == 1 and at.error[0].value.startswith("Wellbeing: is missing")
    assert count(path, "check_ins") == 0


def test_a_check_in_keeps_its_optional_details(app_env):
    path = app_env()
    at = open_log()
    at.pills(key="check_in_wellbeing").set_value(4)
    at.number_input(key="check_in_anxiety").set_value(8)
    at.multiselect(key="check_in_emotions").set_value(["tired", "hopeful"])
    at.text_area(key="check_in_note").set_value("Long day, **not** markdown")
    at.date_input(key="check_in_day").set_value(clock.today() - timedelta(days=2))
    at.button(key="check_in_save").click().run()
    assert not at.exception
    [(wellbeing, anxiety, emotions, note, day)] = rows(
        path, "SELECT wellbeing, anxiety, emotions, note, CAST(local_time AS DATE) FROM check_ins"
    )
    assert (wellbeing, anxiety, emotions, note) == (
        4.0,
        8.0,
        "tired, hopeful",
        "Long day, **not** markdown",
    )
    assert day == clock.today() - timedelta(days=2)


def test_a_trigger_lands_with_its_category_intensity_and_response(app_env):
    path = app_env()
    at = open_log()
    at.selectbox(key="trigger_category").set_value("Family")
    at.text_area(key="trigger_what").set_value("A call from my mother")
    at.pills(key="trigger_intensity").set_value(8)
    at.text_area(key="trigger_response").set_value("Breathed, then said I'd call back")
    at.radio(key="trigger_kind").set_value("new_skill")
    at.number_input(key="trigger_helped").set_value(6)
    at.button(key="trigger_save").click().run()
    assert not at.exception
    assert rows(
        path, "SELECT category, what_happened, intensity, response_kind, helped FROM triggers"
    ) == [("Family", "A call from my mother", 8.0, "new_skill", 6.0)]


def test_ticking_two_practices_logs_two_done_rows_in_one_save(app_env):
    path = app_env()
    at = open_log()
    ids = dict(rows(path, "SELECT name, id FROM practices"))
    at.checkbox(key=f"practice_tick_{ids['Breathing or grounding']}").check()
    at.checkbox(key=f"practice_tick_{ids['Holding a boundary']}").check()
    at.button(key="practice_ticks_save").click().run()
    assert not at.exception
    logged = rows(
        path,
        "SELECT p.name, l.status FROM practice_log l JOIN practices p ON p.id = l.practice_id ORDER BY p.name",
    )
    assert logged == [("Breathing or grounding", "done"), ("Holding a boundary", "done")]
    # After a save the form starts afresh, with new keys (views.log.k).
    boundary = at.checkbox(key=f"practice_tick_{ids['Holding a boundary']}_r1")
    assert "logged today" in boundary.label
    assert boundary.value and boundary.disabled


def test_a_practice_already_logged_today_cannot_be_ticked_again_or_counted_twice(app_env):
    path = app_env()
    at = open_log()
    ids = dict(rows(path, "SELECT name, id FROM practices"))
    at.checkbox(key=f"practice_tick_{ids['Breathing or grounding']}").check()
    at.button(key="practice_ticks_save").click().run()
    at.button(key="practice_ticks_save").click().run()
    assert not at.exception
    assert count(path, "practice_log") == 1
    assert any("Nothing ticked" in i.value for i in at.info)
    at.selectbox(key="practice_detail_practice").set_value(ids["Breathing or grounding"])
    at.button(key="practice_detail_save").click().run()
    assert count(path, "practice_log") == 1
    assert len(at.error) == 1 and at.error[0].value.startswith(
        "Practice: Breathing or grounding is already logged as done on"
    )


def test_the_trigger_form_chooses_nothing_for_the_person_and_names_what_is_missing(app_env):
    path = app_env()
    at = open_log()
    assert at.selectbox(key="trigger_category").value is None
    assert at.radio(key="trigger_kind").value is None
    at.button(key="trigger_save").click().run()
    assert not at.exception
    # Every missing choice at once, in one sentence (issue 23), not one per Save.
    assert [e.value for e in at.error] == [
        "Choose a category, how intense it was and how you met it. Nothing was saved."
    ]
    at.selectbox(key="trigger_category").set_value("Work")
    at.radio(key="trigger_kind").set_value("old_pattern")
    at.button(key="trigger_save").click().run()
    assert [e.value for e in at.error] == ["Choose how intense it was. Nothing was saved."]
    assert count(path, "triggers") == 0
    at.pills(key="trigger_intensity").set_value(6)
    at.button(key="trigger_save").click().run()
    assert not at.error
    assert rows(path, "SELECT category, intensity, response_kind FROM triggers") == [
        ("Work", 6.0, "old_pattern")
    ]


def test_saving_without_a_tick_writes_nothing(app_env):
    path = app_env()
    at = open_log()
    at.button(key="practice_ticks_save").click().run()
    assert not at.exception
    assert count(path, "practice_log") == 0
    assert any("Nothing ticked" in i.value for i in at.info)


def test_a_rest_day_with_details_is_logged_as_rest(app_env):
    path = app_env()
    at = open_log()
    ids = dict(rows(path, "SELECT name, id FROM practices"))
    at.selectbox(key="practice_detail_practice").set_value(ids["Rest without guilt"])
    at.radio(key="practice_detail_status").set_value("rest")
    at.number_input(key="practice_detail_minutes").set_value(20)
    at.button(key="practice_detail_save").click().run()
    assert not at.exception
    assert rows(path, "SELECT practice_id, status, minutes FROM practice_log") == [
        (ids["Rest without guilt"], "rest", 20)
    ]


def test_an_empty_reflection_is_refused_inline_and_writes_nothing(app_env):
    path = app_env()
    at = open_log()
    at.button(key="reflection_save").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Reflection: is empty; answer at least one prompt. Nothing was saved."
    ]
    assert count(path, "reflections") == 0


def test_an_overlong_trigger_note_is_refused_naming_the_field(app_env):
    path = app_env()
    at = open_log()
    at.selectbox(key="trigger_category").set_value("Work")
    at.radio(key="trigger_kind").set_value("other")
    at.pills(key="trigger_intensity").set_value(3)
    at.text_area(key="trigger_note").set_value("x" * (LONG_TEXT_MAX + 1))
    at.button(key="trigger_save").click().run()
    assert not at.exception
    assert len(at.error) == 1 and at.error[0].value.startswith("Note: is 100,001 characters long")
    assert count(path, "triggers") == 0


def test_a_reflection_with_the_four_prompts_lands(app_env):
    path = app_env()
    at = open_log()
    at.text_area(key="reflection_noticing").set_value("I rush in the mornings")
    at.text_area(key="reflection_bring_next").set_value("The work email")
    at.button(key="reflection_save").click().run()
    assert not at.exception and not at.error
    assert rows(path, "SELECT day, noticing, tried_new, bring_next FROM reflections") == [
        (clock.today(), "I rush in the mornings", "", "The work email")
    ]


@pytest.mark.parametrize("ahead", [0, 10])
def test_a_session_date_may_be_today_or_ahead(app_env, ahead):
    path = app_env()
    at = open_log()
    at.date_input(key="session_day").set_value(clock.today() + timedelta(days=ahead))
    at.button(key="session_save").click().run()
    assert not at.exception and not at.error
    assert rows(path, "SELECT day FROM sessions") == [(clock.today() + timedelta(days=ahead),)]


def test_the_same_session_date_saved_twice_is_refused_kindly_and_counted_once(app_env):
    path = app_env()
    at = open_log()
    at.button(key="session_save").click().run()
    at.button(key="session_save_r1").click().run()
    assert not at.exception
    assert count(path, "sessions") == 1
    assert len(at.error) == 1 and "already has a therapy session" in at.error[0].value


def test_the_last_save_can_be_undone_and_several_practices_ticked_together_go_together(app_env):
    """Issue 23 item 17: Undo on the Log page for the last save, as Quick log has."""
    path = app_env()
    at = open_log()
    ids = dict(rows(path, "SELECT name, id FROM practices"))
    storage_con = storage.connect(path)
    kept = storage.add_check_in(storage_con, when=clock.now() - timedelta(days=2), wellbeing=4)
    storage_con.close()
    at.checkbox(key=f"practice_tick_{ids['Breathing or grounding']}").check()
    at.checkbox(key=f"practice_tick_{ids['Holding a boundary']}").check()
    at.button(key="practice_ticks_save").click().run()
    assert "2 practices logged" in said(at.success)
    assert count(path, "practice_log") == 2

    at.button(key="log_undo").click().run()
    assert not at.exception
    assert count(path, "practice_log") == 0  # both, in one go
    assert "Undone: those 2 entries are no longer in your journal." in said(at.info)
    assert "log_undo" not in [b.key for b in at.button]
    assert rows(path, "SELECT id FROM check_ins") == [(kept,)]  # nothing else touched

    # Each kind of save offers it: a reflection, undone, leaves nothing behind.
    at.text_area(key="reflection_noticing").input("A calmer week")
    at.button(key="reflection_save").click().run()
    assert count(path, "reflections") == 1 and "Reflection saved" in said(at.success)
    at.button(key="log_undo").click().run()
    assert count(path, "reflections") == 0


def test_an_undo_of_an_entry_already_deleted_elsewhere_says_so(app_env):
    path = app_env()
    at = open_log()
    at.pills(key="check_in_wellbeing").set_value(6)
    at.button(key="check_in_save").click().run()
    con = storage.connect(path)
    con.execute("DELETE FROM check_ins")
    con.close()
    at.button(key="log_undo").click().run()
    assert not at.exception
    assert "already been deleted elsewhere" in said(at.info)
