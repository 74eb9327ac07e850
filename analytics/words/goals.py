"""The goals' sentences (the Goal-Based Outcomes tool, `analytics.gbo`), from typed facts: a
goal's first and latest rating as (day, rating), where it stands, and the count over every goal.
`analytics.goals` finds the facts. The change is the latest rating minus the first, in points
of the 0-10 scale, "a change of N points", and never called reliable (`analytics.gbo` says why).
"""

from __future__ import annotations

from datetime import date

from analytics.gbo import RATING_MAX
from analytics.words import phrases


def _day(day: date) -> str:
    return f"{day:%-d %b %Y}"


def change(n: int, first: tuple[date, int] | None, latest: tuple[date, int] | None) -> str:
    """A goal's progress in one sentence, true for 0, 1 and tied ratings (`n` ratings; `first`
    and `latest`: (day, rating), None without a rating)."""
    if not n or first is None or latest is None:
        return "Not rated yet."
    first_day, first_rating = first
    if n == 1:
        return (
            f"Rated once: {phrases.n_of(first_rating, RATING_MAX)} on {_day(first_day)}; a "
            "change shows from the second rating."
        )
    latest_day, latest_rating = latest
    moved = latest_rating - first_rating
    ratings = phrases.count(n, "rating")
    if moved == 0:
        return (
            f"{first_rating} of {RATING_MAX} at the first rating ({_day(first_day)}) and at the "
            f"latest ({_day(latest_day)}): no change between them ({ratings})."
        )
    direction = "closer to the goal" if moved > 0 else "further from the goal"
    return (
        f"From {first_rating} to {latest_rating} of {RATING_MAX} between {_day(first_day)} and "
        f"{_day(latest_day)}: a change of {phrases.count(abs(moved), 'point')} "
        f"{direction} ({ratings})."
    )


def short(
    name: str, n: int, first: tuple[date, int] | None, latest: tuple[date, int] | None, where: str
) -> str:
    """One short line per goal, by its name only (page 1 of the brief): "Goal 1: 3 → 7 of 10
    since 25 Dec 2025 (34 ratings); reached on 21 May 2026"."""
    if not n or first is None or latest is None:
        said = "not rated yet"
    elif n == 1:
        said = f"{first[1]} of {RATING_MAX} on {_day(first[0])}, rated once"
    else:
        said = f"{first[1]} → {latest[1]} of {RATING_MAX} since {_day(first[0])} ({phrases.count(n, 'rating')})"
    return f"{name}: {said}; {where}."


def took_over(where: str, replaces: int | None) -> str:
    """Where a goal stands, and the goal it took over from when that one was changed."""
    return where if replaces is None else f"{where}; it took over from Goal {replaces}"


def heading(titled: str, where: str) -> str:
    return f"{titled} ({where})."


def overview(goals: int, active: int, rated: int, changed: int, closer: int) -> str:
    """One sentence over every goal: how many are active, and how many of the `changed` goals
    (rated twice or more) are `closer` than at their first rating. The chart's title too."""
    if not goals:
        return "No goals yet."
    lead = f"{phrases.count(goals, 'goal')}, {active:,} active"
    if not changed:
        return f"{lead}: {phrases.count(rated, 'goal')} rated, none twice yet."
    if changed == 1:
        return (
            f"{lead}: 1 rated twice or more, and it is {'' if closer else 'not '}closer than at "
            "its first rating."
        )
    return (
        f"{lead}: {closer:,} of the {changed:,} rated twice or more "
        f"{'is' if closer == 1 else 'are'} closer than at their first rating."
    )
