"""How long setbacks took to ease, in words: the one wording the progress page, the session
review, the brief's figures and the plan share (`analytics.words.recovery`)."""

from __future__ import annotations

import pytest

from analytics.setbacks import MIN_USUALLY, recovery
from analytics.words import recovery as words


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ([], None),
        ([7], "7 days"),
        ([1], "1 day"),
        ([5, 7], "5 and 7 days"),
        ([7, 5], "5 and 7 days"),
        ([5, 7, 9], "usually about 7 days"),
        ([4, 4, 6, 6], "usually about 5 days"),
        ([4.4, 5.6], "4 and 6 days"),
    ],
)
def test_no_usually_below_three_recoveries(days, expected):
    assert words.typical_days(recovery(days)) == expected


def test_usually_starts_at_the_minimum():
    assert not recovery([1] * (MIN_USUALLY - 1)).usual
    assert recovery([1] * MIN_USUALLY).usual


@pytest.mark.parametrize(
    ("days", "setbacks", "progress", "review", "title", "figure", "plan"),
    [
        (
            [],
            2,
            "",
            None,
            "Days to recover from each setback",
            "",
            "",
        ),
        (
            [5],
            1,
            "; it eased in 5 days",
            "it eased in 5 days",
            "Setbacks eased in 5 days",
            ", eased in 5 days",
            "",
        ),
        (
            [5],
            3,
            "; one eased in 5 days",
            "one eased in 5 days",
            "Setbacks eased in 5 days",
            ", eased in 5 days",
            "; they eased in 5 days (1 of 3 have eased)",
        ),
        (
            [5, 7],
            2,
            "; two eased, in 5 and 7 days",
            "they eased in 5 and 7 days",
            "Setbacks eased in 5 and 7 days",
            ", eased in 5 and 7 days",
            "; they eased in 5 and 7 days",
        ),
        (
            [4, 6, 9],
            4,
            "; you usually recover in about 6 days",
            "they usually eased in about 6 days",
            "Setbacks usually eased in about 6 days",
            ", eased in about 6 days",
            "; they usually eased in about 6 days (3 of 4 have eased)",
        ),
    ],
)
def test_each_place_says_the_same_recovery(days, setbacks, progress, review, title, figure, plan):
    found = recovery(days)
    assert words.progress_clause(found, setbacks) == progress
    assert words.review_clause(found, setbacks) == review
    assert words.title(found) == title
    assert words.figure(found) == figure
    assert words.plan_clause(found, setbacks) == plan


def test_eased_in_refuses_no_recovery():
    with pytest.raises(ValueError):
        words.eased_in(recovery([]))
