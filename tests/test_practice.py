"""Practice analytics: habit strength, day-level queries, the overview, calendars, wellbeing, the sample."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import practice, storage
from analytics.charts import practice as charts
from analytics.dates import DateRange
from analytics.habit_strength import day_changes, frequency_for, habit_strength, multiplier
from analytics.storage import practice_queries
from analytics.words import practice as practice_words

TODAY = date(2026, 6, 17)
BREATHING = "Breathing or grounding"  # daily in the default catalog
SAYING_NO = "Saying no instead of people-pleasing"  # 3 times a week


def at(day: date, hour: int = 9, minute: int = 0, offset_hours: int = 0) -> datetime:
    return datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=timezone(timedelta(hours=offset_hours))
    )


def log(con, name: str, day: date, status: str = "done", now: datetime | None = None, **kw) -> None:
    now = now or datetime(2030, 1, 1, tzinfo=UTC)
    storage.log_practice(con, practice=name, when=at(day, **kw), status=status, now=now)


# --- habit strength ------------------------------------------------------------------


def test_multiplier_is_loops_constant():
    assert multiplier(1.0) == pytest.approx(0.5 ** (1 / 13))
    assert multiplier(3 / 7) == pytest.approx(0.5 ** (math.sqrt(3 / 7) / 13))
    assert frequency_for(None) == frequency_for(7) == 1.0
    assert frequency_for(3) == pytest.approx(3 / 7)


def test_habit_strength_follows_loops_recurrence_for_a_daily_practice():
    done = [TODAY - timedelta(days=n) for n in (9, 8, 7, 3)]
    series = habit_strength(done, TODAY)
    m = 0.5 ** (1 / 13)
    expected, score = [], 0.0
    for n in range(9, -1, -1):
        score = score * m + (1.0 if n in (9, 8, 7, 3) else 0.0) * (1 - m)
        expected.append(100 * score)
    assert series.index[0] == pd.Timestamp(TODAY - timedelta(days=9))
    assert series.index[-1] == pd.Timestamp(TODAY)
    assert series.to_numpy() == pytest.approx(expected)


@pytest.mark.parametrize("target", [1, 3, 6, 7])
def test_habit_strength_over_years_matches_the_day_by_day_loop(target):
    """Loop's ScoreList.recompute, day by day: the window is the last `days` non-rest days."""
    rng = np.random.default_rng(target)
    start = TODAY - timedelta(days=1999)
    done = {n for n in range(2000) if rng.random() < 0.55} | {0}
    rest = {n for n in range(2000) if rng.random() < 0.05} - done
    series = habit_strength(
        [start + timedelta(days=n) for n in done],
        TODAY,
        frequency_for(target),
        [start + timedelta(days=n) for n in rest],
    )
    m = multiplier(frequency_for(target))
    days, wanted = (1, 1) if target == 7 else (14, 2 * target)
    score, expected, counted = 0.0, [], []
    for n in range(2000):
        if n not in rest:
            counted.append(1 if n in done else 0)
            checkmark = min(1.0, sum(counted[-days:]) / wanted)
            score = score * m + checkmark * (1 - m)
        expected.append(100 * score)
    assert series.to_numpy() == pytest.approx(expected, abs=1e-9)


# Loop Habit Tracker's own expectations (iSoron/uhabits, ScoreListTest.kt, YesNoScoreListTest),
# with their exact values. Loop's days count back from today (0 = today); its scores are 0-1.
LOOP_E = 1e-6


def loop_scores(done, frequency=1.0, skips=(), back=None):
    """Scores (0-1) for today, yesterday, ... as Loop's checkScoreValues reads them."""
    skips = set(skips)
    series = habit_strength(
        [TODAY - timedelta(days=n) for n in set(done) - skips],
        TODAY,
        frequency,
        [TODAY - timedelta(days=n) for n in skips],
    )
    values = series.to_numpy()[::-1] / 100
    back = len(values) + 3 if back is None else back
    return np.concatenate([values, np.zeros(max(0, back - len(values)))])[:back]


def test_loop_get_value():
    expected = [0.655747, 0.636894, 0.617008, 0.596033, 0.573910, 0.550574, 0.525961, 0.500000,
                0.472617, 0.443734, 0.413270, 0.381137, 0.347244, 0.311495, 0.273788, 0.234017,
                0.192067, 0.147820, 0.101149, 0.051922, 0.000000, 0.000000, 0.000000]  # fmt: skip
    assert loop_scores(range(20), back=23) == pytest.approx(expected, abs=LOOP_E)


def test_loop_get_value_with_skip():
    expected = [0.596033, 0.573910, 0.550574, 0.525961, 0.500000, 0.472617, 0.472617, 0.443734,
                0.413270, 0.381137, 0.347244, 0.347244, 0.347244, 0.311495, 0.273788, 0.234017,
                0.192067, 0.147820, 0.101149, 0.051922, 0.000000, 0.000000, 0.000000]  # fmt: skip
    scores = loop_scores(range(20), skips=(5, 10, 11), back=23)
    assert scores == pytest.approx(expected, abs=LOOP_E)


def test_loop_get_value_with_skip_2():
    expected = [0.041949, 0.044247, 0.046670, 0.049226, 0.051922, 0.051922, 0.0]
    assert loop_scores([5], skips=[4], back=7) == pytest.approx(expected, abs=LOOP_E)


def test_loop_get_value_non_daily_with_skip():
    expected = [0.365222, 0.333100, 0.299354, 0.263899, 0.226651, 0.191734, 0.159268, 0.129375,
                0.102187, 0.077839, 0.056477, 0.056477, 0.056477, 0.056477, 0.038251, 0.023319,
                0.011848, 0.004014, 0.000000, 0.000000, 0.000000]  # fmt: skip
    scores = loop_scores(range(18), 6 / 7, skips=(10, 11, 12), back=21)
    assert scores == pytest.approx(expected, abs=LOOP_E)


@pytest.mark.parametrize("frequency", [1.0, 6 / 7])
def test_loop_perfect_with_skips_converges_to_full(frequency):
    skips = [7 * k + d for k in range(100) for d in (5, 6)]
    assert loop_scores(range(500), frequency, skips)[0] == pytest.approx(1.0, abs=LOOP_E)


def test_loop_imperfect_non_daily():
    """2 done every week: 3 a week wanted settles at 2/3, 4 a week at 1/2 (not 77 and 66)."""
    done = [i for i in range(700) if i % 7 in (0, 1)]
    assert loop_scores(done, 3 / 7)[0] == pytest.approx(2 / 3, abs=LOOP_E)
    assert loop_scores(done, 4 / 7)[0] == pytest.approx(0.5, abs=LOOP_E)
    days = [TODAY - timedelta(days=i) for i in done]
    assert habit_strength(days, TODAY, frequency_for(4)).iloc[-1] == pytest.approx(50.0, abs=1e-4)


def test_loop_irregular_non_daily():
    done = [14 * k for k in range(100)] + [14 * k + 13 for k in range(100)]
    assert loop_scores(done, 1 / 7)[0] == pytest.approx(1.0, abs=1e-3)


def test_loop_achieves_high_score_in_reasonable_time():
    assert loop_scores(range(90))[0] > 0.99
    weekly = [7 * i for i in range(39)]
    assert loop_scores(weekly, 1 / 7)[0] > 0.99
    assert loop_scores(weekly + [30 * i for i in range(18)], 1 / 30)[0] > 0.99


def test_loop_recompute_and_add():
    assert loop_scores(range(2))[0] == pytest.approx(0.101149, abs=LOOP_E)
    assert loop_scores(range(2), 1 / 2)[0] == pytest.approx(0.054816, abs=LOOP_E)
    assert loop_scores([0])[0] == pytest.approx(0.051922, abs=LOOP_E)


def test_habit_strength_halves_after_thirteen_days_without_a_daily_practice():
    series = habit_strength([TODAY - timedelta(days=13)], TODAY)
    assert series.iloc[-1] == pytest.approx(series.iloc[0] / 2)


def test_a_year_of_daily_practice_approaches_full_strength():
    year = [TODAY - timedelta(days=n) for n in range(365)]
    assert habit_strength(year, TODAY).iloc[-1] > 99.9


def test_a_weekly_target_kept_reaches_high_strength_and_rest_days_hold_it():
    three_a_week = [
        TODAY - timedelta(days=n)
        for n in range(365)
        if (TODAY - timedelta(days=n)).weekday() in (0, 2, 4)
    ]
    kept = habit_strength(three_a_week, TODAY, frequency=frequency_for(3))
    assert kept.iloc[-1] > 95
    # Judged as a daily practice, three days a week is not enough.
    daily_view = habit_strength(three_a_week, TODAY)
    assert daily_view.iloc[-1] < kept.iloc[-1]
    rest = [TODAY - timedelta(days=n) for n in range(5)]
    start = TODAY - timedelta(days=10)
    held = habit_strength([start], TODAY, skip_dates=rest)
    assert held.iloc[-1] == pytest.approx(held.iloc[-6])


def test_habit_strength_is_empty_without_practice():
    assert habit_strength([], TODAY).empty


@settings(deadline=None)
@given(
    done=st.sets(st.integers(min_value=0, max_value=200), min_size=1, max_size=120),
    rest=st.sets(st.integers(min_value=0, max_value=200), max_size=30),
    target=st.sampled_from([1, 2, 3, 5, 7]),
)
def test_habit_strength_stays_within_0_and_100_and_a_practice_day_never_reads_as_a_step_back(
    done, rest, target
):
    start = TODAY - timedelta(days=200)
    days = [start + timedelta(days=n) for n in done]
    skips = [start + timedelta(days=n) for n in rest]
    frequency = frequency_for(target)
    series = habit_strength(days, TODAY, frequency=frequency, skip_dates=skips)
    assert ((series >= 0) & (series <= 100)).all()
    # A practice day never counts for less than the same day not practised (nor rested).
    for day in sorted(days)[-5:]:
        others = [d for d in days if d != day]
        unrested = [d for d in skips if d != day]
        without_it = habit_strength(others, TODAY, frequency=frequency, skip_dates=unrested)
        before = without_it.reindex(series.index).fillna(0.0)
        assert series.loc[pd.Timestamp(day)] >= before.loc[pd.Timestamp(day)]
    words = day_changes(series, days)
    practised = series.index.isin(pd.to_datetime(days))
    assert words[practised].str.startswith("practised").all()
    assert not words[practised].isin(["eased"]).any()


def test_a_practice_day_after_a_gap_slows_the_fade_rather_than_reading_as_a_dip():
    four_a_week = [TODAY - timedelta(days=n) for n in range(30, 120) if n % 7 < 4]
    series = habit_strength(four_a_week + [TODAY], TODAY, frequency_for(4))
    assert series.iloc[-1] < series.iloc[-2]  # Loop's score eases: 1 of 8 is a small share
    words = day_changes(series, four_a_week + [TODAY])
    assert words.iloc[-1] == "practised: slowed the fade"
    assert words.iloc[-2] == "eased"


# --- storage and loading -------------------------------------------------------------


def as_dates(days) -> list[date]:
    return [date(1970, 1, 1) + timedelta(days=int(n)) for n in days]


def test_practice_days_are_distinct_local_days_per_practice_with_rest_days_apart(journal):
    # (A second log of a practice on one day cannot be stored: tests/test_counts_once.py.)
    log(journal, BREATHING, TODAY, hour=8)
    log(journal, BREATHING, TODAY - timedelta(days=1), status="rest")
    log(journal, BREATHING, TODAY - timedelta(days=2), status="rest")
    log(journal, BREATHING, TODAY + timedelta(days=1), now=datetime(2030, 1, 1, tzinfo=UTC))
    log(journal, SAYING_NO, TODAY - timedelta(days=3), status="rest")
    found = practice_queries.practice_days(journal, TODAY)
    ids = storage.practices(journal).set_index("name")["id"]
    done, rest = found[ids[BREATHING]]
    assert as_dates(done) == [TODAY]
    assert as_dates(rest) == [TODAY - timedelta(days=2), TODAY - timedelta(days=1)]
    done, rest = found[ids[SAYING_NO]]
    assert done.size == 0 and as_dates(rest) == [TODAY - timedelta(days=3)]
    assert len(found) == 2


def test_a_log_at_2359_local_time_counts_on_its_local_day(journal):
    # 23:59 at +09:00 is 14:59 UTC; 23:59 at -05:00 is 04:59 UTC on the next day.
    log(journal, BREATHING, TODAY - timedelta(days=2), hour=23, minute=59, offset_hours=9)
    log(journal, BREATHING, TODAY - timedelta(days=1), hour=23, minute=59, offset_hours=-5)
    log(journal, BREATHING, TODAY, hour=0, minute=1, offset_hours=9)
    loaded = practice.load(journal, TODAY)
    (done,) = loaded.done.values()
    assert [d.item() for d in done] == [TODAY - timedelta(days=2), TODAY - timedelta(days=1), TODAY]
    assert practice.overview(loaded).iloc[0]["current"] == 3


def test_empty_journal_loads_as_empty(journal):
    loaded = practice.load(journal, TODAY)
    assert loaded.is_empty
    assert practice.overview(loaded).empty
    assert practice.strength_over_time(loaded, DateRange(TODAY - timedelta(days=29), TODAY)).empty
    assert practice.summary(practice.overview(loaded)) == []


def test_overview_reports_streaks_week_and_strength_per_practice(journal):
    for n in range(5):
        log(journal, BREATHING, TODAY - timedelta(days=n))
    for day in (
        date(2026, 6, 1),
        date(2026, 6, 3),
        date(2026, 6, 5),
        date(2026, 6, 8),
        date(2026, 6, 9),
        date(2026, 6, 10),
        date(2026, 6, 15),
    ):
        log(journal, SAYING_NO, day)
    frame = practice.overview(practice.load(journal, TODAY)).set_index("practice")
    assert set(frame.index) == {BREATHING, SAYING_NO}  # only practices that were logged
    assert frame.loc[BREATHING, ["current", "longest", "unit"]].tolist() == [5, 5, "day"]
    assert frame.loc[BREATHING, ["week_done", "week_target"]].tolist() == [3, 7]
    assert frame.loc[SAYING_NO, ["current", "longest", "unit"]].tolist() == [2, 2, "week"]
    assert frame.loc[SAYING_NO, ["week_done", "week_target"]].tolist() == [1, 3]
    assert 0 < frame.loc[SAYING_NO, "strength"] <= 100
    table = practice.overview_table(practice.overview(practice.load(journal, TODAY)))
    assert "5 days" in table["Current streak"].tolist()
    assert "1 of 3" in table["This week"].tolist()


def test_strength_over_time_is_daily_in_the_range_and_weekly_beyond_two_years(journal):
    log(journal, BREATHING, TODAY - timedelta(days=1500))
    log(journal, BREATHING, TODAY)
    loaded = practice.load(journal, TODAY)
    month = practice.strength_over_time(loaded, DateRange(TODAY - timedelta(days=29), TODAY))
    assert len(month) == 30
    assert month["day"].min() == pd.Timestamp(TODAY - timedelta(days=29))
    long = practice.strength_over_time(loaded, DateRange(TODAY - timedelta(days=1500), TODAY))
    assert len(long) <= 1501 / 7 + 2
    assert month["change"].iloc[-1].startswith("practised")
    assert long["change"].iloc[-1].startswith("practised")


def test_the_strength_chart_says_what_each_day_did_and_never_claims_a_rise_per_practice(journal):
    for n in [*range(30, 60), 0]:
        log(journal, SAYING_NO, TODAY - timedelta(days=n))
    loaded = practice.load(journal, TODAY)
    frame = practice.strength_over_time(loaded, DateRange(TODAY - timedelta(days=29), TODAY))
    assert frame["change"].iloc[-1] == "practised: slowed the fade"
    chart = charts.strength_chart(frame).to_dict()
    assert "rises with each practice day" not in str(chart).lower()
    assert "change" in str(chart["layer"][0]["encoding"]["tooltip"])


def test_calendar_has_one_cell_per_day_with_its_status(journal):
    log(journal, BREATHING, TODAY)
    log(journal, BREATHING, TODAY - timedelta(days=1), status="rest")
    loaded = practice.load(journal, TODAY)
    practice_id = loaded.catalog["id"].iloc[0]
    cells = practice.calendar(loaded, practice_id, DateRange(TODAY - timedelta(days=29), TODAY))
    assert len(cells) == 30
    status = dict(zip(cells["day"].dt.date, cells["status"], strict=True))
    assert status[TODAY] == "done" and status[TODAY - timedelta(days=1)] == "rest"
    assert status[TODAY - timedelta(days=2)] == "none"
    assert (cells["week"].dt.day_of_week == 0).all()
    assert cells.loc[cells["day"].dt.date == TODAY, "weekday"].item() == "Wed"
    decade = practice.calendar(loaded, practice_id, DateRange(TODAY - timedelta(days=3650), TODAY))
    assert decade["week"].nunique() <= practice.CALENDAR_WEEKS


def fill_wellbeing(con, with_days: int, without_days: int) -> None:
    now = datetime(2030, 1, 1, tzinfo=UTC)
    for n in range(with_days + without_days):
        day = TODAY - timedelta(days=n)
        practised = n < with_days
        storage.add_check_in(con, when=at(day, 20), wellbeing=7 if practised else 5, now=now)
        if practised:
            log(con, BREATHING, day)
    log(con, BREATHING, TODAY - timedelta(days=with_days + without_days - 1), status="rest")


# --- charts --------------------------------------------------------------------------


def test_charts_state_their_finding_and_use_the_theme(journal):
    for n in range(20):
        log(journal, BREATHING, TODAY - timedelta(days=n))
    log(journal, SAYING_NO, TODAY)
    loaded = practice.load(journal, TODAY)
    days = DateRange(TODAY - timedelta(days=29), TODAY)
    strength = charts.strength_chart(practice.strength_over_time(loaded, days)).to_dict()
    assert strength["title"]["text"].startswith(f"{BREATHING} is your strongest habit now")
    practice_id = loaded.catalog.set_index("name").at[BREATHING, "id"]
    calendar = charts.calendar_chart(
        practice.calendar(loaded, practice_id, days), BREATHING
    ).to_dict()
    # The days it covers, not "in the last 5 weeks" (issue 23: 30 days span parts of 5 weeks).
    assert calendar["title"].startswith(f"{BREATHING}: practised on 20 of 30 days, ")
    assert "week" not in calendar["title"]
    cells = next(layer for layer in calendar["layer"] if layer["mark"]["type"] == "rect")
    assert cells["encoding"]["color"]["scale"]["range"][0] == charts.DONE


def test_the_calendar_has_height_whatever_its_width_and_names_each_month_once(journal):
    for n in range(0, 300, 3):
        log(journal, BREATHING, TODAY - timedelta(days=n))
    loaded = practice.load(journal, TODAY)
    practice_id = loaded.catalog.set_index("name").at[BREATHING, "id"]
    for days in (30, 365):
        frame = practice.calendar(
            loaded, practice_id, DateRange(TODAY - timedelta(days=days), TODAY)
        )
        spec = charts.calendar_chart(frame, BREATHING).to_dict()
        # Rows of a fixed height: a page that stretches the chart's width cannot squash it.
        assert spec["height"] == {"step": charts.CELL}
        axis = spec["layer"][0]["encoding"]["x"]
        assert axis["type"] == "temporal", "weeks on a time axis: a month is one label, not four"


def test_rest_days_and_practised_days_differ_by_more_than_colour(journal):
    log(journal, BREATHING, TODAY)
    log(journal, BREATHING, TODAY - timedelta(days=1), status="rest")
    loaded = practice.load(journal, TODAY)
    practice_id = loaded.catalog.set_index("name").at[BREATHING, "id"]
    frame = practice.calendar(loaded, practice_id, DateRange(TODAY - timedelta(days=29), TODAY))
    spec = charts.calendar_chart(frame, BREATHING).to_dict()
    glyphs = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "text")
    assert glyphs["encoding"]["text"]["field"] == "glyph"
    cells = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rect")
    assert "rest" in cells["encoding"]["stroke"]["condition"]["test"]
    assert "Rest day" in cells["encoding"]["color"]["legend"]["labelExpr"]


# --- the sample journal --------------------------------------------------------------


def test_the_streaks_planted_in_the_sample_journal_are_found(sample_journal_file):
    from sample_data import sample_truth
    from tests.conftest import SAMPLE_TODAY

    truth = sample_truth(SAMPLE_TODAY)
    # The sample moves by whole weeks, so its last day may fall a little before SAMPLE_TODAY:
    # streaks are planted as of that day.
    con = storage.connect(sample_journal_file, read_only=True)
    try:
        frame = practice.overview(practice.load(con, truth["end_day"])).set_index("practice")
    finally:
        con.close()
    planted = truth["practices"]
    logged = {name: truth for name, truth in planted.items() if truth["done"]}
    assert logged and set(frame.index) >= set(logged)
    for name, truth in logged.items():
        found = frame.loc[name]
        assert found["unit"] + "s" == truth["unit"], name
        assert (found["longest"], found["current"]) == (
            truth["longest_streak"],
            truth["current_streak"],
        ), name


@pytest.mark.parametrize(
    ("strengths", "expected"),
    [
        ({}, None),
        ({"Walk": 40.2}, "Walk is your strongest habit now (strength 40 of 100)"),
        (
            {"Walk": 40.2, "Yoga": 39.9},
            "Walk and Yoga are your strongest habits now (strength 40 of 100 each)",
        ),
        (
            {"A": 10, "B": 10, "C": 10},
            "3 practices share the strongest habit strength now (10 of 100)",
        ),
    ],
)
def test_strongest_habit_names_every_tie_and_matches_the_chart_title(strengths, expected):
    assert practice_words.strongest_sentence(strengths) == expected


def test_week_ends_are_what_a_weekly_resample_gives_on_a_daily_series():
    from analytics.practice import _week_ends

    days = pd.date_range(
        "2024-01-03", "2026-11-26", freq="D"
    )  # starts on a Wednesday, ends on a Thursday
    daily = pd.Series(np.linspace(0, 100, len(days)), index=days)
    expected = daily.resample("W-SUN").last().dropna()
    got = _week_ends(daily)
    assert list(got.index) == list(expected.index)
    assert np.allclose(got.to_numpy(), expected.to_numpy())
    assert _week_ends(daily.iloc[:0]).empty
