"""Peak memory and time of reading (checking) a restore zip, each case in a fresh process.

Run with `python -m bench.restore_memory [MB ...]`. Cases, each built at the given unpacked size:
- `json-empty`: journal.json whose check_ins list holds `{}` over and over (the attack: a 10 KB zip);
- `json-real`: journal.json of realistic check-ins (a note of ~80 characters each);
- `csv-real`: check_ins.csv of the same rows (the rows are kept, typed, until the restore);
- `csv-limit`: what the old fixed limits allowed: check_ins.csv just under 32 MiB and
  sessions.csv filling the rest of 40 MiB (the size argument is ignored).
With `--restore`, each zip is restored (not only read) into a new journal file: read, plan,
backup, insert. Prints seconds, the process's peak RSS in MB (VmHWM; about 240 MB of it is the
imports and DuckDB), how much the reading or restore added, and what it said. Never asserts:
`tests/test_export_hostile.py` holds the bounds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import uuid
import zipfile
from pathlib import Path

from analytics.storage.export_queries import EXPORT_TABLES

REPO = Path(__file__).resolve().parent.parent

MEASURE = """
import json, sys, time
from analytics import storage
from analytics.export.restoring import RestoreError, read_export, restore
con = storage.connect(sys.argv[2]) if len(sys.argv) > 2 else storage.connect()
def peak():
    # VmHWM is this process's own high-water mark; ru_maxrss would carry the parent's across exec.
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
before = peak()
start = time.perf_counter()
try:
    if len(sys.argv) > 2:
        plan = restore(con, sys.argv[1])
        said = f"restored {plan.entries_to_add:,} entries"
    else:
        rows = read_export(sys.argv[1], target=con).count("check_ins")
        said = f"read {rows:,} check-ins"
except RestoreError as refused:
    said = f"refused, {len(refused.problems):,} problems: " + str(refused).splitlines()[1][:110]
seconds = time.perf_counter() - start
top = peak()
print(json.dumps({"seconds": round(seconds, 2), "peak_mb": round(top), "grew_mb": round(top - before), "said": said}))
"""

MANIFEST = {
    "format": "between-sessions-export",
    "format_version": 1,
    "schema_version": 2,
    "created_at": "2026-11-29T19:00:00+00:00",
    "csv_text_escape": "leading-apostrophe",
}
TABLES = EXPORT_TABLES
HEADER = "id,local_time,utc_offset_min,wellbeing,anxiety,energy,emotions,note,created_at,updated_at,source,source_key"
NOTE = "Slept badly, walked before work and it helped a bit; the meeting was hard."


def check_in(number: int) -> dict:
    day, minute = divmod(number, 24 * 60)
    moment = f"20{10 + day // 365 % 89:02d}-{1 + day % 12:02d}-{1 + day % 28:02d}T{minute // 60:02d}:{minute % 60:02d}:00"
    return {
        "id": str(uuid.UUID(int=number)),
        "local_time": moment,
        "utc_offset_min": 60,
        "wellbeing": 6.0,
        "anxiety": 3.0,
        "energy": 5.0,
        "emotions": "calm, tired",
        "note": NOTE,
        "created_at": "2026-01-05T08:00:00+00:00",
        "updated_at": "2026-01-05T08:00:00+00:00",
        "source": "journal",
        "source_key": None,
    }


def csv_line(row: dict) -> str:
    return ",".join(
        f'"{v}"' if isinstance(v, str) and "," in v else ("" if v is None else str(v))
        for v in row.values()
    )


CSV_LIMIT_FILE, CSV_LIMIT_ZIP = 32 << 20, 40 << 20
"""The sizes of `csv-limit`: the old fixed limits (one file, the zip). Since the limit follows
the computer's free memory (`zip_reader.max_unpacked_bytes`), these are a fixed point to compare."""


def build(case: str, mib: int, folder: Path) -> Path:
    size = mib << 20
    members: dict[str, bytes] = {"manifest.json": json.dumps(MANIFEST).encode()}
    if case in ("csv-real", "csv-limit"):
        if case == "csv-limit":
            size = CSV_LIMIT_FILE - (64 << 10)
        lines, used, number = [HEADER], 0, 0
        while used < size:
            line = csv_line(check_in(number))
            lines.append(line)
            used += len(line) + 2
            number += 1
        members["check_ins.csv"] = ("\r\n".join(lines) + "\r\n").encode()
        if case == "csv-limit":
            rest = CSV_LIMIT_ZIP - size - (64 << 10)
            lines, used, number = ["id,day,note,created_at,updated_at,source"], 0, 0
            while used < rest:
                day = f"{1990 + number // 336 % 100}-{1 + number // 28 % 12:02d}-{1 + number % 28:02d}"
                line = f'{uuid.UUID(int=number)},{day},"{NOTE}",2026-01-05T08:00:00+00:00,2026-01-05T08:00:00+00:00,journal'
                lines.append(line)
                used += len(line) + 2
                number += 1
            members["sessions.csv"] = ("\r\n".join(lines) + "\r\n").encode()
        for table in TABLES[1:]:
            if f"{table}.csv" in members:
                continue
            header = {
                "trigger_categories": "name,position,active",
                "practices": "id,name,description,weekly_target,active,created_at,updated_at",
            }.get(table, "id")
            members[f"{table}.csv"] = (header + "\r\n").encode()
    else:
        if case == "json-empty":
            body = "{}," * (size // 3)
        else:
            parts, used, number = [], 0, 0
            while used < size:
                part = json.dumps(check_in(number)) + ","
                parts.append(part)
                used += len(part)
                number += 1
            body = "".join(parts)
        others = ", ".join(f'"{table}": []' for table in TABLES[1:])
        text = f'{{"tables": {{"check_ins": [{body.rstrip(",")}], {others}}}}}'
        members["journal.json"] = text.encode()
    path = folder / f"{case}-{mib}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def measure(path: Path, into: Path | None = None) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), *([str(into)] if into else [])],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        timeout=600,
        check=True,
    )
    return json.loads(done.stdout)


def main(argv: list[str]) -> None:
    into = "--restore" in argv
    sizes = [int(arg) for arg in argv if arg != "--restore"] or [10, 30]
    cases = ("json-empty", "json-real", "csv-real", "csv-limit")
    with tempfile.TemporaryDirectory() as folder:
        for case in cases:
            for mib in sizes if case != "csv-limit" else [48]:
                path = build(case, mib, Path(folder))
                journal = Path(folder) / f"{case}-{mib}.duckdb" if into else None
                result = measure(path, journal)
                print(
                    f"{case:<11}{mib:>5} MiB unpacked ({path.stat().st_size / 1024:,.0f} KB zip): "
                    f"{result['seconds']:>6} s, peak {result['peak_mb']:>5} MB (+{result['grew_mb']} MB reading); "
                    f"{result['said']}"
                )


if __name__ == "__main__":
    main(sys.argv[1:])
