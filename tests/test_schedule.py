"""The session schedule: its dates, its moves and cancellations, and the next session."""

from __future__ import annotations

import json
from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics import schedule
from analytics.entries import InvalidEntry
from analytics.schedule import Schedule, expand, next_session, planned_dates

MON = date(2026, 10, 5)  # a Monday


def weekly(**kw) -> Schedule:
    return Schedule(MON, kw.pop("every_weeks", 1), kw.pop("until", date(2026, 11, 2)), **kw)


def test_weekly_dates_run_from_the_start_to_the_until_date_inclusive():
    assert expand(weekly()) == [MON + timedelta(weeks=i) for i in range(5)]
    assert expand(weekly())[-1] == date(2026, 11, 2)


def test_fortnightly_steps_two_weeks_and_stops_before_a_date_past_until():
    assert expand(weekly(every_weeks=2, until=date(2026, 11, 1))) == [
        MON,
        date(2026, 10, 19),
    ]


def test_dates_keep_their_weekday_across_a_daylight_saving_change():
    # Europe's clocks go back on 25 Oct 2026 and the US's on 1 Nov: dates are not moved.
    dates = expand(weekly(until=date(2027, 4, 5), at=time(18, 0)))
    assert {d.weekday() for d in dates} == {0}
    assert all(b - a == timedelta(days=7) for a, b in zip(dates, dates[1:], strict=False))


def test_a_moved_date_lands_on_its_new_day_even_past_another_session():
    moved = weekly().with_moved(date(2026, 10, 12), date(2026, 10, 20))
    assert expand(moved) == [
        MON,
        date(2026, 10, 19),
        date(2026, 10, 20),
        date(2026, 10, 26),
        date(2026, 11, 2),
    ]


def test_a_date_moved_onto_another_session_is_one_session_and_past_until_is_kept():
    onto = weekly().with_moved(date(2026, 10, 12), date(2026, 10, 19))
    assert expand(onto).count(date(2026, 10, 19)) == 1
    later = weekly().with_moved(date(2026, 11, 2), date(2026, 11, 4))
    assert expand(later)[-1] == date(2026, 11, 4)


def test_a_cancelled_date_is_left_out_and_moving_it_takes_the_cancellation_back():
    cancelled = weekly().with_cancelled(date(2026, 10, 12))
    assert date(2026, 10, 12) not in expand(cancelled)
    again = cancelled.with_moved(date(2026, 10, 12), date(2026, 10, 13))
    assert date(2026, 10, 13) in expand(again)
    assert date(2026, 10, 12) not in again.cancelled


def test_the_next_session_counts_today_and_skips_what_a_logged_session_called_off():
    s = weekly()
    assert next_session(s, [], MON) == MON
    assert next_session(s, [], MON + timedelta(days=1)) == date(2026, 10, 12)
    assert next_session(s, [(date(2026, 10, 12), "cancelled")], date(2026, 10, 6)) == date(
        2026, 10, 19
    )
    # a session booked ahead outside the schedule comes first when it is earlier
    assert next_session(s, [(date(2026, 10, 8), "attended")], date(2026, 10, 6)) == date(
        2026, 10, 8
    )
    assert next_session(s, [], date(2026, 11, 3)) is None
    assert next_session(None, [], MON) is None


def test_planned_dates_never_hold_a_past_day_nor_a_missed_one():
    s = weekly()
    planned = planned_dates(s, [(date(2026, 10, 19), "missed")], date(2026, 10, 13))
    assert planned == [date(2026, 10, 26), date(2026, 11, 2)]


@pytest.mark.parametrize(
    "bad",
    [
        lambda: Schedule(MON, 3, date(2026, 12, 1)),
        lambda: Schedule(MON, 1, MON - timedelta(days=1)),
        lambda: weekly().with_moved(date(2026, 10, 13), date(2026, 10, 14)),  # not a date of it
        lambda: schedule.from_text('{"start": "soon"}'),
    ],
)
def test_a_schedule_that_cannot_be_is_refused_in_words(bad):
    with pytest.raises(InvalidEntry):
        bad()


@given(
    start=st.dates(date(2020, 1, 1), date(2030, 1, 1)),
    weeks=st.integers(0, 60),
    every=st.sampled_from([1, 2]),
    at=st.one_of(st.none(), st.times().map(lambda t: t.replace(second=0, microsecond=0))),
    cancel=st.integers(0, 30),
)
def test_a_schedule_survives_its_setting_text_and_expands_to_sorted_distinct_dates(
    start, weeks, every, at, cancel
):
    s = Schedule(start, every, start + timedelta(weeks=weeks), at)
    regular = schedule.regular_dates(s)
    if cancel < len(regular):
        s = s.with_cancelled(regular[cancel])
    assert schedule.from_text(schedule.to_text(s)) == s
    dates = expand(s)
    assert dates == sorted(set(dates))
    assert all(d <= s.until for d in dates)


def test_saving_a_new_rhythm_keeps_the_changes_whose_date_is_still_in_it():
    old = (
        weekly()
        .with_moved(date(2026, 10, 12), date(2026, 10, 13))
        .with_cancelled(date(2026, 10, 26))
    )
    longer = schedule.changed(old, MON, 1, date(2026, 12, 28), time(9, 0))
    assert longer.moved == old.moved and longer.cancelled == old.cancelled
    fortnightly = schedule.changed(old, MON, 2, date(2026, 12, 28), None)
    # 12 and 26 Oct are no dates of a fortnightly rhythm from 5 Oct (5, 19 Oct, 2 Nov...)
    assert fortnightly.moved == {} and fortnightly.cancelled == frozenset()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"until": "9000-12-31"}, "until"),  # found by attack: the calendar file never ended
        ({"start": "0001-01-01"}, "until"),
        ({"every_weeks": 1.9}, "every_weeks"),
        ({"every_weeks": "1"}, "every_weeks"),
        ({"every_weeks": True}, "every_weeks"),
        ({"moved": [["2027-01-07", "2027-01-08"]]}, "value"),
    ],
)
def test_a_schedule_that_could_stall_the_app_or_was_rewritten_quietly_is_refused(change, field):
    good = {
        "start": "2027-01-07",
        "every_weeks": 1,
        "until": "2027-06-24",
        "at": None,
        "moved": {},
        "cancelled": [],
    }
    with pytest.raises(InvalidEntry) as refused:
        schedule.from_text(json.dumps({**good, **change}))
    assert refused.value.field == field


def test_a_date_moved_more_than_a_year_is_refused():
    plan = schedule.Schedule(date(2027, 1, 7), 1, date(2027, 6, 24))
    with pytest.raises(InvalidEntry) as refused:
        plan.with_moved(date(2027, 1, 14), date(1, 1, 1))
    assert refused.value.field == "date"
