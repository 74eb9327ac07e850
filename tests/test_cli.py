"""The `between` command: sample and stats through `main`, refusals, and the module entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from analytics import storage
from analytics.cli import main
from sample_data import sample_tables

REPO = Path(__file__).resolve().parent.parent
KINDS = ["check_ins", "triggers", "practice_log", "reflections", "sessions", "measure_responses"]


def test_sample_then_stats_reports_every_kind_with_its_dates(tmp_path, capsys):
    db = tmp_path / "demo.duckdb"
    assert main(["sample", "--db", str(db), "--today", "2026-03-05"]) == 0
    assert "Wrote the sample journal" in capsys.readouterr().err
    assert main(["stats", "--db", str(db), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [k["kind"] for k in report["kinds"]] == KINDS
    by_kind = {k["kind"]: k for k in report["kinds"]}
    tables = sample_tables(date(2026, 3, 5))
    for kind in KINDS:
        assert by_kind[kind]["entries"] == len(tables[kind])
    assert by_kind["check_ins"]["last"] == "2026-03-05"  # moved by whole weeks, up to --today
    assert by_kind["check_ins"]["first"] == "2025-03-07"
    assert by_kind["sessions"]["last"] > "2026-03-05"  # the booked session


def test_stats_prints_a_table_and_dashes_for_empty_kinds(tmp_path, capsys):
    db = tmp_path / "j.duckdb"
    con = storage.connect(db)
    storage.add_session(con, day=pd.Timestamp("2026-01-08").date())
    con.close()
    assert main(["stats", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["kind", "entries", "first", "last"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:]}
    assert rows["sessions"] == ["1", "2026-01-08", "2026-01-08"]
    assert rows["check_ins"] == ["0", "-", "-"]


def test_sample_refuses_a_journal_that_has_entries(tmp_path, capsys):
    db = tmp_path / "mine.duckdb"
    con = storage.connect(db)
    storage.add_session(con, day=pd.Timestamp("2026-01-08").date(), note="my own")
    con.close()
    assert main(["sample", "--db", str(db)]) == 1
    assert "already has entries" in capsys.readouterr().err
    con = storage.connect(db, read_only=True)
    assert int(storage.entry_stats(con)["entries"].sum()) == 1
    con.close()


def test_stats_on_a_missing_file_says_so_without_creating_it(tmp_path, capsys):
    db = tmp_path / "nowhere.duckdb"
    assert main(["stats", "--db", str(db)]) == 1
    assert "no journal" in capsys.readouterr().err
    assert not db.exists()


def test_db_defaults_to_the_between_db_environment_variable(tmp_path, monkeypatch, capsys):
    db = tmp_path / "from-env.duckdb"
    monkeypatch.setenv("BETWEEN_DB", str(db))
    assert main(["sample", "--today", "2026-03-05"]) == 0
    assert db.exists()
    assert main(["stats", "--json"]) == 0
    capsys.readouterr()


def test_a_bad_date_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["sample", "--db", str(tmp_path / "x.duckdb"), "--today", "2026-13-01"])
    assert exited.value.code == 2
    assert "not a date" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["sample", "stats"])
def test_each_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    assert "--db" in capsys.readouterr().out


def test_python_dash_m_analytics_shows_help():
    done = subprocess.run(
        [sys.executable, "-m", "analytics", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "between" in done.stdout
    assert "sample" in done.stdout and "stats" in done.stdout


@pytest.mark.parametrize(
    ("dry_run", "said"),
    [(True, "Would add 1 entry to {db} (nothing was written)."), (False, "Added 1 entry to {db}.")],
)
def test_restore_counts_one_entry_as_one(tmp_path, capsys, dry_run, said):
    # It said "Added 1 entries".
    source = tmp_path / "source.duckdb"
    con = storage.connect(source)
    storage.add_session(con, day=pd.Timestamp("2026-01-08").date())
    con.close()
    zipped = tmp_path / "one.zip"
    assert main(["export", "--db", str(source), "--out", str(zipped)]) == 0
    db = tmp_path / "restored.duckdb"
    capsys.readouterr()
    assert main(["restore", "--db", str(db), str(zipped), *(["--dry-run"] if dry_run else [])]) == 0
    assert capsys.readouterr().err.strip() == said.format(db=db)
