"""Streak rules (analytics.streaks): each rule in the module docstring, its edge cases, its properties."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.streaks import day_set, runs, streaks, week_progress

TODAY = date(2026, 6, 17)  # a Wednesday


def days_back(*offsets: int, today: date = TODAY) -> list[date]:
    return [today - timedelta(days=n) for n in offsets]


# --- daily ---------------------------------------------------------------------------


def test_consecutive_days_make_a_daily_streak():
    result = streaks(days_back(0, 1, 2, 3), TODAY)
    assert result == {"current": 4, "longest": 4, "unit": "day"}


def test_a_gap_breaks_the_streak_but_the_longest_is_remembered():
    result = streaks(days_back(0, 1, 5, 6, 7, 8), TODAY)
    assert result["current"] == 2
    assert result["longest"] == 4


def test_several_logs_on_one_day_count_once():
    logged = days_back(0, 0, 0, 1, 1)
    with_times = [datetime(2026, 6, 17, 8), datetime(2026, 6, 17, 21), datetime(2026, 6, 16, 7)]
    assert streaks(logged, TODAY)["current"] == 2
    assert streaks(with_times, TODAY)["current"] == 2


def test_a_rest_day_neither_breaks_nor_adds_to_a_daily_streak():
    done = days_back(0, 1, 3, 4)
    assert streaks(done, TODAY)["current"] == 2  # day 2 missing breaks
    result = streaks(done, TODAY, skip_dates=days_back(2))
    assert result["current"] == 4  # passed over, not counted: 4 practice days
    assert result["longest"] == 4


def test_rest_days_alone_make_no_streak():
    assert streaks([], TODAY, skip_dates=days_back(0, 1, 2)) == {
        "current": 0,
        "longest": 0,
        "unit": "day",
    }


def test_a_day_logged_done_and_rest_counts_as_done():
    assert streaks(days_back(0, 1), TODAY, skip_dates=days_back(1))["current"] == 2


def test_today_not_yet_logged_does_not_break_the_current_streak():
    assert streaks(days_back(1, 2, 3), TODAY)["current"] == 3
    # ...but a whole missed day does.
    assert streaks(days_back(2, 3, 4), TODAY)["current"] == 0
    assert streaks(days_back(2, 3, 4), TODAY)["longest"] == 3


def test_a_practice_started_today_has_a_streak_of_one():
    assert streaks([TODAY], TODAY) == {"current": 1, "longest": 1, "unit": "day"}
    assert streaks([TODAY], TODAY, weekly_target=3) == {"current": 0, "longest": 0, "unit": "week"}


def test_no_practice_means_no_streak():
    assert streaks([], TODAY) == {"current": 0, "longest": 0, "unit": "day"}
    assert streaks([], TODAY, weekly_target=2)["unit"] == "week"


def test_days_after_today_are_ignored():
    assert streaks(days_back(0, 1, -1, -2), TODAY)["current"] == 2


def test_a_weekly_target_of_seven_is_daily():
    assert streaks(days_back(0, 1, 2), TODAY, weekly_target=7) == {
        "current": 3,
        "longest": 3,
        "unit": "day",
    }


def test_timestamps_pandas_and_iso_strings_are_read_as_days():
    as_series = pd.Series(
        pd.to_datetime(["2026-06-15 23:30", "2026-06-16 06:00", "2026-06-17 00:10"])
    )
    assert streaks(as_series, TODAY)["current"] == 3
    assert streaks(["2026-06-16", "2026-06-17T09:00"], TODAY)["current"] == 2


def test_local_time_near_midnight_counts_on_its_local_day():
    tokyo = timezone(timedelta(hours=9))
    new_york = timezone(timedelta(hours=-5))
    # 23:59 in Tokyo is 14:59 UTC the same day; 23:59 in New York is 04:59 UTC the next day.
    late = [
        datetime(2026, 6, 15, 23, 59, tzinfo=tokyo),
        datetime(2026, 6, 16, 23, 59, tzinfo=new_york),
    ]
    assert day_set(late, TODAY) == {date(2026, 6, 15), date(2026, 6, 16)}
    # 00:01 in Tokyo is still the previous day in UTC, but it is the 17th where it was lived.
    early = datetime(2026, 6, 17, 0, 1, tzinfo=tokyo)
    assert day_set([early], TODAY) == {date(2026, 6, 17)}
    assert streaks([*late, early], TODAY)["current"] == 3


# --- weekly targets ------------------------------------------------------------------


def week_of(monday: date, *weekdays: int) -> list[date]:
    return [monday + timedelta(days=d) for d in weekdays]


MON = date(2026, 6, 1)  # weeks of 1, 8 and 15 June 2026; TODAY is Wednesday of the third


def test_consecutive_weeks_meeting_the_target_make_a_weekly_streak():
    done = week_of(MON, 0, 2, 4) + week_of(MON + timedelta(7), 1, 3, 5)
    assert streaks(done, TODAY, weekly_target=3) == {"current": 2, "longest": 2, "unit": "week"}


def test_a_week_short_of_the_target_breaks_the_weekly_streak():
    done = (
        week_of(MON - timedelta(14), 0, 1, 2)
        + week_of(MON - timedelta(7), 0)
        + week_of(MON, 0, 1, 2)
        + week_of(MON + timedelta(7), 0, 1, 2)
    )
    result = streaks(done, TODAY, weekly_target=3)
    assert result["current"] == 2
    assert result["longest"] == 2


def test_the_current_week_counts_once_met_and_never_breaks_while_in_progress():
    earlier = week_of(MON, 0, 2, 4) + week_of(MON + timedelta(7), 1, 3, 5)
    assert streaks(earlier + [TODAY], TODAY, weekly_target=3)["current"] == 2  # 1 of 3 so far
    this_week = week_of(MON + timedelta(14), 0, 1, 2)
    assert streaks(earlier + this_week, TODAY, weekly_target=3)["current"] == 3


def test_rest_days_cover_a_short_week_without_adding_to_it():
    short = week_of(MON + timedelta(7), 1, 3)  # 2 of 3
    done = week_of(MON, 0, 2, 4) + short + week_of(MON + timedelta(14), 0, 1, 2)
    assert streaks(done, TODAY, weekly_target=3)["current"] == 1
    covered = streaks(done, TODAY, weekly_target=3, skip_dates=week_of(MON + timedelta(7), 5))
    assert covered["current"] == 2  # the covered week is passed over: 2 weeks met, not 3


def test_weekly_streak_runs_across_the_new_year_through_iso_week_53():
    # 2026 has 53 ISO weeks: week 53 is Monday 2026-12-28 to Sunday 2027-01-03, one week.
    assert date(2026, 12, 28).isocalendar()[:2] == (2026, 53)
    week_52 = [date(2026, 12, 21), date(2026, 12, 23), date(2026, 12, 25)]
    week_53 = [date(2026, 12, 29), date(2026, 12, 31), date(2027, 1, 2)]  # split over two years
    week_1 = [date(2027, 1, 4), date(2027, 1, 5), date(2027, 1, 6)]
    result = streaks(week_52 + week_53 + week_1, date(2027, 1, 7), weekly_target=3)
    assert result == {"current": 3, "longest": 3, "unit": "week"}
    # With only two of its days, week 53 falls short and breaks the run: week 1 of 2027 remains.
    assert (
        streaks(week_52 + week_53[:2] + week_1, date(2027, 1, 7), weekly_target=3)["current"] == 1
    )


def test_week_progress_counts_distinct_days_this_iso_week():
    done = [
        *days_back(0, 0, 1, 2, 3),
        TODAY + timedelta(days=1),
    ]  # Wed twice, Tue, Mon, last Sun, tomorrow
    assert week_progress(done, TODAY, 3) == {"done": 3, "target": 3}
    assert week_progress(done, TODAY) == {"done": 3, "target": 7}


def test_runs_measure_the_trailing_and_longest_run():
    assert runs(pd.Series([True, True, False, True]).to_numpy()) == (1, 2)
    assert runs(pd.Series([True, False, False]).to_numpy()) == (0, 1)
    assert runs(pd.Series([], dtype=bool).to_numpy()) == (0, 0)


# --- properties ----------------------------------------------------------------------

START = date(2025, 12, 1)
offsets = st.sets(st.integers(min_value=0, max_value=120), max_size=60)
targets = st.sampled_from([None, 1, 2, 3, 5, 7])


def to_days(numbers: set[int]) -> list[date]:
    return [START + timedelta(days=n) for n in numbers]


@settings(deadline=None)
@given(done=offsets, rest=offsets, target=targets, today=st.integers(min_value=0, max_value=130))
def test_longest_is_at_least_current_and_both_are_never_negative(done, rest, target, today):
    result = streaks(to_days(done), START + timedelta(days=today), target, to_days(rest))
    assert result["longest"] >= result["current"] >= 0


@settings(deadline=None)
@given(done=offsets, rest=offsets, extra=st.integers(min_value=0, max_value=120), target=targets)
def test_adding_a_completion_never_lowers_the_longest_streak(done, rest, extra, target):
    today = START + timedelta(days=125)
    before = streaks(to_days(done), today, target, to_days(rest))
    after = streaks(to_days(done | {extra}), today, target, to_days(rest))
    assert after["longest"] >= before["longest"]


def test_without_removes_the_days_of_another_sorted_set():
    import numpy as np

    from analytics.streaks import without

    assert without(np.array([1, 3, 5, 9]), np.array([0, 3, 9, 12])).tolist() == [1, 5]
    assert without(np.array([1, 2]), np.array([], dtype=np.int64)).tolist() == [1, 2]
    assert without(np.array([7]), np.array([1, 2])).tolist() == [7]
