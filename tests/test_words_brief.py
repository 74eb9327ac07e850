"""The brief's own lines (`analytics.words.brief`), true for 0, 1 and many."""

from __future__ import annotations

from datetime import date

import pytest

from analytics.dates import DateRange
from analytics.words import brief


@pytest.mark.parametrize(
    ("n", "said"),
    [
        (0, "0 reflections written in this period."),
        (1, "1 reflection written in this period."),
        (2, "2 reflections written in this period."),
    ],
)
def test_the_reflections_count_agrees_with_its_number(n, said):
    assert brief.reflections_written(n) == said


def test_a_setback_line_gives_its_start_its_label_and_its_depth_to_one_place():
    line = brief.setback_line(date(2026, 11, 3), "eased in 4 days", 2.345)
    assert line == "Setback from 3 Nov: eased in 4 days, 2.3 points below trend at its lowest."


def test_the_patterns_heading_names_the_days_and_the_last_day_in_full():
    assert (
        brief.patterns_heading(90, date(2026, 11, 24))
        == "Patterns in the 90 days up to 24 November 2026"
    )


def test_a_one_day_period_is_named_once():
    """Found by the walk: a one-day brief read "24 November 2026 to 24 November 2026"."""
    from analytics.words import review as review_words

    one = DateRange(date(2026, 11, 24), date(2026, 11, 24))
    assert review_words.chart_dates(one) == "24 Nov 2026"
