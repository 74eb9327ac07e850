"""The Quick log page: a check-in saved by one tap on a number, with an undo; a trigger saved
only when the person chose every answer (nothing is chosen for them); practices one tap each,
a practice day counting once; the reminders file offered for download."""

from __future__ import annotations

from datetime import time, timedelta

import duckdb

from analytics import clock, storage
from analytics.export.reminders import DAILY_UID
from tests.apptest import open_page
from tests.test_reminders import events

PAGE = "../views/quick_log.py"


def groups(at):
    """The pills on the page by label: wellbeing, category, intensity, kind of response."""
    return {group.label.split(",")[0].split(" (")[0]: group for group in at.button_group}


def said(elements) -> str:
    """What a person reads in these elements (the escaping of their text taken out)."""
    return " ".join(e.value.replace("\\", "") for e in elements)


def rows(path, sql):
    con = storage.connect(path)  # the same configuration as the app's open connection
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_one_tap_on_a_number_saves_a_check_in_and_undo_removes_it(app_env):
    path = app_env()
    at = open_page(PAGE)
    groups(at)["Wellbeing"].set_value(8).run()
    assert not at.exception
    assert "Check-in saved: wellbeing 8" in said(at.success)
    # The next tap elsewhere does not save the same check-in again.
    groups(at)["What was it about?"].set_value("Work").run()
    assert rows(path, "SELECT wellbeing FROM check_ins") == [(8.0,)]
    assert groups(at)["Wellbeing"].value is None
    at.button(key="quick_undo").click().run()
    assert rows(path, "SELECT count(*) FROM check_ins") == [(0,)]
    assert "Undone" in said(at.info)


def test_nothing_is_chosen_for_a_trigger_and_a_missing_answer_is_named(app_env):
    path = app_env()
    at = open_page(PAGE)
    found = groups(at)
    assert all(found[name].value is None for name in found)
    found["What was it about?"].set_value("Family").run()
    groups(at)["How intense?"].set_value(6).run()
    at.button(key="quick_trigger_save").click().run()
    assert said(at.error) == "Choose how you met it. Nothing was saved."
    assert rows(path, "SELECT count(*) FROM triggers") == [(0,)]
    groups(at)["I met it with…"].set_value("old_pattern").run()
    at.text_input(key="quick_trigger_what").input("Dinner went quiet").run()
    at.button(key="quick_trigger_save").click().run()
    assert rows(path, "SELECT category, intensity, response_kind, what_happened FROM triggers") == [
        ("Family", 6.0, "old_pattern", "Dinner went quiet")
    ]
    assert all(group.value is None for group in groups(at).values())  # ready for the next one


def test_a_practice_is_logged_in_one_tap_and_then_shown_as_logged(app_env):
    path = app_env()
    con = storage.connect(path)
    practice_id = storage.add_practice(con, "Box breathing")
    con.close()
    at = open_page(PAGE)
    at.button(key=f"quick_practice_{practice_id}").click().run()
    assert "Logged: Box breathing" in said(at.success)
    button = at.button(key=f"quick_practice_{practice_id}")
    assert button.disabled and "logged today" in button.label
    assert rows(path, "SELECT count(*) FROM practice_log") == [(1,)]


def test_the_reminders_file_is_offered_with_the_chosen_time(app_env, deferred):
    path = app_env()
    con = storage.connect(path)
    storage.add_session(con, day=(clock.now() + timedelta(days=3)).date())
    con.close()
    at = open_page(PAGE)
    at.time_input(key="quick_reminder_time").set_value(time(7, 15)).run()
    assert not at.exception
    found = events(deferred["between-sessions-reminders.ics"]())
    assert found[DAILY_UID].decoded("dtstart").time() == time(7, 15)
    assert len([uid for uid in found if uid.startswith("session-")]) == 1


def test_when_the_disk_fills_the_last_saves_banner_is_cleared_above_the_error(app_env, monkeypatch):
    app_env()
    at = open_page(PAGE)
    groups(at)["Wellbeing"].set_value(8).run()
    assert "Check-in saved: wellbeing 8" in said(at.success)

    def disk_full(*args, **kwargs):
        raise duckdb.IOException(
            'Could not write file "journal.duckdb.wal": No space left on device'
        )

    monkeypatch.setattr(storage, "add_check_in", disk_full)
    groups(at)["Wellbeing"].set_value(6).run()

    assert "full" in said(at.error), said(at.error)
    assert "Check-in saved" not in said(at.success), said(at.success)
    assert "quick_undo" not in [button.key for button in at.button]
