"""The shared sidebar app.py builds: the date range is shown only where it does something."""

from __future__ import annotations

import ast
from pathlib import Path

import views
from analytics.dates import RangePreset
from tests.apptest import open_page
from views import common

VIEWS = Path(views.__file__).parent


def test_session_review_hides_the_range_it_would_ignore_and_the_choice_is_kept(app_env):
    app_env()
    at = open_page("../views/progress.py")
    assert [s.label for s in at.sidebar.selectbox] == ["Show"]
    at.sidebar.selectbox(key="range_preset").set_value(RangePreset.LAST_90_DAYS).run()
    chosen = at.session_state[common.RANGE_KEY]
    at.switch_page("../views/review.py").run()
    assert not at.exception
    assert not at.sidebar.selectbox and not at.sidebar.date_input
    assert any("chooses its own dates" in c.value for c in at.sidebar.caption)
    at.switch_page("../views/progress.py").run()
    assert at.sidebar.selectbox(key="range_preset").value == RangePreset.LAST_90_DAYS
    assert at.session_state[common.RANGE_KEY] == chosen


def test_the_range_is_shown_on_every_page_that_uses_it_and_on_no_other(app_env):
    """Home, the Log pages, Import, Export and Backups ignore the sidebar's range: showing it
    there would suggest it changes what they show (issue 23: Home ignored it)."""
    app_env()
    for page in views.PAGE_FILES:
        at = open_page(page)
        assert not at.exception, (page, at.exception)
        shown = [s.label for s in at.sidebar.selectbox] == ["Show"]
        assert shown == (page in views.RANGE_PAGES), page
        notes = [c.value for c in at.sidebar.caption]
        if page in views.OWN_DATES_NOTES:
            assert views.OWN_DATES_NOTES[page] in notes, page


def reads_the_range(page: str) -> bool:
    tree = ast.parse((VIEWS / Path(page).name).read_text())
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "date_range"
        for node in ast.walk(tree)
    )


def test_the_pages_that_show_the_range_are_exactly_those_that_read_it():
    assert [p for p in views.PAGE_FILES if reads_the_range(p)] == list(views.RANGE_PAGES)


def test_a_change_between_fixed_ranges_reads_nothing_more_of_the_journal_for_the_sidebar(
    app_env, filled_journal, monkeypatch
):
    """Issue 19 (a range change redrawn under 0.5 s): the first entry is read only for "All
    time" and the sessions only for "Since last session"; the fixed ranges need neither."""
    from datetime import timedelta

    from analytics import clock, storage

    app_env(filled_journal)
    at = open_page("../views/progress.py")
    reads = []
    real_stats = storage.entry_stats
    monkeypatch.setattr(storage, "entry_stats", lambda con: reads.append(1) or real_stats(con))
    for preset in (RangePreset.LAST_90_DAYS, RangePreset.LAST_YEAR, RangePreset.LAST_30_DAYS):
        at.sidebar.selectbox(key="range_preset").set_value(preset).run()
        assert not at.exception
    assert reads == []
    today = clock.today()
    at.sidebar.selectbox(key="range_preset").set_value(RangePreset.ALL).run()
    first = today - timedelta(days=13)  # the filled journal's fortnight
    assert (at.session_state[common.RANGE_KEY].start, reads) == (first, [1])
    at.sidebar.selectbox(key="range_preset").set_value(RangePreset.SINCE_LAST_SESSION).run()
    assert at.session_state[common.RANGE_KEY].start == today - timedelta(days=4)
