"""Page 1 of the brief (`analytics.export.first_page`): the box of what matters most and the
notes of the session-by-session table, from the review's facts, in the person's voice where
it speaks of them. It states; it never reassures or interprets."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from analytics.text import closed_bidi
from analytics.words import phrases
from analytics.words.nouns import NOUNS

_SESSION = NOUNS["sessions"]

NO_SCORES = "No questionnaire answered yet."
NO_ITEM_9 = "No PHQ-9 in this period, so item 9 was not asked."
NO_SESSION = f"No {_SESSION.one} in this period."
NO_PRACTICE = "Practices: none logged in this period."


def score_line(name: str, total: int, max_total: int, band: str, day: date) -> str:
    """ "PHQ-9: 17 of 27, moderately severe (3 Dec 2026)"."""
    return f"{name}: {phrases.n_of(total, max_total)}, {band} ({day:%-d %b %Y})"


def measure_change(name: str, since: date, said: str, first_total: int, total: int) -> str:
    """A measure's own change since the course's first response: "GAD-7 since 2 Nov 2026:
    reliable improvement, 14 → 8." (`said`: the outcome in words, `outcomes.outcome_words`)."""
    return f"{name} since {since:%-d %b %Y}: {said}, {first_total:,} → {total:,}."


def no_change_yet(course_start: date | None) -> str:
    """Fewer than 2 responses of every measure since the course began (named when known)."""
    start = f" ({course_start:%-d %b %Y})" if course_start else ""
    return f"No change to compare yet: fewer than 2 responses since the course began{start}."


def sessions_in_period(days: Sequence[date], max_named: int) -> str:
    """The therapy sessions of the period: each named up to `max_named`, past that the count,
    the first and the latest."""
    if not days:
        return NO_SESSION
    sessions = phrases.count(len(days), _SESSION.one, _SESSION.many)
    if len(days) > max_named:
        return (
            f"{sessions} in this period, the first on {days[0]:%-d %b %Y} and the latest on "
            f"{days[-1]:%-d %b %Y}."
        )
    return f"{sessions} in this period ({phrases.join(f'{d:%-d %b}' for d in days)})."


def practices_against_targets(named: Sequence[tuple[str, int, int]], more: int, met: int) -> str:
    """Days done against the days the weekly targets agreed, per practice: `named` holds
    (the practice's name as typed, days done, days agreed) of those named, `more` how many
    practices are left unnamed (each is in the Practice section), `met` how many of all met
    their target. "5 days (4 agreed)", never "5 of 4": done can pass what was agreed."""
    if not named and not more:
        return NO_PRACTICE
    parts = [
        f"{closed_bidi(name)} {phrases.count(done, 'day')} ({agreed} agreed)"
        for name, done, agreed in named
    ]
    if more:
        parts.append(f"{more:,} more in the Practice section")
    return (
        "Practices, days done against the days agreed by their weekly targets: "
        f"{'; '.join(parts)}; {phrases.n_of(met, len(named) + more)} met the target."
    )


def wellbeing_cell(mean: float, check_in_days: int) -> str:
    """The table's wellbeing cell: "6.4 (5 days)", the mean with the days it is over."""
    return f"{mean:.1f} ({phrases.count(check_in_days, 'day')})"


def table_heading(course_start: date | None, has_rows: bool) -> str:
    """ "Session by session since the course began (2 Nov 2026)", and ": no session logged
    yet" when the table is empty."""
    since = f" since the course began ({course_start:%-d %b %Y})" if course_start else ""
    return f"Session by session{since}" + ("" if has_rows else ": no session logged yet")


def table_note(due_after_days: int) -> str:
    """Said under the table: how each cell was chosen."""
    return (
        f"Each questionnaire is the latest answered in the {due_after_days} days up to the "
        "session (a row marked (end): up to the period's end), with its band; wellbeing is "
        "the mean of daily wellbeing (0-10) over the 7 days up to it, with the days that had "
        "a check-in."
    )


def table_note_item_9(due_after_days: int) -> str:
    """Said under the table when its item 9 column is in."""
    return f"Item 9 is the highest answer of those {due_after_days} days."
