"""Progress analytics: the daily series, the trend, setbacks against planted truth, the summary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import progress, storage
from analytics.words import phrases
from testkit.synthetic import match, planted_ongoing, planted_series, slow_rise_views

SETBACK_KEYS = ["start", "trough", "end", "days", "recovery_days", "ongoing"]


def _check_in(con, when: datetime, wellbeing: float, note: str = "") -> None:
    storage.add_check_in(
        con, when=when, wellbeing=wellbeing, note=note, now=datetime(2030, 1, 1, tzinfo=UTC)
    )


def test_daily_wellbeing_averages_each_day_and_leaves_missing_days_missing(journal):
    _check_in(journal, datetime(2025, 3, 1, 8), 4, note="tired")
    _check_in(journal, datetime(2025, 3, 1, 20), 6)
    _check_in(journal, datetime(2025, 3, 3, 9), 0)
    daily = progress.daily_wellbeing(journal, date(2025, 3, 1), date(2025, 3, 4))
    assert list(daily["date"].dt.date) == [date(2025, 3, d) for d in range(1, 5)]
    assert daily["value"].iloc[0] == 5
    assert np.isnan(daily["value"].iloc[1]) and np.isnan(daily["value"].iloc[3])
    assert daily["value"].iloc[2] == 0
    assert list(daily["check_ins"]) == [2, 0, 1, 0]
    assert list(daily["notes"]) == [1, 0, 0, 0]


ACCURACY_SEEDS = 60
"""Planted years read by the test; `make bench` reads 120 (bench/setbacks_bench.py)."""


def _accuracy(integer_check_ins: bool) -> tuple[float, float, int]:
    """(precision, recall, planted) of setback detection over 60 planted series."""
    hits = found = planted = 0
    for seed in range(ACCURACY_SEEDS):
        series = planted_series(seed, days=365, integer_check_ins=integer_check_ins)
        h, f, p = match(progress.find_setbacks(series.daily), series.setbacks, tolerance=2)
        hits, found, planted = hits + h, found + f, planted + p
    return hits / found, hits / planted, planted


@pytest.mark.parametrize(
    "integer_check_ins", [False, True], ids=["continuous values", "whole-point check-ins"]
)
def test_planted_setbacks_are_found_with_precision_and_recall_of_at_least_90_percent(
    integer_check_ins,
):
    # Measured on these 60 years: 0.909 / 0.916 (continuous), 0.949 / 0.949 (whole points); on
    # 120 (make bench) 0.917 / 0.919 and 0.926 / 0.940. Still sharp at 60: entering a setback at
    # 0.6 instead of ENTER's 1.0 gives precision 0.78 and 0.79, an AREA of 10 instead of 6
    # recall 0.854 and 0.898 (at 40 years the latter passed with 0.903).
    precision, recall, planted = _accuracy(integer_check_ins)
    assert planted > 350  # 391
    assert precision >= 0.9, f"precision {precision:.3f}"
    assert recall >= 0.9, f"recall {recall:.3f}"


@pytest.mark.parametrize(
    "integer_check_ins", [False, True], ids=["continuous values", "whole-point check-ins"]
)
def test_pure_noise_gives_at_most_one_setback_per_90_days(integer_check_ins):
    for seed in range(30):
        series = planted_series(
            1000 + seed,
            days=360,
            setbacks_per_90_days=0,
            slope_per_year=0.0,
            integer_check_ins=integer_check_ins,
        )
        assert len(progress.find_setbacks(series.daily)) <= 360 / 90


@pytest.mark.parametrize(
    "integer_check_ins", [False, True], ids=["continuous values", "whole-point check-ins"]
)
def test_pure_noise_over_many_series_averages_far_below_one_setback_per_90_days(integer_check_ins):
    total = sum(
        len(
            progress.find_setbacks(
                planted_series(
                    2000 + seed,
                    days=365,
                    setbacks_per_90_days=0,
                    integer_check_ins=integer_check_ins,
                ).daily
            )
        )
        for seed in range(30)
    )
    assert total / (30 * 365) * 90 < 0.25


def test_trend_follows_a_slow_rise_of_whole_point_check_ins_in_every_30_day_view():
    # +1 point over 60 days, 1-3 slider check-ins a day that mostly land on one or two values.
    # Each 30-day view is read like the page does: the trend fitted with 90 days of context.
    # A rolling median stuck on one whole point for weeks here (a dead-flat line).
    # 6 fixed seeds, a view every 10 days (78 views): a trend that sticks fails on the first;
    # sign agreement measured 100% here. `make bench` sweeps 20 seeds every 5 days (issue 19).
    views = agreeing = 0
    for seed, first, last, with_context in slow_rise_views(6, 10, progress.CONTEXT_DAYS):
        view = progress.wellbeing_trend(with_context).iloc[-30:]
        trend = view["trend"].to_numpy()
        assert trend[-1] - trend[0] > 0, f"seed {seed}, days {first}-{last}: trend does not rise"
        assert np.unique(trend.round(3)).size > 20, (
            f"seed {seed}, days {first}-{last}: trend stuck on a few values"
        )
        summary = progress.progress_summary(view, progress.find_setbacks(with_context))
        views += 1
        agreeing += np.sign(summary.change) == np.sign(summary.slope_per_month)
    # Theil-Sen on one month of whole points is itself noisy (it is the daily points' slope,
    # not the trend's), so agreement is asked of nearly all views, not every one.
    assert agreeing / views >= 0.85, (
        f"trend and Theil-Sen agree in sign in {agreeing} of {views} views"
    )


def test_theil_sen_of_3_day_means_sees_a_rise_that_tied_whole_points_hide():
    days = np.arange(30, dtype="float64")
    # A month of check-ins at 7 with a few 8s, more of them later on: tied pairs dominate.
    values = np.full(30, 7.0)
    values[[9, 16, 20, 23, 25, 27, 28, 29]] = 8.0
    assert progress.theil_sen_slope(days, values) == 0
    assert progress.theil_sen_slope(days, values, bin_days=3) > 0


def test_a_single_very_bad_day_is_not_a_setback():
    rng = np.random.default_rng(1)
    values = 6 + rng.normal(0, 0.3, 120)
    values[60] = 0
    daily = pd.DataFrame({"date": pd.date_range("2025-01-01", periods=120), "value": values})
    assert progress.find_setbacks(daily).empty


def test_a_steady_person_one_point_dip_is_a_setback_but_a_swingy_person_same_dip_is_not():
    rng = np.random.default_rng(2)
    dates = pd.date_range("2025-01-01", periods=150)
    dip = np.zeros(150)
    dip[70:78] = -1.0
    steady = pd.DataFrame({"date": dates, "value": 6 + rng.normal(0, 0.15, 150) + dip})
    swingy = pd.DataFrame({"date": dates, "value": 6 + rng.normal(0, 1.5, 150) + dip})
    found = progress.find_setbacks(steady)
    assert len(found) == 1
    assert abs((found["start"].iloc[0] - dates[70]).days) <= 2
    assert progress.find_setbacks(swingy).empty


def test_setback_columns_and_recovery_arithmetic():
    series = planted_series(5, days=365)
    found = progress.find_setbacks(series.daily)
    assert list(found.columns) == progress.SETBACK_COLUMNS
    assert len(found) > 0
    recovered = found[~found["ongoing"]]
    assert ((recovered["end"] - recovered["start"]).dt.days == recovered["days"]).all()
    assert (
        (recovered["end"] - recovered["trough"]).dt.days == recovered["recovery_days"].astype(int)
    ).all()
    assert (found["depth"] > 0).all()


def test_a_setback_at_the_end_of_the_series_is_ongoing():
    rng = np.random.default_rng(3)
    values = 6 + rng.normal(0, 0.3, 100)
    values[-8:] -= 2
    daily = pd.DataFrame({"date": pd.date_range("2025-01-01", periods=100), "value": values})
    found = progress.find_setbacks(daily)
    assert len(found) == 1
    assert bool(found["ongoing"].iloc[0])
    assert pd.isna(found["recovery_days"].iloc[0])
    assert progress.setback_label(
        found["days"].iloc[0], found["recovery_days"].iloc[0], True
    ).endswith("so far")


def test_trend_is_not_dragged_down_by_a_long_setback():
    rng = np.random.default_rng(4)
    values = 5 + np.arange(200) * 0.01 + rng.normal(0, 0.4, 200)
    values[100:112] -= 2.0
    daily = pd.DataFrame({"date": pd.date_range("2025-01-01", periods=200), "value": values})
    trend = progress.wellbeing_trend(daily)["trend"].to_numpy()
    expected = 5 + np.arange(200) * 0.01
    assert np.max(np.abs(trend[100:112] - expected[100:112])) < 0.35


def test_summary_sentence_says_up_and_recovery_getting_faster():
    dates = pd.date_range("2025-01-01", periods=360)
    rng = np.random.default_rng(11)
    values = 4 + 2 * np.arange(360) / 360 + rng.normal(0, 0.3, 360)
    for start, length in ((30, 12), (100, 11), (220, 6), (300, 5)):
        values[start : start + length] -= 1.8
    daily = pd.DataFrame({"date": dates, "value": values})
    setbacks = progress.find_setbacks(daily)
    summary = progress.progress_summary(daily, setbacks)
    assert summary.enough_data
    assert summary.sentence.startswith("Up ")
    assert "since January" in summary.sentence
    assert summary.setbacks == len(setbacks) == 4
    assert summary.recovery_second_half < summary.recovery_first_half
    assert "lately you recover in about" in summary.sentence
    assert 1.5 < summary.slope_per_month * 12 < 2.5
    assert 0 < summary.share_at_or_above_start <= 1


def test_summary_on_a_sparse_series_asks_to_keep_logging():
    daily = pd.DataFrame({"date": pd.date_range("2025-01-01", periods=5), "value": [5.0] * 5})
    summary = progress.progress_summary(daily, progress.find_setbacks(daily))
    assert not summary.enough_data
    assert summary.sentence == progress.KEEP_LOGGING


def test_theil_sen_slope_ignores_outliers():
    x = np.arange(50, dtype=float)
    y = 2 * x + 1
    y[[3, 17, 40]] = [500, -300, 900]
    assert progress.theil_sen_slope(x, y) == pytest.approx(2.0)


def test_session_periods_run_from_each_session_to_the_day_before_the_next():
    dates = pd.date_range("2025-01-01", periods=30)
    daily = pd.DataFrame({"date": dates, "value": np.arange(30, dtype=float) % 10})
    daily.loc[10:12, "value"] = np.nan
    periods = progress.session_periods(
        daily, [date(2025, 1, 5), date(2025, 1, 12), date(2025, 2, 20)]
    )
    assert list(periods["start"]) == [date(2025, 1, 5), date(2025, 1, 12)]
    assert list(periods["end"]) == [date(2025, 1, 11), date(2025, 1, 30)]
    assert list(periods["open"]) == [False, True]
    assert periods["check_in_days"].iloc[0] == 6  # 5-10 Jan observed, 11 Jan missing
    assert periods["mean"].iloc[0] == pytest.approx(6.5)
    assert periods["slope_per_week"].iloc[0] == pytest.approx(7.0)


def test_progress_view_sends_at_most_one_point_per_day_and_weekly_beyond_two_years(journal):
    start = date(2022, 1, 1)
    rows = []
    for i in range(3 * 365):
        day = datetime.combine(start + timedelta(days=i), datetime.min.time())
        for hour in (9, 19):
            rows.append(
                {
                    "id": f"{i}-{hour}",
                    "local_time": day.replace(hour=hour),
                    "utc_offset_min": 0,
                    "wellbeing": 5 + (i % 7) / 7,
                    "anxiety": None,
                    "energy": None,
                    "emotions": "",
                    "note": "",
                    "source": "test",
                }
            )
    with storage.transaction(journal):
        storage.insert_rows(journal, "check_ins", rows)
    end = start + timedelta(days=3 * 365 - 1)
    short = progress.progress_view(journal, end - timedelta(days=29), end)
    assert not short.weekly and len(short.points) <= 30 and len(short.trend) <= 30
    everything = progress.progress_view(journal, start, end)
    assert everything.weekly
    assert len(everything.points) <= (3 * 365) // 7 + 2
    assert len(everything.trend) <= (3 * 365) // 7 + 2
    assert everything.points["check_ins"].sum() == len(rows)


# --- properties --------------------------------------------------------------------------

# Values on a grid of halves (as check-ins are), shifts by whole numbers and scales by powers
# of two keep the arithmetic exact, so the comparison tests the method, not rounding.
grid_values = st.lists(
    st.one_of(st.none(), st.integers(0, 20).map(lambda v: v / 2)), min_size=0, max_size=160
)


def _frame(values: list[float | None]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.date_range("2025-01-01", periods=len(values)),
            "value": [np.nan if v is None else v for v in values],
        }
    )


def _setback_days(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(row) for row in frame[SETBACK_KEYS].astype(str).itertuples(index=False)]


@settings(deadline=None)
@given(grid_values, st.integers(-20, 20), st.sampled_from([0.25, 0.5, 2.0, 4.0]))
def test_shift_and_scale_do_not_change_which_setbacks_are_found(values, shift, scale):
    daily = _frame(values)
    base = progress.find_setbacks(daily)
    moved = progress.find_setbacks(daily.assign(value=daily["value"] * scale + shift))
    assert _setback_days(base) == _setback_days(moved)
    assert np.allclose(base["depth"].to_numpy() * scale, moved["depth"].to_numpy())


@settings(deadline=None)
@given(grid_values, st.randoms(use_true_random=False))
def test_input_order_does_not_change_the_result(values, random):
    daily = _frame(values)
    order = list(range(len(daily)))
    random.shuffle(order)
    shuffled = daily.iloc[order].reset_index(drop=True)
    assert _setback_days(progress.find_setbacks(daily)) == _setback_days(
        progress.find_setbacks(shuffled)
    )


def test_planted_series_with_noise_are_shift_and_scale_invariant():
    series = planted_series(9, days=365)
    base = progress.find_setbacks(series.daily)
    moved = progress.find_setbacks(series.daily.assign(value=series.daily["value"] * 3 + 1))
    assert _setback_days(base) == _setback_days(moved)


@settings(deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)), max_size=60))
def test_any_series_gives_a_result_never_an_exception(values):
    daily = _frame(values)
    setbacks = progress.find_setbacks(daily)
    assert list(setbacks.columns) == progress.SETBACK_COLUMNS
    summary = progress.progress_summary(daily, setbacks)
    assert isinstance(summary.sentence, str) and summary.sentence
    progress.session_periods(daily, [date(2025, 1, 3)])


@pytest.mark.parametrize(
    "daily",
    [
        pd.DataFrame({"date": [], "value": []}),
        pd.DataFrame({"date": ["2025-01-01"], "value": [5.0]}),
        pd.DataFrame({"date": pd.date_range("2025-01-01", periods=40), "value": [np.nan] * 40}),
        pd.DataFrame({"date": pd.date_range("2025-01-01", periods=40), "value": [7.0] * 40}),
    ],
    ids=["empty", "one day", "all missing", "constant"],
)
def test_edge_series_return_empty_setbacks(daily):
    setbacks = progress.find_setbacks(daily)
    assert setbacks.empty
    assert list(setbacks.columns) == progress.SETBACK_COLUMNS
    progress.progress_summary(daily, setbacks)


def test_a_short_range_after_a_year_of_check_ins_shows_its_part_of_the_trend(journal):
    """'Since last session' nine days ago, with a year behind it: no 'keep logging'."""
    end = date(2026, 6, 17)
    rows = [
        {
            "id": str(i),
            "local_time": datetime.combine(end - timedelta(days=i), datetime.min.time()).replace(
                hour=9
            ),
            "utc_offset_min": 0,
            "wellbeing": 5 + (i % 5) / 5,
            "emotions": "",
            "note": "",
            "source": "test",
        }
        for i in range(365)
    ]
    with storage.transaction(journal):
        storage.insert_rows(journal, "check_ins", rows)
    view = progress.progress_view(journal, end - timedelta(days=8), end, [end - timedelta(days=8)])
    assert view.has_trend
    assert view.summary.check_in_days == 9
    assert view.summary.sentence != progress.KEEP_LOGGING
    assert view.trend["date"].min() == pd.Timestamp(end - timedelta(days=8))
    assert len(view.trend) == 9
    assert view.history_check_in_days == 365  # the whole history
    assert view.summary.slope_per_month is None  # nine days are too few for a rate per month


def test_a_short_range_with_too_little_history_still_asks_to_keep_logging(journal):
    end = date(2026, 6, 17)
    for i in range(9):
        _check_in(journal, datetime.combine(end - timedelta(days=i), datetime.min.time()), 6)
    view = progress.progress_view(journal, end - timedelta(days=8), end)
    assert not view.has_trend
    assert view.history_check_in_days == 9


def test_a_setback_is_the_same_setback_with_the_same_recovery_in_every_view(sample_journal_file):
    """Setbacks are found on the whole history: a 30-day view and All time agree on each one
    (they used to differ: "recovered in 7" in one view, "in 5" in another)."""
    from tests.conftest import SAMPLE_TODAY

    con = storage.connect(sample_journal_file, read_only=True)
    everything = progress.progress_view(con, date(2025, 1, 1), SAMPLE_TODAY)
    known = {
        row.start: (row.end, row.recovery_days, row.label)
        for row in everything.setbacks.itertuples()
    }
    assert len(known) >= 3
    compared = 0
    for days_back in range(0, 330, 23):
        end = SAMPLE_TODAY - timedelta(days=days_back)
        view = progress.progress_view(con, end - timedelta(days=29), end)
        for row in view.setbacks.itertuples():
            assert known[row.start] == (row.end, row.recovery_days, row.label)
            compared += 1
    assert compared >= 3


def test_per_month_is_the_change_in_trend_spread_over_the_range(sample_journal_file):
    from tests.conftest import SAMPLE_TODAY

    con = storage.connect(sample_journal_file, read_only=True)
    for days in (30, 90, 365):
        view = progress.progress_view(con, SAMPLE_TODAY - timedelta(days=days - 1), SAMPLE_TODAY)
        s = view.summary
        measured = view.daily.dropna(subset=["trend"])["date"]
        span = (measured.iloc[-1] - measured.iloc[0]).days
        assert s.slope_per_month * span / 30.44 == pytest.approx(s.change)
        assert np.sign(s.slope_per_month) == np.sign(s.change)


@pytest.mark.parametrize(
    ("recoveries", "ongoing", "expected", "not_expected"),
    [
        ([], False, "No setbacks in this stretch.", "usually"),
        ([7], False, "1 setback along the way; it eased in 7 days.", "usually"),
        ([5, 7], False, "2 setbacks along the way; two eased, in 5 and 7 days.", "usually"),
        (
            [5, 7, 9],
            False,
            "3 setbacks along the way; you usually recover in about 7 days.",
            "1 setbacks",
        ),
        (
            [],
            True,
            "1 setback along the way. Since 1 Mar your wellbeing has been about 2.4 points "
            "below your usual level, still going on.",
            "part of the path",
        ),
    ],
)
def test_recovery_words_need_three_setbacks_for_usually(
    recoveries, ongoing, expected, not_expected
):
    rows = [
        {"start": pd.Timestamp(2026, 1, 1 + 10 * i), "recovery_days": d, "ongoing": False}
        for i, d in enumerate(recoveries)
    ]
    if ongoing:
        rows.append(
            {
                "start": pd.Timestamp(2026, 3, 1),
                "recovery_days": pd.NA,
                "ongoing": True,
                "below": 2.4,
            }
        )
    setbacks = pd.DataFrame(rows, columns=["start", "recovery_days", "ongoing", "below"])
    recovered = setbacks[~setbacks["ongoing"].astype(bool)]
    _, sentence = progress._sentences(
        date(2026, 1, 1),
        90,
        0.5,
        len(setbacks),
        ongoing,
        None,
        None,
        recovered,
        progress.ongoing_sentence(setbacks),
    )
    assert expected in sentence
    assert not_expected not in sentence


def test_a_drop_still_going_on_at_the_end_is_found_as_an_ongoing_setback_from_its_start():
    # make bench measures this over 400 journals of each kind (98.5% found, 87% from within 3
    # days of the planted start); here 20 fixed seeds. When the trend was fitted through the
    # drop it bent into it, and 1 of these 20 was found.
    found = from_start = 0
    for seed in range(20):
        series, began = planted_ongoing(seed)
        ongoing = progress.find_setbacks(series.daily).query("ongoing")
        found += len(ongoing) == 1
        from_start += len(ongoing) == 1 and abs((ongoing["start"].iloc[0].date() - began).days) <= 3
    assert found >= 19, found
    assert from_start >= 15, from_start


def test_a_journal_without_a_final_drop_rarely_shows_an_ongoing_setback():
    shown = sum(
        bool(
            progress.find_setbacks(planted_series(100_000 + seed, days=180).daily)["ongoing"].any()
        )
        for seed in range(30)
    )
    assert shown <= 2, shown


def test_an_ongoing_drop_is_measured_against_the_level_before_it_not_a_trend_bent_into_it():
    rng = np.random.default_rng(11)
    values = 6 + rng.normal(0, 0.4, 120)
    values[-12:] -= 2.4
    daily = pd.DataFrame({"date": pd.date_range("2026-08-01", periods=120), "value": values})
    analysis = progress.analyse(daily)
    ongoing = analysis.setbacks.query("ongoing")
    assert len(ongoing) == 1
    assert abs((ongoing["start"].iloc[0] - daily["date"].iloc[-12]).days) <= 1
    assert ongoing["below"].iloc[0] == pytest.approx(2.4, abs=0.3)
    # The trend is held at the level before the drop, not bent down into it.
    assert analysis.calendar["trend"].iloc[-1] == pytest.approx(6, abs=0.3)
    sentence = progress.ongoing_sentence(analysis.setbacks, phrases.ME)
    start = ongoing["start"].iloc[0]
    assert sentence == (
        f"Since {start:%-d %b} my wellbeing has been about {ongoing['below'].iloc[0]:.1f} "
        "points below my usual level, still going on."
    )
    assert "still going on" in progress.progress_summary(daily, analysis.setbacks).sentence
