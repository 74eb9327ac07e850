"""Files whose lines end with a carriage return alone (CR: classic Mac OS, some spreadsheet
exports) read as the same file with line feeds, in every format; a stray CR in a file of line
feeds is named in our words. Found by attack: such a file was refused with Python's own error
("new-line character seen in unquoted field"), or as empty."""

from __future__ import annotations

import pytest

from analytics.importers import decode, generic_csv, load_path
from analytics.importers.registry import detect
from tests.conftest import SHARED_FIXTURES

needs_fixtures = pytest.mark.skipif(
    not SHARED_FIXTURES.is_dir(), reason=f"shared fixtures not found at {SHARED_FIXTURES}"
)


def line_ends(files: dict[str, str], end: str) -> dict[str, str]:
    """Each file as bytes with `end` after every line, decoded as an upload is."""
    return {
        name: decode(text.replace("\r\n", "\n").replace("\n", end).encode(), name)
        for name, text in files.items()
    }


def planned(files: dict[str, str]) -> tuple:
    importer = detect(files)
    plan = importer.build(files)
    records = {kind: list(rows) for kind, rows in plan.records.items()}
    problems = [(p.row, p.field, p.message) for p in plan.problems]
    return importer.format, plan.rows_read, records, problems, dict(plan.unmapped)


@needs_fixtures
@pytest.mark.parametrize(
    "source",
    [
        *sorted((SHARED_FIXTURES / "daylio").glob("*.csv")),
        SHARED_FIXTURES / "loop" / "full-export-2023",
        SHARED_FIXTURES / "loop" / "french-checkmarks-2024" / "Checkmarks.csv",
    ],
    ids=lambda path: path.name,
)
def test_a_file_with_cr_line_ends_plans_what_its_line_feed_twin_plans(source):
    files = load_path(source)
    with_line_feeds = planned(line_ends(files, "\n"))
    assert with_line_feeds[1] > 0
    assert planned(line_ends(files, "\r")) == with_line_feeds


def test_any_csv_with_cr_line_ends_reads_its_rows_and_a_quoted_line_break():
    text = 'Day,Mood,Note\n2024-02-03,7,"two\nlines"\n2024-02-04,5,\n'
    files = line_ends({"sheet.csv": text}, "\r")
    table = generic_csv.read_table(files["sheet.csv"])
    assert (table.columns, table.count, table.problems) == (["Day", "Mood", "Note"], 2, [])
    assert [record for _, record in table.rows()] == [
        ["2024-02-03", "7", "two\nlines"],
        ["2024-02-04", "5", ""],
    ]
    assert planned(files) == planned(line_ends({"sheet.csv": text}, "\n"))


def test_a_stray_cr_in_a_file_of_line_feeds_is_named_in_our_words_not_split():
    text = decode(b"Day,Mood,Note\n2024-02-03,7,a\rb\n2024-02-04,5,\n")
    table = generic_csv.read_table(text)
    (problem,) = table.problems
    assert (problem.row, problem.field) == (2, "row")
    assert "carriage return (CR" in problem.message
    assert "new-line character" not in problem.message
    assert table.lines_not_read == 2
