"""Sleep with a check-in (issue 22 section 6): optional hours and quality, checked, one night a
day, in Patterns and the review."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from analytics import storage
from analytics.entries import InvalidEntry
from analytics.storage import sleep_queries

DAY = date(2026, 3, 2)


def at(hour: int, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


def test_sleep_is_optional_and_empty_is_not_zero():
    con = storage.connect()
    storage.add_check_in(con, when=at(8), wellbeing=6)
    storage.add_check_in(con, when=at(9), wellbeing=6, sleep_hours=0, sleep_quality=0)
    rows = storage.list_entries(con, "check_ins").sort_values("local_time")
    assert rows["sleep_hours"].isna().tolist() == [True, False]
    assert rows["sleep_quality"].isna().tolist() == [True, False]
    assert rows["sleep_hours"].iloc[1] == 0 and rows["sleep_quality"].iloc[1] == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sleep_hours", -0.5),
        ("sleep_hours", 24.25),
        ("sleep_hours", 7.33),
        ("sleep_hours", "lots"),
        ("sleep_hours", True),
        ("sleep_quality", 11),
        ("sleep_quality", -1),
        ("sleep_quality", "good"),
    ],
)
def test_sleep_out_of_range_is_refused_naming_the_field(field, value):
    con = storage.connect()
    with pytest.raises(InvalidEntry) as refused:
        storage.add_check_in(con, when=at(8), wellbeing=6, **{field: value})
    assert refused.value.field == field
    assert storage.list_entries(con, "check_ins").empty


@pytest.mark.parametrize("hours", [0, 7.25, 6.5, 7.3, 24])
def test_quarter_hours_and_one_decimal_are_kept_as_given(hours):
    con = storage.connect()
    storage.add_check_in(con, when=at(8), wellbeing=6, sleep_hours=hours)
    assert storage.list_entries(con, "check_ins")["sleep_hours"].iloc[0] == hours


def test_a_days_night_is_its_first_given_hours_and_first_given_quality():
    con = storage.connect()
    storage.add_check_in(con, when=at(21), wellbeing=5, sleep_hours=5, sleep_quality=9)
    storage.add_check_in(con, when=at(7), wellbeing=5, sleep_quality=3)
    storage.add_check_in(con, when=at(12), wellbeing=5, sleep_hours=7.5, sleep_quality=8)
    storage.add_check_in(con, when=at(12, date(2026, 3, 3)), wellbeing=5)  # no sleep: no night
    nights = sleep_queries.nights(con, date(2026, 3, 1), date(2026, 3, 4))
    assert nights.to_dict("records") == [
        {"day": pd.Timestamp(DAY), "sleep_hours": 7.5, "sleep_quality": 3.0}
    ]
