"""Typed text stays the text it is in the browser, where AppTest cannot see: Streamlit finds
its icons and emoji (`:material/home:`, `:smile:`) after Markdown has read the backslash
escapes `analytics.text.plain` adds, so a practice named ":material/home: walk" showed a
house on its Quick log button instead of the words."""

from __future__ import annotations

from datetime import timedelta

import pytest

from analytics import clock, storage
from analytics.text import WORD_JOINER
from testkit.browser import WAIT_MS, running_app, wait_for_app

pytestmark = pytest.mark.browser

PRACTICE = ":material/home: walk :smile: at 10:30 https://example.com"
CATEGORY = ":material/bolt: work"


def test_shortcodes_and_addresses_in_names_show_as_typed(browser, tmp_path):
    journal = tmp_path / "journal.duckdb"
    con = storage.connect(journal)
    storage.add_practice(con, PRACTICE, weekly_target=7)
    storage.add_trigger_category(con, CATEGORY)
    storage.add_check_in(con, when=clock.now() - timedelta(hours=1), wellbeing=5)
    con.close()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        with running_app(journal, tmp_path) as base:
            page.goto(f"{base}/quick_log")
            page.get_by_role("heading", name="Practices today").wait_for(timeout=WAIT_MS)
            wait_for_app(page)
            main = page.get_by_test_id("stMain")
            button = main.get_by_role("button", name="walk", exact=False)
            assert button.inner_text().replace(WORD_JOINER, "").strip() == PRACTICE
            pill = main.get_by_role("radio", name="bolt", exact=False)
            assert pill.inner_text().replace(WORD_JOINER, "").strip() == CATEGORY
            for shown in (button, pill):
                assert shown.locator("[data-testid='stIconMaterial']").count() == 0
                assert shown.locator("a").count() == 0
            assert "😄" not in main.inner_text()
    finally:
        context.close()
