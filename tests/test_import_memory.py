"""A large import holds its rows compactly: memory grows with the file by a small factor.

The figure for a 50 MB file is in `make bench` (bench/import_memory.py); here a 3 MB any-CSV
file (about 136,000 rows) is imported by `between import` in a child process, and its peak
resident memory beyond what it held once its modules were loaded and DuckDB had started must
stay under
`GROWTH_PER_BYTE` times the file's size. Holding each row as Python dicts and lists, as the
import once did, took about 94 times the file (269 MB); column by column it takes about 35
(99 MB), measured on a shared 2-core machine.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from analytics import storage
from analytics.cli import main
from analytics.importers import generic_csv
from analytics.importers.apply import import_preview, preview
from analytics.storage import import_queries
from testkit.import_files import sheet
from tests.conftest import REPO

GROWTH_PER_BYTE = 60
"""Peak memory beyond the loaded modules, per byte of the file: the bound this test holds."""

CHILD = """
import json, sys
from analytics import storage
from analytics.cli import main
import analytics.importers.apply  # what an import loads, and DuckDB started once:
storage.connect().close()  # the fixed cost, before the file's own
def status(key):
    with open("/proc/self/status") as lines:
        return next(int(l.split()[1]) * 1024 for l in lines if l.startswith(key))
loaded = status("VmRSS")
code = main(["import", sys.argv[1], "--db", sys.argv[2], "--format", "csv"])
print(json.dumps({"exit": code, "loaded": loaded, "peak": status("VmHWM")}))
"""


def test_a_large_csv_is_imported_in_memory_proportional_to_a_small_multiple_of_its_size(tmp_path):
    source = tmp_path / "sheet.csv"
    rows = sheet(source, 3)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(source), str(tmp_path / "journal.duckdb")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["exit"] == 0, done.stderr
    assert f"Added {rows:,} check-ins." in done.stdout
    size = source.stat().st_size
    growth = figures["peak"] - figures["loaded"]
    assert growth < GROWTH_PER_BYTE * size, (
        f"peak {growth / 2**20:.0f} MB beyond the loaded modules for a {size / 2**20:.1f} MB "
        f"file ({growth / size:.0f} x its size; bound {GROWTH_PER_BYTE} x)"
    )


def settings(con) -> dict:
    return {
        name: con.execute("SELECT current_setting(?)", [name]).fetchall()[0][0]
        for name in import_queries.LEAN_WRITE
    }


def test_the_write_runs_lean_and_gives_the_shared_connection_its_settings_back(
    journal, tmp_path, monkeypatch
):
    """An import's one transaction runs on one thread with DuckDB's allocator handing memory
    back at once (at 1 million rows: 438 MB at the peak against 491 MB), and the app's
    connection, which every page shares, has its own settings again afterwards."""
    before = settings(journal)
    seen = []
    real_insert = import_queries.insert_new_rows

    def insert(con, *args):
        seen.append(settings(con))
        return real_insert(con, *args)

    monkeypatch.setattr(import_queries, "insert_new_rows", insert)
    source = tmp_path / "sheet.csv"
    sheet(source, 1)
    text = source.read_text()
    plan = generic_csv.build(
        text, generic_csv.suggest_mapping(generic_csv.read_table(text).columns)
    )
    result = import_preview(journal, preview(journal, plan))
    assert result.total > 20_000 and len(seen) > 1  # more than one chunk written
    assert seen[0]["threads"] == 1 and seen[0]["preserve_insertion_order"] is False
    assert all(s == seen[0] for s in seen)
    assert settings(journal) == before


def test_lean_settings_are_given_back_when_the_write_fails(journal):
    before = settings(journal)
    with pytest.raises(RuntimeError), import_queries.lean_write(journal):
        assert settings(journal)["threads"] == 1
        raise RuntimeError("the disk is full")
    assert settings(journal) == before


KILLED_PAST_A_ROW_GROUP = """
import os, signal, sys
from analytics.cli import main
from analytics.storage import import_queries
real_insert, written = import_queries.insert_new_rows, 0
def insert_rows(*args, **kwargs):
    global written
    written += real_insert(*args, **kwargs)
    if written > 130_000:  # past a full row group (122,880 rows), written to the file early
        os.kill(os.getpid(), signal.SIGKILL)
    return 0
import_queries.insert_new_rows = insert_rows
sys.exit(main(["import", sys.argv[1], "--db", sys.argv[2], "--format", "csv"]))
"""


def test_a_kill_after_row_groups_went_to_the_file_early_leaves_the_journal_as_it_was(
    tmp_path, journal_path
):
    """The lean write sends each full row group to the file before the commit; killed then,
    the journal opens sound and as it was, and the same file imports whole afterwards."""
    source = tmp_path / "sheet.csv"
    rows = sheet(source, 4)
    con = storage.connect(journal_path)
    before = con.execute("SELECT count(*) FROM check_ins").fetchall()
    con.close()
    done = subprocess.run(
        [sys.executable, "-c", KILLED_PAST_A_ROW_GROUP, str(source), str(journal_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    con = storage.connect(journal_path)
    assert con.execute("SELECT count(*) FROM check_ins").fetchall() == before
    con.close()
    assert main(["import", str(source), "--db", str(journal_path), "--format", "csv"]) == 0
    con = storage.connect(journal_path)
    assert con.execute("SELECT count(*) FROM check_ins").fetchall() == [(before[0][0] + rows,)]
    con.close()
