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


# --- the Log page and Quick log ---------------------------------------------------------------

QUICK = "../views/quick_log.py"


def test_quick_log_sleep_starts_empty_and_is_saved_with_the_one_tap_check_in(app_env):
    from tests.apptest import open_page
    from tests.test_quick_log_page import groups, rows, said

    path = app_env()
    at = open_page(QUICK)
    assert at.number_input(key="quick_sleep_hours").value is None
    assert at.number_input(key="quick_sleep_quality").value is None
    at.number_input(key="quick_sleep_hours").set_value(7.25).run()
    at.number_input(key="quick_sleep_quality").set_value(6).run()
    groups(at)["Wellbeing"].set_value(7).run()
    assert not at.exception
    assert rows(path, "SELECT wellbeing, sleep_hours, sleep_quality FROM check_ins") == [
        (7.0, 7.25, 6.0)
    ]
    assert "with 7.25 hours of sleep and sleep quality 6 of 10" in said(at.success)
    # The next round starts empty again: a night is not carried into the next check-in.
    assert at.number_input(key="quick_sleep_r1_hours").value is None
    groups(at)["Wellbeing"].set_value(5).run()
    assert rows(path, "SELECT sleep_hours FROM check_ins ORDER BY wellbeing") == [(None,), (7.25,)]


def test_a_log_check_in_with_sleep_left_empty_stores_no_sleep_and_a_given_one_is_kept(app_env):
    from tests.test_pages_log import open_log, rows

    path = app_env()
    at = open_log()
    at.pills(key="check_in_wellbeing").set_value(7)
    at.button(key="check_in_save").click().run()
    at.pills(key="check_in_wellbeing_r1").set_value(5)
    at.number_input(key="check_in_sleep_r1_hours").set_value(6.5)
    at.number_input(key="check_in_sleep_r1_quality").set_value(0)
    at.button(key="check_in_save_r1").click().run()
    assert not at.exception and not at.error
    assert rows(path, "SELECT sleep_hours, sleep_quality FROM check_ins ORDER BY wellbeing") == [
        (6.5, 0.0),
        (None, None),
    ]


def test_the_entries_page_lists_a_check_ins_sleep_and_edits_it(app_env):
    from tests.test_pages_entries import one_check_in, open_entries, query

    path = app_env()
    entry_id = one_check_in(path, sleep_hours=6.5, sleep_quality=4)
    one_check_in(path, wellbeing=7)
    at = open_entries()
    listed = at.dataframe[0].value
    assert sorted(listed["sleep_hours"].fillna(-1)) == [-1, 6.5]
    assert sorted(listed["sleep_quality"].fillna(-1)) == [-1, 4]
    key = f"edit_check_ins_{entry_id}"
    assert at.number_input(key=f"{key}_sleep_hours").value == 6.5
    at.number_input(key=f"{key}_sleep_quality").set_value(7.5)
    at.button(key=f"{key}_save").click().run()
    assert not at.exception and not at.error
    assert query(
        path, "SELECT sleep_hours, sleep_quality FROM check_ins WHERE id = ?", [entry_id]
    ) == [(6.5, 7.5)]
