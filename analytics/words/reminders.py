"""What the reminders calendar (`analytics.export.reminders`) says of a questionnaire that is
due: the event's title and its morning alarm. A measure's name is the app's ("PHQ-9")."""

from __future__ import annotations


def measure_due(name: str) -> str:
    """The event's title: "Questionnaire due: PHQ-9"."""
    return f"Questionnaire due: {name}"


def measure_due_today(name: str) -> str:
    """The alarm on the morning it is due, naming the app (a calendar shows it alone):
    "PHQ-9 is due today (Between Sessions)."."""
    return f"{name} is due today (Between Sessions)."
