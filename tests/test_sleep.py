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


# --- imports and the export -------------------------------------------------------------------

SLEEP_SHEET = """Date,Mood,Sleep,Sleep quality
2026-03-01,6,7.5,8
2026-03-02,4,"5,25",
2026-03-03,5,,
2026-03-04,,8,6
2026-03-05,5,25,3
"""


@pytest.mark.parametrize(
    ("columns", "hours", "quality"),
    [
        (["Date", "Mood", "Sleep", "Sleep quality"], "Sleep", "Sleep quality"),
        (["day", "mood", "sleep_hours", "sleep_quality"], "sleep_hours", "sleep_quality"),
        (["Date", "Hours of sleep", "Mood"], "Hours of sleep", None),
        (["Date", "Mood", "Sleepy"], None, None),
        (["Date", "Mood"], None, None),
    ],
)
def test_a_csvs_sleep_columns_are_found_by_their_names(columns, hours, quality):
    from analytics.importers import generic_csv

    guess = generic_csv.suggest_mapping(columns)
    assert (guess.sleep_hours, guess.sleep_quality) == (hours, quality)
    assert guess.time is None  # "Sleep hours" is not the time of day


def test_a_csvs_sleep_is_imported_with_its_check_in_and_bad_cells_are_named():
    from analytics.importers import generic_csv
    from analytics.importers.apply import import_preview, preview

    journal = storage.connect()
    mapping = generic_csv.suggest_mapping(generic_csv.read_table(SLEEP_SHEET).columns)
    plan = generic_csv.build(SLEEP_SHEET, mapping)
    # Row 5: sleep without a mood; row 6: 25 hours.
    assert [(p.row, p.field) for p in plan.problems] == [(5, "Mood")]
    checked = preview(journal, plan)
    assert [(p.row, p.field) for p in checked.problems] == [(5, "Mood"), (6, "sleep_hours")]
    import_preview(journal, checked, skip_bad_rows=True)
    stored = journal.execute(
        "SELECT CAST(local_time AS DATE), sleep_hours, sleep_quality FROM check_ins ORDER BY 1"
    ).fetchall()
    assert stored == [
        (date(2026, 3, 1), 7.5, 8.0),
        (date(2026, 3, 2), 5.25, None),
        (date(2026, 3, 3), None, None),
    ]


def test_sleep_round_trips_through_the_export_and_an_older_export_still_restores():
    import csv
    import io
    import json
    import zipfile

    from analytics.export.journal_zip import export_journal
    from analytics.export.restoring import RestoreError, restore
    from tests.test_export import snapshot
    from tests.test_export_hostile import json_only, rezip, with_cell

    con = storage.connect()
    storage.add_check_in(con, when=at(8), wellbeing=6, sleep_hours=7.25, sleep_quality=0)
    storage.add_check_in(con, when=at(9), wellbeing=5)
    data = export_journal(con)
    for made in (data, json_only(data)):
        other = storage.connect()
        restore(other, made)
        assert snapshot(other) == snapshot(con)
        assert other.execute(
            "SELECT sleep_hours, sleep_quality FROM check_ins ORDER BY local_time"
        ).fetchall() == [(7.25, 0.0), (None, None)]
    # A value out of range in the file is refused, naming the column, and nothing is written.
    refused = storage.connect()
    with pytest.raises(RestoreError) as problem:
        restore(refused, with_cell(data, "check_ins", "sleep_quality", "11"))
    assert "sleep_quality" in str(problem.value.problems)
    assert refused.execute("SELECT count(*) FROM check_ins").fetchone() == (0,)
    # An export made before sleep (schema version 6): no sleep columns; it restores without.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("check_ins.csv").decode())))
        manifest = json.loads(archive.read("manifest.json"))
    out = io.StringIO()
    names = [c for c in rows[0] if not c.startswith("sleep_")]
    writer = csv.DictWriter(out, fieldnames=names, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    older = rezip(
        data,
        {
            "check_ins.csv": out.getvalue(),
            "manifest.json": json.dumps({**manifest, "schema_version": 6}),
        },
        drop=("journal.json",),
    )
    restored = storage.connect()
    restore(restored, older)
    assert restored.execute(
        "SELECT wellbeing, sleep_hours, sleep_quality FROM check_ins ORDER BY local_time"
    ).fetchall() == [(6.0, None, None), (5.0, None, None)]


# --- Patterns ------------------------------------------------------------------------------------


def sleep_journal(seed: int, link: float, n_days: int = 240, given: float = 0.6) -> pd.DataFrame:
    """A days table with wellbeing as AR(1) (persistence 0.5, day-to-day SD 1.7), 20% of days
    unlogged, sleep given on `given` of the logged days (hours ~ N(7, 1.2), quality from the
    hours), a practice done in runs with no link, and wellbeing `link` points higher per hour
    slept above 7 (0: no link)."""
    import numpy as np

    from analytics import patterns

    rng = np.random.default_rng(seed)
    noise = np.zeros(n_days)
    for t in range(1, n_days):
        noise[t] = 0.5 * noise[t - 1] + rng.normal(0, 1.7 * np.sqrt(1 - 0.25))
    hours = np.round(rng.normal(7, 1.2, n_days) * 4) / 4
    quality = np.clip(np.round(5 + 1.5 * (hours - 7) + rng.normal(0, 1.5, n_days)), 0, 10)
    wellbeing = np.clip(5.5 + noise + link * (hours - 7), 0, 10)
    logged = rng.random(n_days) > 0.2
    slept = logged & (rng.random(n_days) < given)
    practice = np.zeros(n_days, bool)
    for t in range(1, n_days):
        practice[t] = rng.random() < (0.7 if practice[t - 1] else 0.2)
    day = pd.date_range("2026-01-01", periods=n_days, freq="D")
    days = pd.DataFrame(
        {
            "day": day,
            "wellbeing": np.where(logged, wellbeing, np.nan),
            "anxiety": np.nan,
            "energy": np.nan,
            "practice:Walking": practice,
        }
    )
    nights = pd.DataFrame(
        {"day": day[slept], "sleep_hours": hours[slept], "sleep_quality": quality[slept]}
    )
    return patterns.with_sleep(days, nights)


def test_a_planted_sleep_link_is_found_on_the_night_before_and_nothing_else_is_claimed():
    from analytics import patterns

    days = sleep_journal(seed=2, link=0.8)
    results = patterns.associations(days, "wellbeing")
    sleep_rows = results[results["factor"].str.startswith("sleep:")]
    assert list(sleep_rows["lag"]) == [0, 0]  # the night before only
    claims = patterns.claimed_patterns(results)
    assert set(claims["factor"]) == {"sleep:hours", "sleep:quality"}
    assert (claims["difference"] > 0).all()
    hours = claims.set_index("factor").loc["sleep:hours"]
    # Only nights given count, with or without: 60% of logged days, not every day.
    assert (
        hours["n_with"] + hours["n_without"]
        == days["sleep:hours"].notna().sum()
        - (days["wellbeing"].isna() & days["sleep:hours"].notna()).sum()
    )
    sentence = patterns.sentence(next(claims[claims["factor"] == "sleep:hours"].itertuples()))
    assert sentence.startswith("After nights you slept 7 hours or more, your wellbeing was ")


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_a_journal_with_no_sleep_link_gets_no_sleep_claim(seed):
    from analytics import patterns

    results = patterns.associations(sleep_journal(seed=seed, link=0.0), "wellbeing")
    assert not results["claimed"].any()
    assert results["tested"].sum() == 4  # the practice on two days, the two sleep factors


def test_sleep_quality_is_an_outcome_on_the_night_after_and_not_tried_against_sleep():
    from analytics import patterns

    day = pd.date_range("2026-03-01", periods=3, freq="D")
    days = pd.DataFrame({"day": day, "wellbeing": [5.0, 6.0, 7.0]})
    nights = pd.DataFrame(
        {"day": day[1:], "sleep_hours": [8.0, 6.0], "sleep_quality": [9.0, float("nan")]}
    )
    table = patterns.with_sleep(days, nights)
    # The outcome on 1 March is the night after it, rated on 2 March; the factor on 2 March
    # is that same night, the night before 2 March.
    assert table["sleep_quality"].tolist() == pytest.approx(
        [9.0, float("nan"), float("nan")], nan_ok=True
    )
    assert table["sleep:hours"].tolist() == [pd.NA, True, False]
    assert table["sleep:quality"].tolist() == [pd.NA, True, pd.NA]
    results = patterns.associations(sleep_journal(seed=3, link=0.0), ["wellbeing", "sleep_quality"])
    against_sleep = results[results["outcome"] == "sleep_quality"]
    assert set(against_sleep["factor"]) == {"practice:Walking"}
    assert not results["claimed"].any()


# --- the review ----------------------------------------------------------------------------------


def review_with_nights(period_nights: list[tuple[float | None, float | None]], before: int):
    """A review of 14 days with `period_nights` (hours, quality) given on its first days, and
    `before` nights of 6 hours, quality 5, in the 14 days before."""
    from datetime import timedelta

    from analytics import clock, review

    today = clock.today()
    con = storage.connect()
    choice = review.choose_period([], today)
    for i, (hours, quality) in enumerate(period_nights):
        day = choice.period.start + timedelta(days=i)
        storage.add_check_in(
            con, when=at(9, day), wellbeing=5, sleep_hours=hours, sleep_quality=quality
        )
    for i in range(before):
        day = choice.previous.start + timedelta(days=i)
        storage.add_check_in(con, when=at(9, day), wellbeing=5, sleep_hours=6, sleep_quality=5)
    return review.session_review(con, choice, today)


def test_the_review_says_nothing_about_sleep_with_no_night_or_too_few():
    assert review_with_nights([], before=5).sleep_lines() == ()
    assert review_with_nights([(7, 8)], before=5).sleep_lines() == (
        "Your sleep was given on 1 night in this period: too few to average yet (it takes 3).",
    )
    assert review_with_nights([(7, 8), (8, None)], before=5).sleep_lines() == (
        "Your sleep was given on 2 nights in this period: too few to average yet (it takes 3).",
    )


def test_the_review_compares_a_periods_sleep_with_the_period_before_with_its_nights():
    lines = review_with_nights([(7, 8), (8, None), (7.5, 6), (7.25, 7)], before=5).sleep_lines()
    assert lines == (
        "Your sleep averaged 7.4 hours over 4 nights, up 1.4 from 6.0 hours over 5 nights in "
        "the period before.",
        "Your sleep quality averaged 7.0 of 10 over 3 nights, up 2.0 from 5.0 of 10 over 5 "
        "nights in the period before.",
    )


def test_the_review_says_when_the_period_before_has_too_few_nights_and_when_it_is_the_same():
    lines = review_with_nights([(6, 5), (6.1, 5), (6, 5)], before=1).sleep_lines()
    assert lines == (
        "Your sleep averaged 6.0 hours over 3 nights; the period before has too few nights "
        "given to compare (1 night).",
        "Your sleep quality averaged 5.0 of 10 over 3 nights; the period before has too few "
        "nights given to compare (1 night).",
    )
    same = review_with_nights([(6, 5), (6.1, 5.2), (6, 5)], before=3).sleep_lines()
    assert same[0] == (
        "Your sleep averaged 6.0 hours over 3 nights, about the same as the period before "
        "(6.0 hours over 3 nights)."
    )


# --- the sample journal --------------------------------------------------------------------------


def test_the_sample_gives_sleep_on_about_60_percent_of_check_in_days_and_patterns_find_it():
    from datetime import timedelta

    from analytics import patterns
    from analytics.dates import DateRange
    from sample_data import END_DAY, load_sample, sample_truth

    truth = sample_truth(END_DAY)["sleep"]
    assert 0.55 <= truth["nights"] / truth["check_in_days"] <= 0.65
    assert (
        truth["nights_with_hours"] < truth["nights"]
        and truth["nights_with_quality"] < truth["nights"]
    )
    con = storage.connect()
    load_sample(con, END_DAY)
    year = DateRange(END_DAY - timedelta(days=364), END_DAY)
    claims = patterns.patterns_view(con, year, "wellbeing").claims
    assert set(claims["factor"]) == {"sleep:hours", "sleep:quality"}
    assert (claims["difference"] > 0).all()  # planted: better nights with better days
    assert set(claims["lag"]) == {0}


def test_a_table_with_a_blank_sleep_shows_every_number_as_given():
    from analytics import entry_table

    frame = pd.DataFrame({"wellbeing": [6.0, 7.5], "sleep_hours": [7.25, float("nan")]})
    shown = entry_table.with_blanks(frame).to_string()
    assert "6.000000" not in shown and "7.5" in shown and "7.25" in shown
