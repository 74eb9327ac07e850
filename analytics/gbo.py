"""The Goal-Based Outcomes tool (GBO): its rules and the validators of its rows.

GBO (Law & Jacob, Child Outcomes Research Consortium, CORC: "Goals and Goal Based Outcomes
(GBOs): some useful information", 3rd ed., CAMHS Press 2015) asks a person to set up to three
goals in their own words and to rate, at a session or any other time, how close they are to
each: 0 (not at all close) to 10 (the goal is reached), whole numbers only. Progress is the
change from the goal's first rating.

No change on this scale is called "reliable" here. Published reliable-change figures for GBO
(for example Edbrooke-Childs, Jacob, Law, Deighton & Wolpert 2015, "Interpreting standardized
and idiographic outcome measures in CAMHS", Child and Adolescent Mental Health 20(3)) were
derived from children and young people in child and adolescent mental health services, not
from the adults who use this journal, and the figure could not be checked against the paper
itself while this was written; so a change is stated as "a change of N points" and judged by
nobody but the person and their therapist.

Pure: no storage, no Streamlit (storage's row builders import it, as they do `measures`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, cast

from analytics.entries import InvalidEntry, quoted

RATING_MIN, RATING_MAX = 0, 10
MAX_ACTIVE = 3
"""GBO asks for up to three goals at a time."""
GOAL_TEXT_MAX = 300
"""A goal is a sentence in the person's words, not an essay."""
QUESTION = "How close am I to this goal?"
"""The rating's question, as the tool puts it (0: not at all close; 10: reached)."""
SCALE_WORDS = "0 = not at all close, 10 = I have reached it"


class GoalStatus(StrEnum):
    """Where a goal stands. Only an active goal is rated; the others keep their ratings."""

    ACTIVE = "active"
    REACHED = "reached"
    CHANGED = "changed"
    """Put in other words: the new wording is a goal of its own that `replaces` this one."""
    LET_GO = "let_go"
    """No longer worked on: set aside, without judgement."""


STATUS_WORDS = {
    GoalStatus.ACTIVE: "working on it",
    GoalStatus.REACHED: "reached",
    GoalStatus.CHANGED: "changed",
    GoalStatus.LET_GO: "let go",
}
"""A status in the words the page and the brief use."""


def clean_status(value: object) -> str:
    try:
        return GoalStatus(str(value or GoalStatus.ACTIVE)).value
    except ValueError:
        allowed = ", ".join(s.value for s in GoalStatus)
        raise InvalidEntry("status", f"{quoted(value)} is not one of {allowed}") from None


def clean_rating(value: object) -> int:
    """A rating: a whole number from 0 to 10 (GBO has no halves); `InvalidEntry` otherwise."""
    if value is None or value == "" or (isinstance(value, float) and value != value):
        raise InvalidEntry("rating", f"is missing; give a whole number from 0 to {RATING_MAX}")
    try:
        if isinstance(value, bool):
            raise TypeError
        number = int(cast(Any, value))  # refused below when not a whole number
        if not isinstance(value, str) and number != value:
            raise ValueError
    except (TypeError, ValueError, OverflowError):
        raise InvalidEntry(
            "rating", f"{quoted(value)} is not a whole number from 0 to {RATING_MAX}"
        ) from None
    if not RATING_MIN <= number <= RATING_MAX:
        raise InvalidEntry("rating", f"{quoted(value)} is outside the scale 0 to {RATING_MAX}")
    return number
