"""`make bench`: one table of every figure the performance goals name, and the machine it came from.

- Pages: for every page in PAGES and each view ("Last 30 days", "All time") on dense 1- and
  10-year journals (bench/journals.py), the page is opened through AppTest, rerun once to warm
  up, then rerun `--repeats` times; the median server-side rerun time is reported, with the
  10y/1y ratio of the 30-day view and the largest chart payload: the bytes of chart data the
  page sends to the browser in one `vega_lite_chart` element (its Arrow datasets plus any data
  left inline in the spec JSON), on the 10-year journal.
- Import: rows per second for a 100,000-row Daylio CSV, end to end (bench/import_bench.py);
  and a 50 MB any-CSV file imported by `between import` in a child process: its time, rows a
  second and peak resident memory (bench/import_memory.py).
- Brief: the PDF session brief for a year of the sample journal, and `between report` for the
  days since the last session as a person runs it, beyond the process start
  (bench/brief_bench.py).
- Search: `analytics.search` for a common word, a rare one, two words and none on the
  10-year journal (bench/search_bench.py).
- Setbacks: ongoing drops found at the end, ongoing setbacks shown without a final drop, and
  mid-series precision, recall and false setbacks on flat days, on planted series; and the
  trend of a slow rise in whole-point check-ins over 500 30-day views (bench/setbacks_bench.py).
- Range change: from choosing another range in the sidebar to the chart drawn again, in
  chromium, on the 10-year journal (bench/range_change.py).
- Cold start: `streamlit run` to the first chart drawn on the Progress page in headless
  chromium (bench/cold_start.py).
- Patterns: the three goals of `analytics.patterns` on synthetic journals with a planted truth
  (and on no-link journals from other processes), and its section's time on the 10-year
  journal, all time (bench/patterns_bench.py).
- Days after a session: the three goals of `analytics.aftermath` on synthetic journals with a
  planted dip on days 1-2 after each session, or none (bench/aftermath_bench.py).

Goals: every median under 150 ms, every 30-day 10y/1y ratio within 1.2x, every chart payload
under 300 KB, import over 50,000 rows/s and a 50 MB CSV imported in under 500 MB of memory,
the year's brief under 5 s, the brief since the last session under 1 s beyond the process
start, a search under 200 ms, a range change redrawn under 0.5 s, cold start
under 3 s. Each figure is marked met/missed; the bench never fails on a missed goal (it is not
a test). A figure worse by more than 20% than the same row of the README's table is named at
the end as "slower than last time" (bench/previous.py). Each case runs on
its own copy of the cached journal, so another process holding the cache does not matter.
`--markdown` also writes the table as Markdown to bench/results/latest.md (for the README).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from analytics import clock
from views import PAGE_FILES

REPO = Path(__file__).resolve().parent.parent
PAGES = list(PAGE_FILES)
VIEWS = ["Last 30 days", "All time"]
SIZES = (1, 10)
REPEATS = 5
MAX_REPEATS = 15
CASE_BUDGET_S = 4.0
GOAL_MS = 150
GOAL_RATIO = 1.2
GOAL_PAYLOAD = 300 * 1024
GOAL_IMPORT_ROWS_S = 50_000
GOAL_BRIEF_S = 5.0
GOAL_COLD_S = 3.0
GOAL_REPORT_S = 1.0
GOAL_RANGE_S = 0.5
GOAL_SEARCH_MS = 200
LIBRARIES = ("streamlit", "pandas", "duckdb", "altair", "pyarrow", "numpy")
RESULTS = REPO / "bench" / "results"


def chart_payload(proto) -> int:
    """Bytes of data one vega_lite_chart element carries: Arrow datasets plus inline JSON data."""
    size = sum(len(d.data.data) for d in proto.datasets) + len(proto.data.data)
    spec = json.loads(proto.spec) if proto.spec else {}
    inline = [spec.get("datasets") or {}]
    stack = [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and "values" in data:
                inline.append(data["values"])
            stack.extend(v for k, v in node.items() if k not in ("data", "datasets"))
        elif isinstance(node, list):
            stack.extend(node)
    return size + sum(len(json.dumps(values, separators=(",", ":"))) for values in inline if values)


@dataclass
class PageFigure:
    median_ms: float
    runs: int
    largest_chart: int
    charts: int


def open_page(page: str, view: str, db: Path):
    """An AppTest showing `page` with `view` on the journal `db`, already run twice (warm)."""
    from streamlit.testing.v1 import AppTest

    from views import phone

    # AppTest has no real connection and the pairing gate would show only its notice: measure
    # the pages as this computer's browser sees them (as tests/conftest.py does).
    phone.peer_address = lambda: None
    os.environ["BETWEEN_DB"] = str(db)
    from serving import serve

    serve.use_app_settings()  # the settings the pages are served with
    at = AppTest.from_file(str(serve.APP_FILE), default_timeout=120)
    at.session_state["range_preset"] = view
    at.run()
    at.switch_page(page).run()
    if at.exception:
        raise RuntimeError(f"{page} ({view}) raised: {at.exception[0].message}")
    at.run()  # warm-up of the page itself (caches, imports)
    return at


def measure_page(
    page: str, view: str, sources: dict[int, Path], repeats: int
) -> dict[int, PageFigure]:
    """Median rerun time of `page` showing `view` on private copies of each journal in `sources`.

    The journal sizes take turns rerun by rerun, so a neighbour's load on this shared machine
    falls on both alike and the 10y/1y ratio stays honest. Cheap pages get more reruns (up to
    MAX_REPEATS, within about CASE_BUDGET_S), since a few milliseconds of noise weigh more there.
    """
    with tempfile.TemporaryDirectory(prefix="between-bench-") as folder:
        tests = {}
        for years, source in sources.items():
            db = Path(folder) / f"journal-{years}y.duckdb"
            shutil.copyfile(source, db)
            tests[years] = open_page(page, view, db)
        times: dict[int, list[float]] = {years: [] for years in tests}
        started = time.perf_counter()
        while True:
            for years, at in tests.items():
                # Each AppTest re-reads BETWEEN_DB at its run; point it at this one's copy.
                os.environ["BETWEEN_DB"] = str(Path(folder) / f"journal-{years}y.duckdb")
                begun = time.perf_counter()
                at.run()
                times[years].append((time.perf_counter() - begun) * 1000)
            done = len(times[SIZES[0]])
            if done >= MAX_REPEATS or (
                done >= repeats and time.perf_counter() - started > CASE_BUDGET_S
            ):
                break
        figures = {}
        for years, at in tests.items():
            if at.exception:
                raise RuntimeError(
                    f"{page} ({view}, {years}y) raised on rerun: {at.exception[0].message}"
                )
            payloads = [chart_payload(chart.proto) for chart in at.get("vega_lite_chart")]
            figures[years] = PageFigure(
                statistics.median(times[years]),
                len(times[years]),
                max(payloads, default=0),
                len(payloads),
            )
        tests.clear()
    return figures


def machine() -> str:
    """nproc, CPU model, RAM, Python and the libraries that set the figures."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        kb = int(
            next(
                line
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            ).split()[1]
        )
        ram = f"{kb / 1024**2:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in LIBRARIES)
    return f"{os.cpu_count()} x {cpu}, {ram} RAM, {platform.system()} {platform.release()}; Python {platform.python_version()}, {versions}"


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


class Table:
    """Rows of cells, printed aligned as text and, on request, as Markdown."""

    HEAD = (
        "page / figure",
        "view",
        "1y ms",
        "10y ms",
        "10y/1y",
        "chart KB 1y",
        "chart KB 10y",
        "goals",
    )
    RIGHT = {2, 3, 4, 5, 6}

    def __init__(self) -> None:
        from bench import previous

        self.rows: list[tuple[str, ...]] = []
        self.previous = previous.readme_rows()
        self.slower: list[str] = []

    def add(self, *cells: str) -> None:
        from bench import previous

        self.rows.append(tuple(cells) + ("",) * (len(self.HEAD) - len(cells)))
        print(self.format(self.rows[-1]), flush=True)
        self.slower += previous.compare(self.previous, self.rows[-1], self.HEAD)

    def goal(self, figure: str, view: str, met: bool, said: str) -> None:
        """A row with no timings of its own: what was measured and whether it met its goal."""
        self.add(figure, view, "", "", "", "", "", f"{verdict(met)}: {said}")

    def widths(self) -> list[int]:
        return [24, 14, 8, 8, 8, 13, 13, 0]

    def format(self, row: tuple[str, ...]) -> str:
        cells = []
        for i, (cell, width) in enumerate(zip(row, self.widths(), strict=True)):
            cells.append(cell.rjust(width) if i in self.RIGHT else cell.ljust(width))
        return " ".join(cells).rstrip()

    def header(self) -> None:
        line = self.format(self.HEAD)
        print(line)
        print("-" * max(len(line) + 40, 110))

    def markdown(self) -> str:
        lines = [
            "| " + " | ".join(self.HEAD) + " |",
            "|"
            + "|".join("---:" if i in self.RIGHT else "---" for i in range(len(self.HEAD)))
            + "|",
        ]
        lines += [
            "| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in self.rows
        ]
        return "\n".join(lines)


def page_rows(table: Table, journals: dict[int, Path], pages: list[str], repeats: int) -> bool:
    ok = True
    for page in pages:
        for view in VIEWS:
            figures = measure_page(page, view, journals, repeats)
            one, ten = figures[SIZES[0]], figures[SIZES[-1]]
            ratio = ten.median_ms / one.median_ms
            missed = [f"{y}y ms" for y, f in figures.items() if f.median_ms >= GOAL_MS]
            if view == "Last 30 days" and ratio > GOAL_RATIO:
                missed.append("ratio")
            missed += [f"{y}y KB" for y, f in figures.items() if f.largest_chart >= GOAL_PAYLOAD]
            ok &= not missed
            table.add(
                Path(page).stem,
                view,
                f"{one.median_ms:.0f}",
                f"{ten.median_ms:.0f}",
                f"{ratio:.2f}" if view == "Last 30 days" else "",
                f"{one.largest_chart / 1024:.1f}" if one.charts else "no chart",
                f"{ten.largest_chart / 1024:.1f}" if ten.charts else "no chart",
                "met" if not missed else "MISSED: " + ", ".join(missed),
            )
    return ok


def other_rows(table: Table, skip: set[str]) -> bool:
    ok = True
    if "import" not in skip:
        from bench import import_bench

        with tempfile.TemporaryDirectory(prefix="between-bench-") as folder:
            f = import_bench.measure(100_000, Path(folder))
        met = f["rows_per_s"] > GOAL_IMPORT_ROWS_S
        ok &= met
        table.goal(
            "import 100k Daylio rows",
            "end to end",
            met,
            f"{f['rows_per_s']:,.0f} rows/s, {f['total_s']:.1f} s (goal > {GOAL_IMPORT_ROWS_S:,} rows/s)",
        )
    if "memory" not in skip:
        from bench import import_memory

        with tempfile.TemporaryDirectory(prefix="between-bench-") as folder:
            f = import_memory.measure(50, Path(folder))
        met = f["exit"] == 0 and f["peak_mb"] < import_memory.GOAL_PEAK_MB
        ok &= met
        table.goal(
            "import 50 MB any-CSV",
            "end to end",
            met,
            f"{f['seconds']:.1f} s, peak RSS {f['peak_mb']:,.0f} MB, "
            f"{f['rows']:,} rows, {f['rows_per_s']:,.0f} rows/s "
            f"(goal: peak under {import_memory.GOAL_PEAK_MB} MB)",
        )
    if "brief" not in skip:
        from bench import brief_bench

        f = brief_bench.full_year()
        met = f["total_s"] < GOAL_BRIEF_S
        ok &= met
        table.goal(
            "PDF brief, sample year",
            "everything in",
            met,
            f"{f['total_s']:.2f} s, {f['pages']} pages (goal < {GOAL_BRIEF_S:.0f} s, median of {brief_bench.REPEATS})",
        )
        f = brief_bench.report_since_last_session()
        met = f["beyond_start_s"] < GOAL_REPORT_S
        ok &= met
        table.goal(
            "between report, sample",
            "since session",
            met,
            f"{f['beyond_start_s']:.2f} s beyond the process start, {f['total_s']:.2f} s in all (goal < {GOAL_REPORT_S:.0f} s beyond the start, median of {brief_bench.REPEATS})",
        )
    if "patterns" not in skip:
        from bench import patterns_bench

        for line in patterns_bench.rate_lines(patterns_bench.BENCH_JOURNALS):
            print("  " + line, flush=True)
        for line in patterns_bench.null_lines():
            print("  " + line, flush=True)
        met, figures = patterns_bench.goal_summary(patterns_bench.BENCH_JOURNALS)
        ok &= met
        table.goal(
            f"patterns, {patterns_bench.BENCH_JOURNALS:,} journals",
            "goals, 90-365 d",
            met,
            f"links of {synthetic_effects()} points; {figures}",
        )
        f = patterns_bench.section_ms()
        met = f["rerun"] < GOAL_MS
        ok &= met
        table.goal(
            "patterns, 10y all time",
            "analytics",
            met,
            f"rerun {f['rerun']:.0f} ms (cached per journal version), "
            f"{f['uncached']:.0f} ms after a change (goal < {GOAL_MS} ms rerun)",
        )
    if "setbacks" not in skip:
        from bench import setbacks_bench

        for integer in (False, True):
            f = setbacks_bench.figures(setbacks_bench.BENCH_JOURNALS, integer)
            ok &= f.met()
            table.goal(
                f"setbacks, {setbacks_bench.BENCH_JOURNALS:,} journals",
                "whole points" if integer else "continuous",
                f.met(),
                f.line(),
            )
        sweep = setbacks_bench.trend_sweep()
        ok &= sweep.met()
        table.goal(
            f"setbacks' trend, {setbacks_bench.TREND_SEEDS} journals",
            "whole points",
            sweep.met(),
            sweep.line(),
        )
    if "aftermath" not in skip:
        from bench import aftermath_bench

        for line in aftermath_bench.rate_lines(aftermath_bench.BENCH_JOURNALS):
            print("  " + line, flush=True)
        met, figures = aftermath_bench.goal_summary(aftermath_bench.BENCH_JOURNALS)
        ok &= met
        table.goal(
            f"days after a session, {aftermath_bench.BENCH_JOURNALS:,} + {aftermath_bench.BENCH_JOURNALS:,} journals",
            "goals, 180-365 d",
            met,
            f"dips of 1.0-1.5 points on days 1-2; {figures}",
        )
    if "search" not in skip:
        from bench import search_bench
        from bench.journals import journal

        f = search_bench.measure(journal(10))
        met = max(f.values()) < GOAL_SEARCH_MS
        ok &= met
        each = ", ".join(f"“{query}” {ms:.0f}" for query, ms in f.items())
        table.add(
            "search, 10y journal",
            "analytics",
            "",
            f"{max(f.values()):.0f}",
            "",
            "",
            "",
            f"{verdict(met)}: slowest of {each} ms (goal < {GOAL_SEARCH_MS} ms, median of {search_bench.REPEATS})",
        )
    if "range" not in skip:
        from bench import range_change
        from bench.journals import journal

        f = range_change.measure(journal(10))
        met = f["median_s"] < GOAL_RANGE_S
        ok &= met
        runs = ", ".join(f"{s:.2f}" for s in f["runs_s"])
        table.goal(
            "range change, chromium",
            "to chart redrawn",
            met,
            f"{f['median_s']:.2f} s (changes {runs}; goal < {GOAL_RANGE_S} s, median of {len(f['runs_s'])})",
        )
    if "cold" not in skip:
        from bench import cold_start

        f = cold_start.measure(cold_start.journal_for_cold_start())
        met = f["median_s"] < GOAL_COLD_S
        ok &= met
        runs = ", ".join(f"{s:.2f}" for s in f["runs_s"])
        table.goal(
            "cold start, chromium",
            "to 1st chart",
            met,
            f"{f['median_s']:.2f} s (runs {runs}; goal < {GOAL_COLD_S:.0f} s, median of {len(f['runs_s'])})",
        )
    return ok


def synthetic_effects() -> str:
    from testkit import patterns_synthetic

    low, high = patterns_synthetic.EFFECTS
    return f"{low}-{high}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeats",
        type=int,
        default=REPEATS,
        help="timed reruns per case after one warm-up (default %(default)s)",
    )
    parser.add_argument(
        "--page", action="append", help="only this page (views/NAME.py or NAME); repeatable"
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=[
            "pages",
            "import",
            "memory",
            "brief",
            "cold",
            "patterns",
            "aftermath",
            "setbacks",
            "search",
            "range",
        ],
    )
    parser.add_argument(
        "--markdown", action="store_true", help="also write bench/results/latest.md"
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    os.chdir(REPO)
    # AppTest runs the app "bare"; Streamlit warns about that on every session it closes.
    import streamlit.testing.v1  # noqa: F401  (sets up Streamlit's loggers, which we then quieten)

    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage()
    )
    from bench.journals import journal

    pages = PAGES
    if args.page:
        wanted = {Path(p).stem for p in args.page}
        pages = [p for p in PAGES if Path(p).stem in wanted]
    started = time.perf_counter()
    about = f"Between Sessions bench, {clock.today().isoformat()}: {machine()}"
    print(about)
    print(
        f"pages: median server-side AppTest rerun after a warm-up ({args.repeats}-{MAX_REPEATS} reruns a case, 1y and 10y taking turns); "
        "dense journals (3 check-ins, 2 triggers, 3 practice logs a day, a session a week, PHQ-9, GAD-7 and WHO-5 every other week); chart KB: the largest chart's data on the page\n"
    )
    table = Table()
    table.header()
    ok = True
    if "pages" not in args.skip:
        journals = {years: journal(years) for years in SIZES}
        ok &= page_rows(table, journals, pages, args.repeats)
    ok &= other_rows(table, set(args.skip))
    took = time.perf_counter() - started
    print(
        f"\nall goals {'met' if ok else 'NOT met (see MISSED above)'}; bench took {took / 60:.1f} min"
    )
    if table.slower:
        print("slower than last time (by more than 20%, against the README's table):")
        for line in table.slower:
            print(f"  {line}")
    else:
        print("nothing slower than last time (by more than 20%, against the README's table)")
    if args.markdown:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "latest.md").write_text(f"{about}\n\n{table.markdown()}\n", encoding="utf-8")
        print(f"wrote {RESULTS / 'latest.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
