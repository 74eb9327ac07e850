"""What the PDF brief says of itself (`analytics.words.brief_pdf`): over 0, 1 and 2 of each
part, table-driven."""

from __future__ import annotations

from datetime import date

import pytest

from analytics.dates import DateRange
from analytics.words import brief_pdf as words


def test_the_footer_names_the_day_it_was_made_and_that_it_is_private():
    assert words.footer(date(2026, 12, 7)) == (
        "Between Sessions · made on 7 December 2026 · private, shared by choice"
    )


@pytest.mark.parametrize(
    ("period", "compared_with", "expected"),
    [
        (
            DateRange(date(2026, 12, 7), date(2026, 12, 7)),
            None,
            "Period: 7 December 2026 (1 day)",  # not "7 December 2026 to 7 December 2026"
        ),
        (
            DateRange(date(2026, 11, 2), date(2026, 11, 29)),
            DateRange(date(2026, 10, 5), date(2026, 11, 1)),
            "Period: 2 November 2026 to 29 November 2026 (28 days), compared with 5 Oct to "
            "1 Nov 2026",
        ),
    ],
)
def test_the_period_line_counts_its_days_and_names_the_comparison(period, compared_with, expected):
    assert words.period_line(period, compared_with) == expected


@pytest.mark.parametrize(
    ("n", "private", "agenda", "patterns"),
    [
        (1, "1 excerpt from your notes", "Your agenda: 1 item.", "Patterns: 1 pattern."),
        (2, "2 excerpts from your notes", "Your agenda: 2 items.", "Patterns: 2 patterns."),
    ],
)
def test_the_preview_counts_each_part_it_holds(n, private, agenda, patterns):
    lines, left_out = words.preview_lines(("Wellbeing", "Triggers"), ("A", "B"), n, n, n, ())
    assert lines == (
        "The period and summary; sections: Wellbeing and Triggers.",
        "Charts: A; B.",
        f"{private}, reflections and goals.",
        agenda,
        patterns,
    )
    assert left_out is None


def test_a_part_with_none_in_is_not_said():
    lines, left_out = words.preview_lines(("Wellbeing",), (), 0, 0, 0, ("the charts",))
    assert lines == ("The period and summary; sections: Wellbeing.",)
    assert left_out == "Left out: the charts."


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, ()),
        (
            1,
            (
                "1 excerpt from private notes, reflections and goals",
                words.ITEM_9_LEFT_OUT,
                "the agenda (1 item)",
                "the charts",
                "the patterns (1 pattern)",
            ),
        ),
        (
            2,
            (
                "2 excerpts from private notes, reflections and goals",
                words.ITEM_9_LEFT_OUT,
                "the agenda (2 items)",
                "the charts",
                "the patterns (2 patterns)",
            ),
        ),
    ],
)
def test_what_is_left_out_is_named_with_how_many(n, expected):
    assert words.left_out(n, bool(n), n, bool(n), n) == expected


@pytest.mark.parametrize(
    ("n", "agenda", "patterns"),
    [
        (0, "Include the agenda (0 items)", "Include the patterns (0 patterns)"),
        (1, "Include the agenda (1 item)", "Include the patterns (1 pattern)"),
        (2, "Include the agenda (2 items)", "Include the patterns (2 patterns)"),
    ],
)
def test_the_tick_boxes_count_what_they_put_in(n, agenda, patterns):
    assert words.agenda_choice_label(n) == agenda
    assert words.patterns_choice_label(n) == patterns
