"""What a `between` command says it wrote (`analytics.words.written`), over 0, 1 and 2 of
each count, locked or not, the private text in or left out."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from analytics.words import written

OUT = Path("out/file")
DB = Path("j.duckdb")


@pytest.mark.parametrize(
    ("locked", "expected"),
    [
        (False, "Wrote the backup b1 to out/file. Restore it with `between restore`."),
        (
            True,
            "Wrote the backup b1, locked with your password, to out/file. Restore it with "
            "`between restore`.",
        ),
    ],
)
def test_backup_exported(locked, expected):
    assert written.backup_exported("b1", locked, OUT) == expected


@pytest.mark.parametrize(
    ("period", "locked", "expected"),
    [
        (None, False, "Wrote the whole journal to out/file."),
        (None, True, "Wrote the whole journal, locked with your password, to out/file."),
        ("1 – 31 Mar 2026", False, "Wrote 1 – 31 Mar 2026 to out/file."),
        ("29 Nov 2026", True, "Wrote 29 Nov 2026, locked with your password, to out/file."),
    ],
)
def test_export_written(period, locked, expected):
    assert written.export_written(period, locked, OUT) == expected


@pytest.mark.parametrize(
    ("entries", "dry_run", "expected"),
    [
        (0, False, "Added 0 entries to j.duckdb."),
        (1, False, "Added 1 entry to j.duckdb."),
        (2, False, "Added 2 entries to j.duckdb."),
        (1234, False, "Added 1,234 entries to j.duckdb."),
        (0, True, "Would add 0 entries to j.duckdb (nothing was written)."),
        (1, True, "Would add 1 entry to j.duckdb (nothing was written)."),
        (2, True, "Would add 2 entries to j.duckdb (nothing was written)."),
    ],
)
def test_restored_counts_entries_with_their_plural(entries, dry_run, expected):
    assert written.restored(entries, DB, dry_run) == expected


@pytest.mark.parametrize(
    ("ended", "counts", "expected"),
    [
        (
            False,
            {"check_ins": 1, "sessions": 0},
            "Wrote the sample journal to j.duckdb: 1 check-in, 0 therapy sessions.",
        ),
        (
            True,
            {"practice_log": 2, "measure_responses": 1},
            "Wrote the sample journal after therapy has ended to j.duckdb: 2 practices done, "
            "1 questionnaire.",
        ),
    ],
)
def test_sample_written_names_each_kind_with_its_count(ended, counts, expected):
    assert written.sample_written(ended, DB, counts) == expected


@pytest.mark.parametrize(
    ("private", "locked", "expected"),
    [
        (
            False,
            False,
            "Wrote the brief for 1 – 7 Mar 2026 (private notes, reflections and goals left "
            "out) to out/file.",
        ),
        (
            False,
            True,
            "Wrote the brief for 1 – 7 Mar 2026 (private notes, reflections and goals left "
            "out, locked with your password) to out/file.",
        ),
        (
            True,
            False,
            "Wrote the brief for 1 – 7 Mar 2026 (with your notes and reflections) to out/file.",
        ),
        (
            True,
            True,
            "Wrote the brief for 1 – 7 Mar 2026 (with your notes and reflections, locked with "
            "your password) to out/file.",
        ),
    ],
)
def test_brief_written(private, locked, expected):
    assert written.brief_written("1 – 7 Mar 2026", private, locked, OUT) == expected


@pytest.mark.parametrize(
    ("private", "expected"),
    [
        (False, "Wrote your plan for after therapy (your own words left out) to out/file."),
        (True, "Wrote your plan for after therapy (with your own words) to out/file."),
    ],
)
def test_plan_written(private, expected):
    assert written.plan_written(private, OUT) == expected


AT = time(20, 5)
PHQ = ("PHQ-9", date(2026, 12, 3))
GAD = ("GAD-7", date(2026, 12, 10))
TAIL = ". Import it into your calendar; nothing was sent."


@pytest.mark.parametrize(
    ("sessions", "cancelled", "due", "every", "said"),
    [
        (0, 0, [], None, "a daily check-in reminder at 20:05, 0 therapy sessions"),
        (
            1,
            0,
            [],
            None,
            "a daily check-in reminder at 20:05, 1 therapy session, with a reminder the "
            "evening before",
        ),
        (
            2,
            1,
            [],
            None,
            "a daily check-in reminder at 20:05, 2 therapy sessions, each with a reminder the "
            "evening before, 1 session date marked cancelled",
        ),
        (
            0,
            2,
            [PHQ],
            None,
            "a daily check-in reminder at 20:05, 0 therapy sessions, 2 session dates marked "
            "cancelled, and PHQ-9 due 3 Dec",
        ),
        (
            0,
            0,
            [PHQ, GAD],
            30,
            "a daily check-in reminder at 20:05, 0 therapy sessions, and PHQ-9 due 3 Dec and "
            "GAD-7 due 10 Dec, each then every 30 days (therapy has ended)",
        ),
        (
            # Found by the walk: "PHQ-9 due 16 Dec, GAD-7 due 16 Dec and WHO-5 due 16 Dec,
            # then every 30 days" read as if WHO-5 alone repeated.
            0,
            0,
            [PHQ, ("GAD-7", PHQ[1]), ("WHO-5", PHQ[1])],
            30,
            "a daily check-in reminder at 20:05, 0 therapy sessions, and PHQ-9, GAD-7 and "
            "WHO-5 due 3 Dec, each then every 30 days (therapy has ended)",
        ),
        (
            0,
            0,
            [PHQ],
            30,
            "a daily check-in reminder at 20:05, 0 therapy sessions, and PHQ-9 "
            "due 3 Dec, then every 30 days (therapy has ended)",
        ),
        # How often is said only with something due to repeat.
        (0, 0, [], 30, "a daily check-in reminder at 20:05, 0 therapy sessions"),
    ],
)
def test_reminders_written_counts_what_the_calendar_holds(sessions, cancelled, due, every, said):
    assert written.reminders_written(OUT, AT, sessions, cancelled, due, every) == (
        f"Wrote out/file: {said}{TAIL}"
    )


def test_a_date_moved_away_from_is_said_moved_not_cancelled():
    """Found by the walk: "2 session dates marked cancelled" counted a date the schedule moved."""
    said = written.reminders_written(OUT, AT, 3, 2, [], None, moved=1)
    assert said == (
        "Wrote out/file: a daily check-in reminder at 20:05, 3 therapy sessions, each with a "
        f"reminder the evening before, 1 session date marked cancelled, 1 session date marked "
        f"moved{TAIL}"
    )
