"""Range change in a real browser: from choosing another range in the sidebar to the chart
drawn again, on the Progress page of the dense 10-year journal.

The app runs on a free loopback port (`streamlit run`, as the browser tests start it) against
a copy of the journal, and Debian's chromium opens /progress and waits until the page is idle.
Each change picks the other of "Last 30 days" and "Last 90 days" in the sidebar's "Show" box;
the clock starts at the click on the option and stops when the script has finished and the
chart on the page has drawn data for the new range (its Vega view holds the range's first
day). Median of CHANGES changes after one warm-up.

Run with `python -m bench.range_change` (or `make bench`). Target: under 0.5 s. Prints the
figure; never asserts it.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHANGES = 6
GOAL_S = 0.5
PAGE = "progress"
RANGES = ("Last 90 days", "Last 30 days")

# True once the run has ended and every chart has drawn: Streamlit marks the app "notRunning"
# and drops its stale flags; vega-embed draws a canvas or SVG into each chart element.
IDLE_AND_DRAWN = """(label) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  if (!document.querySelector('[data-testid="stSidebar"]').innerText.includes(label)) return false;
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
  return charts.length > 0 && charts.every(c => c.querySelector('canvas, svg.marks'));
}"""


def measure(source: Path, changes: int = CHANGES) -> dict:
    """Seconds from picking a range to its chart drawn: the median and every change."""
    from playwright.sync_api import sync_playwright

    from analytics import clock
    from analytics.dates import resolve_range
    from testkit.browser import CHROMIUM_ARGS, chromium_path, running_app

    times: list[float] = []
    with (
        tempfile.TemporaryDirectory(prefix="between-range-") as folder,
        running_app(shutil.copyfile(source, Path(folder) / "journal.duckdb"), Path(folder)) as url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"{url}/{PAGE}")
            page.wait_for_function(IDLE_AND_DRAWN, arg="", timeout=120_000)
            for i in range(changes + 1):
                preset = RANGES[i % 2]
                label = resolve_range(preset, clock.today()).label()
                page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").click()
                option = page.get_by_role("option", name=preset, exact=True)
                option.wait_for(timeout=30_000)
                started = time.perf_counter()
                option.click()
                page.wait_for_function(IDLE_AND_DRAWN, arg=label, timeout=60_000)
                if i:  # the first change warms the caches up
                    times.append(time.perf_counter() - started)
        finally:
            browser.close()
    return {"median_s": statistics.median(times), "runs_s": times}


def main() -> int:
    sys.path.insert(0, str(REPO))
    os.chdir(REPO)
    from bench.journals import journal

    figures = measure(journal(10))
    runs = ", ".join(f"{s:.2f}" for s in figures["runs_s"])
    print(
        f"range change to chart redrawn (Progress, 10y dense journal): median "
        f"{figures['median_s']:.2f} s (changes {runs}; target < {GOAL_S} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
