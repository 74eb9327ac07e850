"""`CsvRecords.read_all`: every record at once, exactly as reading them one by one gives them.

The Daylio import reads a file with `read_all` (csv.reader's own loop, no Python step per
record); its records, and where and why it stopped, must be those of the record-by-record
reading that names a quote never closed and the lines it swallowed.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.importers import CsvRecords, ImportRefused, daylio

PIECES = ["a", "b,c", '"q"', '"open', 'x"y', '""', ",", "\n", "\r\n", "\r", " ", "\x00", "é"]


def both(text: str) -> tuple[tuple, tuple]:
    one_by_one = CsvRecords(text)
    records = list(one_by_one)
    at_once = CsvRecords(text)
    return (
        (records, one_by_one.stopped, one_by_one.lines_not_read),
        (at_once.read_all(), at_once.stopped, at_once.lines_not_read),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_read_all_gives_the_records_and_the_stop_of_reading_one_by_one(pieces):
    expected, got = both("".join(pieces))
    assert got == expected


def test_a_last_record_over_several_lines_is_kept_when_closed_and_stops_when_never_closed():
    closed = 'day,note\n2024-01-01,"two\nlines"\n'
    assert both(closed)[1] == ([["day", "note"], ["2024-01-01", "two\nlines"]], None, 0)
    unclosed = 'day,note\n2024-01-01,ok\n2024-01-02,"never\nclosed\n2024-01-03,x\n'
    expected, got = both(unclosed)
    assert got == expected == ([["day", "note"], ["2024-01-01", "ok"]], expected[1], 3)
    assert "never closed" in got[1]


def test_a_file_cut_short_inside_a_quote_on_its_last_line_stops_and_an_inch_mark_does_not():
    """Found by attack: a last record of one line opening a quote it never closes (a file cut
    short) was read as whole; a quote inside an unquoted field is the field's own."""
    cut = 'day,note\n2024-01-01,ok\n2024-01-02,"unclosed\n'
    expected, got = both(cut)
    assert got == expected == ([["day", "note"], ["2024-01-01", "ok"]], expected[1], 1)
    assert "never closed" in got[1]
    inch = "day,note\n2024-01-01,height 5'6\"\n"
    assert both(inch)[1] == ([["day", "note"], ["2024-01-01", "height 5'6\""]], None, 0)


def test_a_daylio_header_naming_a_column_twice_is_refused():
    """Found by attack: two 'mood' columns, and the second was read (stored as 0 for 'good')."""
    text = "full_date,date,weekday,time,mood,mood,activities,note\n"
    text += "2024-03-01,March 1,Friday,09:00,good,awful,,\n"
    with pytest.raises(ImportRefused, match="'mood' more than once"):
        daylio.DaylioFile(text)


def test_a_daylio_file_names_each_bad_row_in_file_order_among_good_ones():
    text = (
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        "2024-01-03,January 3,Wednesday,9:00 AM,good,walk,,fine\n"
        "2024-01-02,January 2,Monday,9:00 AM,good,,,\n"  # a Tuesday
        "\n"
        "2024-01-02,January 2,Tuesday,25:00,good,,,\n"
        "2024-01-01,January 1,Monday,8:00 PM,,walk,,\n"
        "2024-01-01,January 1\n"
        '2024-01-01,January 1,Monday,8:30 PM,rad,walk | walk,Title,"a, b"\n'
    )
    parsed = daylio.DaylioFile(text)
    assert [(p.row, p.field) for p in parsed.problems] == [
        (3, "weekday"),
        (5, "time"),
        (6, "mood"),
        (7, "weekday"),
    ]
    assert parsed.numbers == [2, 8] and parsed.rows_read == 6
    assert parsed.notes == ["fine", "Title\na, b"]
    assert parsed.activities == {"walk": 3}
    plan = daylio.plan(parsed, practices=["walk"])
    logs = list(plan.records[daylio.EntryKind.PRACTICE_LOG])
    assert [(log["_row"], log["local_time"].isoformat()) for log in logs] == [
        (2, "2024-01-03T09:00:00"),
        (8, "2024-01-01T20:30:00"),
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30), st.integers(1, 4))
def test_reading_in_chunks_gives_the_records_and_the_stop_of_reading_one_by_one(pieces, size):
    """A large any-CSV file is read a chunk at a time (`CsvRecords.chunks`): never every record
    at once, and never a different record, stop or count of lines not read."""
    text = "".join(pieces)
    one_by_one = CsvRecords(text)
    expected = (list(one_by_one), one_by_one.stopped, one_by_one.lines_not_read)
    chunked = CsvRecords(text)
    chunks = list(chunked.chunks(size))
    assert all(0 < len(chunk) <= size for chunk in chunks)
    got = (
        [record for chunk in chunks for record in chunk],
        chunked.stopped,
        chunked.lines_not_read,
    )
    assert got == expected
