"""The Home page: the welcome on a new journal, the demo journal, and the week overview."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from streamlit.testing.v1 import AppTest

from analytics import clock, storage
from analytics.paths import demo_journal_path
from views import common

APP = str(Path(__file__).resolve().parent.parent / "between_sessions" / "app.py")


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
    assert [b.label for b in at.main.button] == ["Explore with sample data", "Start my journal"]
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
    assert any("exploring the sample journal" in i.value for i in at.info)
    # Back to my journal, one click: the welcome again, still empty, and it says so.
    at.sidebar.button(key="leave_sample").click().run()
    assert [t.value for t in at.title] == ["Welcome to Between Sessions"]
    assert any("back in your own journal" in i.value for i in at.info)
    assert entries_in(real) == 0


def active_practices(path: Path) -> set[str]:
    con = storage.connect(path)
    try:
        return set(storage.practices(con, active_only=True)["name"])
    finally:
        con.close()


def test_the_first_start_ticks_nothing_and_keeps_only_what_the_person_chose(app_env):
    path = app_env()
    at = open_home()
    ticks = [c for c in at.main.checkbox if c.key.startswith("first_start_")]
    assert len(ticks) == 10 and not any(c.value for c in ticks)
    assert at.number_input(key="first_start_own_target").value is None
    assert at.date_input(key="first_start_next_session").value is None
    ids = {c.label.split(" (")[0]: c.key for c in ticks}
    at.checkbox(key=ids["Breathing or grounding"]).check()
    at.text_area(key="first_start_own").set_value("Calling my sister\n\n")
    next_session = clock.today() + timedelta(days=6)
    at.date_input(key="first_start_next_session").set_value(next_session)
    at.button(key="home_start").click().run()
    # Their own practice needs a "how often": asked, naming the field, nothing saved.
    assert [t.value for t in at.title] == ["Welcome to Between Sessions"]
    assert at.error[0].value.startswith("Times a week: is not chosen yet")
    assert len(active_practices(path)) == 10
    at.number_input(key="first_start_own_target").set_value(2)
    at.button(key="home_start").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Log"]
    assert active_practices(path) == {"Breathing or grounding", "Calling my sister"}
    con = storage.connect(path)
    try:
        assert storage.session_days(con) == [next_session]
    finally:
        con.close()
    labels = [c.label for c in at.checkbox if c.key.startswith("practice_tick_")]
    assert labels == ["Breathing or grounding", "Calling my sister"]
    # Home now shows the week, not the welcome again.
    at.switch_page("../views/home.py").run()
    assert [t.value for t in at.title] == ["Your week"]


def test_the_sample_is_one_click_away_after_the_first_entry(app_env, filled_journal):
    app_env(filled_journal)
    at = open_home()
    assert [t.value for t in at.title] == ["Your week"]
    at.sidebar.button(key="enter_sample").click().run()
    assert at.session_state[common.DEMO_KEY] is True
    assert any("exploring the sample journal" in i.value for i in at.info)
    at.sidebar.button(key="leave_sample").click().run()
    assert at.session_state[common.DEMO_KEY] is False
    assert at.session_state[common.PATH_KEY] == str(filled_journal)


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


def test_the_first_start_offers_the_questionnaires_with_none_ticked(app_env):
    path = app_env()
    at = open_home()
    offered = [c for c in at.main.checkbox if c.key.startswith("start_measure_")]
    assert [c.label for c in offered] == [
        "PHQ-9 (depression)",
        "GAD-7 (anxiety)",
        "WHO-5 (wellbeing)",
    ]
    assert not any(c.value for c in offered)
    at.checkbox(key="start_measure_phq9").check()
    at.button(key="home_start").click().run()
    assert not at.exception
    con = storage.connect(path)
    try:
        assert storage.measures_in_use(con) == ["phq9"]
    finally:
        con.close()
    # Home then says the chosen measure is due: it was never answered.
    at.switch_page("../views/home.py").run()
    text = " ".join(m.value for m in at.markdown)
    assert "PHQ-9 is due: not answered yet." in text
    at.button(key="home_questionnaire").click().run()
    assert [t.value for t in at.title] == ["Log"]


def test_home_says_a_measure_is_due_14_days_after_its_last_response(app_env, filled_journal):
    from tests.measure_data import answers_for

    app_env(filled_journal)
    con = storage.connect(filled_journal)
    storage.set_measures_in_use(con, ["phq9", "gad7", "who5"])
    today = clock.today()
    storage.add_measure_response(con, "phq9", answers_for("phq9", 8), today - timedelta(days=16))
    storage.add_measure_response(con, "gad7", answers_for("gad7", 8), today - timedelta(days=13))
    con.close()
    at = open_home()
    text = " ".join(m.value for m in at.markdown)
    assert "PHQ-9 is due: last answered 16 days ago." in text
    assert "GAD-7 is due" not in text  # 13 days: not yet
    assert "WHO-5 is due: not answered yet." in text


def test_a_category_with_an_open_right_to_left_override_cannot_reverse_the_home_sentence(
    app_env, tmp_path
):
    """Issue 23: an RLO typed without its PDF ran on past the name and reversed the rest."""
    path = tmp_path / "bidi.duckdb"
    con = storage.connect(path)
    storage.add_trigger_category(con, "\u202eWork")
    for back in range(5):
        storage.add_trigger(
            con,
            when=clock.now() - timedelta(days=back, minutes=1),
            category="\u202eWork",
            intensity=5,
            response_kind="other",
        )
    con.close()
    app_env(path)
    at = open_home()
    finding = [m.value for m in at.markdown if "came most often" in m.value]
    assert finding == ["\u202eWork\u202c triggers came most often this week \\(5 of 5\\)\\."]
