"""The Entries page: browsing, changing and deleting entries (with a confirmation), and the lists."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from streamlit.testing.v1 import AppTest

from analytics import clock, storage
from analytics.entries import LONG_TEXT_MAX
from analytics.entry_table import DAY_FORMAT, TIME_FORMAT

APP = str(Path(__file__).resolve().parent.parent / "between_sessions" / "app.py")
HEADINGS = [
    "Check-ins",
    "Triggers",
    "Practices done",
    "Reflections",
    "Therapy sessions",
    "Questionnaires",
    "Goals",
    "My practices",
    "Trigger categories",
]


def open_entries(tab: str | None = None) -> AppTest:
    """The Entries page, on its first tab or on `tab` (only the open tab runs)."""
    at = AppTest.from_file(APP, default_timeout=30).run()
    if tab is not None:
        at.session_state["entries_tab"] = tab
    at.switch_page("../views/entries.py").run()
    assert not at.exception
    return at


def every_tab(at: AppTest) -> dict[str, AppTest]:
    """What each tab shows, opened one after another as a person would (a rerun each)."""
    shown = {}
    for heading in HEADINGS:
        at.session_state["entries_tab"] = heading
        at.run()
        assert not at.exception
        shown[heading] = (
            [s.value for s in at.subheader],
            [i.value for i in at.info],
            [d.value for d in at.dataframe],
        )
    return shown


def query(path, sql: str, params=()) -> list[tuple]:
    con = storage.connect(path)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def one_check_in(path, **values) -> str:
    con = storage.connect(path)
    try:
        return storage.add_check_in(
            con, when=clock.now() - timedelta(hours=1), **{"wellbeing": 5, **values}
        )
    finally:
        con.close()


def test_an_empty_journal_shows_every_heading_and_says_there_is_nothing_yet(app_env):
    at = open_entries()
    assert [t.value for t in at.title] == ["Entries"]
    assert [s.value for s in at.subheader] == ["Check-ins"], "only the open tab runs"
    shown = every_tab(at)
    assert [subheaders for subheaders, _, _ in shown.values()] == [[h] for h in HEADINGS]
    assert any("No check-ins" in i for i in shown["Check-ins"][1])
    assert [len(tables) for _, _, tables in shown.values()] == [0] * 7 + [1, 1]  # the lists


def test_a_filled_journal_lists_each_kind_in_the_range(app_env, filled_journal):
    app_env(filled_journal)
    shown = every_tab(open_entries())
    assert [subheaders for subheaders, _, _ in shown.values()] == [[h] for h in HEADINGS]
    tables = [tables[0] for _, _, tables in list(shown.values())[:5]]
    assert [len(t) for t in tables] == [14, 5, 14, 1, 2]  # the booked session is listed too
    assert "Day 0: *not* markdown" in set(tables[0]["note"])


def test_the_sample_journal_renders(app_env, sample_journal_path):
    app_env(sample_journal_path)
    shown = every_tab(open_entries())
    assert [subheaders for subheaders, _, _ in shown.values()] == [[h] for h in HEADINGS]


def test_editing_a_check_in_stores_the_change(app_env):
    path = app_env()
    entry_id = one_check_in(path, note="first words")
    at = open_entries()
    key = f"edit_check_ins_{entry_id}"
    at.select_slider(key=f"{key}_wellbeing").set_value(8.5)
    at.text_area(key=f"{key}_note").set_value("kinder words")
    at.button(key=f"{key}_save").click().run()
    assert not at.exception and not at.error
    assert query(path, "SELECT wellbeing, note FROM check_ins") == [(8.5, "kinder words")]
    assert any("updated" in t.value for t in at.toast)


def test_an_invalid_edit_is_refused_inline_and_changes_nothing(app_env):
    path = app_env()
    entry_id = one_check_in(path, note="first words")
    at = open_entries()
    key = f"edit_check_ins_{entry_id}"
    at.text_area(key=f"{key}_note").set_value("x" * (LONG_TEXT_MAX + 1))
    at.button(key=f"{key}_save").click().run()
    assert not at.exception
    assert len(at.error) == 1 and at.error[0].value.startswith("Note: is 100,001 characters long")
    assert query(path, "SELECT note FROM check_ins") == [("first words",)]


def test_moving_an_entry_in_time_keeps_its_utc_offset(app_env):
    path = app_env()
    entry_id = one_check_in(path)
    [(offset,)] = query(path, "SELECT utc_offset_min FROM check_ins")
    at = open_entries()
    key = f"edit_check_ins_{entry_id}"
    earlier = (clock.now() - timedelta(days=2)).date()
    at.date_input(key=f"{key}_day").set_value(earlier)
    at.button(key=f"{key}_save").click().run()
    assert not at.exception and not at.error
    assert query(path, "SELECT CAST(local_time AS DATE), utc_offset_min FROM check_ins") == [
        (earlier, offset)
    ]


def test_delete_asks_first_and_keep_it_keeps_the_entry(app_env):
    path = app_env()
    entry_id = one_check_in(path)
    at = open_entries()
    key = f"edit_check_ins_{entry_id}"
    at.button(key=f"{key}_delete").click().run()
    assert not at.exception
    assert any("cannot be undone" in w.value for w in at.warning)
    assert query(path, "SELECT count(*) FROM check_ins") == [(1,)]
    at.button(key=f"{key}_keep").click().run()
    assert not at.warning
    assert query(path, "SELECT count(*) FROM check_ins") == [(1,)]


def test_delete_removes_the_entry_only_after_confirmation(app_env):
    path = app_env()
    entry_id = one_check_in(path)
    other_id = one_check_in(path, wellbeing=3)
    at = open_entries()
    at.selectbox(key="choose_check_ins").set_value(entry_id).run()
    key = f"edit_check_ins_{entry_id}"
    at.button(key=f"{key}_delete").click().run()
    assert query(path, "SELECT count(*) FROM check_ins") == [(2,)]
    at.button(key=f"{key}_confirm").click().run()
    assert not at.exception
    assert query(path, "SELECT id FROM check_ins") == [(other_id,)]


def test_adding_and_pausing_a_practice(app_env):
    path = app_env()
    at = open_entries("My practices")
    at.text_input(key="practice_add_name").set_value("Evening walk")
    at.slider(key="practice_add_target").set_value(4)
    at.button(key="practice_add_save").click().run()
    assert not at.exception and not at.error
    [(practice_id, target, active)] = query(
        path, "SELECT id, weekly_target, active FROM practices WHERE name = 'Evening walk'"
    )
    assert (target, active) == (4, True)
    at.selectbox(key="practice_edit_choice").set_value(practice_id).run()
    at.checkbox(key=f"practice_edit_active_{practice_id}").uncheck()
    at.button(key="practice_edit_save").click().run()
    assert not at.exception and not at.error
    assert query(path, "SELECT active FROM practices WHERE id = ?", [practice_id]) == [(False,)]


def test_a_duplicate_practice_name_is_refused(app_env):
    path = app_env()
    at = open_entries("My practices")
    at.text_input(key="practice_add_name").set_value("holding a boundary")
    at.button(key="practice_add_save").click().run()
    assert len(at.error) == 1 and at.error[0].value.startswith("Name:")
    assert query(
        path, "SELECT count(*) FROM practices WHERE lower(name) = 'holding a boundary'"
    ) == [(1,)]


def test_adding_and_putting_away_a_trigger_category(app_env):
    path = app_env()
    at = open_entries("Trigger categories")
    at.text_input(key="category_add_name").set_value("Commute")
    at.button(key="category_add_save").click().run()
    assert not at.exception and not at.error
    assert "Commute" in storage.trigger_categories(storage.connect(path))
    at.selectbox(key="category_choice").set_value("Commute").run()
    at.button(key="category_deactivate").click().run()
    assert not at.exception
    con = storage.connect(path)
    assert "Commute" not in storage.trigger_categories(con)
    assert "Commute" in storage.trigger_categories(con, active_only=False)
    con.close()


def test_the_list_shows_the_persons_words_and_readable_dates(app_env):
    path = app_env()
    con = storage.connect(path)
    try:
        storage.add_trigger(
            con,
            when=clock.now() - timedelta(hours=2),
            category=storage.trigger_categories(con)[0],
            what_happened="A crowded bus",
            intensity=5,
            response="Breathed slowly",
            response_kind="new_skill",
        )
        storage.add_session(con, day=clock.today(), note="")
    finally:
        con.close()
    at = open_entries("Triggers")
    tables = list(at.dataframe)
    at.session_state["entries_tab"] = "Therapy sessions"
    at.run()
    shown = {}
    for table in [*tables, *at.dataframe]:
        shown.update({column: table.value[column].tolist() for column in table.value.columns})
        config = json.loads(table.proto.columns or "{}")
        for column, wanted in (("local_time", TIME_FORMAT), ("day", DAY_FORMAT)):
            if column in table.value.columns:
                assert config[column]["type_config"]["format"] == wanted, column
    assert shown["response_kind"] == ["A new skill"]
    chooser = at.selectbox(key="choose_sessions")
    assert chooser.format_func(chooser.value).startswith(f"{clock.today():%a %-d %b %Y}")
    assert "new_skill" not in str(shown)


def test_a_questionnaire_is_listed_in_words_and_deleted_after_confirmation(app_env):
    """The refusal of a second response on one day says to delete it on the Entries page."""
    path = app_env()
    con = storage.connect(path)
    try:
        today = clock.today()
        response = storage.add_measure_response(con, "phq9", [2, 2, 1, 1, 2, 1, 2, 1, 0], today)
        storage.add_measure_response(con, "who5", [3, 3, 2, 3, 3], today)
    finally:
        con.close()
    at = open_entries("Questionnaires")
    assert not at.exception
    (table,) = [d.value for d in at.dataframe if "questionnaire" in d.value]
    assert sorted(table["questionnaire"]) == [
        "PHQ-9 · 12 of 27 (moderate)",
        "WHO-5 · 56 of 100 (good)",
    ]
    phq9 = table[table["questionnaire"].str.startswith("PHQ-9")].iloc[0]
    assert (phq9["item_1"], phq9["item_3"], phq9["item_9"]) == (
        "More than half the days",
        "Several days",
        "Not at all",
    )
    at.selectbox(key="choose_measure_responses").set_value(response).run()
    key = f"edit_measure_responses_{response}"
    assert any("fill it in again" in c.value for c in at.caption)
    at.button(key=f"{key}_delete").click().run()
    assert any(
        r"PHQ\-9 · 12 of 27 \(moderate\)" in w.value for w in at.warning
    )  # plain(): markdown-safe
    at.button(key=f"{key}_confirm").click().run()
    assert not at.exception
    assert query(path, "SELECT measure FROM measure_responses") == [("who5",)]
    con = storage.connect(path)
    try:  # the day is free again: the questionnaire can be filled in anew
        storage.add_measure_response(con, "phq9", [0] * 9, today)
    finally:
        con.close()


def test_the_sample_offered_by_the_app_brings_its_questionnaires(app_env, filled_journal):
    """Through the app's own way into the sample: its questionnaires are there, in words."""
    app_env(filled_journal)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.sidebar.button(key="enter_sample").click().run()
    at.session_state["entries_tab"] = "Questionnaires"
    at.switch_page("../views/entries.py").run()
    assert not at.exception
    (table,) = [d.value for d in at.dataframe if "questionnaire" in d.value]
    measures = {text.split(" · ")[0] for text in table["questionnaire"]}
    assert measures == {"PHQ-9", "GAD-7", "WHO-5"}  # two fortnights of the last 30 days
    assert len(table) in (6, 9)


def test_a_questionnaire_column_says_what_its_item_asks_in_each_measure():
    from analytics.entry_table import item_help

    assert item_help("item_1").splitlines() == [
        "PHQ-9: Little interest or pleasure in doing things",
        "GAD-7: Feeling nervous, anxious or on edge",
        "WHO-5: I have felt cheerful and in good spirits",
    ]
    assert item_help("item_9").startswith("PHQ-9: Thoughts that you would be better off dead")
    assert len(item_help("item_8").splitlines()) == 1  # GAD-7 and WHO-5 end before it


def test_a_row_clicked_in_the_table_opens_that_entry_and_the_chooser_still_works(app_env):
    """Issue 23 item 18: a row of the table opens its entry to change or delete."""
    path = app_env()
    con = storage.connect(path)
    older = storage.add_check_in(con, when=clock.now() - timedelta(hours=5), wellbeing=3)
    newer = storage.add_check_in(con, when=clock.now() - timedelta(hours=1), wellbeing=8)
    con.close()
    at = open_entries()
    assert at.selectbox(key="choose_check_ins").value == newer  # newest first

    at.session_state["rows_check_ins"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert at.selectbox(key="choose_check_ins").value == older
    assert at.select_slider(key=f"edit_check_ins_{older}_wellbeing").value == 3

    # Choosing in the chooser afterwards is not undone by the row still marked in the table.
    at.selectbox(key="choose_check_ins").set_value(newer).run()
    assert at.selectbox(key="choose_check_ins").value == newer
    assert at.select_slider(key=f"edit_check_ins_{newer}_wellbeing").value == 8


def test_one_day_shows_everything_logged_that_day_in_the_order_it_was_lived(app_env):
    """Issue 23 item 18: a day view of every kind of entry."""
    from datetime import date, datetime

    path = app_env()
    con = storage.connect(path)
    evening = storage.add_check_in(con, when=datetime(2026, 11, 3, 21, 0), wellbeing=4)
    storage.add_check_in(con, when=datetime(2026, 11, 3, 8, 0), wellbeing=6)
    storage.add_check_in(con, when=datetime(2026, 11, 4, 8, 0), wellbeing=9)  # another day
    storage.add_trigger(
        con,
        when=datetime(2026, 11, 3, 12, 0),
        category="Work",
        intensity=7,
        response_kind="old_pattern",
    )
    storage.add_reflection(con, day=date(2026, 11, 3), noticing="A long day")
    con.close()
    at = open_entries()
    assert [d for d in at.date_input if d.key == "entries_day"][0].value is None

    at.date_input(key="entries_day").set_value(date(2026, 11, 3)).run()
    assert not at.exception
    assert "4 entries on Tue 3 Nov 2026." in [c.value for c in at.caption]
    listed = list(next(d for d in at.dataframe if "Entry" in d.value.columns).value["Entry"])
    assert [line.split(" · ")[0] for line in listed] == [
        "Reflection",  # a day's reflection has no hour: it comes first
        "Check-in",
        "Trigger",
        "Check-in",
    ]
    assert "wellbeing 6" in listed[1] and "wellbeing 4" in listed[3]
    at.selectbox(key="day_entry").set_value(f"check_ins:{evening}").run()
    assert at.select_slider(key=f"day_check_ins_{evening}_wellbeing").value == 4

    at.date_input(key="entries_day").set_value(date(2026, 11, 10)).run()
    assert "Nothing is logged on Tue 10 Nov 2026." in [c.value for c in at.caption]


def test_three_entries_are_counted_in_words_with_blanks_not_none_and_ratings_as_chosen(app_env):
    """Issue 23 item 14: "Showing 3 from…", "None" in unanswered columns, a slider at "4.00"."""
    from analytics import entry_table

    path = app_env()
    con = storage.connect(path)
    ids = [
        storage.add_check_in(con, when=clock.now() - timedelta(hours=h), wellbeing=w)
        for h, w in ((3, 5), (2, 7.5), (1, 4))
    ]
    con.close()
    at = open_entries()
    assert any(c.value.startswith("3 check-ins from ") for c in at.caption)
    assert not any(c.value.startswith("Showing") for c in at.caption)
    chooser = at.select_slider(key=f"edit_check_ins_{ids[-1]}_wellbeing")
    assert chooser.value == 4.0 and chooser.format_func(4.0) == "4"
    at.selectbox(key="choose_check_ins").set_value(ids[1]).run()
    assert at.select_slider(key=f"edit_check_ins_{ids[1]}_wellbeing").format_func(7.5) == "7.5"

    con = storage.connect(path)
    frame = storage.list_entries(con, "check_ins")
    con.close()
    shown = entry_table.with_blanks(entry_table.in_words(frame)).to_string()
    assert "None" not in shown and "nan" not in shown.lower()


def test_only_the_open_tab_runs_and_it_stays_open_after_a_change(app_env):
    """Eight tabs drawn on every click made this page the slowest: only the open one runs, and
    a delete in it (a rerun) leaves the person where they were."""
    path = app_env()
    con = storage.connect(path)
    try:
        trigger = storage.add_trigger(
            con,
            when=clock.now() - timedelta(hours=2),
            category=storage.trigger_categories(con)[0],
            what_happened="A crowded bus",
            intensity=5,
            response="",
            response_kind="other",
        )
    finally:
        con.close()
    at = open_entries("Triggers")
    assert [s.value for s in at.subheader] == ["Triggers"]
    assert not [b for b in at.button if b.label == "Delete this check-in"]
    key = f"edit_triggers_{trigger}"
    at.button(key=f"{key}_delete").click().run()
    at.button(key=f"{key}_confirm").click().run()
    assert not at.exception
    assert query(path, "SELECT count(*) FROM triggers") == [(0,)]
    assert [s.value for s in at.subheader] == ["Triggers"]


def test_a_blank_optional_number_is_shown_blank_in_the_browser_not_as_none(app_env):
    """Found by attack: the Styler's blank display value did not reach the browser, which drew
    Streamlit's grey "None" for a check-in without sleep or anxiety. The table's documented
    `placeholder` is what a missing cell shows; the column stays numbers (it sorts as numbers)."""
    from analytics import entry_table

    path = app_env()
    con = storage.connect(path)
    storage.add_check_in(con, when=clock.now() - timedelta(hours=2), wellbeing=6, sleep_hours=7.5)
    storage.add_check_in(con, when=clock.now() - timedelta(hours=1), wellbeing=4, anxiety=7)
    con.close()
    at = open_entries()
    table = next(d for d in at.dataframe if "sleep_hours" in d.value.columns)
    assert table.proto.HasField("placeholder"), "a missing cell would show Streamlit's None"
    assert table.proto.placeholder == entry_table.BLANK == ""
    assert table.value["sleep_hours"].dtype.kind == "f"  # numbers, blanks and all
    practices = open_entries("My practices")
    catalog = next(d for d in practices.dataframe if "description" in d.value.columns)
    assert catalog.proto.placeholder == "" and catalog.proto.HasField("placeholder")


def test_a_session_without_a_note_is_named_by_its_date_and_its_status_column_says_status(app_env):
    """Found on reading the sessions tab: the status column was headed "Done or rest day" (a
    practice's words) and a session with no note was offered as "Sun 22 Nov 2026 ·"."""
    path = app_env()
    con = storage.connect(path)
    day = clock.today() - timedelta(days=2)
    storage.add_session(con, day=day)
    con.close()
    at = open_entries("Therapy sessions")
    table = next(d for d in at.dataframe if "status" in d.value.columns)
    headings = json.loads(table.proto.columns)
    assert headings["status"]["label"] == "Status"
    chooser = at.selectbox[0]
    assert f"{day:%a %-d %b %Y}" in chooser.options
    assert not any(option.endswith("·") for option in chooser.options)


def _sessions(path, back: list[int], ahead: list[int]) -> None:
    """Attended sessions `back` days before today and booked ones `ahead` days after it (a
    booked session is stored as attended)."""
    con = storage.connect(path)
    today = clock.today()
    for days in back:
        storage.add_session(con, day=today - timedelta(days=days))
    for days in ahead:
        storage.add_session(con, day=today + timedelta(days=days))
    con.close()


def _sessions_caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if "booked ahead" in c.value)


def test_a_session_booked_ahead_reads_booked_not_attended_in_the_table_and_the_form(app_env):
    """Found on walking the sample: a session on Thu 3 Dec 2026, nine days after today, was
    listed "Attended" and its form said "The session was: Attended"."""
    path = app_env()
    _sessions(path, back=[0, 7], ahead=[9])
    at = open_entries("Therapy sessions")
    table = next(d.value for d in at.dataframe if "status" in d.value.columns)
    assert list(table["status"]) == ["Booked", "Attended", "Attended"]  # newest first
    ahead = clock.today() + timedelta(days=9)
    booked_id = query(path, "SELECT id FROM sessions WHERE day = ?", [ahead])[0][0]
    at.selectbox(key="choose_sessions").set_value(booked_id).run()
    status = at.selectbox(key=f"edit_sessions_{booked_id}_status")
    assert status.label == "This session is"
    assert status.options == ["Booked", "Cancelled"]
    assert status.value == "attended", "the stored value is kept"
    # Saving the form unchanged keeps the session as it was stored.
    at.button(key=f"edit_sessions_{booked_id}_save").click().run()
    assert not at.exception
    assert query(path, "SELECT status FROM sessions WHERE id = ?", [booked_id]) == [("attended",)]
    # Today's session has happened (the edge of the data): it still reads "Attended".
    today_id = query(path, "SELECT id FROM sessions WHERE day = ?", [clock.today()])[0][0]
    at.selectbox(key="choose_sessions").set_value(today_id).run()
    status = at.selectbox(key=f"edit_sessions_{today_id}_status")
    assert status.label == "The session was"
    assert status.options == ["Attended", "Cancelled", "Missed"]


def test_the_sessions_count_says_those_in_the_range_and_those_booked_ahead(app_env):
    """Found on walking the sample: "5 therapy sessions from …, and the sessions booked ahead"
    counted 3 in the range and 2 booked together."""
    path = app_env()
    _sessions(path, back=[0, 7, 14], ahead=[9, 16])
    said = _sessions_caption(open_entries("Therapy sessions"))
    assert said.startswith("3 therapy sessions from ")
    assert said.endswith(", and 2 booked ahead, newest first.")


def test_sessions_cancelled_ahead_are_said_apart_not_counted_in_the_range(app_env):
    """Found by the walk: "5 therapy sessions from 26 Oct – 24 Nov 2026, and 4 booked ahead"
    counted two sessions cancelled next month among the range's."""
    path = app_env()
    _sessions(path, back=[0, 7, 14], ahead=[9, 16])
    con = storage.connect(path)
    try:
        storage.add_session(con, day=clock.today() + timedelta(days=3), status="cancelled")
    finally:
        con.close()
    said = _sessions_caption(open_entries("Therapy sessions"))
    assert said.startswith("3 therapy sessions from ")
    assert said.endswith(", and 2 booked ahead and 1 cancelled ahead, newest first.")


def test_the_sessions_count_is_true_for_one_and_for_none(app_env, tmp_path):
    path = app_env(tmp_path / "one-each.duckdb")
    _sessions(path, back=[3], ahead=[4])
    said = _sessions_caption(open_entries("Therapy sessions"))
    assert said.startswith("1 therapy session from ")
    assert said.endswith(", and 1 booked ahead, newest first.")
    path = app_env(tmp_path / "none-ahead.duckdb")
    _sessions(path, back=[3], ahead=[])
    said = _sessions_caption(open_entries("Therapy sessions"))
    assert said.startswith("1 therapy session from ") and "and none booked ahead" in said
    path = app_env(tmp_path / "only-ahead.duckdb")
    _sessions(path, back=[], ahead=[2, 5])
    said = _sessions_caption(open_entries("Therapy sessions"))
    assert said.startswith("0 therapy sessions from ") and "and 2 booked ahead" in said


def test_a_future_session_stored_missed_keeps_its_status_among_the_choices():
    """Nothing stored is lost by opening the form: a session ahead stored as missed (from an
    older version, or a date moved forward) is offered as it is, beside Booked and Cancelled."""
    from analytics.sessions import status_choices

    today = clock.today()
    ahead = today + timedelta(days=1)
    assert status_choices(ahead, today) == {"attended": "Booked", "cancelled": "Cancelled"}
    assert status_choices(ahead, today, "missed") == {
        "attended": "Booked",
        "cancelled": "Cancelled",
        "missed": "Missed",
    }
    assert list(status_choices(today, today).values()) == ["Attended", "Cancelled", "Missed"]


def test_a_list_cut_at_its_limit_says_the_newest_and_how_many_of_them_are_ahead():
    from analytics.words.sessions import sessions_listed

    said = sessions_listed(198, 2, "1 Jan – 24 Nov 2026", limit=200)
    assert said == (
        "The newest 200 therapy sessions, 2 of them booked ahead and the rest from "
        "1 Jan – 24 Nov 2026, newest first."
    )
    assert sessions_listed(200, 0, "1 Jan – 24 Nov 2026", limit=200).startswith(
        "The newest 200 therapy sessions, none of them booked ahead"
    )
