"""What is wrong with an imported file, in words (`analytics.words.import_problems`): each
message true for 0, 1 and more, the same wherever the format modules find the fault."""

from __future__ import annotations

import pytest

from analytics.entries import InvalidEntry
from analytics.importers import MAX_BYTES, CsvRecords, ImportRefused, load_bytes, loop
from analytics.words import import_problems as words


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (1, "x, so the 1 line from here to the end of the file was not read; fix"),
        (2, "x, so the 2 lines from here to the end of the file were not read; fix"),
        (1200, "x, so the 1,200 lines from here to the end of the file were not read; fix"),
    ],
)
def test_lines_not_read_agree_with_their_number(lines, expected):
    assert words.not_read_to_the_end("x", lines).startswith(expected)


@pytest.mark.parametrize(
    ("has", "of", "noun", "expected"),
    [
        (0, 1, "column", "is missing: the row has 0 of 1 column"),
        (1, 2, "column", "is missing: the row has 1 of 2 columns"),
        (0, 2, "habit", "is missing: the row has 0 of 2 habits"),
        (2, 1_500, "habit", "is missing: the row has 2 of 1,500 habits"),
    ],
)
def test_missing_cells_name_the_whole_in_its_number(has, of, noun, expected):
    assert words.missing_cells(has, of, noun) == expected


@pytest.mark.parametrize(
    ("has", "header", "noun", "why", "expected"),
    [
        (2, 1, "column", "", "has 2 columns; the header has 1"),
        (6, 5, "cell", "why", "has 6 cells; the header has 5 (why)"),
    ],
)
def test_too_many_cells(has, header, noun, why, expected):
    assert words.too_many_cells(has, header, noun, why) == expected


@pytest.mark.parametrize(
    ("problems", "expected"),
    [
        (0, "No problems: p.txt is empty."),
        (1, "The one problem is in p.txt."),
        (2, "All 2 problems are in p.txt."),
        (1000, "All 1,000 problems are in p.txt."),
    ],
)
def test_the_problems_file_is_said_for_0_1_and_many(problems, expected):
    # It said "All 1 problems are in …" for one.
    assert words.problems_written(problems, "p.txt") == expected


@pytest.mark.parametrize(
    ("problems", "rows", "expected"),
    [
        (1, 1, "Import refused: 1 problem in 1 row."),
        (2, 1, "Import refused: 2 problems in 1 row."),
        (3, 2, "Import refused: 3 problems in 2 rows."),
    ],
)
def test_the_refusal_counts_problems_and_rows_apart(problems, rows, expected):
    assert words.problems_refusal(problems, rows).startswith(expected)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [(1, "Import refused: 1 line at the end"), (3, "Import refused: 3 lines at the end")],
)
def test_lines_not_read_refusal(lines, expected):
    said = words.lines_not_read_refusal(lines)
    assert said.startswith(expected) and "--skip-bad-rows skips rows, never the rest" in said


@pytest.mark.parametrize(
    ("labels", "example"),
    [(["okay"], '"okay=5"'), (["okay", "meh", "rad"], '"okay=5, meh=5, rad=5"')],
)
def test_mood_map_hint_gives_an_example_per_label(labels, example):
    assert f"--mood-map {example} (0 = worst, 10 = best)." in words.mood_map_hint(labels)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (words.not_a_time("25:00"), "'25:00' is not a time like 20:39 or 8:39 PM"),
        (words.not_a_loop_date("x"), "'x' is not a date like 2023-04-04 or 04-04-23"),
        (words.not_in_date_format("1/2", "%Y-%m-%d"), "'1/2' does not match the format %Y-%m-%d"),
        (words.no_such_column("Mood"), "no column named 'Mood' in this file"),
        (words.not_a_checkmark("?"), "'?' is not a checkmark value"),
        (
            words.not_a_checkmark("?", "A/Checkmarks.csv"),
            "'?' in A/Checkmarks.csv is not a checkmark value",
        ),
        (words.value_missing("A/Checkmarks.csv"), "value is missing in A/Checkmarks.csv"),
        (
            words.not_csv("field larger than field limit"),
            "could not be read as CSV (field larger than field limit)",
        ),
    ],
)
def test_a_cell_is_quoted_as_typed(said, expected):
    assert said == expected


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (MAX_BYTES + 1, "big.csv is just over 50 MB; files over 50 MB are refused"),
        (MAX_BYTES + 50_000, "big.csv is just over 50 MB; files over 50 MB are refused"),
        (MAX_BYTES + 1024 * 1024, "big.csv is 51.0 MB; files over 50 MB are refused"),
        (3 * MAX_BYTES, "big.csv is 150.0 MB; files over 50 MB are refused"),
    ],
)
def test_a_file_too_large_is_said_in_mb(size, expected):
    # A file a few bytes over the limit was "50.0 MB; files over 50 MB are refused".
    assert words.too_big("big.csv", size, MAX_BYTES).startswith(expected)


def test_a_file_just_over_the_limit_is_refused_in_those_words():
    with pytest.raises(ImportRefused, match="^up.csv is just over 50 MB; files over 50 MB"):
        load_bytes(b"x" * (MAX_BYTES + 10), "up.csv")


def test_a_loop_row_short_of_its_one_habit_says_habit():
    # The row and field still named, the whole in its number: "of 1 habits" before.
    plan = loop.build({"Checkmarks.csv": "Date,Walk\n2024-01-03,2\n2024-01-04\n"})
    assert [str(p) for p in plan.problems] == ["Row 3, Walk: is missing: the row has 0 of 1 habit"]


def test_a_stopped_record_names_its_row_and_the_lines_not_read():
    records = CsvRecords('a\n"unclosed\nmore\n')
    assert list(records) == [["a"]]
    problem = records.stop_problem(2)
    assert isinstance(problem, InvalidEntry)
    assert str(problem) == (
        'Row 2, row: opens a quote (") that is never closed, so the 2 lines from here to the '
        "end of the file were not read; fix the file and import it again"
    )
