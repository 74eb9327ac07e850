"""What is said of an export zip being restored (`analytics.words.export_zip`): where it came
from and why it is refused, over 0, 1 and 2, table-driven."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from analytics.dates import DateRange
from analytics.text import POP_EMBEDDING
from analytics.words import export_zip as words

MADE = datetime(2026, 12, 3, 21, 15)


@pytest.mark.parametrize(
    ("version", "period", "whole", "expected"),
    [
        (
            "0.9.0",
            None,
            True,
            "Exported on 3 Dec 2026 by Between Sessions 0.9.0: the whole journal.",
        ),
        (
            None,
            None,
            False,
            "Exported on 3 Dec 2026 by Between Sessions an unknown version: an unnamed range.",
        ),
        (
            "0.9.0",
            DateRange(date(2026, 11, 2), date(2026, 12, 1)),
            False,
            "Exported on 3 Dec 2026 by Between Sessions 0.9.0: 2 Nov – 1 Dec 2026.",
        ),
        (
            "0.9.0",
            DateRange(date(2026, 12, 1), date(2026, 12, 1)),
            False,
            "Exported on 3 Dec 2026 by Between Sessions 0.9.0: 1 Dec 2026.",
        ),
    ],
)
def test_where_the_file_came_from(version, period, whole, expected):
    assert words.exported_on(MADE, version, period, whole) == expected


def test_a_version_from_the_file_cannot_reorder_the_days_after_it():
    said = words.exported_on(MADE, "1.0\u202e", None, True)
    assert f"1.0\u202e{POP_EMBEDDING}: the whole journal." in said


@pytest.mark.parametrize(
    ("cells", "header", "expected"),
    [
        (0, 3, "has 0 cells where the header has 3"),
        (1, 3, "has 1 cell where the header has 3"),
        (2, 3, "has 2 cells where the header has 3"),
        (4, 1, "has 4 cells where the header has 1"),
    ],
)
def test_a_ragged_row_counts_its_cells(cells, header, expected):
    assert words.cells_against_header(cells, header) == expected


@pytest.mark.parametrize(
    ("positions", "where"), [([2, 4], "columns 2 and 4"), ([1, 2, 5], "columns 1, 2 and 5")]
)
def test_a_column_named_twice_says_where(positions, where):
    assert words.named_twice("'mood'", positions) == (
        f"the header row names the column 'mood' more than once ({where}), so which one to "
        "read is unclear"
    )


@pytest.mark.parametrize(
    ("problems", "more", "tail"),
    [
        (["a.csv: x"], 0, ""),
        (["a.csv: x", "b.csv, row 2: y"], -5, ""),
        (["a.csv: x"], 1, "\n- … and 1 more"),
        (["a.csv: x"], 12, "\n- … and 12 more"),
    ],
)
def test_a_refusal_lists_its_problems_and_says_how_many_more(problems, more, tail):
    listed = "\n".join(f"- {p}" for p in problems)
    assert words.cannot_be_restored(problems, more) == (
        f"This file cannot be restored, and your journal was not changed:\n{listed}{tail}"
    )


def test_limits_are_said_in_whole_mebibytes():
    assert words.too_big(32 << 20, found_unpacking=False) == (
        "would unpack to more than 32 MiB; it is not part of a journal export"
    )
    assert words.too_big(32 << 20, found_unpacking=True).startswith("unpacks to more than 32 MiB")
    assert words.more_than_memory(2048 << 20).startswith("unpacks to more than 2,048 MiB, more")
    assert words.too_many_files(1001) == "holds 1,001 files; it is not a journal export"
    assert words.damaged_inside(True) == (
        "is damaged inside the zip (its contents do not match its checksum)"
    )
    assert words.damaged_inside(False) == "is damaged inside the zip (it cannot be unpacked)"
    assert words.not_valid_csv(4, "unexpected end of data") == (
        "is not valid CSV near line 4 (unexpected end of data)"
    )
    assert words.no_rows_for("triggers") == "has no list of rows for 'triggers'"
