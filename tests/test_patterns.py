"""analytics.patterns: the method on synthetic journals with a planted truth, and the days table
built from a journal."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from analytics import patterns, storage
from analytics.dates import DateRange
from testkit import patterns_synthetic as synthetic

SEED = 2026
JOURNALS = 300
"""150 with no link, 150 with links: a small fixed-seed check that fails when the method breaks
(the naive test claims in 72% of these no-link journals). The goals themselves are measured on
1,000 journals a line by `make bench` (bench/patterns_bench.py), where 80.4% are found."""


@pytest.fixture(scope="module")
def measured() -> synthetic.Rates:
    return synthetic.rates(JOURNALS, SEED, patterns.associations)


def test_no_link_journals_rarely_get_any_claim(measured):
    assert measured.no_link_journals == JOURNALS // 2
    assert measured.no_link_with_claim <= 0.10


def test_factors_with_no_link_rarely_get_a_claim(measured):
    assert measured.unlinked_factors > 1500
    assert measured.unlinked_claimed <= 0.03


def test_planted_links_are_found_with_their_sign_and_lag_in_a_year_of_days():
    found = synthetic.rates(100, SEED, patterns.associations, days=365)
    assert found.planted > 60
    assert found.planted_found >= 0.90  # measured 94.7% here, 96.4% on 1,000 in make bench
    assert found.no_link_with_claim <= 0.10


def test_planted_links_over_90_to_365_days_are_mostly_found(measured):
    # 77.8% of these 225 links; the goal of four in five is measured on 1,000 journals by make
    # bench (80.4%, seed 2026; 80.3% on 4,000, seed 7): met, narrowly. At 90 days alone a
    # 1-1.5 point link is often not clear yet (41%, see the module docstring).
    assert measured.planted > 200
    assert measured.planted_found >= 0.75


def test_a_naive_independent_days_test_fails_the_no_link_goal_on_the_same_journals():
    naive = synthetic.rates(100, SEED, patterns.naive_associations)
    assert naive.no_link_with_claim > 0.30
    assert naive.unlinked_claimed > 0.10


# --- the contract ---------------------------------------------------------------------------


def planted(n=300, effect=2.0, lag=0, seed=1, with_share=0.4):
    rng = np.random.default_rng(seed)
    on = rng.random(n) < with_share
    shifted = np.zeros(n)
    shifted[lag:] = on[: n - lag]
    outcome = 5 + rng.normal(0, 1, n) + effect * shifted
    return pd.DataFrame(
        {
            "day": pd.date_range("2026-01-01", periods=n),
            "wellbeing": outcome,
            "walk": on,
            "other": rng.random(n) < 0.5,
        }
    )


def test_one_row_per_factor_and_lag_with_the_contract_columns():
    result = patterns.associations(planted())
    assert len(result) == 4
    assert set(zip(result["factor"], result["lag"], strict=True)) == {
        ("walk", 0),
        ("walk", 1),
        ("other", 0),
        ("other", 1),
    }
    for column in ("factor", "lag", "n_with", "n_without", "difference", "low", "high", "claimed"):
        assert column in result
    assert result["claimed"].dtype == bool


def test_counts_and_means_are_the_plain_ones_over_days_from_the_first_with_the_factor():
    days = planted()
    days.loc[::5, "wellbeing"] = np.nan
    row = patterns.associations(days).query("factor == 'walk' and lag == 0").iloc[0]
    logged = days["wellbeing"].notna()
    first = days.index[days["walk"]][0]
    counted = logged & (days.index >= first)
    with_days = days.loc[counted & days["walk"], "wellbeing"]
    without = days.loc[counted & ~days["walk"], "wellbeing"]
    assert row["n_with"] == len(with_days) and row["n_without"] == len(without)
    assert row["mean_with"] == pytest.approx(with_days.mean())
    assert row["mean_without"] == pytest.approx(without.mean())


def prais_winsten(y: np.ndarray, x: np.ndarray) -> tuple[float, float]:
    """The adjusted differences on the day and the day after, written out day by day (y NaN
    where nothing was logged): a regression of the transformed outcome on the transformed
    constant, day number, factor and factor the day before, with rho from the plain least
    squares residuals over consecutive logged days."""
    days = np.flatnonzero(np.isfinite(y))
    before_x = np.concatenate([[False], x[:-1]])
    design = np.column_stack([np.ones(days.size), x[days], before_x[days]]).astype(float)
    residual = y[days] - design @ np.linalg.lstsq(design, y[days], rcond=None)[0]
    consecutive = [(i, i - 1) for i in range(1, days.size) if days[i] - days[i - 1] == 1]
    now = np.array([residual[i] for i, _ in consecutive])
    before = np.array([residual[j] for _, j in consecutive])
    rho = (now @ before) / np.sqrt((now @ now) * (before @ before))
    rho = min(max(rho + (1 + 3 * rho) / len(consecutive), 0.0), patterns.MAX_PERSISTENCE)
    rows, target = [], []
    for i, day in enumerate(days):
        if i == 0:
            carried, weight = 0.0, np.sqrt(1 - rho**2)
            previous = day
        else:
            previous = days[i - 1]
            carried = rho ** (day - previous)
            weight = np.sqrt((1 - rho**2) / (1 - carried**2))
        rows.append(
            [
                weight * (1 - carried),
                weight * (day - carried * previous),
                weight * (x[day] - carried * x[previous]),
                weight * (before_x[day] - carried * before_x[previous]),
            ]
        )
        target.append(weight * (y[day] - carried * y[previous]))
    fit = np.linalg.lstsq(np.array(rows), np.array(target), rcond=None)[0]
    return float(fit[2]), float(fit[3])


def test_differences_are_the_prais_winsten_estimates_across_gaps():
    rng = np.random.default_rng(5)
    days, _ = synthetic.journal(rng, linked=True, days=150)
    first = days.index[days["f0"]][0]
    result = patterns.associations(days).query("factor == 'f0'").set_index("lag")
    y = days["wellbeing"].to_numpy(dtype=float).copy()
    y[:first] = np.nan
    same_day, day_after = prais_winsten(y, days["f0"].to_numpy())
    assert result.loc[0, "difference"] == pytest.approx(same_day, rel=1e-9)
    assert result.loc[1, "difference"] == pytest.approx(day_after, rel=1e-9)


def test_a_claim_and_the_plain_averages_beside_it_never_point_opposite_ways():
    # The sentence gives the adjusted difference and the plain averages: they must not read
    # "higher" with a lower plain average. Measured: median gap 0.15 points, 90th pct 0.43;
    # a claim against its plain averages is not made (`against_plain`).
    rng = np.random.default_rng(3)
    gaps = []
    for i in range(300):
        days, _ = synthetic.journal(rng, linked=i % 2 == 1)
        claims = patterns.claimed_patterns(patterns.associations(days))
        plain = claims["mean_with"] - claims["mean_without"]
        assert (np.sign(plain) == np.sign(claims["difference"])).all()
        gaps.extend((claims["difference"] - plain).abs())
    assert len(gaps) > 150
    assert np.median(gaps) < 0.25


def test_the_plain_difference_cannot_find_four_in_five_even_with_the_true_variance():
    # Why `difference` is the carry-over-adjusted estimate (module docstring): the plain one,
    # handed each journal's true variance, still misses the goal the adjusted one meets.
    ceiling = synthetic.rates(200, SEED, synthetic.oracle_plain, with_truth=True)
    assert ceiling.planted > 120
    assert ceiling.planted_found < 0.80  # 73.8% here; 76.7% on 1,000 in make bench


@pytest.mark.parametrize("kind", list(synthetic.NULL_KINDS))
def test_no_link_journals_from_processes_the_method_was_not_tuned_on_rarely_get_a_claim(kind):
    # Measured (75 journals, seed 2026): 1.3-8.0% of journals, 0.2-1.3% of factors; the naive
    # test claims in 63-100% of the same journals (on 300 in make bench: 3.3-8.0%). The plain
    # difference with an EWC interval (the method until November 2026) claimed in 17.3% of
    # "taken up while rising" journals: two things changing over months are not a pattern.
    journals, factors = synthetic.null_rates(kind, 75, SEED, patterns.associations)
    assert journals <= 0.10
    assert factors <= 0.03


def test_a_practice_taken_up_while_wellbeing_rose_is_not_a_pattern_by_itself():
    # One journal, spelled out: a practice done more and more over 200 days while wellbeing
    # rises 3 points, with no day-level link. The plain averages differ by about half a point
    # (the method until November 2026 claimed both lags here, p 0.02); no claim is made.
    rng = np.random.default_rng(8)
    n = 200
    share = np.linspace(0.05, 0.6, n)
    practice = rng.random(n) < share
    wellbeing = 4.0 + np.linspace(0, 3, n) + rng.normal(0, 1.0, n)
    days = pd.DataFrame(
        {"day": pd.date_range("2026-01-01", periods=n), "wellbeing": wellbeing, "walk": practice}
    )
    result = patterns.associations(days)
    same_day = result.query("lag == 0").iloc[0]
    assert same_day["mean_with"] - same_day["mean_without"] > 0.4
    assert not result["claimed"].any()


def test_the_adjusted_difference_is_nearer_the_planted_link_than_the_plain_one():
    rng = np.random.default_rng(11)
    adjusted, plain = [], []
    for _ in range(150):
        days, truth = synthetic.journal(rng, linked=True, days=120)
        result = patterns.associations(days)
        for factor, (lag, effect) in truth.links.items():
            row = result[(result["factor"] == factor) & (result["lag"] == lag)].iloc[0]
            adjusted.append(row["difference"] - effect)
            plain.append(row["mean_with"] - row["mean_without"] - effect)
    assert abs(np.mean(adjusted)) < 0.1  # no bias to speak of
    assert np.sqrt(np.mean(np.square(adjusted))) < 0.92 * np.sqrt(np.mean(np.square(plain)))
    # measured 0.45 against 0.50 points


@pytest.mark.parametrize("lag", [0, 1])
def test_a_strong_link_is_claimed_at_its_lag_with_its_sign(lag):
    result = patterns.associations(planted(effect=-1.5, lag=lag))
    claims = result[result["claimed"] & (result["factor"] == "walk")]
    assert list(claims["lag"]) == [lag]  # a walk done on random days: the other lag is noise
    assert (claims["high"] < 0).all()


def test_nothing_is_claimed_with_fewer_than_ten_days_on_a_side():
    days = planted(n=200, effect=4.0)
    walk_days = days.index[days["walk"]]
    days.loc[walk_days[9:], "walk"] = False  # 9 days with the factor, however strong
    result = patterns.associations(days)
    walk = result[result["factor"] == "walk"]
    assert (walk.loc[walk["lag"] == 0, "n_with"] == 9).all()
    assert not walk["claimed"].any()
    assert walk["low"].isna().all() and not walk["tested"].any()


def test_claimed_intervals_never_cross_zero_and_unclaimed_ones_always_do():
    rng = np.random.default_rng(3)
    for i in range(60):
        days, _ = synthetic.journal(rng, linked=i % 2 == 0)
        result = patterns.associations(days)
        tested = result[result["tested"]]
        excludes_zero = (tested["low"] > 0) | (tested["high"] < 0)
        # Unclaimed with an interval off 0 only when the plain averages point the other way.
        assert (excludes_zero & ~patterns.against_plain(tested) == tested["claimed"]).all()
        assert (tested["level"] >= 0.95 - 1e-12).all()


def test_every_outcome_and_lag_counts_when_several_are_asked_at_once():
    days = planted(effect=0.0)
    days["anxiety"] = days["wellbeing"] * -1
    both = patterns.associations(days, ["wellbeing", "anxiety"])
    assert len(both) == 8 and set(both["outcome"]) == {"wellbeing", "anxiety"}
    one = patterns.associations(days, "wellbeing")
    # More tries: the intervals of the pooled run are at least as wide.
    widths = lambda r: (r["high"] - r["low"]).to_numpy()  # noqa: E731
    assert (widths(both[both["outcome"] == "wellbeing"]) >= widths(one) - 1e-12).all()


def test_an_empty_or_factorless_table_gives_no_rows():
    empty = pd.DataFrame({"day": pd.to_datetime([]), "wellbeing": []})
    assert patterns.associations(empty).empty
    assert patterns.associations(planted()[["day", "wellbeing"]]).empty


@pytest.mark.parametrize(
    ("p", "df", "expected"),
    [(0.975, 10, 2.228), (0.975, 20, 2.086), (0.975, 60, 2.000), (0.995, 20, 2.845)],
)
def test_t_quantiles_match_the_tables(p, df, expected):
    assert float(patterns.t_quantile(p, df)) == pytest.approx(expected, abs=0.01)


def test_p_values_and_quantiles_are_inverses():
    t = patterns.t_quantile(0.99, 15.0)
    assert float(patterns.two_sided_p(t, 15.0)) == pytest.approx(0.02)


def test_benjamini_hochberg_steps_up():
    p = np.array([0.001, 0.02, 0.03, 0.5, np.nan])
    # thresholds 0.0125, 0.025, 0.0375, 0.05 over the 4 tried: the third passes, so all three do
    assert patterns.benjamini_hochberg(p).tolist() == [True, True, True, False, False]
    assert not patterns.benjamini_hochberg(np.array([0.03, 0.04, 0.2])).any()


# --- from a journal -------------------------------------------------------------------------


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


def test_days_table_holds_each_factor_once_a_day(journal):
    start = date(2026, 3, 2)
    name = storage.practices(journal)["name"].iloc[0]
    storage.add_check_in(journal, when=_at(start), wellbeing=6)
    storage.add_check_in(journal, when=_at(start, 20), wellbeing=8)
    storage.log_practice(journal, practice=name, when=_at(start))
    storage.log_practice(journal, practice=name, when=_at(start + timedelta(days=1)), status="rest")
    storage.add_trigger(
        journal, when=_at(start), category="Work", intensity=5, response_kind="new_skill"
    )
    storage.add_trigger(
        journal, when=_at(start, 15), category="Work", intensity=5, response_kind="old_pattern"
    )
    storage.add_session(journal, day=start + timedelta(days=2))
    days = patterns.days_table(journal, start, start + timedelta(days=3))
    assert len(days) == 4
    assert days["wellbeing"].iloc[0] == 7 and days["wellbeing"].iloc[1:].isna().all()
    assert days[f"practice:{name}"].tolist() == [
        True,
        False,
        False,
        False,
    ]  # a rest day is not done
    assert days["trigger:Work"].tolist() == [True, False, False, False]
    assert days["new_skill"].tolist() == [True, False, False, False]
    # Sessions are not a factor: the days after a session are `aftermath`'s one answer.
    assert "session" not in days


def test_window_is_at_least_ninety_days_ending_where_the_range_ends():
    chosen = DateRange(date(2026, 5, 1), date(2026, 5, 30))
    looked_at, widened = patterns.window(chosen)
    assert widened and looked_at.days == 90 and looked_at.end == chosen.end
    year = DateRange(date(2025, 6, 1), date(2026, 5, 31))
    assert patterns.window(year) == (year, False)


def test_results_are_cached_per_journal_version(journal):
    chosen = DateRange(date(2026, 1, 1), date(2026, 4, 30))
    first = patterns.patterns_view(journal, chosen)
    assert patterns.patterns_view(journal, chosen) is first
    storage.add_check_in(journal, when=_at(date(2026, 2, 1)), wellbeing=5)
    again = patterns.patterns_view(journal, chosen)
    assert again is not first and again.outcome_days == first.outcome_days + 1


@pytest.mark.parametrize("first_days", [30, 90])
def test_thirty_and_ninety_days_look_at_the_same_days_but_only_thirty_is_widened(
    journal, first_days
):
    # Both look at the same 90 days; whichever is asked first must not decide the other's
    # caption ("this looks further than the range you chose").
    end = date(2026, 4, 30)
    ranges = {d: DateRange(end - timedelta(days=d - 1), end) for d in (30, 90)}
    patterns.patterns_view(journal, ranges[first_days])
    assert patterns.patterns_view(journal, ranges[30]).widened
    assert not patterns.patterns_view(journal, ranges[90]).widened


def results_with(claims: list[tuple[str, int, float]], tested: int = 6) -> pd.DataFrame:
    """A results frame with `claims` (factor, lag, difference) claimed and the rest not."""
    rows = []
    for i in range(tested):
        factor, lag, difference = claims[i] if i < len(claims) else (f"practice:Other {i}", 0, 0.1)
        claimed = i < len(claims)
        rows.append(
            {
                "outcome": "wellbeing",
                "factor": factor,
                "lag": lag,
                "n_with": 20 + i,
                "n_without": 100,
                "mean_with": 6.0 + difference / 2,
                "mean_without": 6.0 - difference / 2,
                "difference": difference,
                "low": difference - 0.4 if claimed else -0.5,
                "high": difference + 0.4 if claimed else 0.7,
                "p": 0.001 * (i + 1) if claimed else 0.5,
                "tested": True,
                "claimed": claimed,
            }
        )
    return pd.DataFrame(rows)


@pytest.mark.parametrize(
    ("claims", "sentences", "title"),
    [
        ([], [], "No clear pattern yet in wellbeing (6 comparisons)"),
        (
            [("trigger:Work", 0, -1.0)],
            [
                "On days with a work trigger, your wellbeing was 1.0 point lower (likely range 0.6 "
                "to 1.4), 20 days with, 100 without, allowing for how one day carries into the next and for any steady rise or fall "
                "(plain averages: 5.5 with, 6.5 without); a trigger and a harder day often come "
                "together, either way round: worth bringing to the next session"
            ],
            "1 pattern went with wellbeing: work trigger, same day",
        ),
        (
            [("practice:Breathing or grounding", 1, 0.8), ("new_skill", 0, 0.9)],
            [
                "On days after you practised breathing or grounding, your wellbeing was 0.8 "
                "points higher (likely range 0.4 to 1.2), 20 days with, 100 without, allowing for how one day "
                "carries into the next and for any steady rise or fall (plain averages: 6.4 with, 5.6 without); "
                "it works both ways too: good days make practice easier",
                "On days you met a trigger with a new skill, your wellbeing was 0.9 points higher (likely range 0.5 to "
                "1.3), 21 days with, 100 without, allowing for how one day carries into the next and for any steady rise or fall "
                "(plain averages: 6.5 with, 5.5 without); it works both ways too: good days make a new skill "
                "easier to reach for",
            ],
            "2 patterns went with wellbeing; clearest: breathing or grounding, day after",
        ),
    ],
)
def test_a_sentence_for_each_claim_only_and_a_title_that_agrees(claims, sentences, title):
    results = results_with(claims)
    assert patterns.sentences(results) == [line + "." for line in sentences]
    assert patterns.title(results, "wellbeing") == title
