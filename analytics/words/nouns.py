"""The one table of what each kind of entry is called, in every form a sentence needs.

Keyed by the entry's table (`EntryKind` values are those names, so `NOUNS[kind]` works for an
`EntryKind` too). Before this table there were three, and they disagreed: the Entries page
called a session "session" where every count said "therapy session"; it is "therapy session"
everywhere now.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Noun:
    """One kind of entry in words."""

    one: str
    """One of it in a count: "1 practice done"."""
    many: str
    """More or none: "3 practices done"."""
    heading: str
    """A tab's or a table's name: "Practices done"."""
    this: str
    """One entry the person is looking at: "Delete this practice"."""


NOUNS: dict[str, Noun] = {
    "check_ins": Noun("check-in", "check-ins", "Check-ins", "check-in"),
    "triggers": Noun("trigger", "triggers", "Triggers", "trigger"),
    "practice_log": Noun("practice done", "practices done", "Practices done", "practice"),
    "reflections": Noun("reflection", "reflections", "Reflections", "reflection"),
    "sessions": Noun("therapy session", "therapy sessions", "Therapy sessions", "therapy session"),
    "measure_responses": Noun("questionnaire", "questionnaires", "Questionnaires", "questionnaire"),
    "session_tasks": Noun(
        "task agreed in a session",
        "tasks agreed in sessions",
        "Tasks agreed in sessions",
        "task",
    ),
}
"""Every entry kind (`analytics.entries.EntryKind`) and the tasks agreed in sessions."""
