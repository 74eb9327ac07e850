"""The sentences of "My plan for after therapy" (`analytics.plan`), from typed facts: the
setbacks found, the triggers and quiet days that came before them (timing only, beside how
often any stretch of as many days held one), how deep they went and how long they took to
ease, the practices kept and the trigger categories met with a new skill. `analytics.plan`
finds the facts; nothing here implies a cause.

Category and practice names are the person's typed text: they are closed (`text.closed_bidi`)
here, as they enter a sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from analytics.setbacks import Recovery
from analytics.text import closed_bidi
from analytics.words import phrases
from analytics.words import recovery as recovery_words
from analytics.words.phrases import Voice


def _day(day: date) -> str:
    return f"{day:%-d %b %Y}"


def any_stretch(days: int, share: float | None, voice: Voice) -> str:
    """ " (any 3 days of my journal: 40%)", the share of every stretch of `days` days of the
    journal holding one, beside a "came before"; "" when the journal is shorter than that."""
    return "" if share is None else f" (any {days} days of {voice.possessive} journal: {share:.0%})"


def no_setback(voice: Voice, first: date | None) -> str:
    """No setback yet, so no warning signs (since the journal's first day, when it has one)."""
    return (
        f"No setback is in {voice.possessive} journal yet"
        f"{f' (since {_day(first)})' if first else ''}, so there are no warning signs "
        "to draw from it yet."
    )


def setbacks_found(voice: Voice, starts: Sequence[date], first: date, last: date) -> str:
    """ "6 setbacks in my journal from 3 Jan 2026 to 1 Dec 2026 (the latest 3 began on …)." """
    n = len(starts)
    dates = phrases.join(_day(s) for s in starts[-3:])
    return (
        f"{phrases.count(n, 'setback')} in {voice.possessive} journal from {_day(first)} "
        f"to {_day(last)}"
        f"{' (the latest 3 began on ' if n > 3 else ' (beginning on '}{dates})."
    )


def trigger_before(
    voice: Voice, days: int, before: int, n: int, category: str, share: float | None
) -> str:
    """ "In the 3 days before 4 of my 6 setbacks I logged a Work trigger (any 3 days …)." """
    return (
        f"In the {days} days before {phrases.n_of(before, n)} "
        f"{phrases.plural(n, 'setback')} {voice.subject} logged a "
        f"{closed_bidi(category)} trigger{any_stretch(days, share, voice)}."
    )


def other_categories_before(voice: Voice, days: int, others: int) -> str:
    """The categories logged before setbacks no more often than in any stretch of `days`."""
    return (
        f"{phrases.count(others, 'other trigger category', 'other trigger categories')} "
        f"{'was' if others == 1 else 'were'} logged before setbacks, but no more often than "
        f"in any {days} days of {voice.possessive} journal."
    )


def no_practice_before(voice: Voice, days: int, without: int, n: int, share: float | None) -> str:
    """ "In the 3 days before 2 of my 6 setbacks I logged no practice (any 3 days …)." """
    return (
        f"In the {days} days before {phrases.n_of(without, n)} "
        f"{phrases.plural(n, 'setback')} {voice.subject} logged no practice"
        f"{any_stretch(days, share, voice)}."
    )


def lowest(voice: Voice, n: int, depth: float, eased: Recovery) -> str:
    """How deep the setbacks went (`depth`: the median below the usual level, or the one
    setback's), and how long they took to ease (`words.recovery.plan_clause`)."""
    began = (
        f"At their lowest {voice.possessive} setbacks were a median of {depth:.1f} "
        f"points below {voice.possessive} usual level"
        if n > 1
        else f"At its lowest {voice.possessive} setback was {depth:.1f} "
        f"points below {voice.possessive} usual level"
    )
    return f"{began}{recovery_words.plan_clause(eased, n)}."


def situation(start: date, category: str, day: date, said: str) -> str:
    """What the person wrote about a trigger before a setback (`said`: their words, shortened)."""
    return f"Before the setback from {_day(start)} ({closed_bidi(category)}, {day:%-d %b}): {said}"


def no_practice_kept(days: int, end: date) -> str:
    return f"No practice is logged in the {days} days to {_day(end)}."


def practice_kept(name: str, k: int, days: int, end: date) -> str:
    """ "Walking: done on 12 of 30 days to 1 Dec 2026." """
    return f"{closed_bidi(name)}: done on {phrases.n_of(k, days, 'day')} to {_day(end)}."


def other_practices(rest: int) -> str:
    # Not "on fewer days": the last one named may tie with the first one left out.
    return f"{phrases.count(rest, 'other practice')} done in these days too."


def new_skill(voice: Voice, k: int, n: int, category: str, first: date, last: date) -> str:
    """ "I met 12 of my 20 Work triggers with a new skill (from 3 Jan 2026 to 1 Dec 2026)."
    Begins with the voice's subject as it is ("you"): the caller capitalises the sentence."""
    return (
        f"{voice.subject} met {k:,} of {voice.possessive} {n:,} "
        f"{closed_bidi(category)} {phrases.plural(n, 'trigger')} with a "
        f"new skill (from {_day(first)} to {_day(last)})."
    )


def other_new_skill(rest: int) -> str:
    return (
        f"{phrases.count(rest, 'other trigger category', 'other trigger categories')} "
        "also met with a new skill at least once."
    )


def no_pattern(span: str) -> str:
    """No pattern claimed in `span` (a `DateRange.label()`)."""
    return (
        f"No practice or situation stands out with better days in {span} "
        "yet (a pattern is named only when the days are clear enough)."
    )


def drafted_from(made_on: date) -> str:
    """The plan PDF's first line, in the person's voice: what it was drafted from, and that what
    came before a setback is timing, never a cause."""
    return (
        f"Drafted from my journal up to {made_on:%-d %B %Y}. What came before a setback "
        "is about timing, not a cause."
    )
