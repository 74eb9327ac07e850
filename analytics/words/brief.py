"""The session brief's own lines, in its voice (`phrases.ME`): the headings of its charts, a
setback's line, the days after a session, the reflections' count and the patterns' heading.
The sentences it shares with the review page come from `words.review` and the other concerns.
"""

from __future__ import annotations

from datetime import date

from analytics.words import phrases


def aftermath_line(looked_at: str, sentence: str) -> str:
    """The days after a session on page 1: the Patterns page's `sentence` for the days
    `looked_at` ("1 Sep – 29 Nov 2026")."""
    return f"The days after a session, {looked_at}: {sentence}"


def setback_line(start: date, label: str, depth: float) -> str:
    """One setback of the period: when it began, its label ("eased in 4 days") and its depth
    below the trend at its lowest, in points of wellbeing."""
    return f"Setback from {start:%-d %b}: {label}, {depth:.1f} points below trend at its lowest."


def wellbeing_chart_heading(dates: str) -> str:
    return f"Wellbeing and setbacks, {dates}"


def trigger_chart_heading(dates: str) -> str:
    return f"Triggers per week, {dates}"


def practice_chart_heading(dates: str) -> str:
    return f"Practice against targets, {dates}"


def reflections_written(n: int) -> str:
    """How many reflections the period holds ("1 reflection written in this period.")."""
    return f"{phrases.count(n, 'reflection')} written in this period."


def patterns_heading(days: int, end: date) -> str:
    """The heading of the patterns' page: "Patterns in the 90 days up to 24 November 2026"."""
    return f"Patterns in the {days} days up to {end:%-d %B %Y}"
