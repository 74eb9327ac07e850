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
from pathlib import Path

from testkit.import_files import sheet

REPO = Path(__file__).resolve().parent.parent
GOAL_PEAK_MB = 500

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


def measure(megabytes: int, folder: Path) -> dict[str, float]:
    """Build the file in `folder`, import it in a child process; rows, seconds, peak RSS (MB)."""
    source = folder / "sheet.csv"
    rows = sheet(source, megabytes)
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", RUN, str(source), str(folder / "bench.duckdb")],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    wall = time.perf_counter() - began
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(
            f"the import did not finish: {done.stdout[-2000:]} {done.stderr[-2000:]}"
        )
    figures = json.loads(lines[-1])
    return {
        "megabytes": megabytes,
        "rows": rows,
        "exit": figures["exit"],
        "seconds": figures["seconds"],
        "wall_s": wall,
        "rows_per_s": rows / figures["seconds"],
        "peak_mb": figures["peak_mb"],
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    megabytes = int(args[0]) if args else 50
    with tempfile.TemporaryDirectory() as folder:
        f = measure(megabytes, Path(folder))
    print(
        f"any-CSV import of {megabytes} MB ({f['rows']:,} rows): exit {f['exit']}, "
        f"{f['seconds']:.1f} s ({f['rows_per_s']:,.0f} rows/s; {f['wall_s']:.1f} s with "
        f"start-up), peak RSS {f['peak_mb']:,.0f} MB (goal: under {GOAL_PEAK_MB} MB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
