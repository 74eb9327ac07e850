"""How long setbacks took to ease, in words, from a `setbacks.Recovery`: one place for the
wording that the progress summary and chart, the session review, the brief's figures and
the plan each said in their own copy.

Honest about how many there were: one -> "5 days"; two -> "5 and 7 days"; from
`setbacks.MIN_USUALLY` -> "usually about 6 days" (the median). Never "usually" below that.
"""

from __future__ import annotations

from analytics.setbacks import Recovery
from analytics.words.phrases import count, n_of


def typical_days(found: Recovery) -> str | None:
    """ "5 days", "5 and 7 days", "usually about 6 days"; None for no recovery."""
    if not found.days:
        return None
    if found.n == 1:
        return count(found.days[0], "day")
    if not found.usual:
        return f"{found.days[0]:,} and {count(found.days[1], 'day')}"
    return f"usually about {count(found.median or 0, 'day')}"


def eased_in(found: Recovery, verb: str = "eased", usually: bool = True) -> str:
    """ "eased in 5 days", "eased in 5 and 7 days", "usually eased in about 6 days" (`verb`
    "recover": "usually recover in about 6 days"; `usually` False: "eased in about 6 days",
    for a figure that has no room for the word). Raises ValueError for no recovery."""
    if not found.days:
        raise ValueError("no recovery to speak of")
    if not found.usual:
        return f"{verb} in {typical_days(found)}"
    about = f"in about {count(found.median or 0, 'day')}"
    return f"usually {verb} {about}" if usually else f"{verb} {about}"


def progress_clause(found: Recovery, setbacks: int) -> str:
    """What follows "3 setbacks along the way" in the progress summary, with its "; " (or ""):
    "; you usually recover in about 6 days", "; it eased in 5 days" (one setback), "; one
    eased in 5 days" (of several), "; two eased, in 5 and 7 days"."""
    if found.usual:
        return f"; you {eased_in(found, 'recover')}"
    if found.n == 1:
        return f"; {'it' if setbacks == 1 else 'one'} {eased_in(found)}"
    if found.n:
        return f"; two eased, in {typical_days(found)}"
    return ""


def review_clause(found: Recovery, setbacks: int) -> str | None:
    """The session review's clause on recoveries: "it eased in 5 days" (its one setback), "one
    eased in 5 days", "they eased in 5 and 7 days", "they usually eased in about 6 days";
    None for no recovery."""
    if not found.n:
        return None
    if found.n == 1:
        return f"{'it' if setbacks == 1 else 'one'} {eased_in(found)}"
    return f"they {eased_in(found)}"


def title(found: Recovery) -> str:
    """The recovery chart's title when no faster or slower recovery is named: "Setbacks usually
    eased in about 6 days", "Setbacks eased in 5 and 7 days", "Days to recover from each
    setback" (none recovered)."""
    if not found.n:
        return "Days to recover from each setback"
    return f"Setbacks {eased_in(found)}"


def figure(found: Recovery) -> str:
    """The brief's setbacks figure's tail: ", eased in 5 days", ", eased in about 6 days"
    (no "usually": a figure, not a sentence); "" for no recovery."""
    return f", {eased_in(found, usually=False)}" if found.n else ""


def plan_clause(found: Recovery, setbacks: int) -> str:
    """The plan's clause after how low setbacks went (several setbacks): "; they usually eased
    in about 6 days", "; they eased in 5 days", with "(2 of 3 have eased)" when some have not;
    "" for one setback or none recovered."""
    if not found.n or setbacks <= 1:
        return ""
    said = f"; they {eased_in(found)}"
    if found.n < setbacks:
        said += f" ({n_of(found.n, setbacks)} have eased)"
    return said
