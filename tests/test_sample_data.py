"""The sample journal: deterministic, committed as generated, quick to load, and true to its planted truth."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

import sample_data
from analytics import storage
from sample_data import END_DAY, generate, load_sample, sample_tables, sample_truth
from sample_data.generate import JOURNAL_DIR, TABLES, TRUTH_FILE, to_csv, truth_json
from sample_data.truth import streaks

PAST_TODAY = date(2026, 3, 5)  # a Thursday: the sample is moved by whole weeks up to it


@pytest.fixture(scope="module")
def fresh():
    return generate()


def test_the_generator_is_deterministic(fresh):
    again = generate()
    assert set(fresh.tables) == set(again.tables) == set(TABLES)
    for name in TABLES:
        pd.testing.assert_frame_equal(fresh.tables[name], again.tables[name])
    assert fresh.truth == again.truth
    other = generate(seed=8)
    assert not other.tables["check_ins"].equals(fresh.tables["check_ins"])


def test_the_committed_files_are_exactly_a_fresh_generation(fresh):
    for name in TABLES:
        committed = (JOURNAL_DIR / f"{name}.csv").read_text(encoding="utf-8")
        assert committed == to_csv(fresh.tables[name]), (
            f"{name}.csv drifted; run python -m sample_data.generate"
        )
    assert TRUTH_FILE.read_text(encoding="utf-8") == truth_json(fresh.truth)


def test_the_sample_covers_about_a_year_with_the_planted_shape(fresh):
    checks = fresh.tables["check_ins"]
    days = pd.to_datetime(checks["local_time"]).dt.date
    assert min(days) == END_DAY - timedelta(days=364) and max(days) == END_DAY
    assert 0.08 <= 1 - days.nunique() / 365 <= 0.16  # ~12% of days missed
    assert set(days.value_counts()) <= {1, 2, 3}
    monthly = checks.groupby(pd.to_datetime(checks["local_time"]).dt.to_period("M"))[
        "wellbeing"
    ].mean()
    assert monthly.iloc[:2].mean() < 4.6 and monthly.iloc[-2:].mean() > 6.2
    per_week = len(fresh.tables["triggers"]) / 52
    assert 3 <= per_week <= 6
    truth = fresh.truth
    assert len(truth["setbacks"]) == 7
    assert all(1.5 <= s["depth"] <= 3.5 for s in truth["setbacks"])
    recoveries = [s["recovery_days"] for s in truth["setbacks"]]
    assert (
        recoveries[0] >= 9
        and recoveries[-1] <= 4
        and recoveries == sorted(recoveries, reverse=True)
    )
    shares = truth["triggers"]["monthly_new_skill_share"]
    assert (
        truth["triggers"]["first_month_new_skill_share"]
        < 0.35
        < 0.55
        < truth["triggers"]["last_month_new_skill_share"]
    )
    assert list(shares.values())[-3:] > list(shares.values())[:3]
    helped = truth["triggers"]["mean_helped"]
    assert helped["new_skill"] > helped["other"] > helped["old_pattern"]
    assert (
        truth["triggers"]["top_category"],
        truth["triggers"]["peak_weekday"],
        truth["triggers"]["peak_time_of_day"],
    ) == ("Work", "Monday", "morning")
    assert truth["triggers"]["categories"]["Family"]["peak_weekday"] == "Sunday"
    assert truth["sessions"]["upcoming"] > END_DAY


def test_setbacks_are_dips_below_the_persons_own_level_in_the_data(fresh):
    checks = fresh.tables["check_ins"]
    daily = (
        checks.groupby(pd.to_datetime(checks["local_time"]).dt.normalize())["wellbeing"]
        .mean()
        .asfreq("D")
    )
    level = daily.rolling(43, center=True, min_periods=10).median()
    below = daily - level
    for setback in fresh.truth["setbacks"]:
        assert (
            END_DAY - timedelta(days=364)
            <= setback["start"]
            < setback["trough"]
            <= setback["end"]
            < END_DAY
        )
        assert setback["recovered"] == setback["end"] + timedelta(days=1)
        around_trough = below[
            pd.Timestamp(setback["trough"]) : pd.Timestamp(
                setback["trough"] + timedelta(days=setback["days_at_trough"] - 1)
            )
        ]
        assert around_trough.mean() < -1.0, setback


def test_every_practice_starts_with_a_first_time_log_and_the_daily_one_has_rest_days(fresh):
    log = fresh.tables["practice_log"]
    firsts = log[log["first_time"]]
    assert sorted(firsts["practice"]) == sorted(set(log["practice"]))
    for name, group in log.groupby("practice"):
        assert group[group["status"] == "done"].iloc[0]["first_time"], name
    breathing = fresh.truth["practices"]["Breathing or grounding"]
    assert breathing["rest"] > 0 and breathing["longest_streak"] > breathing["current_streak"] > 0


def test_streak_rules_rest_days_neither_break_nor_add_and_today_is_open():
    d = date(2026, 11, 2)  # a Monday
    days = lambda *offsets: {d + timedelta(days=o) for o in offsets}  # noqa: E731
    assert streaks(days(0, 1, 3, 4), days(2), 7, d + timedelta(days=5)) == (4, 4)
    assert streaks(days(0, 1, 3, 4), set(), 7, d + timedelta(days=5)) == (2, 2)
    assert streaks(days(0, 1, 3, 4), set(), 7, d + timedelta(days=7)) == (2, 0)
    # weekly target 2: week 1 met, week 2 short but covered by rest, week 3 met, week 4 in progress
    done = days(0, 2, 7, 14, 16)
    assert streaks(done, days(9), 2, d + timedelta(days=22)) == (2, 2)
    assert streaks(done, set(), 2, d + timedelta(days=22)) == (1, 1)
    assert streaks(done, set(), 2, d + timedelta(days=29)) == (1, 0)


def test_load_sample_writes_every_committed_row_in_under_two_seconds(journal):
    import time

    started = time.perf_counter()
    written = load_sample(journal, today=PAST_TODAY)
    elapsed = time.perf_counter() - started
    # the committed rows, moved up to PAST_TODAY, less those that would land after it
    expected = {
        name: len(frame)
        for name, frame in sample_tables(PAST_TODAY).items()
        if name
        in ("check_ins", "triggers", "practice_log", "reflections", "sessions", "measure_responses")
    }
    committed = {name: len(pd.read_csv(JOURNAL_DIR / f"{name}.csv")) for name in expected}
    assert all(0 <= committed[name] - expected[name] <= 7 * 6 for name in expected)
    tasks = written.pop("session_tasks")
    assert tasks == len(sample_tables(PAST_TODAY)["session_tasks"])
    assert written == expected
    stats = {row.kind: int(row.entries) for row in storage.entry_stats(journal).itertuples()}
    assert stats == expected
    assert journal.execute("SELECT DISTINCT source FROM check_ins").fetchall() == [("sample",)]
    assert storage.measures_in_use(journal) == ["phq9", "gad7", "who5"]
    assert elapsed < 2.0


def test_load_sample_runs_up_to_today_keeping_weekdays(journal):
    load_sample(journal, today=PAST_TODAY)
    stats = storage.entry_stats(journal).set_index("kind")
    last = pd.Timestamp(stats.loc["check_ins", "last"]).date()
    first = pd.Timestamp(stats.loc["check_ins", "first"]).date()
    assert PAST_TODAY - timedelta(days=1) <= last <= PAST_TODAY
    # moved by whole weeks: the first day keeps the weekday it was generated on
    assert first.weekday() == (END_DAY - timedelta(days=364)).weekday()
    assert (first - (END_DAY - timedelta(days=364))).days % 7 == 0
    assert max(storage.session_days(journal)) > last  # the booked session stays ahead


def test_load_sample_matches_the_practice_targets_of_the_sample(journal):
    storage.update_practice(journal, storage.practices(journal).iloc[0]["id"], weekly_target=1)
    load_sample(journal, today=PAST_TODAY)
    catalog = storage.practices(journal).set_index("name")["weekly_target"].to_dict()
    expected = (
        pd.read_csv(JOURNAL_DIR / "practices.csv").set_index("name")["weekly_target"].to_dict()
    )
    assert catalog == expected


def test_load_sample_refuses_a_journal_with_entries(journal):
    storage.add_session(journal, day=date(2026, 1, 1))
    with pytest.raises(storage.JournalError, match="already has entries"):
        load_sample(journal, today=PAST_TODAY)
    assert len(storage.session_days(journal)) == 1


def test_the_truth_shifts_with_the_sample(fresh):
    unshifted = sample_truth(END_DAY)
    assert unshifted == fresh.truth
    truth = sample_truth(PAST_TODAY)
    shift = timedelta(days=-((END_DAY - PAST_TODAY).days // 7 * 7))
    assert shift.days % 7 == 0 and PAST_TODAY <= END_DAY + shift < PAST_TODAY + timedelta(days=7)
    assert truth["end_day"] == PAST_TODAY
    for moved, original in zip(truth["setbacks"], fresh.truth["setbacks"], strict=True):
        assert moved["start"] == original["start"] + shift and moved["depth"] == original["depth"]
    tables = sample_tables(PAST_TODAY)
    days = pd.to_datetime(tables["check_ins"]["local_time"]).dt.date
    assert max(days) <= PAST_TODAY
    assert all(min(days) <= s["start"] and s["recovered"] <= max(days) for s in truth["setbacks"])
    # a shift of whole weeks keeps the planted Monday peak on Monday
    assert truth["triggers"]["peak_weekday"] == fresh.truth["triggers"]["peak_weekday"] == "Monday"


def test_the_shared_sample_fixture_is_the_sample(sample_journal_file):
    from tests.conftest import SAMPLE_TODAY

    con = storage.connect(sample_journal_file, read_only=True)
    stats = storage.entry_stats(con).set_index("kind")
    con.close()
    assert pd.Timestamp(stats.loc["check_ins", "last"]).date() <= SAMPLE_TODAY
    assert int(stats["entries"].sum()) > 1500
    assert sample_data.SOURCE == "sample"


# --- questionnaires ----------------------------------------------------------------------


def _series(fresh, measure: str) -> pd.DataFrame:
    frame = fresh.tables["measure_responses"]
    return frame[frame["measure"] == measure].sort_values("day").reset_index(drop=True)


def _overlaps_a_setback(day: date, setbacks) -> bool:
    """The fortnight a response asks about (the day and the 13 before it) meets a setback."""
    return any(s["start"] <= day and day - timedelta(days=13) <= s["end"] for s in setbacks)


def test_the_questionnaires_are_biweekly_for_a_year_with_one_missed_stretch(fresh):
    responses = fresh.tables["measure_responses"]
    for measure in ("phq9", "gad7", "who5"):
        days = list(_series(fresh, measure)["day"])
        gaps = [(b - a).days for a, b in zip(days, days[1:], strict=False)]
        assert sorted(set(gaps)) == [14, 42], measure  # every other week, one six-week gap
        assert (days[-1] - days[0]).days >= 330 and days[-1] <= END_DAY
        assert fresh.truth["measures"][measure]["longest_gap_days"] == 42
    assert len(responses.groupby(["measure", "day"])) == len(responses)  # one a day


def test_every_answer_is_on_its_scale_and_adds_up_to_the_total(fresh):
    from analytics.measures import score

    for row in fresh.tables["measure_responses"].to_dict("records"):
        n = {"phq9": 9, "gad7": 7, "who5": 5}[row["measure"]]
        answers = [int(row[f"item_{i}"]) for i in range(1, n + 1)]
        assert all(pd.isna(row[f"item_{i}"]) for i in range(n + 1, 10))
        assert score(row["measure"], answers).total == row["total"]


def test_item_9_is_0_but_for_a_single_1_early_on_as_the_truth_says(fresh):
    phq9 = _series(fresh, "phq9")
    above = phq9[phq9["item_9"] > 0]
    assert list(above["item_9"]) == [1]
    assert list(above["day"]) == fresh.truth["measures"]["item_9_above_0"]
    assert above["day"].iloc[0] < END_DAY - timedelta(days=270)  # in the first quarter


def test_scores_worsen_in_the_planted_setbacks_and_improve_over_the_year(fresh):
    """Beside the year's trend (a straight line through each series), responses whose fortnight
    meets a setback are worse than the others; and the year ends reliably better."""
    import numpy as np

    from analytics.measures import change

    setbacks = fresh.truth["setbacks"]
    for measure, worse in (("phq9", 1), ("gad7", 1), ("who5", -1)):
        series = _series(fresh, measure)
        x = np.array([(d - series["day"].iloc[0]).days for d in series["day"]], dtype=float)
        y = series["total"].to_numpy(dtype=float)
        residual = y - np.polyval(np.polyfit(x, y, 1), x)
        during = np.array([_overlaps_a_setback(d, setbacks) for d in series["day"]])
        assert 6 <= during.sum() <= len(series) - 6, measure
        gap = residual[during].mean() - residual[~during].mean()
        assert worse * gap > 1.0, (measure, gap)
        assert worse * (y[during].mean() - y[~during].mean()) > 0, measure
        first, last = y[:3].mean(), y[-3:].mean()
        assert change(measure, round(first), round(last)) in (
            "reliable improvement",
            "reliable recovery",
        ), (measure, first, last)


def test_a_year_without_setbacks_would_show_no_such_gap():
    """The comparison above is not built into the method: on a series made from the trend
    alone (no dips), responses in the planted setback dates are no worse than the others."""
    import numpy as np

    from sample_data.generate import DAYS, SEED, measure_responses, trend

    level = trend(np.arange(DAYS) / (DAYS - 1))
    flat = measure_responses(np.random.default_rng([SEED, 11]), level)
    setbacks = generate().truth["setbacks"]
    phq9 = flat[flat["measure"] == "phq9"].sort_values("day")
    x = np.array([(d - phq9["day"].iloc[0]).days for d in phq9["day"]], dtype=float)
    y = phq9["total"].to_numpy(dtype=float)
    residual = y - np.polyval(np.polyfit(x, y, 1), x)
    during = np.array([_overlaps_a_setback(d, setbacks) for d in phq9["day"]])
    assert abs(residual[during].mean() - residual[~during].mean()) < 1.0


def test_the_loaded_sample_has_its_questionnaires_and_measures_in_use(journal):
    load_sample(journal, today=PAST_TODAY)
    loaded = storage.measure_responses(journal)
    expected = sample_tables(PAST_TODAY)["measure_responses"]
    assert len(loaded) == len(expected) > 0
    assert set(loaded["source"]) == {"sample"}
    assert loaded["day"].max().date() <= PAST_TODAY
    assert storage.measures_in_use(journal) == ["phq9", "gad7", "who5"]
    truth = sample_truth(PAST_TODAY)["measures"]
    assert truth["item_9_above_0"] == sorted(
        d.date() for d in loaded.loc[loaded["item_9"] > 0, "day"]
    )


def test_the_sample_lives_its_sessions_a_schedule_a_missed_one_and_marked_tasks(journal):
    from analytics import sessions
    from analytics.storage import session_queries

    load_sample(journal, today=END_DAY)
    plan = sessions.schedule(journal)
    assert plan is not None and plan.every_weeks == 1
    assert len(plan.moved) == 1 and len(plan.cancelled) == 1
    statuses = storage.list_entries(journal, "sessions", limit=1000)["status"]
    assert list(statuses).count("missed") == 1
    truth = sample_truth(END_DAY)
    agreed = sessions.current_tasks(journal, END_DAY)
    assert agreed.session_day == truth["session_tasks"]["last_day"] == truth["sessions"]["last"]
    assert len(set(agreed.tasks["status"])) >= 2  # mixed marks
    counts = session_queries.task_counts(journal, truth["session_tasks"]["last_day"])
    assert counts == truth["session_tasks"]["last_counts"]


def test_the_loaded_sample_has_three_goals_rising_and_one_reached_partway(journal):
    from analytics import goals

    load_sample(journal, today=PAST_TODAY)
    stories = goals.goal_stories(journal)
    assert [s.status.value for s in stories] == ["active", "reached", "active"]
    assert all(s.change is not None and s.change >= 3 for s in stories)
    reached = stories[1]
    assert reached.latest[1] >= 9 and reached.latest[0] == reached.status_day
    assert reached.status_day < PAST_TODAY - timedelta(days=90)  # partway through the year
    # never more than three active: Goal 3 is set the day Goal 2 is reached
    assert stories[2].created == reached.status_day
    # a rise that is not a straight line: the first half of Goal 1's ratings rise less
    ratings = stories[0].ratings["rating"].tolist()
    half = len(ratings) // 2
    assert ratings[half] - ratings[0] < ratings[-1] - ratings[half]


def test_the_planted_dip_after_sessions_is_in_the_check_ins_and_the_truth(fresh):
    """Planted (truth.json's `aftermath`): wellbeing about 1 point lower in the two days after
    an attended session, back by day 3; `session_aftermath` finds days 1 and 2 lower, not 0 or 3."""
    from analytics.aftermath import session_aftermath

    planted = fresh.truth["aftermath"]
    assert planted["outcome"] == "wellbeing" and planted["days_after"] == [1, 2]
    assert 1.0 <= planted["dip"] <= 1.5
    checks = fresh.tables["check_ins"]
    daily = checks.groupby(pd.to_datetime(checks["local_time"]).dt.normalize())["wellbeing"].mean()
    sessions = fresh.tables["sessions"]
    held = [d for d, s in zip(sessions["day"], sessions["status"], strict=True) if s == "attended"]
    days = pd.DataFrame({"date": daily.index, "wellbeing": daily.to_numpy()})
    found = session_aftermath(days, [d for d in held if d <= END_DAY])
    assert list(found.loc[found["claimed"], "day_after"]) == [1, 2]
    assert (found.loc[found["claimed"], "difference"] < -0.5).all()
