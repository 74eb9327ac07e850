"""How often `analytics.setbacks` finds setbacks on planted series (testkit/synthetic.py).

`python -m bench.setbacks_bench [--journals N]` prints the three figures `make bench` shows:

- ongoing: journals of 180 days whose last days hold a drop of 2.5-4 spreads that began 5-21
  days before the last check-in and is still going on (`synthetic.planted_ongoing`): the share
  with an ongoing setback at the end (goal >= 90%), and the share whose start is within 3 days
  of the planted one;
- no final drop: ordinary planted series of 180 days (recovered setbacks only): the share that
  shows an ongoing setback (goal <= 5%);
- mid-series: precision and recall of recovered setbacks on 120 planted years (start and end
  within 2 days; goal >= 0.9 each) and false setbacks per 90 flat days (goal <= 1);
- slow rise: the trend of whole-point check-ins rising +1 point in 60 days, in 500 30-day
  views: every one rising and never stuck on a few values, its sign agreeing with Theil-Sen in
  at least 85% (the full sweep of the test in tests/test_progress.py).

Each over continuous values and over whole-point check-ins from the Log page's slider.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from analytics.setbacks import find_setbacks
from testkit import synthetic

BENCH_JOURNALS = 400
"""Per kind of series in `make bench` (about a minute in all)."""
GOALS = {"ongoing": 0.90, "no_final_drop": 0.05, "precision": 0.9, "recall": 0.9, "flat": 1.0}


@dataclass(frozen=True)
class Figures:
    ongoing_found: float
    ongoing_start_within_3: float
    false_ongoing: float
    precision: float
    recall: float
    false_per_90_flat_days: float

    def met(self) -> bool:
        return (
            self.ongoing_found >= GOALS["ongoing"]
            and self.false_ongoing <= GOALS["no_final_drop"]
            and self.precision >= GOALS["precision"]
            and self.recall >= GOALS["recall"]
            and self.false_per_90_flat_days <= GOALS["flat"]
        )

    def line(self) -> str:
        return (
            f"ongoing drops found {self.ongoing_found:.1%} (goal ≥ 90%; start within 3 days "
            f"{self.ongoing_start_within_3:.1%}); no final drop but shown ongoing "
            f"{self.false_ongoing:.1%} (goal ≤ 5%); mid-series precision {self.precision:.3f}, "
            f"recall {self.recall:.3f} (goal ≥ 0.9); {self.false_per_90_flat_days:.2f} false "
            "setbacks per 90 flat days (goal ≤ 1)"
        )


def figures(journals: int = BENCH_JOURNALS, integer_check_ins: bool = False) -> Figures:
    found = within = false = 0
    for seed in range(journals):
        series, began = synthetic.planted_ongoing(seed, integer_check_ins=integer_check_ins)
        ongoing = find_setbacks(series.daily).query("ongoing")
        if len(ongoing):
            found += 1
            within += abs((ongoing["start"].iloc[-1].date() - began).days) <= 3
        plain = synthetic.planted_series(
            100_000 + seed, days=180, integer_check_ins=integer_check_ins
        )
        false += bool(find_setbacks(plain.daily)["ongoing"].any())
    hits = shown = planted = 0
    for seed in range(120):
        series = synthetic.planted_series(seed, days=365, integer_check_ins=integer_check_ins)
        h, f, p = synthetic.match(find_setbacks(series.daily), series.setbacks, tolerance=2)
        hits, shown, planted = hits + h, shown + f, planted + p
    flat = 0
    for seed in range(60):
        series = synthetic.planted_series(
            2000 + seed, days=365, setbacks_per_90_days=0, integer_check_ins=integer_check_ins
        )
        flat += len(find_setbacks(series.daily))
    return Figures(
        found / journals,
        within / journals,
        false / journals,
        hits / max(shown, 1),
        hits / max(planted, 1),
        flat / (60 * 365) * 90,
    )


TREND_SEEDS = 20
"""Seeds of the slow-rise sweep (testkit/synthetic.slow_rise_views, a view every 5 days: 500
views); tests/test_progress.py reads 6 seeds every 10 days."""
GOAL_TREND_AGREEMENT = 0.85


@dataclass(frozen=True)
class TrendSweep:
    views: int
    flat_or_falling: int
    stuck: int
    agreeing: float

    def met(self) -> bool:
        return not self.flat_or_falling and not self.stuck and self.agreeing >= GOAL_TREND_AGREEMENT

    def line(self) -> str:
        return (
            f"slow rise in whole points, {self.views} 30-day views: trend not rising in "
            f"{self.flat_or_falling}, stuck on 20 values or fewer in {self.stuck} (goal 0 each); "
            f"sign agrees with Theil-Sen in {self.agreeing:.1%} (goal ≥ 85%)"
        )


def trend_sweep(seeds: int = TREND_SEEDS, every: int = 5) -> TrendSweep:
    """The full sweep of tests/test_progress.py's slow-rise test: does the trend follow a slow
    rise of whole-point check-ins in every 30-day view, fitted with the page's context?"""
    import numpy as np

    from analytics import progress

    views = flat = stuck = agreeing = 0
    for _, _, _, with_context in synthetic.slow_rise_views(seeds, every, progress.CONTEXT_DAYS):
        view = progress.wellbeing_trend(with_context).iloc[-30:]
        trend = view["trend"].to_numpy()
        flat += not trend[-1] - trend[0] > 0
        stuck += np.unique(trend.round(3)).size <= 20
        summary = progress.progress_summary(view, progress.find_setbacks(with_context))
        agreeing += np.sign(summary.change) == np.sign(summary.slope_per_month)
        views += 1
    return TrendSweep(views, flat, stuck, agreeing / views)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journals", type=int, default=BENCH_JOURNALS)
    args = parser.parse_args()
    for integer in (False, True):
        name = "whole-point check-ins" if integer else "continuous values"
        print(f"{name}: {figures(args.journals, integer).line()}")
    print(trend_sweep().line())


if __name__ == "__main__":
    main()
