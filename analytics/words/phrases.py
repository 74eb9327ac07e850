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


def difference_axis(outcome: str, difference: str) -> str:
    """The axis of a chart of differences: "Wellbeing: days with minus days without (points)"."""
    return f"{outcome.replace('_', ' ').capitalize()}: {difference} (points)"


def pattern_days(status: str, n_with: int, n_without: int) -> str:
    """A pattern row's days, after its status: "went with it · 64 days with, 120 without"."""
    return f"{status} · {n_with:,} days with, {n_without:,} without"


# --- patterns (analytics.patterns) --------------------------------------------------------

PATTERN_MIN_DAYS = 10
"""Days with and without a factor a pattern needs (the same as `patterns.MIN_DAYS`)."""


def _lower_first(name: str) -> str:
    name = closed_bidi(name)
    return name[:1].lower() + name[1:] if name[1:2].islower() or len(name) == 1 else name


def _indefinite(word: str) -> str:
    """ "an" before a vowel sound as spelled ("an other trigger" is wrong, "an exams trigger"
    right); "a" otherwise. Written words only: "a union", "an hour" are not told apart."""
    return "an" if word[:1].lower() in "aeiou" and word[:1] else "a"


def factor_days(kind: str, name: str, lag: int, voice: Voice = YOU) -> str:
    """Which days a pattern is about: "On days you practised grounding", "On days after you
    practised grounding", "On days with a work trigger", "On days after a therapy session"."""
    after = "after " if lag else ""
    if kind == "practice":
        return f"On days {after}{voice.subject} practised {_lower_first(name)}"
    if kind == "trigger":
        what = _lower_first(name)
        if what == "other":  # the built-in category: "an other trigger" reads as a slip
            return f"On days {'after' if lag else 'with'} a trigger filed under Other"
        return f"On days {'after' if lag else 'with'} {_indefinite(what)} {what} trigger"
    if kind == "new_skill":
        return f"On days {after}{voice.subject} met a trigger with a new skill"
    if kind == "sleep":  # the night before the day; tried on the same day only
        return f"After nights {_SLEEP_NIGHTS[name].format(v=voice)}"
    return f"On days {'after' if lag else 'with'} a therapy session"


_SLEEP_NIGHTS = {
    "hours": "{v.subject} slept 7 hours or more",
    "quality": "{v.subject} rated {v.possessive} sleep 6 or more of 10",
}
"""The nights a sleep factor is about (`analytics.patterns.sleep_factors`)."""


def factor_label(kind: str, name: str, lag: int) -> str:
    """A factor as a chart row names it: "Breathing or grounding, same day", "Work trigger,
    day after", "Trigger met with a new skill, same day", "Therapy session, day after"."""
    name = closed_bidi(name)
    what = {
        "practice": name,
        "trigger": f"{name} trigger",
        "new_skill": "Trigger met with a new skill",
        "session": "Therapy session",
        "sleep": {"hours": "Slept 7 hours or more", "quality": "Slept well (6+ of 10)"}.get(name),
    }[kind]
    if kind == "sleep":
        return f"{what}, night before"
    return f"{what}, {'day after' if lag else 'same day'}"


def _points_format(*values: float) -> int:
    """Decimals enough that no non-zero value reads as 0.0 (an interval that excludes 0 must
    not print as "0.0 to 1.3"), up to 6; beyond that a value is rounding error, and
    `analytics.patterns` reports such a difference as 0 and claims nothing."""
    for decimals in range(1, 7):
        if all(round(abs(v), decimals) > 0 for v in values):
            return decimals
    return 6


def pattern_sentence(
    kind: str,
    name: str,
    lag: int,
    outcome: str,
    difference: float,
    low: float,
    high: float,
    n_with: int,
    n_without: int,
    mean_with: float,
    mean_without: float,
    voice: Voice = YOU,
) -> str:
    """One claimed pattern, with its interval, its days and its plain averages: "On days
    after you practised grounding, your wellbeing was 0.8 points higher (0.3 to 1.3), 64 days
    with, 120 without, allowing for how one day carries into the next and for any steady rise
    or fall (plain averages: 7.1 with, 6.6 without)".

    `difference` is the carry-over-adjusted estimate (see `analytics.patterns`), so it can
    differ from the plain averages' difference; the sentence says which is which, because a
    reader who subtracts the averages must not find a number the sentence did not explain.
    Only for claimed patterns, whose interval never crosses 0: the interval is given as sizes
    of the same direction as the difference (for "lower", -1.3 to -0.3 reads "0.3 to 1.3")."""
    higher = difference > 0
    near, far = (low, high) if higher else (-high, -low)
    decimals = _points_format(difference, near, far)
    size = abs(difference)
    return (
        f"{factor_days(kind, name, lag, voice)}, {voice.possessive} {outcome} was "
        f"{size:.{decimals}f} {'point' if round(size, decimals) == 1 else 'points'} "
        f"{'higher' if higher else 'lower'} (likely range {near:.{decimals}f} to "
        f"{far:.{decimals}f}), {count(n_with, 'day')} with, {n_without:,} without, {CARRY_OVER} "
        f"(plain averages: {mean_with:.{decimals}f} with, {mean_without:.{decimals}f} without); "
        + pattern_framing(kind, lag, outcome, higher)
    )


CARRY_OVER = "allowing for how one day carries into the next and for any steady rise or fall"


def pattern_framing(kind: str, lag: int, outcome: str, higher: bool) -> str:
    """What a pattern does not say, by its kind: it can run both ways ("good days make practice
    easier too"), and a harder time around a session or a trigger is framed as something to
    bring, not a fault ("feeling lower after a session is common while therapy stirs things
    up: worth bringing to the next session")."""
    worse = higher if outcome == "anxiety" else not higher
    if kind == "practice":
        return "it works both ways too: good days make practice easier"
    if kind == "new_skill":
        return "it works both ways too: good days make a new skill easier to reach for"
    if kind == "trigger":
        if worse:
            return (
                "a trigger and a harder day often come together, either way round: worth "
                "bringing to the next session"
            )
        return "it works both ways too: good days make a trigger easier to meet"
    if kind == "sleep":
        return "it works both ways too: harder days can make for harder nights"
    if worse:
        feeling = "more anxious" if outcome == "anxiety" else "lower"
        when = "after a session" if lag else "on a session day"
        return (
            f"feeling {feeling} {when} is common while therapy stirs things up: worth "
            "bringing to the next session"
        )
    return "it shows what went together, not which led to which"


def patterns_title(claims: int, outcome: str, tried: int, first: str = "") -> str:
    """The chart's title, from the same facts as the sentences: "No clear pattern yet in
    wellbeing (12 comparisons)"; "1 pattern went with wellbeing: breathing or grounding, day
    after"; "3 patterns went with anxiety; clearest: work trigger, same day"."""
    if tried == 0:
        return f"Too few days yet to compare {outcome}"
    if claims == 0:
        return f"No clear pattern yet in {outcome} ({count(tried, 'comparison')})"
    lead = _lower_first(first)
    if claims == 1:
        return f"1 pattern went with {outcome}: {lead}"
    return f"{count(claims, 'pattern')} went with {outcome}; clearest: {lead}"


NOT_CLEAR_YET = (
    "“Not clear yet” means the days so far cannot tell this difference apart from the ups and "
    "downs that come anyway: good and hard stretches last several days and practices come in "
    "runs, so two unrelated things often look linked for a while. It is not a sign that "
    "something does nothing. A pattern is named only when it holds up with every comparison "
    "counted, on at least 10 days with and 10 without. Each difference allows for how one day "
    "carries into the next and for any steady rise or fall over these days: a day is compared "
    "with what the day before it and the overall direction would suggest, so a good stretch, "
    "or months of slowly feeling better, that happened to come with a practice does not make "
    "a pattern by itself. That is why it can differ from the plain averages. Patterns show "
    "what went together, not what caused what."
)


def patterns_need(
    outcome_days: int,
    nearest: int = 0,
    needed: int = PATTERN_MIN_DAYS,
    voice: Voice = YOU,
    outcome: str = "wellbeing",
    factors: int = 1,
) -> str:
    """For a journal too small to compare: what is needed and how far along the person is.
    "Patterns need at least 10 days with and 10 without a practice, trigger or session; you
    have rated wellbeing on 6 days so far." With enough days rated, how near the nearest
    factor is (`nearest`: the largest, over factors, of its smaller side, days with or days
    without), or that nothing else is logged yet (`factors` 0)."""
    need = (
        f"Patterns need at least {needed} days with and {needed} without a practice, trigger "
        "or session"
    )
    rated = f"{voice.subject} have rated {outcome}"
    if outcome_days == 0:
        return f"{need}; {voice.subject} have not rated {outcome} in these days yet."
    if outcome_days < 2 * needed:
        return f"{need}; {rated} on {count(outcome_days, 'day')} so far."
    if factors == 0:
        return (
            f"{need}; {rated} on {count(outcome_days, 'day')}, and no practice, trigger or "
            "session is logged in these days yet."
        )
    return (
        f"{need}; {rated} on {count(outcome_days, 'day')}, and no practice, trigger or "
        f"session has reached {needed} of each yet (nearest: {n_of(nearest, needed)})."
    )


def too_few_to_compare(items: Iterable[tuple[str, int, int]]) -> str:
    """The factors with too few days to compare yet, from (chart label, days with, days
    without), where both count the days with the outcome logged from the day the factor was
    first logged (before it, nobody could have done it): "Too few days yet to compare, counting
    from the day each was first logged: work trigger (3 days with it, 70 without) and therapy
    session (1 day with it, none without since)." Without that, "1 day with, none without"
    beside 80 check-in days read as false (issue 23). Factors never on a day with a check-in
    are left out ("0 days with" names nothing the person did); "" when none is left."""
    named = [
        f"{_lower_first(label)} ({count(n_with, 'day')} with it, "
        f"{f'{n_without:,} without' if n_without else 'none without since'})"
        for label, n_with, n_without in items
        if n_with > 0
    ]
    if not named:
        return ""
    return (
        f"Too few days yet to compare, counting from the day each was first logged: {join(named)}."
    )


def no_pattern_yet(outcome: str, tried: int) -> str:
    """ "No pattern is clear yet for wellbeing in these days: 18 comparisons looked at." """
    return f"No pattern is clear yet for {outcome} in these days: {count(tried, 'comparison')} looked at."


_DAY_AFTER_WORDS = {0: "the day of a session", 1: "the day after", 2: "day 2", 3: "day 3"}
_HOW_MANY_DAYS = {1: "the day", 2: "the two days", 3: "the three days"}


def _about_points(size: float) -> str:
    """ "about 1 point", "about 1.5 points": to the nearest half point, at least a half."""
    halves = max(round(abs(size) * 2), 1) / 2
    number = f"{halves:g}"
    return f"about {number} {'point' if halves == 1 else 'points'}"


def _aftermath_days(days: list[int]) -> str:
    """ "In the two days after a session", "On the day of a session", "On days 0 and 3 after a
    session": the claimed days, in order."""
    if days == [1]:
        return "On the day after a session"
    if days == list(range(1, len(days) + 1)):
        return f"In {_HOW_MANY_DAYS[len(days)]} after a session"
    if days == [0]:
        return "On the day of a session"
    if days[0] == 0 and days == list(range(len(days))):
        return f"On the day of a session and {_HOW_MANY_DAYS[len(days) - 1]} after"
    named = join(["the session's day" if d == 0 else f"day {d}" for d in days])
    return f"On {named} after a session"


def aftermath_sentence(
    claimed: list[tuple[int, float]],
    outcome: str,
    sessions: int,
    fewest_logged: int,
    needed: int,
    lower_is_better: bool = False,
    voice: Voice = YOU,
) -> str:
    """What the days after a session show, from the claimed (day_after, difference) pairs of
    `analytics.aftermath.session_aftermath`:

    - "In the two days after a session your wellbeing is usually about 1 point lower than
      your usual level, and by day 3 no difference stands out (12 sessions in these days): the stirring-up
      many people feel after a session." (the last part only when every claimed day is the
      harder way);
    - nothing claimed, why said: "Whether your wellbeing is different in the days after a
      session is not clear yet (8 sessions in these days; on one of the days shown only 4 of
      them have your wellbeing logged, and each day needs 6)." or "... not clear yet (14
      sessions in these days; no day differs clearly from your usual level)."
    """
    if not claimed:
        if fewest_logged < needed:
            which = "the days shown" if fewest_logged < sessions else "these days"
            why = (
                f"; on one of {which} only {fewest_logged:,} of them "
                f"{'has' if fewest_logged == 1 else 'have'} {voice.possessive} {outcome} logged, "
                f"and each day needs {needed}"
            )
            if fewest_logged >= sessions:
                why = f"; each day needs {needed} sessions with {voice.possessive} {outcome} logged"
        else:
            why = f"; no day differs clearly from {voice.possessive} usual level"
        return (
            f"Whether {voice.possessive} {outcome} is different in the days after a session is "
            f"not clear yet ({count(sessions, 'session')} in these days{why})."
        )
    parts = []
    for higher in (False, True):
        same = [(d, v) for d, v in claimed if (v > 0) == higher]
        if not same:
            continue
        days = sorted(d for d, _ in same)
        size = sum(abs(v) for _, v in same) / len(same)
        parts.append(
            f"{_aftermath_days(days) if not parts else _aftermath_days(days).lower()} "
            f"{voice.possessive} {outcome} is usually {_about_points(size)} "
            f"{'higher' if higher else 'lower'} than {voice.possessive} usual level"
        )
    last = max(d for d, _ in claimed)
    back = f", and by day {last + 1} no difference stands out" if last < 3 else ""
    # Said only when every named day is the harder way: after a mix it would be unclear.
    harder = all((v > 0) == lower_is_better for _, v in claimed)
    stirred = ": the stirring-up many people feel after a session" if harder else ""
    return f"{'; '.join(parts)}{back} ({count(sessions, 'session')} in these days){stirred}."


def aftermath_title(claimed: list[tuple[int, float]], outcome: str, sessions: int) -> str:
    """The days-after chart's title, from the same claims as `aftermath_sentence`: "Wellbeing
    about 1 point lower on days 1 and 2 after a session"; "The days after a session: not clear
    yet (8 sessions)"."""
    if not claimed:
        return f"The days after a session: not clear yet ({count(sessions, 'session')})"
    days = sorted(d for d, _ in claimed)
    if len({v > 0 for _, v in claimed}) > 1:
        named = join("the session's day" if d == 0 else f"day {d}" for d in days)
        return f"{outcome.capitalize()} stands out on {named} after a session"
    size = sum(abs(v) for _, v in claimed) / len(claimed)
    way = "higher" if claimed[0][1] > 0 else "lower"
    named = join("the session's day" if d == 0 else str(d) for d in days)
    where = f"day{'s' if len(days) > 1 else ''} {named}" if 0 not in days else named
    return f"{outcome.capitalize()} {_about_points(size)} {way} on {where} after a session"


AFTERMATH_METHOD = (
    "Each of the days after a session is compared with your usual level (your other days), "
    "allowing for how one day carries into the next and for any steady rise or fall. A day "
    "is named only when it holds up with every day counted, and only from at least 6 "
    "sessions with that day logged. It says when, not why."
)
