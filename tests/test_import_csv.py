"""Any-CSV imports: the column mapping decides what each row becomes."""

from __future__ import annotations

from datetime import datetime

import pytest

from analytics.entries import EntryKind
from analytics.importers import ImportRefused, detect_format, generic_csv
from analytics.importers.apply import import_preview, preview
from analytics.importers.generic_csv import CsvMapping

SHEET = """Day;Time;Mood;Anxiety;Energy;Walked;Trigger;Strength;Thoughts
03/02/2024;08:30;7;3;6;yes;Work;6;"Busy, but fine"
04/02/2024;9:15 PM;4;;;rest;;;
05/02/2024;;;;;x;;;
06/02/2024;10:00;;5;;;;;
31/02/2024;10:00;5;;;;;;
"""
MAPPING = CsvMapping(
    date="Day",
    time="Time",
    date_format="%d/%m/%Y",
    wellbeing="Mood",
    anxiety="Anxiety",
    energy="Energy",
    note="Thoughts",
    trigger_category="Trigger",
    trigger_intensity="Strength",
    practices=("Walked",),
)


def test_a_spreadsheet_is_any_csv_and_its_columns_are_offered():
    assert detect_format({"sheet.csv": SHEET}) == "csv"
    table = generic_csv.read_table(SHEET)
    assert table.columns[:3] == ["Day", "Time", "Mood"]
    assert generic_csv.sample_rows(table, 1)[0]["Thoughts"] == "Busy, but fine"
    guess = generic_csv.suggest_mapping(table.columns)
    assert (guess.date, guess.time, guess.wellbeing, guess.anxiety, guess.energy) == (
        "Day",
        "Time",
        "Mood",
        "Anxiety",
        "Energy",
    )


def test_each_mapped_column_becomes_its_entry_and_bad_cells_are_named(journal):
    plan = generic_csv.build(SHEET, MAPPING)
    assert [(p.row, p.field) for p in plan.problems] == [(5, "Mood"), (6, "Day")]
    checked = preview(journal, plan)
    assert checked.counts == {
        EntryKind.CHECK_IN: 2,
        EntryKind.TRIGGER: 1,
        EntryKind.PRACTICE_LOG: 3,
    }
    result = import_preview(journal, checked, skip_bad_rows=True)
    assert result.practices_created == ["Walked"]
    rows = journal.execute(
        "SELECT local_time, wellbeing, anxiety, energy, note FROM check_ins ORDER BY local_time"
    ).fetchall()
    assert rows == [
        (datetime(2024, 2, 3, 8, 30), 7, 3, 6, "Busy, but fine"),
        (datetime(2024, 2, 4, 21, 15), 4, None, None, ""),
    ]
    assert journal.execute("SELECT category, intensity FROM triggers").fetchall() == [("Work", 6)]
    statuses = journal.execute("SELECT local_time, status FROM practice_log ORDER BY 1").fetchall()
    assert statuses == [
        (datetime(2024, 2, 3, 8, 30), "done"),
        (datetime(2024, 2, 4, 21, 15), "rest"),
        (datetime(2024, 2, 5, 12), "done"),
    ]


def test_the_preview_follows_the_mapping():
    table = generic_csv.read_table(SHEET)
    only_mood = generic_csv.plan(
        table, CsvMapping(date="Day", date_format="%d/%m/%Y", wellbeing="Mood")
    )
    assert {k: len(v) for k, v in only_mood.records.items() if v} == {EntryKind.CHECK_IN: 2}
    assert [p.row for p in only_mood.problems] == [6]
    month_first = generic_csv.plan(
        table, CsvMapping(date="Day", date_format="%m/%d/%Y", wellbeing="Mood")
    )
    assert [p.row for p in month_first.problems] == [6]
    assert month_first.records[EntryKind.CHECK_IN][0]["local_time"] == datetime(2024, 3, 2, 12)


def test_auto_date_format_and_unreadable_formats():
    assert generic_csv.guess_date_format(["2024-01-31", "2024-02-01"]) == "%Y-%m-%d"
    assert generic_csv.guess_date_format(["31.01.2024"]) == "%d.%m.%Y"
    assert generic_csv.guess_date_format(["someday"]) is None
    # Found by the walk: one impossible date among good ones made the column "none of the known
    # formats"; the format that reads the most wins, and each date it cannot read is its row's.
    assert generic_csv.guess_date_format(["2026-11-01", "77", "x", "2026-13-01"]) == "%Y-%m-%d"
    assert generic_csv.guess_date_format(["31/01/2024", "x", "01/02/2024"]) == "%d/%m/%Y"
    plan = generic_csv.build("when,mood\nsomeday,5\n", CsvMapping(date="when", wellbeing="mood"))
    assert [p.field for p in plan.problems] == ["date format"]


def test_mapping_mistakes_are_problems_not_crashes():
    table = generic_csv.read_table(SHEET)
    assert [p.field for p in generic_csv.plan(table, CsvMapping()).problems] == ["date"]
    assert [
        p.field for p in generic_csv.plan(table, CsvMapping(date="Day", wellbeing="nope")).problems
    ] == ["mapping"]
    no_intensity = generic_csv.plan(table, CsvMapping(date="Day", trigger_category="Trigger"))
    assert [p.field for p in no_intensity.problems] == ["trigger intensity"]


def test_out_of_scale_values_are_named_by_row_and_field(journal):
    plan = generic_csv.build(
        "date,wellbeing\n2024-01-01,11\n2024-01-02,5\n",
        CsvMapping(date="date", wellbeing="wellbeing"),
    )
    checked = preview(journal, plan)
    assert [(p.row, p.field) for p in checked.problems] == [(2, "wellbeing")]
    with pytest.raises(ImportRefused):
        import_preview(journal, checked)
    assert journal.execute("SELECT count(*) FROM check_ins").fetchone()[0] == 0


def test_reimporting_a_csv_adds_nothing(journal):
    mapping = CsvMapping(date="date", wellbeing="wellbeing")
    for expected in (2, 0):
        checked = preview(
            journal, generic_csv.build("date,wellbeing\n2024-01-01,3\n2024-01-02,5\n", mapping)
        )
        assert import_preview(journal, checked).total == expected


def test_a_header_naming_a_column_twice_is_refused_naming_it_and_both_positions(journal):
    """Found by attack: a second "Mood" column was never read (the mapping names columns by
    their header text, and the first took the name). Refused before anything is planned."""
    sheet = "Day,Mood,Note,Mood\n2024-02-03,7,fine,2\n"
    with pytest.raises(ImportRefused, match=r"'Mood' more than once \(columns 2 and 4\)"):
        generic_csv.read_table(sheet)
    with pytest.raises(ImportRefused, match=r"'Mood' more than once \(columns 2 and 4\)"):
        generic_csv.build(sheet, CsvMapping(date="Day", wellbeing="Mood"))
    assert journal.execute("SELECT count(*) FROM check_ins").fetchone() == (0,)
    # Blank names are not names: two unnamed columns are still read.
    assert generic_csv.read_table("Day,,Mood,\n2024-02-03,,7,\n").columns == [
        "Day",
        "column 2",
        "Mood",
        "column 4",
    ]


CHUNKED = (
    "Day,Time,Mood,Walked,Trigger,Strength,Note\n"
    "2024-03-01,08:30,7,yes,,,\n"
    "2024-03-01,08:30,7,rest,,,\n"  # the same minute again: a second key, not a duplicate
    "\n"
    "2024-03-01,08:30,6,x,Work,6,tired\n"
    "2024-03-01,25:00,6,,,,\n"  # a time that is none
    "2024-03-02,,8,maybe,,,\n"  # neither done nor rest
    "2024-03-02,09:00,,,,,a note\n"  # a note without a mood
    "2024-03-02,09:00,11,1,Family,,\n"
    "2024-03-02,09:00,5,1,,,,,\n"  # wider, but only with empty cells
    "2024-03-02,09:00,5,1,,,,extra\n"  # wider with a cell: a problem
    "2024-03-03,07:15\n"  # short: its missing cells are empty
    "someday,07:15,5,,,,\n"
    "2024-03-03,07:15,4,yes,Work,3,\n"
)
CHUNKED_MAPPING = CsvMapping(
    date="Day",
    time="Time",
    date_format="%Y-%m-%d",
    wellbeing="Mood",
    note="Note",
    trigger_category="Trigger",
    trigger_intensity="Strength",
    practices=("Walked",),
)


def _planned(size: int, monkeypatch) -> tuple:
    monkeypatch.setattr(generic_csv, "READ_CHUNK", size)
    monkeypatch.setattr(generic_csv.CsvTable.chunks, "__defaults__", (size,))
    plan = generic_csv.build(CHUNKED, CHUNKED_MAPPING)
    return (
        plan.rows_read,
        [(p.row, p.field, p.message) for p in plan.problems],
        {kind: list(records) for kind, records in plan.records.items()},
        plan.practices,
        dict(plan.choices),
    )


def test_a_file_read_in_chunks_gives_the_plan_of_one_read_at_once(monkeypatch):
    """Rows are read a chunk at a time (`READ_CHUNK`); a chunk's edge changes nothing: the same
    problems by row and field, the same entries, the same keys for rows in one minute (counted
    over the whole file), the same first practice of a day."""
    whole = _planned(1_000, monkeypatch)
    assert [(row, field) for row, field, _ in whole[1]] == [
        (6, "Time"),
        (7, "Walked"),
        (8, "Mood"),
        (11, "row"),
        (13, "Day"),
    ]
    keys = [entry["source_key"] for entry in whole[2][EntryKind.CHECK_IN]]
    assert len(keys) == len(set(keys)) == 7
    assert [log["status"] for log in whole[2][EntryKind.PRACTICE_LOG]] == ["done", "done", "done"]
    for size in (1, 2, 3, 5):
        assert _planned(size, monkeypatch) == whole, size


def test_a_column_named_twice_in_other_capitals_is_refused_too(journal):
    """Found by the new-user walk and the attack: "date,Mood,mood" passed the exact-name check,
    and the fields are matched in any case, so the second column was read as the wellbeing."""
    sheet = "date,Mood,mood\n2026-02-01,3,8\n"
    with pytest.raises(ImportRefused, match=r"'Mood' more than once, as 'Mood' and 'mood'"):
        generic_csv.read_table(sheet)
    with pytest.raises(ImportRefused, match=r"\(columns 2 and 3\)"):
        generic_csv.build(sheet, generic_csv.suggest_mapping(["date", "Mood", "mood"]))
    assert journal.execute("SELECT count(*) FROM check_ins").fetchone() == (0,)
