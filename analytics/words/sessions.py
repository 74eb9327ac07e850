"""The therapy sessions' sentences, from typed facts: the tasks agreed at a session and how
each went, and what the Entries page lists. `analytics.sessions` finds the facts (the marks' counts, the tasks in the person's
words); the person's words are closed (`text.closed_bidi`) here as they enter a sentence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from analytics.text import closed_bidi
from analytics.words import phrases
from analytics.words.nouns import NOUNS

_SESSION = NOUNS["sessions"]


def tasks_agreed(session_day: date, n: int, marks: Sequence[tuple[int, str]]) -> str:
    """ "Tasks agreed on Mon 30 Nov: 4 tasks; 2 done, 1 partly done and 1 not marked yet."
    `marks`: (count, what the mark is called) of each mark given, in the table's order."""
    parts = [f"{k:,} {said}" for k, said in marks]
    return f"Tasks agreed on {session_day:%a %-d %b}: {phrases.count(n, 'task')}; {phrases.join(parts)}."


def task_line(text: str, mark: str, in_the_way: str) -> str:
    """A task in the person's words with its mark (lower case), and what got in the way."""
    line = f"{closed_bidi(text)}: {mark.lower()}"
    if in_the_way:
        line += f" (what got in the way: {closed_bidi(in_the_way)})"
    return line


def sessions_listed(
    in_range: int,
    booked: int,
    range_label: str,
    limit: int | None = None,
    cancelled_ahead: int = 0,
) -> str:
    """What the Therapy sessions tab lists, both numbers said: "3 therapy sessions from 26 Oct –
    24 Nov 2026, and 2 booked ahead, newest first." No booking says "none booked
    ahead"; sessions ahead that are cancelled are said apart ("and 2 booked ahead and 1
    cancelled ahead"), never counted in the range. `limit` is the table's limit when the list was
    cut there: the count of the range is then not known, and the sentence says the newest so
    many (and how many of them lie ahead)."""
    ahead = "none" if booked == 0 else f"{booked:,}"
    called_off = f" and {cancelled_ahead:,} cancelled ahead" if cancelled_ahead else ""
    if limit is not None:
        return (
            f"The newest {limit:,} {_SESSION.many}, {ahead} of them booked ahead{called_off} "
            f"and the rest from {range_label}, newest first."
        )
    listed = phrases.count(in_range, _SESSION.one, _SESSION.many).capitalize()
    return f"{listed} from {range_label}, and {ahead} booked ahead{called_off}, newest first."


def no_tasks_yet(status: str, day: date, booked: bool, has_tasks: bool = False) -> str:
    """What a saved session says beside its tasks when none can be added, or without tasks:
    where tasks can be added, that none is agreed yet; a session booked ahead, cancelled or
    missed says why none (or no more, `has_tasks`) can be (`booked`: dated after today and
    not cancelled or missed)."""
    when = f"{day:%a %-d %b %Y}"
    what = "no more tasks are added to it" if has_tasks else "no task was agreed in it"
    if status == "cancelled":
        return f"This session on {when} was cancelled, so {what}."
    if status == "missed":
        return f"This session on {when} was missed, so {what}."
    if booked:
        more = "more tasks" if has_tasks else "its tasks"
        return f"This session is booked for {when}: {more} can be added once it has taken place."
    return "No task was agreed in this session yet; add one below."
