"""Page 1 of the brief (`analytics.words.first_page`): over 0, 1, 2 and past what is named,
table-driven."""

from __future__ import annotations

from datetime import date

import pytest

from analytics.text import POP_EMBEDDING
from analytics.words import first_page as words

RIGHT_TO_LEFT_OVERRIDE = "\u202e"
NOV = [date(2026, 11, d) for d in (2, 9, 16, 23, 30)]


@pytest.mark.parametrize(
    ("days", "max_named", "expected"),
    [
        ([], 6, "No therapy session in this period."),
        (NOV[:1], 6, "1 therapy session in this period (2 Nov)."),
        (NOV[:2], 6, "2 therapy sessions in this period (2 Nov and 9 Nov)."),
        (
            NOV[:3],
            2,
            "3 therapy sessions in this period, the first on 2 Nov 2026 and the latest "
            "on 16 Nov 2026.",
        ),
    ],
)
def test_the_sessions_are_named_or_past_a_few_counted(days, max_named, expected):
    assert words.sessions_in_period(days, max_named) == expected


HEAD = "Practices, days done against the days agreed by their weekly targets: "


@pytest.mark.parametrize(
    ("named", "more", "met", "expected"),
    [
        ([], 0, 0, "Practices: none logged in this period."),
        ([("Breathing", 1, 1)], 0, 1, HEAD + "Breathing 1 day (1 agreed); 1 of 1 met the target."),
        (
            [("Breathing", 5, 4), ("Walk", 0, 2)],
            0,
            1,
            HEAD + "Breathing 5 days (4 agreed); Walk 0 days (2 agreed); 1 of 2 met the target.",
        ),
        (
            [("Breathing", 2, 2)],
            3,
            0,
            HEAD + "Breathing 2 days (2 agreed); 3 more in the Practice section; 0 of 4 met the "
            "target.",
        ),
    ],
)
def test_practices_say_days_done_against_days_agreed_never_k_of_fewer(named, more, met, expected):
    assert words.practices_against_targets(named, more, met) == expected


def test_a_practice_name_with_an_open_override_is_closed_before_the_days():
    # A name typed with a right-to-left override left open would reverse "2 days (2 agreed)".
    said = words.practices_against_targets([(f"{RIGHT_TO_LEFT_OVERRIDE}Walk", 2, 2)], 0, 1)
    assert f"{RIGHT_TO_LEFT_OVERRIDE}Walk{POP_EMBEDDING} 2 days (2 agreed)" in said


@pytest.mark.parametrize(
    ("start", "has_rows", "heading"),
    [
        (None, False, "Session by session: no session logged yet"),
        (None, True, "Session by session"),
        (date(2026, 11, 2), True, "Session by session since the course began (2 Nov 2026)"),
    ],
)
def test_the_table_heading_says_since_when_and_when_it_is_empty(start, has_rows, heading):
    assert words.table_heading(start, has_rows) == heading


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (None, "No change to compare yet: fewer than 2 responses since the course began."),
        (
            date(2026, 11, 2),
            "No change to compare yet: fewer than 2 responses since the course began (2 Nov 2026).",
        ),
    ],
)
def test_no_change_yet_names_the_course_start_when_known(start, expected):
    assert words.no_change_yet(start) == expected


def test_scores_changes_and_cells_keep_their_figures():
    assert words.score_line("PHQ-9", 17, 27, "moderately severe", date(2026, 12, 3)) == (
        "PHQ-9: 17 of 27, moderately severe (3 Dec 2026)"
    )
    assert words.measure_change("GAD-7", date(2026, 11, 2), "no reliable change", 1, 1) == (
        "GAD-7 since 2 Nov 2026: no reliable change, 1 → 1."
    )
    assert words.wellbeing_cell(6.44, 1) == "6.4 (1 day)"
    assert words.wellbeing_cell(6.0, 0) == "6.0 (0 days)"


@pytest.mark.parametrize("days", [1, 28])
def test_the_table_notes_name_the_days_a_cell_looks_back(days):
    assert f"in the {days} days up to the session" in words.table_note(days)
    assert words.table_note_item_9(days) == f"Item 9 is the highest answer of those {days} days."
