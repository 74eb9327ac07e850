"""The plan PDF's first line (`analytics.words.plan.drafted_from`), in the person's voice."""

from __future__ import annotations

from datetime import date

import pytest

from analytics.words import plan as words


@pytest.mark.parametrize(
    ("made_on", "day"),
    [(date(2026, 12, 1), "1 December 2026"), (date(2027, 1, 31), "31 January 2027")],
)
def test_the_plan_says_what_it_was_drafted_from_and_claims_no_cause(made_on, day):
    said = words.drafted_from(made_on)
    assert said == (
        f"Drafted from my journal up to {day}. What came before a setback is about timing, "
        "not a cause."
    )
    assert " you" not in said  # the plan goes to the therapist in the person's voice
