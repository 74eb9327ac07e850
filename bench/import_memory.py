"""Peak memory and time of importing a large any-CSV file, end to end, in a fresh process.

Run with `python -m bench.import_memory [MB]` (default 50: about 1.3 million rows of a date, a
time, a wellbeing number and a short note). The file is built, then `between import FILE --db
NEW --format csv` runs in a child process; printed: rows, seconds, rows a second, and the
child's peak RSS (VmHWM) in MB. The goal is under 500 MB at 50 MB; never asserted (figures
only, as every bench).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

RUN = """
import json, resource, sys, time
from analytics.cli import main
start = time.perf_counter()
code = main(["import", sys.argv[1], "--db", sys.argv[2], "--format", "csv"])
seconds = time.perf_counter() - start
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
print(json.dumps({"exit": code, "seconds": seconds, "peak_mb": peak}))
"""


def sheet(path: Path, megabytes: int) -> int:
    """Write an any-CSV file of about `megabytes` MB; return its rows (one every two minutes, from 1990)."""
    target = megabytes * 1_000_000
    start = date(1990, 1, 1)
    rows = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("Day,Time,Mood,Note\n")
        written = 0
        while written < target:
            minute = rows * 2
            day = start + timedelta(days=minute // 1440)
            line = f"{day:%Y-%m-%d},{minute % 1440 // 60:02d}:{minute % 60:02d},{rows % 11},ok\n"
            out.write(line)
            written += len(line)
            rows += 1
    return rows


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    megabytes = int(args[0]) if args else 50
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "sheet.csv"
        rows = sheet(source, megabytes)
        began = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", RUN, str(source), str(Path(folder) / "bench.duckdb")],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=False,
        )
        wall = time.perf_counter() - began
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if not lines:
            print(done.stdout[-2000:], done.stderr[-2000:])
            return 1
        figures = json.loads(lines[-1])
    print(
        f"any-CSV import of {megabytes} MB ({rows:,} rows): exit {figures['exit']}, "
        f"{figures['seconds']:.1f} s ({rows / figures['seconds']:,.0f} rows/s; {wall:.1f} s with "
        f"start-up), peak RSS {figures['peak_mb']:,.0f} MB (goal: under 500 MB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
