"""Every sentence about a person is built from these phrases, so each one is true for 0, 1, ties
and small numbers, and a chart's title and the summary beside it cannot disagree.

Rules (each a function below, each with a table-driven test in tests/test_phrases.py):
- Counts carry their noun, singular or plural: "1 trigger", "0 triggers", "2 days".
- "k of n" always names the whole it is out of.
- Ties: every tied name is named ("Money and Work"), or, when more than `MAX_TIED` tie (or
  the most is a single entry), "none stands out".
- Small numbers: below `MIN_FOR_PATTERN` entries, no leader or busiest time is named at all;
  the phrase says "too few to see a pattern yet (2 of 5 needed)".
- "Most often", never "most": 21 of 222 is the most frequent, not most of them.
- No phrase implies a cause.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from analytics.entries import DAILY
from analytics.text import closed_bidi

MIN_FOR_PATTERN = 5
"""Fewer entries than this, and no leader, busiest time or share is named."""
MAX_TIED = 2
"""More names than this tied at the top, and none stands out."""


@dataclass(frozen=True)
class Voice:
    """Who a sentence speaks of: the app speaks to the person ("you met", "your session");
    the brief goes from the person to their therapist, so it speaks as them ("I met", "my
    session"), never "you"."""

    subject: str
    possessive: str


YOU = Voice("you", "your")
ME = Voice("I", "my")

_IRREGULAR = {"entry": "entries", "reflection answer": "reflection answers", "day": "days"}


def plural(n: int, noun: str, many: str | None = None) -> str:
    """The noun for `n` of it: "trigger" for 1, "triggers" otherwise."""
    if n == 1:
        return noun
    return many or _IRREGULAR.get(noun) or (noun + "s")


def count(n: int, noun: str, many: str | None = None) -> str:
    """ "0 triggers", "1 trigger", "1,234 days"."""
    return f"{n:,} {plural(n, noun, many)}"


def n_of(k: int, n: int, noun: str | None = None, many: str | None = None) -> str:
    """ "3 of 5", or with a noun "3 of 5 days" (the noun agrees with the whole, `n`)."""
    return f"{k:,} of {n:,}" + (f" {plural(n, noun, many)}" if noun else "")


def join(names: Iterable[str]) -> str:
    """ "A", "A and B", "A, B and C"; "" for none. Each name is closed (`text.closed_bidi`): a
    bidi control left open in one cannot reorder the words after it."""
    items = [closed_bidi(str(name)) for name in names]
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def too_few(n: int, needed: int = MIN_FOR_PATTERN) -> str:
    """ "too few to see a pattern yet (2 of 5 needed)"."""
    return f"too few to see a pattern yet ({n_of(n, needed)} needed)"


@dataclass(frozen=True)
class Leaders:
    """What stands out among counts by name.

    `state`: "none" (nothing counted), "too_few" (under `min_n` in all), "spread" (more than
    `MAX_TIED` tie at the top, or the top holds a single entry: none stands out) or "leader"
    (`names`, one or `MAX_TIED` tied, each with `top` of `total`).
    """

    state: str
    names: tuple[str, ...]
    top: int
    total: int
    min_n: int = MIN_FOR_PATTERN

    @property
    def stands_out(self) -> bool:
        return self.state == "leader"

    def share(self) -> str:
        """ "(4 of 9)" for one leader, "(4 each, of 9)" for a tie."""
        each = "" if len(self.names) == 1 else " each,"
        return f"({self.top:,}{each} of {self.total:,})"


def leaders(counts: Mapping[str, int], min_n: int = MIN_FOR_PATTERN) -> Leaders:
    """The names with the highest count (ties kept together, in name order); see `Leaders`."""
    total = int(sum(counts.values()))
    if total == 0:
        return Leaders("none", (), 0, 0, min_n)
    top = max(int(v) for v in counts.values())
    names = tuple(sorted(str(k) for k, v in counts.items() if int(v) == top))
    if total < min_n:
        return Leaders("too_few", names, top, total, min_n)
    if len(names) > MAX_TIED or top < 2:
        return Leaders("spread", names, top, total, min_n)
    return Leaders("leader", names, top, total, min_n)


def most_often(found: Leaders, noun: str, period: str = "") -> str:
    """One sentence on which names came most often, the same for a chart's title and a summary.

    "Work triggers came most often in the last 30 days (4 of 9)"; "Money and Work triggers came
    most often (3 each, of 9)"; "No category stands out among 9 triggers"; "Only 2 triggers:
    too few to see a pattern yet (2 of 5 needed)"; "No triggers".
    """
    when = f" {period}" if period else ""
    if found.state == "none":
        return f"No {plural(2, noun)}{when}"
    if found.state == "too_few":
        return f"Only {count(found.total, noun)}{when}: {too_few(found.total, found.min_n)}"
    if found.state == "spread":
        return f"No category stands out among {count(found.total, noun)}{when}"
    return f"{join(found.names)} {plural(2, noun)} came most often{when} {found.share()}"


def ongoing_setback(start: date, below: float, voice: Voice = YOU) -> str:
    """A setback still going on, in plain figures: "Since 28 Nov your wellbeing has been about
    2.4 points below your usual level, still going on." (`below`: points below the level before
    it, over its check-in days; under 0.05 it is "a little below", never "about 0.0 points").
    """
    size = f"about {below:.1f} points" if round(below, 1) >= 0.1 else "a little"
    if round(below, 1) == 1.0:
        size = "about 1 point"
    return (
        f"Since {start:%-d %b} {voice.possessive} wellbeing has been {size} below "
        f"{voice.possessive} usual level, still going on."
    )


def trend_decline(start: date, start_level: float, end_level: float, voice: Voice = YOU) -> str:
    """A fall of the trend itself over a period, said plainly: "My wellbeing trend has gone
    down 0.8 points since 1 Nov, from 6.2 to 5.4." (the caller says it only for a fall). The
    fall is taken between the levels as printed, so the three figures always add up."""
    first, last = round(start_level, 1), round(end_level, 1)
    return (
        f"{voice.possessive.capitalize()} wellbeing trend has gone down "
        f"{first - last:.1f} points since {start:%-d %b}, from {first:.1f} to {last:.1f}."
    )


def against_target(done: int, target: int) -> str:
    """Days done against a target: "2 of 3", "3 of 3", and "4 (target 3)", never "4 of 3"."""
    return n_of(done, target) if done <= target else f"{done:,} (target {target:,})"


def how_often(weekly_target: int) -> str:
    """A weekly target in words: "daily", "once a week", "3 times a week"."""
    if weekly_target >= DAILY:
        return "daily"
    return "once a week" if weekly_target == 1 else f"{weekly_target} times a week"
