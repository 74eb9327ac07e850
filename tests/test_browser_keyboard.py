"""Paths a keyboard user takes, in a real browser (Debian's chromium through Playwright)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from analytics import clock, storage
from analytics.storage.read_only import open_to_read
from testkit.browser import WAIT_MS, running_app, wait_for_app

pytestmark = pytest.mark.browser


def focused_button(page) -> str:
    """The text of the button that has the keyboard focus ("" when focus is not on a button)."""
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e && e.tagName === 'BUTTON' ? e.innerText : ''; }"
    )


def test_deleting_an_entry_with_the_keyboard_asks_first_and_keeps_focus(tmp_path, browser):
    journal = tmp_path / "journal.duckdb"
    con = storage.connect(journal)
    storage.add_check_in(con, when=clock.now() - timedelta(hours=1), wellbeing=6)
    con.close()
    with running_app(journal, tmp_path) as url:
        page = browser.new_page(viewport={"width": 390, "height": 1400})
        try:
            page.goto(f"{url}/entries")
            wait_for_app(page)
            page.locator("button").filter(has_text="Delete this check-in").first.focus()
            # In a fresh page, the first Enter asks, and focus stays on the button pressed.
            page.keyboard.press("Enter")
            page.get_by_text("It cannot be undone").first.wait_for(timeout=WAIT_MS)
            wait_for_app(page)
            assert "Delete this check-in" in focused_button(page)
            # The next Tab reaches the answer; Enter deletes.
            page.keyboard.press("Tab")
            assert "Yes, delete it" in focused_button(page)
            page.keyboard.press("Enter")
            page.get_by_text("is deleted").first.wait_for(timeout=WAIT_MS)
        finally:
            page.close()
    con = storage.connect(journal, read_only=True)
    assert con.execute("SELECT count(*) FROM check_ins").fetchone() == (0,)
    con.close()


def test_a_goal_rating_and_a_sessions_task_are_changed_with_the_keyboard(tmp_path, browser):
    """Entries' Goals tab: the rating's slider by arrow keys, then its delete asks first and
    keeps focus; the sessions tab: a task reworded by typing, Tab and Enter."""
    from analytics import sessions
    from analytics.storage import goal_queries

    journal = tmp_path / "journal.duckdb"
    con = storage.connect(journal)
    today = clock.today()
    goal = goal_queries.add_goal(con, "Sleep before midnight", today - timedelta(days=3))
    goal_queries.rate_goals(con, today - timedelta(days=1), {goal: 4})
    sessions.add_session_with_tasks(con, {"day": today - timedelta(days=2)}, ["Walk after lunch"])
    con.close()
    with running_app(journal, tmp_path) as url:
        page = browser.new_page(viewport={"width": 390, "height": 2000})
        try:
            page.goto(f"{url}/entries")
            wait_for_app(page)
            page.get_by_role("tab", name="Goals").click()
            wait_for_app(page)
            page.get_by_role("slider").focus()
            page.keyboard.press("ArrowRight")
            page.keyboard.press("Tab")
            assert "Save changes" in focused_button(page)
            page.keyboard.press("Enter")
            page.get_by_text("Your goal rating is updated").first.wait_for(timeout=WAIT_MS)
            wait_for_app(page)
            page.locator("button").filter(has_text="Delete this goal rating").first.focus()
            page.keyboard.press("Enter")
            page.get_by_text("It cannot be undone").first.wait_for(timeout=WAIT_MS)
            wait_for_app(page)
            assert "Delete this goal rating" in focused_button(page)
            page.keyboard.press("Tab")
            assert "Yes, delete it" in focused_button(page)
            page.keyboard.press("Tab")
            assert "Keep it" in focused_button(page)
            page.keyboard.press("Enter")
            wait_for_app(page)

            page.get_by_role("tab", name="Therapy sessions").click()
            wait_for_app(page)
            page.get_by_role("textbox", name="Task 1 in other words (its mark stays)").focus()
            page.keyboard.press("End")
            page.keyboard.type(", ten minutes")
            page.keyboard.press("Tab")
            assert "Save the new words" in focused_button(page)
            page.keyboard.press("Enter")
            page.get_by_text("Task 1 is reworded").first.wait_for(timeout=WAIT_MS)
        finally:
            page.close()
    con = storage.connect(journal, read_only=True)
    assert con.execute("SELECT rating FROM goal_ratings").fetchall() == [(5,)]
    assert con.execute("SELECT text FROM session_tasks").fetchall() == [
        ("Walk after lunch, ten minutes",)
    ]
    con.close()


@pytest.fixture(scope="module")
def log_app(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """One server for the module's tests that each write to a table of their own (a PHQ-9, a
    check-in) or to none (an upload's first step): issue 19, one server per journal. The PHQ-9
    is in use. Yields its URL and the journal, which the server holds: read it with
    `open_to_read`."""
    folder = tmp_path_factory.mktemp("keyboard")
    journal = folder / "journal.duckdb"
    con = storage.connect(journal)
    storage.set_measures_in_use(con, ["phq9"])
    con.close()
    with running_app(journal, folder) as url:
        yield url, journal


def focused(page) -> str:
    """What has the keyboard focus: its tag, type and the label of its radio group, if any."""
    return page.evaluate(
        "() => { const e = document.activeElement; if (!e) return '';"
        " const group = e.closest('[role=radiogroup]');"
        " return [e.tagName, e.type || '', group ? group.getAttribute('aria-label') || '' : '']"
        ".join(' '); }"
    )


def test_a_phq9_is_filled_in_and_saved_with_the_keyboard_only(log_app, browser):
    url, journal = log_app
    # The answer to give each item, as a value: 0 is Space on the first choice, 1 and 2 are
    # one and two presses of the right arrow (which moves and chooses, as in any radio group).
    wanted = [1, 1, 2, 0, 1, 0, 1, 0, 1]
    page = browser.new_page(viewport={"width": 390, "height": 1400})
    try:
        page.goto(f"{url}/log")
        wait_for_app(page)
        page.get_by_role("tab", name="Measures").focus()
        page.keyboard.press("Enter")
        wait_for_app(page)
        # Tab from the tab to the questionnaire chooser, then into item 1's row.
        for _ in range(10):
            page.keyboard.press("Tab")
            if focused(page).startswith("INPUT radio"):
                break
        for number, value in enumerate(wanted, start=1):
            assert focused(page).startswith("INPUT radio"), focused(page)
            if value == 0:
                page.keyboard.press("Space")
            for _ in range(value):
                page.keyboard.press("ArrowRight")
            wait_for_app(page)
            assert focused(page).startswith("INPUT radio"), f"item {number}: focus lost"
            page.keyboard.press("Tab")
        # Item 9 above 0: the safety message is there at once, in a calm info box.
        info = page.locator("[data-testid='stAlertContentInfo']").filter(
            has_text="important to tell your therapist"
        )
        expect(info).to_have_count(1, timeout=WAIT_MS)
        assert page.locator("[data-testid='stAlertContentError']").count() == 0
        # On to the save button by Tab alone, then Enter.
        for _ in range(12):
            if "Save my answers" in focused_button(page):
                break
            page.keyboard.press("Tab")
        assert "Save my answers" in focused_button(page)
        page.keyboard.press("Enter")
        page.get_by_text("7 of 27: mild").first.wait_for(timeout=WAIT_MS)
    finally:
        page.close()
    with open_to_read(journal) as con:
        assert con.execute(
            "SELECT measure, total, item_1, item_3, item_4, item_9 FROM measure_responses"
        ).fetchall() == [("phq9", 7, 1, 2, 0, 1)]


def tab_to_button(page, text: str, limit: int = 60) -> None:
    """Press Tab until the focused button (a pill is a button too) reads `text` (exactly)."""
    for _ in range(limit):
        if focused_button(page).strip() == text:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached a button reading {text!r}")


def test_a_check_in_is_rated_and_saved_with_the_keyboard_alone(log_app, browser):
    url, journal = log_app
    page = browser.new_page(viewport={"width": 390, "height": 1400})
    try:
        page.goto(f"{url}/log")
        wait_for_app(page)
        page.get_by_role("radio", name="7", exact=True).first.wait_for(timeout=WAIT_MS)
        wait_for_app(page)
        page.locator("body").focus()
        # The ratings are one radio group: Tab reaches its first choice, arrows move along
        # it, Enter chooses.
        tab_to_button(page, "0")
        for _ in range(7):
            page.keyboard.press("ArrowRight")
        assert focused_button(page).strip() == "7"
        page.keyboard.press("Enter")
        wait_for_app(page)
        tab_to_button(page, "Save check-in")
        page.keyboard.press("Enter")
        page.get_by_text("Check-in saved").first.wait_for(timeout=WAIT_MS)
    finally:
        page.close()
    with open_to_read(journal) as con:
        saved = con.execute("SELECT count(*), min(wellbeing) FROM check_ins").fetchone()
    assert saved == (1, 7.0)


def test_this_computers_browser_still_uploads_a_file_to_import(browser, log_app):
    """The server keeps uploads only for sessions the pairing gate admitted (server.py): this
    computer's own browser is one: its file reaches the import's next step (the columns)."""
    from tests.conftest import small_import_file

    url, _ = log_app
    page = browser.new_page()
    try:
        page.goto(f"{url}/import_data")
        wait_for_app(page)
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
            str(small_import_file())
        )
        page.get_by_text("Wellbeing (0-10)").first.wait_for(timeout=WAIT_MS)
        wait_for_app(page)
        assert page.locator("[data-testid='stAlertContentError']").count() == 0
    finally:
        page.close()
