"""How often `analytics.aftermath` is right on synthetic journals with a planted (or no) dip
in the days after each session (testkit/aftermath_synthetic.py describes the journals).

`python -m bench.aftermath_bench [--journals N]` prints the three goals over 180-365 days and
at 180 and 365 days.
"""

from __future__ import annotations

import argparse
import functools

from analytics import aftermath
from testkit import aftermath_synthetic as synthetic

JOURNALS = 2000
BENCH_JOURNALS = 1000
"""Dip journals per line in `make bench` (and as many without a dip)."""
SEED = 2026
GOALS = {"found": 0.80, "no_dip": 0.10, "wrong_sign": 0.02}


@functools.lru_cache(maxsize=4)
def goal_rates(journals: int = JOURNALS, seed: int = SEED) -> synthetic.Rates:
    return synthetic.rates(journals, seed, aftermath.session_aftermath)


def goal_summary(journals: int = JOURNALS, seed: int = SEED) -> tuple[bool, str]:
    """(every goal met, one line of the three figures with their goals)."""
    r = goal_rates(journals, seed)
    met = (
        r.dip_found >= GOALS["found"]
        and r.no_dip_with_claim <= GOALS["no_dip"]
        and r.wrong_sign <= GOALS["wrong_sign"]
    )
    return met, (
        f"dips found {r.dip_found:.1%} (goal ≥ 80%); no-dip journals with a claim "
        f"{r.no_dip_with_claim:.1%} (goal ≤ 10%); wrong sign {r.wrong_sign:.1%} (goal ≤ 2%)"
    )


def rate_lines(journals: int = JOURNALS, seed: int = SEED) -> list[str]:
    lines = []
    for label, days in (("180-365 days", None), ("180 days", 180), ("365 days", 365)):
        r = (
            goal_rates(journals, seed)
            if days is None
            else synthetic.rates(journals, seed, aftermath.session_aftermath, days)
        )
        lines.append(
            f"aftermath {label:>12}: dips found {r.dip_found:6.1%}, no-dip journals with a "
            f"claim {r.no_dip_with_claim:5.1%}, wrong sign {r.wrong_sign:4.1%}, a claim on "
            f"day 0 or 3 of dip journals {r.other_days:4.1%} "
            f"({r.journals:,} + {r.journals:,} journals)"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--journals", type=int, default=JOURNALS)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    for line in rate_lines(args.journals, args.seed):
        print(line, flush=True)
    met, figures = goal_summary(args.journals, args.seed)
    print(("goals met: " if met else "goals MISSED: ") + figures)
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
