"""The patterns' sentences (`analytics.patterns`): what a factor's days are, a claimed
pattern in one sentence, the page's title and what it still needs, from the figures the
analysis found (a difference, its interval, the days with and without). No cause is implied:
a pattern "went with" better or worse days.
"""

from __future__ import annotations

from collections.abc import Iterable

from analytics.text import closed_bidi
from analytics.words.phrases import YOU, Voice, count, join, n_of


def difference_axis(outcome: str, difference: str) -> str:
    """The axis of a chart of differences: "Wellbeing: days with minus days without (points)"."""
    return f"{outcome.replace('_', ' ').capitalize()}: {difference} (points)"


def pattern_days(status: str, n_with: int, n_without: int) -> str:
    """A pattern row's days, after its status: "went with it · 64 days with, 120 without"."""
    return f"{status} · {n_with:,} days with, {n_without:,} without"


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
    practised grounding", "On days with a work trigger", "After nights you slept 7 hours or
    more"."""
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
    # the night before the day; tried on the same day only
    return f"After nights {_SLEEP_NIGHTS[name].format(v=voice)}"


_SLEEP_NIGHTS = {
    "hours": "{v.subject} slept 7 hours or more",
    "quality": "{v.subject} rated {v.possessive} sleep 6 or more of 10",
}
"""The nights a sleep factor is about (`analytics.patterns.sleep_factors`)."""


def factor_label(kind: str, name: str, lag: int) -> str:
    """A factor as a chart row names it: "Breathing or grounding, same day", "Work trigger,
    day after", "Trigger met with a new skill, same day", "Slept 7 hours or more, night
    before"."""
    name = closed_bidi(name)
    what = {
        "practice": name,
        "trigger": f"{name} trigger",
        "new_skill": "Trigger met with a new skill",
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
    easier too"), and a harder time around a trigger is framed as something to bring, not a
    fault ("a trigger and a harder day often come together, either way round: worth bringing
    to the next session"). (The days after a session have their own words:
    `words.aftermath`.)"""
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
    return "it works both ways too: harder days can make for harder nights"


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
    "Patterns need at least 10 days with and 10 without a practice, a trigger or a good
    night's sleep; you have rated wellbeing on 6 days so far." With enough days rated, how near the nearest
    factor is (`nearest`: the largest, over factors, of its smaller side, days with or days
    without), or that nothing else is logged yet (`factors` 0)."""
    need = (
        f"Patterns need at least {needed} days with and {needed} without a practice, a trigger "
        "or a good night's sleep"
    )
    rated = f"{voice.subject} have rated {outcome}"
    if outcome_days == 0:
        return f"{need}; {voice.subject} have not rated {outcome} in these days yet."
    if outcome_days < 2 * needed:
        return f"{need}; {rated} on {count(outcome_days, 'day')} so far."
    if factors == 0:
        return (
            f"{need}; {rated} on {count(outcome_days, 'day')}, and no practice, trigger or "
            "night's sleep is logged in these days yet."
        )
    return (
        f"{need}; {rated} on {count(outcome_days, 'day')}, and none has reached {needed} "
        f"of each yet (nearest: {n_of(nearest, needed)})."
    )


def too_few_to_compare(items: Iterable[tuple[str, int, int]]) -> str:
    """The factors with too few days to compare yet, from (chart label, days with, days
    without), where both count the days with the outcome logged from the day the factor was
    first logged (before it, nobody could have done it): "Too few days yet to compare, counting
    from the day each was first logged: work trigger (3 days with it, 70 without) and
    breathing, same day (1 day with it, none without since)." Without that, "1 day with, none without"
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


def cannot_tell_apart(items: Iterable[tuple[str, int, int]]) -> str:
    """The factors whose days came in too fixed a rhythm to compare, from (chart label, days
    with, days without): "Not compared, because its days came in too fixed a rhythm (such as
    every other day) to tell a day with it from the day after: breathing or grounding (30 days
    with it, 30 without)." With a practice done exactly every other day, every logged day is
    either a day with it or the day after one, and the two cannot be told apart from each
    other or from the usual level (`analytics.patterns`, "Too fixed a rhythm"); "" when none."""
    named = [
        f"{_lower_first(label)} ({count(n_with, 'day')} with it, {n_without:,} without)"
        for label, n_with, n_without in items
    ]
    if not named:
        return ""
    whose = "its days" if len(named) == 1 else "their days"
    return (
        f"Not compared, because {whose} came in too fixed a rhythm (such as every other day) "
        f"to tell a day with it from the day after: {join(named)}."
    )


def no_pattern_yet(outcome: str, tried: int) -> str:
    """ "No pattern is clear yet for wellbeing in these days: 18 comparisons looked at." """
    return f"No pattern is clear yet for {outcome} in these days: {count(tried, 'comparison')} looked at."
