"""The shared sidebar app.py builds: the date range is shown only where it does something."""

from __future__ import annotations

from analytics.dates import RangePreset
from tests.apptest import open_page
from views import common


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


def test_every_other_page_shows_the_range(app_env):
    app_env()
    for page in ("../views/triggers.py", "../views/practice.py", "../views/entries.py"):
        at = open_page(page)
        assert [s.label for s in at.sidebar.selectbox] == ["Show"], page
