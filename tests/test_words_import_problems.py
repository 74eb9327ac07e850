"""What is wrong with an imported file, in words (`analytics.words.import_problems`): each
message true for 0, 1 and more, the same wherever the format modules find the fault."""

from __future__ import annotations

from datetime import date

import pytest

from analytics.entries import InvalidEntry
from analytics.importers import MAX_BYTES, CsvRecords, ImportRefused, load_bytes, loop, registry
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
    ("problems", "expected"),
    [
        # Found by the walk: "Fix them" was said of one problem.
        (1, "Nothing was written. Fix it, or add --skip-bad-rows"),
        (2, "Nothing was written. Fix them, or add --skip-bad-rows"),
    ],
)
def test_the_refusal_says_it_of_one_problem(problems, expected):
    assert expected in words.problems_refusal(problems, 1)


@pytest.mark.parametrize(
    ("problems", "rows", "expected"),
    [
        (1, 0, "1 problem with the whole file"),
        (2, 0, "2 problems with the whole file"),
        (1, 1, "1 problem in 1 row"),
        (5, 2, "5 problems in 2 rows"),
    ],
)
def test_problems_found_says_a_problem_of_no_row_is_the_whole_file_s(problems, rows, expected):
    # Found by the walk: a problem of the date column as a whole was "1 problem in 1 row".
    assert words.problems_found(problems, rows) == expected


@pytest.mark.parametrize(
    ("sampled", "cut", "expected"),
    [
        (1, False, "the one date in 'Day' is in no date format Between Sessions knows"),
        (3, False, "none of the 3 dates in 'Day' is in a date format Between Sessions knows"),
        (200, True, "none of the first 200 dates in 'Day' is in a date format"),
    ],
)
def test_no_known_date_format_says_how_many_dates_were_tried(sampled, cut, expected):
    # It said "...; choose one", which the command has no way to do.
    said = words.no_known_date_format("Day", sampled, cut)
    assert said.startswith(expected)
    assert "choose" not in said


def test_the_whole_file_refusal_and_what_the_command_can_do():
    assert words.whole_file_refusal(1).startswith(
        "Import refused: That problem is with the whole file, not with a row, so "
        "--skip-bad-rows cannot skip it."
    )
    assert "cannot skip them" in words.whole_file_refusal(2)
    assert "Import page" in words.date_format_refusal()


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


@pytest.mark.parametrize(
    ("spellings", "columns", "expected"),
    [
        (["Mood"], [2, 4], "names the column 'Mood' more than once (columns 2 and 4), so"),
        (
            ["Mood", "mood", "MOOD"],
            [1, 3, 4],
            "names the column 'Mood' more than once, as 'Mood', 'mood' and 'MOOD' (columns 1, 3 "
            "and 4), so",
        ),
    ],
)
def test_a_column_named_twice_names_every_column(spellings, columns, expected):
    said = words.named_twice(1, spellings, columns)
    assert said.startswith("Row 1, the header, ") and expected in said


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (1, "This file has no Daylio header and 1 column; Daylio writes 7 to 9."),
        (2, "This file has no Daylio header and 2 columns; Daylio writes 7 to 9."),
    ],
)
def test_a_file_that_is_not_daylio_counts_its_columns(columns, expected):
    assert words.not_daylio(columns).startswith(expected)


def test_a_one_column_file_forced_as_daylio_says_1_column():
    # "and 1 columns" before.
    with pytest.raises(ImportRefused, match="no Daylio header and 1 column;"):
        registry.importer_for("daylio").build({"f.csv": "x\n1\n"})


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (0, "A daylio import reads one CSV file; this holds 0 files."),
        (2, "A daylio import reads one CSV file; this holds 2 files."),
    ],
)
def test_one_file_only_names_what_it_was_given(files, expected):
    assert words.one_file_only("daylio", files) == expected


@pytest.mark.parametrize(
    ("nul", "what"), [(True, "a NUL (zero) byte"), (False, "a byte that is not UTF-8")]
)
def test_a_header_byte_says_which_byte(nul, what):
    assert words.bad_header_byte(1, 2, "b\ufffd", nul).startswith(
        f"Row 1, the header, holds {what} in column 2 ('b\ufffd', shown with \ufffd)"
    )


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (words.lines_not_read(1), "1 line at the end of the file could not be read as rows"),
        (words.lines_not_read(2), "2 lines at the end of the file could not be read as rows"),
        (words.problems_to_fix(1, 1), "1 problem in 1 row; fix it, or choose to skip that row."),
        (words.problems_to_fix(4, 3), "4 problems in 3 rows; fix them, or choose to skip those"),
        (words.problems_to_fix(1, 0), "1 problem with the whole file; fix it first."),
        (words.not_label_value("okay"), "--mood-map: 'okay' is not label=value"),
        (words.mood_value_not_a_number("x", "okay"), "--mood-map: 'x' for 'okay' is not a number"),
        (words.mood_value_off_the_scale("11", "okay"), "--mood-map: '11' for 'okay' is outside"),
        (words.folder_without_csv("exports"), "The folder exports holds no CSV files."),
        (words.no_csv_files("e.zip"), "e.zip holds no CSV files."),
        (
            words.weekday_mismatch("Mon", date(2026, 1, 6)),
            "'Mon' does not match 2026-01-06, which was a Tuesday",
        ),
        (words.not_a_tracker_date(date(1900, 1, 1)), "1900-01-01 is not a date a tracker could"),
    ],
)
def test_refusals_of_the_whole_file(said, expected):
    assert said.startswith(expected)


@pytest.mark.parametrize(
    ("rest", "expected"), [(1, "… and 1 more problem"), (1_000, "… and 1,000 more problems")]
)
def test_more_problems(rest, expected):
    assert words.more_problems(rest) == expected


@pytest.mark.parametrize(
    ("problems", "rows", "expected"),
    [
        # It said "Each is listed below by row and field" of one problem, and of one in no row.
        (1, 1, "1 problem in 1 row. It is listed below by row and field."),
        (1, 0, "1 problem with the whole file. It is listed below by field."),
        (3, 2, "3 problems in 2 rows. Each is listed below by row and field."),
        (25, 25, "25 problems in 25 rows. The first 20 are listed below by row and field."),
    ],
)
def test_the_import_page_heads_its_problem_list(problems, rows, expected):
    assert words.problems_listed(problems, rows, 20) == expected
