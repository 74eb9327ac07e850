"""Loop Habit Tracker imports: the shared full export (folder, zip, single file) and the French file."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from datetime import date, datetime

import pytest

from analytics.entries import EntryKind
from analytics.importers import detect_format, load_bytes, load_path, loop
from analytics.importers.apply import import_preview, preview
from tests.conftest import SHARED_FIXTURES

LOOP = SHARED_FIXTURES / "loop"
FULL = LOOP / "full-export-2023"
FRENCH = LOOP / "french-checkmarks-2024" / "Checkmarks.csv"
needs_fixtures = pytest.mark.skipif(
    not LOOP.is_dir(), reason=f"shared fixtures not found at {LOOP}"
)


def wide_values(path) -> dict[str, list[tuple[str, int]]]:
    """habit -> [(date text, value)], read independently of the importer."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    header = next(csv.reader([lines[0]]))
    habits = [h for h in header[1:] if h]
    values: dict[str, list[tuple[str, int]]] = {h: [] for h in habits}
    for line in lines[1:]:
        if "Entry(" in line:
            cells = [int(v) for v in re.findall(r"value=(-?\d+)", line)]
        else:
            cells = [int(v) for v in next(csv.reader([line]))[1:]]
        for habit, value in zip(habits, cells, strict=True):
            values[habit].append((line.split(",")[0], value))
    return values


def expected(values: dict[str, list[tuple[str, int]]]) -> tuple[int, int, int]:
    """(done, rest, with amount): 2 = done, 3 = rest, numeric habits (any value > 3) done when > 0."""
    done = rest = amounts = 0
    for cells in values.values():
        numeric = any(v > 3 for _, v in cells)
        for _, v in cells:
            if numeric and v > 0:
                done += 1
                amounts += 1
            elif not numeric and v == 2:
                done += 1
            elif not numeric and v == 3:
                rest += 1
    return done, rest, amounts


def stored(journal) -> Counter:
    return Counter(
        dict(
            journal.execute("SELECT status, count(*) FROM practice_log GROUP BY status").fetchall()
        )
    )


def run(journal, files, practices=None):
    checked = preview(journal, loop.build(files, practices))
    return checked, import_preview(journal, checked)


@needs_fixtures
@pytest.mark.parametrize("target", ["folder", "zip", "wide file"])
def test_full_export_imports_every_done_day_with_amounts(journal, target, tmp_path):
    if target == "folder":
        files = load_path(FULL)
    elif target == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for path in FULL.rglob("*.csv"):
                archive.write(path, path.relative_to(FULL.parent).as_posix())
        files = load_bytes(buffer.getvalue(), "Loop Habits CSV 2023-04-04.zip")
    else:
        files = load_path(FULL / "Checkmarks.csv")
    assert detect_format(files) == "loop"
    values = wide_values(FULL / "Checkmarks.csv")
    done, rest, amounts = expected(values)
    checked, result = run(journal, files)
    assert checked.problems == []
    assert result.added[EntryKind.PRACTICE_LOG] == done + rest == 384
    assert stored(journal) == Counter({"done": done, **({"rest": rest} if rest else {})})
    assert journal.execute("SELECT count(amount) FROM practice_log").fetchone()[0] == amounts
    assert len(result.practices_created) == len(values)
    wake = journal.execute(
        "SELECT l.amount FROM practice_log l JOIN practices p ON p.id = l.practice_id WHERE p.name = 'Wake Up Early' AND l.local_time = ?",
        [datetime(2023, 4, 4, 12)],
    ).fetchone()[0]
    assert wake == 7.35


@needs_fixtures
def test_habits_csv_frequency_becomes_the_weekly_target(journal):
    with open(FULL / "Habits.csv", encoding="utf-8-sig") as handle:
        habits = {
            r["Name"]: max(1, min(7, round(7 * int(r["NumRepetitions"]) / int(r["Interval"]))))
            for r in csv.DictReader(handle)
        }
    run(journal, load_path(FULL))
    targets = dict(journal.execute("SELECT name, weekly_target FROM practices").fetchall())
    assert {name: targets[name] for name in habits} == habits


@needs_fixtures
def test_one_habits_own_file_is_named_after_its_folder(journal):
    path = FULL / "003 Wake Up Early" / "Checkmarks.csv"
    rows = list(csv.reader(path.open()))
    _, result = run(journal, load_path(path))
    assert result.added[EntryKind.PRACTICE_LOG] == sum(1 for r in rows if int(r[1]) > 0)
    assert result.practices_created == ["Wake Up Early"]


@needs_fixtures
def test_french_checkmarks_with_month_first_short_dates(journal):
    values = wide_values(FRENCH)
    done, rest, amounts = expected(values)
    checked, result = run(journal, load_path(FRENCH))
    assert checked.problems == []
    assert result.added[EntryKind.PRACTICE_LOG] == done + rest
    assert journal.execute("SELECT count(amount) FROM practice_log").fetchone()[0] == amounts
    first, last = journal.execute(
        "SELECT min(local_time)::DATE, max(local_time)::DATE FROM practice_log"
    ).fetchone()
    assert (checked.first, checked.last) == (first, last)
    assert last <= date(2024, 6, 16) and first >= date(2023, 12, 31)
    weight = journal.execute(
        "SELECT max(l.amount) FROM practice_log l JOIN practices p ON p.id = l.practice_id WHERE p.name = 'Poids'"
    ).fetchone()[0]
    assert weight == 81.0


@needs_fixtures
def test_only_the_chosen_habits_become_practices(journal):
    values = wide_values(FULL / "Checkmarks.csv")
    _, result = run(journal, load_path(FULL), practices=["Bath"])
    assert result.practices_created == ["Bath"]
    assert result.added[EntryKind.PRACTICE_LOG] == sum(1 for _, v in values["Bath"] if v == 2)


def test_skip_is_a_rest_day_and_yes_by_frequency_is_nothing(journal):
    habits = "Position,Name,Question,Description,NumRepetitions,Interval,Color\n001,Walk,,,3,7,#fff\n002,Read,,,1,30,#fff\n"
    checks = "Date,Walk,Read,\n2024-01-03,3,2,\n2024-01-02,1,0,\n2024-01-01,2,-1,\n"
    files = {"Habits.csv": habits, "Checkmarks.csv": checks}
    _, result = run(journal, files)
    rows = journal.execute(
        "SELECT p.name, l.local_time, l.status FROM practice_log l JOIN practices p ON p.id = l.practice_id ORDER BY 2, 1"
    ).fetchall()
    assert rows == [
        ("Walk", datetime(2024, 1, 1, 12), "done"),
        ("Read", datetime(2024, 1, 3, 12), "done"),
        ("Walk", datetime(2024, 1, 3, 12), "rest"),
    ]
    assert dict(
        journal.execute(
            "SELECT name, weekly_target FROM practices WHERE name IN ('Walk', 'Read')"
        ).fetchall()
    ) == {"Walk": 3, "Read": 1}


def test_entry_cells_and_bad_dates_are_read_or_named():
    checks = "Date,Walk,\n2024-01-03,Entry(timestamp=2024-01-03, value=2),\nsoon,Entry(timestamp=x, value=2),\n"
    plan = loop.build({"Checkmarks.csv": checks})
    assert len(plan.records[EntryKind.PRACTICE_LOG]) == 1
    assert [(p.row, p.field) for p in plan.problems] == [(3, "Date")]


def test_reimport_adds_nothing_and_a_later_export_only_new_days(journal):
    old = {"Checkmarks.csv": "Date,Walk,\n2024-01-02,2,\n2024-01-01,2,\n"}
    new = {"Checkmarks.csv": "Date,Walk,\n2024-01-03,2,\n2024-01-02,2,\n2024-01-01,2,\n"}
    run(journal, old)
    checked, again = run(journal, old)
    assert again.total == 0 and checked.duplicates == 2 and again.practices_created == []
    _, later = run(journal, new)
    assert later.added == {EntryKind.PRACTICE_LOG: 1}


def test_a_cell_too_large_for_csv_is_named_by_its_row_and_the_other_rows_still_come_in():
    # csv refuses a field over 128 KiB; that row is a problem, never a crash of the whole import.
    checks = f"Date,Walk,Read\n2024-01-03,2,2\n2024-01-05,{'y' * 140_000},2\n2024-01-04,2,0\n"
    plan = loop.build({"Checkmarks.csv": checks})
    assert [(p.row, p.field) for p in plan.problems] == [(3, "row")]
    assert "could not be read as CSV" in plan.problems[0].message
    assert len(plan.records[EntryKind.PRACTICE_LOG]) == 3
