"""What `between measure` prints of a response (`analytics.words.measures`, its terminal
functions): the total as the terminal shows it, its meaning on the scale at the edges of the
bands and of the cut-off, and the change since the last response."""

from __future__ import annotations

from datetime import date

import pytest

from analytics.measures import MEASURES, change
from analytics.words import measures as words

PHQ9, GAD7, WHO5 = MEASURES["phq9"], MEASURES["gad7"], MEASURES["who5"]
TAIL = " One questionnaire is one view of two weeks: worth talking over with your therapist."


@pytest.mark.parametrize(
    ("m", "total", "expected"),
    [
        (
            PHQ9,
            0,
            "The PHQ-9 asks about depression over the last 2 weeks, from 0 to 27 (lower is "
            "better); minimal is 0 to 4. 10 or more is the usual clinical cut-off, and 0 is "
            "below it.",
        ),
        (
            PHQ9,
            10,
            "The PHQ-9 asks about depression over the last 2 weeks, from 0 to 27 (lower is "
            "better); moderate is 10 to 14. 10 or more is the usual clinical cut-off, and 10 is "
            "at or above it.",
        ),
        (
            GAD7,
            21,
            "The GAD-7 asks about anxiety over the last 2 weeks, from 0 to 21 (lower is "
            "better); severe is 15 to 21. 8 or more is the usual clinical cut-off, and 21 is "
            "at or above it.",
        ),
        (
            WHO5,
            48,
            "The WHO-5 asks about wellbeing over the last 2 weeks, from 0 to 100% (higher is "
            "better); low is 32 to 48%. Below 50% suggests poor wellbeing, and 48% is below it.",
        ),
        (
            WHO5,
            52,
            "The WHO-5 asks about wellbeing over the last 2 weeks, from 0 to 100% (higher is "
            "better); good is 52 to 100%. Below 50% suggests poor wellbeing, and 52% is at or "
            "above it.",
        ),
    ],
)
def test_meaning_on_its_scale_at_the_cut_off(m, total, expected):
    assert words.meaning_on_its_scale(m, total) == expected + TAIL


@pytest.mark.parametrize(
    ("m", "total", "band", "expected"),
    [
        (PHQ9, 0, "minimal", "PHQ-9 on Mon 7 Dec 2026: 0, minimal."),
        (WHO5, 64, "good", "WHO-5 on Mon 7 Dec 2026: 64%, good."),
    ],
)
def test_answered(m, total, band, expected):
    assert words.answered(m, date(2026, 12, 7), total, band) == expected


@pytest.mark.parametrize(
    ("m", "earlier", "later", "expected"),
    [
        (PHQ9, 14, 14, "Since your last PHQ-9 (23 Nov 2026, 14): no reliable change."),
        (
            PHQ9,
            14,
            4,
            "Since your last PHQ-9 (23 Nov 2026, 14): reliable improvement to below the cut-off.",
        ),
        (
            WHO5,
            40,
            60,
            "Since your last WHO-5 (23 Nov 2026, 40%): a meaningful improvement (10 points or "
            "more).",
        ),
    ],
)
def test_since_last_in_the_measures_own_change_words(m, earlier, later, expected):
    outcome = change(m.key, earlier, later)
    assert words.since_last(m, date(2026, 11, 23), earlier, outcome) == expected
