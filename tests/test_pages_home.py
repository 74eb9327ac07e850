"""The Home page: the welcome on a new journal, the demo journal, and the week overview."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from analytics import storage
from analytics.paths import demo_journal_path
from views import common

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def open_home() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    return at


def entries_in(path: Path) -> int:
    con = storage.connect(path)
    try:
        return int(storage.entry_stats(con)["entries"].sum())
    finally:
        con.close()


def test_an_empty_journal_is_welcomed_with_two_choices(app_env):
    at = open_home()
    assert [t.value for t in at.title] == ["Welcome to Between Sessions"]
    assert [b.label for b in at.button] == ["Explore with sample data", "Start my journal"]
    assert not at.metric


def test_start_my_journal_goes_to_the_log_page(app_env):
    at = open_home()
    at.button(key="home_start").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Log"]


def test_explore_opens_the_filled_demo_journal_and_leaves_the_real_one_empty(app_env):
    real = app_env()
    at = open_home()
    at.button(key="home_explore").click().run()
    assert not at.exception
    assert at.session_state[common.DEMO_KEY] is True
    assert at.session_state[common.PATH_KEY] == str(demo_journal_path())
    assert [t.value for t in at.title] == ["Your week"]
    assert entries_in(demo_journal_path()) > 1000
    assert entries_in(real) == 0
    # Back to my journal: the welcome again, still empty.
    at.sidebar.button[0].click().run()
    assert [t.value for t in at.title] == ["Welcome to Between Sessions"]
    assert entries_in(real) == 0


def test_the_overview_compares_this_week_with_the_week_before(app_env, filled_journal):
    app_env(filled_journal)
    at = open_home()
    assert [t.value for t in at.title] == ["Your week"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Check-ins"] == "7"
    assert metrics["Practices done"] == "7"
    assert metrics["Triggers"] == "3"  # days 0, 3, 6 back
    # Wellbeing 4 + back % 5 over days 0-6 is 4,5,6,7,8,4,5 -> mean 39/7.
    assert metrics["Mean wellbeing"] == f"{39 / 7:.1f} / 10"
    text = " ".join(m.value for m in at.markdown)
    assert "Next therapy session" in text and "(in 3 days)" in text
    assert "Last therapy session" in text and "(4 days ago)" in text
    assert [s.value for s in at.subheader] == ["To bring to your next session"]


def test_the_persons_words_are_shown_as_typed_never_as_markdown(app_env, filled_journal):
    app_env(filled_journal)
    at = open_home()
    bring = [m.value for m in at.markdown if "email" in m.value]
    assert bring == [r"Talk about \*\*the email\*\*"]


def test_home_renders_the_sample_journal(app_env, sample_journal_path):
    app_env(sample_journal_path)
    at = open_home()
    assert [t.value for t in at.title] == ["Your week"]
    assert len(at.metric) == 4
