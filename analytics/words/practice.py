"""Practices in words: streaks, the strongest habit (the Practice summary's and the strength
chart's title alike) and the week's targets, from `analytics.practice`'s figures."""

from __future__ import annotations

from analytics.words import phrases


def streak_label(count: int, unit: str) -> str:
    """A streak in words: "5 days", "1 week", or "not yet" for none."""
    if count == 0:
        return "not yet"
    return phrases.count(int(count), unit)


def strongest_sentence(strengths: dict[str, float]) -> str | None:
    """Which habit is strongest: the Practice summary and the strength chart's title are both
    this sentence. Ties (equal when rounded) are all named; None without practices."""
    if not strengths:
        return None
    rounded = {name: round(float(v)) for name, v in strengths.items()}
    top = max(rounded.values())
    names = [name for name, v in rounded.items() if v == top]
    if len(names) == 1:
        return f"{names[0]} is your strongest habit now (strength {top} of 100)"
    if len(names) <= phrases.MAX_TIED:
        return f"{phrases.join(names)} are your strongest habits now (strength {top} of 100 each)"
    return f"{phrases.count(len(names), 'practice')} share the strongest habit strength now ({top} of 100)"


def streak_going(practice: str, current: int, unit: str) -> str:
    """ "Grounding: a streak of 5 days is going now." """
    return f"{practice}: a streak of {streak_label(current, unit)} is going now."


def targets_met_title(met: int, practices: int, dates: str = "") -> str:
    """The review's practice chart's title: "2 of 3 practices met their target, 1–14 Nov",
    "1 of 1 practice met its target for this period", "No practices logged for this period"."""
    when = f", {dates}" if dates else " for this period"
    if not practices:
        return f"No practices logged{when}"
    its = "its" if practices == 1 else "their"
    return f"{phrases.n_of(met, practices, 'practice')} met {its} target{when}"


def targets_met(met: int, practices: int) -> str:
    """ "This week you have met the target for 2 of 3 practices." """
    return f"This week you have met the target for {phrases.n_of(met, practices, 'practice')}."
