"""Cold start: from `streamlit run server.py` (as `between app` serves it) to the first chart drawn on the Progress page.

Each run starts a fresh `streamlit run` on a free loopback port against its own copy of the
dense 1-year journal (bench/journals.py), launches Debian's chromium headless through
Playwright (the same flags as the browser tests, testkit/browser.py), opens /progress as soon
as the server answers its health check, and stops the clock when the first Altair chart on
the page has drawn (a canvas or SVG inside a stVegaLiteChart). The clock starts just before
the server process is spawned, so it holds Python start-up, imports, the first script run,
the browser's start and the front end's first render. Median of RUNS runs.

Run with `python -m bench.cold_start` (or `make bench`); `BENCH_PHASES=1` also prints when
the browser was up, the server healthy, the page loaded and the chart element arrived. Target:
under 3 s (issue 19). Prints the figure; never asserts it.
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
RUNS = 3
GOAL_S = 3.0
PAGE = "progress"  # the url path of views/progress.py in app.py's navigation
FIRST_CHART = "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg.marks"


def journal_for_cold_start() -> Path:
    from bench.journals import journal

    return journal(1)


def one_run(source: Path) -> float:
    """Seconds from spawning the server to the first chart drawn on the Progress page."""
    from playwright.sync_api import sync_playwright

    from testkit.browser import (
        CHROMIUM_ARGS,
        chromium_path,
        free_port,
        start_app,
        stop_app,
        wait_until_healthy,
    )

    with tempfile.TemporaryDirectory(prefix="between-cold-") as folder:
        home = Path(folder)
        db = home / "journal.duckdb"
        shutil.copyfile(source, db)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        started = time.perf_counter()
        process = start_app(db, home, port)
        try:
            with sync_playwright() as playwright:
                # The browser starts while the server does, as `streamlit run` opens one itself.
                browser = playwright.chromium.launch(
                    executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
                )
                try:
                    page = browser.new_page(viewport={"width": 1280, "height": 900})
                    launched = time.perf_counter() - started
                    wait_until_healthy(process, port, home)
                    healthy = time.perf_counter() - started
                    page.goto(f"{url}/{PAGE}")
                    loaded = time.perf_counter() - started
                    if os.environ.get("BENCH_PHASES"):
                        page.wait_for_selector(
                            "[data-testid='stVegaLiteChart']", state="attached", timeout=60_000
                        )
                        print(f"  chart element {time.perf_counter() - started:.2f} s")
                    page.wait_for_selector(FIRST_CHART, state="attached", timeout=60_000)
                    elapsed = time.perf_counter() - started
                    if os.environ.get("BENCH_PHASES"):
                        print(
                            f"  browser up {launched:.2f} s, server healthy {healthy:.2f} s, page loaded {loaded:.2f} s, chart {elapsed:.2f} s"
                        )
                finally:
                    browser.close()
        finally:
            stop_app(process)
    return elapsed


def measure(source: Path, runs: int = RUNS) -> dict:
    """Median of `runs` cold starts (seconds) and each run, on copies of the journal `source`."""
    times = [one_run(source) for _ in range(runs)]
    return {"median_s": statistics.median(times), "runs_s": times}


def main() -> int:
    sys.path.insert(0, str(REPO))
    os.chdir(REPO)
    figures = measure(journal_for_cold_start())
    runs = ", ".join(f"{s:.2f}" for s in figures["runs_s"])
    print(
        f"cold start to first chart (Progress, 1y dense journal): median {figures['median_s']:.2f} s (runs {runs}; target < {GOAL_S:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
