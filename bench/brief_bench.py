"""PDF session brief speed: the sample journal, for the period since the last session and for
a full year (the last 365 days, so every chart spans the year).

Run with `python -m bench.brief_bench` (or `make bench`). Each case is timed end to end
(`review.session_review` + `session_brief_pdf`, charts drawn as vector SVG) REPEATS times after
one warm-up; the median is printed with the PDF's size and page count, and the review alone.
Target: under 5 s for the year. Prints the figures; never asserts them.
"""

from __future__ import annotations

import io
import statistics
import time
from datetime import date, timedelta

import pypdf

REPEATS = 3
GOAL_S = 5.0
SAMPLE_TODAY = date(2026, 11, 24)


def measure(con, choice, today: date, choices) -> dict[str, float]:
    from analytics import review
    from analytics.export.session_brief import session_brief_pdf

    session_brief_pdf(review.session_review(con, choice, today), choices, made_on=today)  # warm-up
    totals, reviews = [], []
    for _ in range(REPEATS):
        started = time.perf_counter()
        r = review.session_review(con, choice, today)
        reviewed = time.perf_counter()
        pdf = session_brief_pdf(r, choices, made_on=today)
        totals.append(time.perf_counter() - started)
        reviews.append(reviewed - started)
    return {
        "total_s": statistics.median(totals),
        "review_s": statistics.median(reviews),
        "bytes": len(pdf),
        "pages": len(pypdf.PdfReader(io.BytesIO(pdf)).pages),
    }


def full_year() -> dict[str, float]:
    """The bench table's figure: the full-year brief with everything ticked in (the largest)."""
    from analytics import review, storage
    from analytics.export.brief import BriefChoices
    from sample_data import load_sample

    con = storage.connect()
    try:
        load_sample(con, today=SAMPLE_TODAY)
        choice = review.choose_dates(
            storage.session_days(con), SAMPLE_TODAY - timedelta(days=364), SAMPLE_TODAY
        )
        return measure(
            con, choice, SAMPLE_TODAY, BriefChoices(include_private_text=True, include_agenda=True)
        )
    finally:
        con.close()


def report_since_last_session(runs: int = REPEATS) -> dict[str, float]:
    """`between report` as a person runs it, on the sample journal the evening of its last day:
    the median wall time end to end, and beyond the process start (the same interpreter
    starting `between --help`, which loads the command and exits)."""
    import os
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from analytics import clock, storage
    from sample_data import load_sample

    env = {**os.environ, clock.ENV: f"{SAMPLE_TODAY.isoformat()}T23:59"}

    def timed(command: list[str]) -> float:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "analytics", *command],
            check=True,
            env=env,
            capture_output=True,
        )
        return time.perf_counter() - started

    with tempfile.TemporaryDirectory(prefix="between-brief-") as folder:
        db = Path(folder) / "sample.duckdb"
        con = storage.connect(db)
        load_sample(con, today=SAMPLE_TODAY)
        con.close()
        starts, totals = [], []
        for i in range(runs + 1):
            start = timed(["--help"])
            total = timed(["report", "--db", str(db), "--out", str(Path(folder) / f"{i}.pdf")])
            if i:  # the first pair warms the disk cache
                starts.append(start)
                totals.append(total)
    return {
        "total_s": statistics.median(totals),
        "beyond_start_s": statistics.median(t - s for t, s in zip(totals, starts, strict=True)),
    }


def main() -> int:
    from analytics import review, storage
    from analytics.dates import DateRange
    from analytics.export.brief import BriefChoices
    from sample_data import load_sample

    con = storage.connect()
    load_sample(con, today=SAMPLE_TODAY)
    year = DateRange(SAMPLE_TODAY - timedelta(days=364), SAMPLE_TODAY)
    cases = {
        "since last session": review.choose_period(storage.session_days(con), SAMPLE_TODAY),
        "full year": review.choose_dates(storage.session_days(con), year.start, year.end),
    }
    everything = BriefChoices(include_private_text=True, include_agenda=True)
    print(
        f"{'brief (sample journal)':<24}{'choices':<16}{'days':>6}{'total s':>9}{'review s':>10}{'KB':>8}{'pages':>7}"
    )
    ok = True
    for name, choice in cases.items():
        for label, choices in (("default", BriefChoices()), ("everything in", everything)):
            f = measure(con, choice, SAMPLE_TODAY, choices)
            if name == "full year":
                ok &= f["total_s"] < GOAL_S
            print(
                f"{name:<24}{label:<16}{choice.period.days:>6}{f['total_s']:>9.2f}{f['review_s']:>10.2f}{f['bytes'] / 1024:>8.0f}{f['pages']:>7}"
            )
    con.close()
    print(
        f"goal: full-year brief < {GOAL_S:.0f} s (median of {REPEATS}): {'met' if ok else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
