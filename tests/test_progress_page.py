"""The Progress page through AppTest, and the sample journal's planted setbacks."""

from __future__ import annotations

from datetime import timedelta

from streamlit.testing.v1 import AppTest

from analytics import clock, progress, storage
from analytics.dates import RangePreset
from sample_data import sample_truth
from tests.apptest import chart_specs
from tests.apptest import open_page as open_app_page
from tests.conftest import REPO, SAMPLE_TODAY

APP = str(REPO / "between_sessions" / "app.py")
PAGE = "../views/progress.py"


def open_page(**session) -> AppTest:
    return open_app_page(PAGE, **session)


def test_empty_journal_asks_kindly_to_keep_logging(app_env):
    app_env()
    at = open_page()
    assert any(progress.KEEP_LOGGING in info.value for info in at.info)
    assert not at.get("vega_lite_chart")


def test_sample_journal_shows_summary_figures_chart_and_setbacks(app_env, sample_journal_path):
    app_env(sample_journal_path)
    at = open_page(range_preset=RangePreset.ALL)
    sentence = at.markdown[0].value.replace("\\", "")
    assert "setback" in sentence
    assert len(at.metric) == 4
    specs = chart_specs(at)
    assert len(specs) == 2  # the trend with its setbacks, and recovery per setback
    main, rows = specs[0]
    marks = [layer["mark"]["type"] for layer in main["layer"]]
    assert {"rect", "rule", "circle", "line", "text"} <= set(marks)
    assert all(layer["mark"].get("color") != "red" for layer in main["layer"])
    days = (at.session_state["date_range"].end - at.session_state["date_range"].start).days + 1
    assert (
        rows <= 2 * days + 100
    )  # points + trend, at most one per day each, plus bands and sessions
    table = at.dataframe[0].value
    assert table["Setback"].str.contains(r"\d+ days?(?:, recovered in \d+| so far)").all()


def test_last_30_days_sends_at_most_one_point_per_day(app_env, sample_journal_path):
    app_env(sample_journal_path)
    at = open_page(range_preset=RangePreset.LAST_30_DAYS)
    main, rows = chart_specs(at)[0]
    assert {"circle", "line"} <= {layer["mark"]["type"] for layer in main["layer"]}
    # 30 daily points + 30 trend values + a few setback bands and session days
    assert rows <= 30 + 30 + 10 + 6


def test_anxiety_and_energy_can_be_added(app_env, sample_journal_path):
    app_env(sample_journal_path)
    at = open_page(range_preset=RangePreset.LAST_90_DAYS)
    before = len(chart_specs(at)[0][0]["layer"])
    at.session_state["progress_extra"] = ["anxiety", "energy"]
    at.run()
    assert not at.exception
    assert len(chart_specs(at)[0][0]["layer"]) == before + 2


def test_a_few_check_ins_are_not_enough_for_a_trend(app_env, journal_path):
    con = storage.connect(journal_path)
    for hours in range(3):
        storage.add_check_in(con, when=clock.now() - timedelta(hours=hours), wellbeing=5 + hours)
    con.close()
    app_env(journal_path)
    at = open_page()
    assert any(progress.KEEP_LOGGING in info.value for info in at.info)


def test_sample_journal_shows_its_planted_setbacks(sample_journal_file):
    truth = sample_truth(SAMPLE_TODAY)
    con = storage.connect(sample_journal_file, read_only=True)
    try:
        daily = progress.daily_wellbeing(con, truth["first_day"], truth["end_day"])
    finally:
        con.close()
    found = progress.find_setbacks(daily)
    planted = truth["setbacks"]
    shown = [
        p
        for p in planted
        if any(p["start"] <= f.trough.date() <= p["recovered"] for f in found.itertuples())
    ]
    assert len(shown) >= len(planted) - 1, f"{len(shown)} of {len(planted)} planted setbacks found"
    extra = [
        f
        for f in found.itertuples()
        if not any(p["start"] <= f.trough.date() <= p["recovered"] for p in planted)
    ]
    assert len(extra) <= 1


def test_since_last_session_with_a_year_behind_it_shows_the_trend(app_env, journal_path):
    """Nine days since the last session, a year of check-ins: the range shows its trend."""
    con = storage.connect(journal_path)
    today = clock.now().replace(hour=8, minute=0, second=0, microsecond=0)
    rows, _ = storage.validate_rows(
        con,
        "check_ins",
        [
            {"when": today - timedelta(days=back), "wellbeing": 5 + back % 4}
            for back in range(1, 366)
        ],
    )
    with storage.transaction(con):
        storage.insert_rows(con, "check_ins", rows)
    storage.add_session(con, day=(today - timedelta(days=9)).date())
    con.close()
    app_env(journal_path)
    at = open_page(range_preset=RangePreset.SINCE_LAST_SESSION)
    assert not any(progress.KEEP_LOGGING in info.value for info in at.info)
    assert len(at.metric) == 4
    assert chart_specs(at)


def test_a_range_without_check_ins_says_so_rather_than_asking_for_two_weeks(app_env, journal_path):
    con = storage.connect(journal_path)
    today = clock.now().replace(hour=8, minute=0, second=0, microsecond=0)
    for back in range(10, 60):
        storage.add_check_in(con, when=today - timedelta(days=back), wellbeing=6)
    storage.add_session(con, day=(today - timedelta(days=5)).date())
    con.close()
    app_env(journal_path)
    at = open_page(range_preset=RangePreset.SINCE_LAST_SESSION)
    assert not any(progress.KEEP_LOGGING in info.value for info in at.info)
    assert any("No check-ins in this range yet" in info.value for info in at.info)


def test_a_new_check_in_shows_in_the_figures_and_the_chart_at_the_next_rerun(app_env, journal_path):
    """The view and its charts are kept per version of the check-ins: a new one makes new ones."""
    con = storage.connect(journal_path)
    today = clock.now().replace(hour=8, minute=0, second=0, microsecond=0)
    for back in range(2, 60):
        storage.add_check_in(con, when=today - timedelta(days=back), wellbeing=6)
    con.close()
    app_env(journal_path)
    at = open_page(range_preset=RangePreset.LAST_30_DAYS)
    at.run()  # a rerun with nothing new shows what was kept
    days_before = next(m for m in at.metric if m.label == "Days at or above the start")
    points_before = chart_specs(at)[0][1]

    con = storage.connect(journal_path)
    storage.add_check_in(con, when=today - timedelta(days=1), wellbeing=1)
    con.close()
    at.run()
    assert not at.exception
    days_after = next(m for m in at.metric if m.label == "Days at or above the start")
    assert (days_before.value, days_after.value) == ("100%", "97%")  # 28 of 29 days
    assert chart_specs(at)[0][1] > points_before  # the new day's point (and its trend) is drawn


def test_one_recovered_setback_says_how_many_are_behind_and_the_table_has_the_page_width(
    app_env, sample_journal_path
):
    """Issue 23 item 8: "Recovery over time appears once two setbacks are behind you" beside
    setbacks, with no count; the table squeezed into a column cut "Deepest"."""
    app_env(sample_journal_path)
    at = open_page(range_preset=RangePreset.LAST_30_DAYS)
    assert at.metric[3].value == "1"
    said = [c.value for c in at.caption]
    assert any(
        c.startswith("Recovery over time appears once two setbacks in this range are behind")
        and c.endswith("1 of 1 so far.")
        for c in said
    ), said
    assert len(at.columns) == 4  # the four figures' only: the table is not in a column
    # Each figure's label fits its quarter of a desk page: "Days at or above where you star…"
    # was cut there.
    assert all(len(m.label) <= 26 for m in at.metric), [m.label for m in at.metric]
