"""Import speed: a 100,000-row Daylio-format file, previewed and imported end to end.

Run with `python -m bench.import_bench` (or `make bench`). Goal: more than 50,000 rows/s
for read + parse + preview (validation, duplicate check) + the one-transaction write into a
journal file. Prints the figure; never asserts it.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from testkit.import_files import daylio_csv


def measure(rows: int, folder: Path) -> dict[str, float]:
    from analytics import storage
    from analytics.importers import load_path
    from analytics.importers.apply import import_preview, preview
    from analytics.importers.command import build_plan

    source = folder / "daylio_export.csv"
    source.write_text(daylio_csv(rows), encoding="utf-8")
    con = storage.connect(folder / "bench.duckdb")
    started = time.perf_counter()
    plan = build_plan(load_path(source), "daylio", practices=["walk", "breathing"])
    parsed = time.perf_counter()
    checked = preview(con, plan)
    previewed = time.perf_counter()
    result = import_preview(con, checked)
    written = time.perf_counter()
    con.close()
    assert not checked.problems, checked.problems[:3]
    return {
        "rows": rows,
        "entries": result.total,
        "parse_s": parsed - started,
        "preview_s": previewed - parsed,
        "write_s": written - previewed,
        "total_s": written - started,
        "rows_per_s": rows / (written - started),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        figures = measure(args.rows, Path(folder))
    print(
        f"import (Daylio, {figures['rows']:,} rows -> {figures['entries']:,} entries): "
        f"parse {figures['parse_s']:.2f} s, preview {figures['preview_s']:.2f} s, write {figures['write_s']:.2f} s; "
        f"{figures['rows_per_s']:,.0f} rows/s end to end (goal > 50,000)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
