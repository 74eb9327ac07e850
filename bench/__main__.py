"""`make bench`: server-side rerun times of each page on dense 1- and 10-year journals.

For every page in PAGES and each view ("Last 30 days", "All time") on each journal size, the
page is opened once through AppTest (warm-up), then rerun REPEATS times; the median rerun time
is printed, with the 10y/1y ratio of the 30-day view and the chart payload (bytes of the
Arrow data sent with the page's charts). Goals: every median under 300 ms, and the 30-day view
on 10 years within 1.2x of 1 year. To add a page, append its path to PAGES.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from bench import brief_bench
from bench.journals import journal

REPO = Path(__file__).resolve().parent.parent
PAGES = [
    "views/progress.py",
    "views/triggers.py",
    "views/practice.py",
]
VIEWS = ["Last 30 days", "All time"]
SIZES = [1, 10]
REPEATS = 7
GOAL_MS = 300
GOAL_RATIO = 1.2


def measure(page: str, view: str, db: Path) -> tuple[float, int]:
    """Median rerun time (ms) and chart payload bytes of `page` showing `view` of `db`."""
    from streamlit.testing.v1 import AppTest

    os.environ["BETWEEN_DB"] = str(db)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.session_state["range_preset"] = view
    at.run()
    at.switch_page(page).run()
    if at.exception:
        raise RuntimeError(f"{page} ({view}) raised: {at.exception[0].message}")
    at.run()  # warm-up of the page itself
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - started) * 1000)
    payload = sum(len(d.data.data) for chart in at.get("vega_lite_chart") for d in chart.proto.datasets)
    return statistics.median(times), payload


def main() -> int:
    sys.path.insert(0, str(REPO))
    os.chdir(REPO)
    journals = {years: journal(years) for years in SIZES}
    header = f"{'page':<24}{'view':<14}" + "".join(f"{f'{y}y ms':>10}" for y in SIZES) + f"{'10y/1y':>8}" + "".join(f"{f'{y}y bytes':>11}" for y in SIZES)
    print(header)
    print("-" * len(header))
    ok = True
    for page in PAGES:
        for view in VIEWS:
            results = {years: measure(page, view, db) for years, db in journals.items()}
            ratio = results[SIZES[-1]][0] / results[SIZES[0]][0]
            ok &= all(ms < GOAL_MS for ms, _ in results.values())
            if view == "Last 30 days":
                ok &= ratio <= GOAL_RATIO
            print(
                f"{page:<24}{view:<14}"
                + "".join(f"{results[y][0]:>10.0f}" for y in SIZES)
                + (f"{ratio:>8.2f}" if view == "Last 30 days" else f"{'':>8}")
                + "".join(f"{results[y][1]:>11,}" for y in SIZES)
            )
    print(f"\ngoal: median < {GOAL_MS} ms everywhere, 30-day 10y/1y <= {GOAL_RATIO}: {'met' if ok else 'NOT met'}")
    print()
    brief_bench.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
