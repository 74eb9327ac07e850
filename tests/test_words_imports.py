"""What an import says about the file it read and what it wrote (`analytics.words.imports`):
true for 0, 1 and more, and a practice's name closed as it enters a sentence."""

from __future__ import annotations

from datetime import date

import pytest

from analytics.entries import EntryKind
from analytics.importers.apply import ImportResult
from analytics.words import imports as words

CHECK_INS, PRACTICES = EntryKind.CHECK_IN, EntryKind.PRACTICE_LOG


@pytest.mark.parametrize(
    ("added", "created", "skipped", "duplicates", "rows", "expected"),
    [
        (
            {},
            [],
            0,
            0,
            3,
            "Nothing new to add: everything in this file is already in your journal.",
        ),
        ({}, [], 0, 0, 0, "Nothing to import: the file has no rows below its header."),
        ({}, [], 1, 0, 1, "Nothing was added: the file's one row had a problem and was skipped."),
        (
            {},
            [],
            2,
            0,
            2,
            "Nothing was added: all 2 rows of the file had problems and were skipped.",
        ),
        (
            # Found by the walk: 1 skipped row of 4 was "the one row with an entry".
            {},
            [],
            1,
            0,
            4,
            "Nothing was added: 1 of the 4 rows of the file had problems and was skipped; "
            "the other 3 have nothing to import.",
        ),
        (
            {},
            [],
            3,
            0,
            4,
            "Nothing was added: 3 of the 4 rows of the file had problems and were skipped; "
            "the other has nothing to import.",
        ),
        ({}, [], 2, 0, None, "Nothing was added: 2 rows with problems were skipped."),
        (
            {},
            [],
            0,
            1,
            1,
            "Nothing new to add: everything in this file is already in your journal. "
            "1 entry already in your journal was left as it was.",
        ),
        (
            {},
            [],
            2,
            2,
            4,
            "Nothing new to add. 2 entries already in your journal were left as they were. "
            "2 rows with problems were skipped.",
        ),
        ({CHECK_INS: 1}, [], 0, 0, 1, "Added 1 check-in."),
        (
            {CHECK_INS: 2, PRACTICES: 1},
            ["Walk", "Read"],
            1,
            0,
            4,
            "Added 2 check-ins, 1 practice done. New practices: Walk, Read. "
            "1 row with problems was skipped.",
        ),
        ({CHECK_INS: 0}, ["Walk"], 0, 0, 1, "Added no entries. New practices: Walk."),
        ({CHECK_INS: 1_200}, [], 0, 0, 1_200, "Added 1,200 check-ins."),
    ],
)
def test_what_an_import_wrote(added, created, skipped, duplicates, rows, expected):
    assert words.import_summary(added, created, skipped, duplicates, rows) == expected
    assert ImportResult(added, created, skipped, duplicates, rows).summary() == expected


def test_a_new_practice_left_open_right_to_left_is_closed():
    # A practice named in the file with an override never closed reversed the rest of the line.
    said = ImportResult({}, ["\u202eklaw", "Read"], 0, 0).summary()
    assert said == "Added no entries. New practices: \u202eklaw\u202c, Read."
    lines = words.preview_lines(words.PreviewFacts(0, "loop", new_practices=(("\u202eklaw", 7),)))
    assert lines[-1] == "  New practices: \u202eklaw\u202c (7x a week)"


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (words.PreviewFacts(0, "csv"), ["Read 0 rows (csv)."]),
        (
            words.PreviewFacts(
                1,
                "daylio",
                new=(("Check-ins", 1),),
                first=date(2026, 11, 1),
                last=date(2026, 11, 1),
                duplicates=1,
                placed=(("rad", 9.0, 1),),
                unplaced=(("meh", 2),),
                new_practices=(("Walk", 3), ("Read", 7)),
                notes=("Dates read as %Y-%m-%d.",),
            ),
            [
                "Read 1 row (daylio).",
                "  Check-ins: 1 new",
                "  On 2026-11-01",
                "  Already in your journal: 1",
                "  Mood 'rad' -> wellbeing 9 (1 row)",
                "  Mood 'meh' needs a place on the 0-10 scale (2 rows)",
                "  New practices: Walk (3x a week), Read (7x a week)",
                "  Dates read as %Y-%m-%d.",
            ],
        ),
        (
            words.PreviewFacts(2_500, "loop", new=(("Practices done", 2_400),), duplicates=0),
            ["Read 2,500 rows (loop).", "  Practices done: 2,400 new"],
        ),
        (
            words.PreviewFacts(2, "csv", first=date(2026, 11, 1), last=date(2026, 11, 2)),
            ["Read 2 rows (csv).", "  From 2026-11-01 to 2026-11-02"],
        ),
    ],
)
def test_the_preview_between_import_prints(facts, expected):
    assert words.preview_lines(facts) == expected


@pytest.mark.parametrize(
    ("bad", "nuls", "expected"),
    [
        (
            1,
            0,
            [
                "f.csv was read as UTF-8, but 1 byte in it is not UTF-8; the row holding it is listed as a problem."
            ],
        ),
        (
            2,
            0,
            [
                "f.csv was read as UTF-8, but 2 bytes in it are not UTF-8; the rows holding them are listed as problems."
            ],
        ),
        (
            0,
            1,
            [
                "f.csv holds 1 NUL (zero) byte, which text never holds; the row holding it is listed as a problem."
            ],
        ),
        (
            0,
            3,
            [
                "f.csv holds 3 NUL (zero) bytes, which text never holds; the rows holding them are listed as problems."
            ],
        ),
    ],
)
def test_how_a_file_was_read(bad, nuls, expected):
    # One byte not UTF-8 was said to be in "the rows holding them".
    said = ([words.bytes_not_utf8("f.csv", bad)] if bad else []) + (
        [words.nul_bytes("f.csv", nuls)] if nuls else []
    )
    assert said == expected
    assert words.read_as_cp1252("f.csv") == (
        "f.csv is not UTF-8: it was read as Windows-1252 (Western European)."
    )


@pytest.mark.parametrize(
    ("entries", "expected"), [(1, "Writing 1 entry..."), (2, "Writing 2 entries...")]
)
def test_writing(entries, expected):
    assert words.writing(entries) == expected


@pytest.mark.parametrize(
    ("first", "last", "fmt", "expected"),
    [
        # Found by the walk: one day was "From 2026-11-01 to 2026-11-01".
        (date(2026, 11, 1), date(2026, 11, 1), "%Y-%m-%d", "On 2026-11-01"),
        (date(2026, 11, 1), date(2026, 11, 1), "%-d %b %Y", "On 1 Nov 2026"),
        (date(2026, 11, 1), date(2026, 12, 3), "%-d %b %Y", "From 1 Nov 2026 to 3 Dec 2026"),
    ],
)
def test_the_days_an_import_covers(first, last, fmt, expected):
    assert words.days_covered(first, last, fmt) == expected


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        # The page said "1 entries are already in your journal ...; they will be left as they are."
        (1, "1 entry is already in your journal from an earlier import; it will be left as it is."),
        (
            1_200,
            "1,200 entries are already in your journal from an earlier import; they will be left "
            "as they are.",
        ),
    ],
)
def test_what_an_earlier_import_brought(entries, expected):
    assert words.already_imported(entries) == expected
