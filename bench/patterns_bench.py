"""How often `analytics.patterns` is right on synthetic journals with a planted truth, and how
long the Patterns section takes on the 10-year dense journal.

`python -m bench.patterns_bench [--journals N]` prints the three goals (testkit/patterns_synthetic.py
describes the journals) over 90-365 days and at fixed lengths, the same for a naive
independent-days t-test, and the section's time: the days table and associations for "All
time" on the 10-year journal, uncached and (as a rerun with nothing new logged) cached.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from analytics import clock, patterns
from testkit import patterns_synthetic as synthetic

JOURNALS = 2000
BENCH_JOURNALS = 1000
"""Per line in `make bench` (about a minute in all)."""
SEED = 2026
GOALS = {"no_link": 0.10, "found": 0.80, "unlinked": 0.03}


@functools.lru_cache(maxsize=4)
def goal_rates(journals: int = JOURNALS, seed: int = SEED) -> synthetic.Rates:
    """The three goals over 90-365 days (kept: `rate_lines` and `goal_summary` share them)."""
    return synthetic.rates(journals, seed, patterns.associations)


def goal_summary(journals: int = JOURNALS, seed: int = SEED) -> tuple[bool, str]:
    """(every goal met, one line of the three figures with their goals) for `make bench`'s table."""
    r = goal_rates(journals, seed)
    met = (
        r.no_link_with_claim <= GOALS["no_link"]
        and r.planted_found >= GOALS["found"]
        and r.unlinked_claimed <= GOALS["unlinked"]
    )
    return met, (
        f"no-link journals with a claim {r.no_link_with_claim:.1%} (goal ≤ 10%); planted links "
        f"found {r.planted_found:.1%} (goal ≥ 80%); unlinked factors claimed "
        f"{r.unlinked_claimed:.1%} (goal ≤ 3%)"
    )


def rate_lines(journals: int = JOURNALS, seed: int = SEED) -> list[str]:
    lines = []
    cases = [("90-365 days", None), ("90 days", 90), ("180 days", 180), ("365 days", 365)]
    bigger = synthetic.LARGER_EFFECTS
    for name, method in (
        ("patterns", patterns.associations),
        ("naive", patterns.naive_associations),
    ):
        for label, days in cases:
            if method is patterns.naive_associations and days is not None:
                continue
            if method is patterns.associations and days is None:
                r = goal_rates(journals, seed)
            else:
                r = synthetic.rates(journals, seed, method, days)
            lines.append(
                f"{name:8} {label:12} links {synthetic.EFFECTS[0]}-{synthetic.EFFECTS[1]} journals {r.journals:>5}: no-link journals with a claim "
                f"{r.no_link_with_claim:6.1%} (goal <= 10%), planted links found "
                f"{r.planted_found:6.1%} (goal >= 80%), unlinked factors claimed "
                f"{r.unlinked_claimed:5.1%} (goal <= 3%), linked factors also claimed at "
                f"the other lag or sign {r.linked_misclaimed:5.1%}"
            )
    r = synthetic.rates(journals, seed, synthetic.oracle_plain, None, with_truth=True)
    lines.append(
        f"oracle plain difference (true variance) 90-365 days journals {r.journals:>5}: planted "
        f"links found {r.planted_found:6.1%}, no-link journals with a claim "
        f"{r.no_link_with_claim:6.1%}, unlinked factors claimed {r.unlinked_claimed:5.1%}"
    )
    r = synthetic.rates(journals, seed, patterns.associations, None, bigger)
    lines.append(
        f"patterns 90-365 days  links {bigger[0]}-{bigger[1]} journals {r.journals:>5}: planted "
        f"links found {r.planted_found:6.1%}, no-link journals with a claim "
        f"{r.no_link_with_claim:6.1%}, unlinked factors claimed {r.unlinked_claimed:5.1%}"
    )
    return lines


NULL_JOURNALS = 300


def null_lines(journals: int = NULL_JOURNALS, seed: int = SEED) -> list[str]:
    """No-link journals from processes the method was not tuned on (synthetic.NULL_KINDS), for
    `associations` and, to compare, the plain difference (`naive` is far off and left out)."""
    lines = []
    for kind, what in synthetic.NULL_KINDS.items():
        journals_with, factors = synthetic.null_rates(kind, journals, seed, patterns.associations)
        lines.append(
            f"no link, {kind:22} journals {journals:>4}: journals with a claim "
            f"{journals_with:6.1%} (goal <= 10%), factors claimed {factors:5.1%} (goal <= 3%)"
            f"  [{what}]"
        )
    return lines


def section_ms(repeats: int = 7) -> dict[str, float]:
    """Median ms of the Patterns section's analytics for "All time" on the 10-year journal:
    `uncached` (days table + associations) and `rerun` (nothing new logged: the cache)."""
    from analytics import storage
    from analytics.dates import DateRange
    from bench.journals import journal

    folder = tempfile.mkdtemp(prefix="between-bench-")
    copy = Path(folder) / "journal-10y.duckdb"
    shutil.copyfile(journal(10), copy)  # never the cached file itself (see bench/journals.py)
    con = storage.connect(copy, read_only=True)
    try:
        first = con.execute("SELECT min(CAST(local_time AS DATE)) FROM check_ins").fetchone()[0]
        chosen = DateRange(first, clock.today())
        uncached, cached = [], []
        for _ in range(repeats):
            patterns._CACHE.clear()
            begun = time.perf_counter()
            patterns.patterns_view(con, chosen, "wellbeing")
            uncached.append((time.perf_counter() - begun) * 1000)
            begun = time.perf_counter()
            patterns.patterns_view(con, chosen, "wellbeing")
            cached.append((time.perf_counter() - begun) * 1000)
        days = patterns.days_table(con, chosen.start, chosen.end)
        begun = time.perf_counter()
        patterns.associations(days, "wellbeing")
        alone = (time.perf_counter() - begun) * 1000
    finally:
        con.close()
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "uncached": statistics.median(uncached),
        "rerun": statistics.median(cached),
        "associations": alone,
        "days": float(chosen.days),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journals", type=int, default=JOURNALS)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    for line in rate_lines(args.journals, args.seed):
        print(line, flush=True)
    for line in null_lines(seed=args.seed):
        print(line, flush=True)
    f = section_ms()
    print(
        f"patterns section, 10-year dense journal, all time ({f['days']:.0f} days): "
        f"{f['uncached']:.0f} ms uncached, {f['rerun']:.1f} ms rerun (cached), "
        f"associations alone {f['associations']:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
