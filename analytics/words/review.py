"""The session review's sentences: the period, wellbeing, setbacks, triggers, practice, the
notable days and the summary paragraph, from the review's facts (`analytics.review`).

Comparisons are stated only when both sides have data, and never as causes. `voice` is `YOU`
on the page and `ME` in the brief (`analytics.words.phrases`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from analytics import patterns, progress, sleep, triggers
from analytics.dates import DateRange
from analytics.review_facts import WellbeingFacts
from analytics.review_period import ReviewChoice
from analytics.setbacks import recovery
from analytics.triggers import TriggerFacts
from analytics.words import phrases
from analytics.words import recovery as recovery_words
from analytics.words.phrases import YOU, Voice

if TYPE_CHECKING:  # the review imports these words: at run time, only its facts are read
    from analytics.review import SessionReview

STEADY = 0.3
"""A change in mean wellbeing smaller than this (points on 0-10) is "about the same"."""


def period_caption(choice: ReviewChoice) -> str:
    """The line under the page title: the period, its length, and what it is compared with."""
    compared = (
        "the period between your two sessions before"
        if choice.previous_is_session_period
        else "the same number of days before"
    )
    return (
        f"{choice.period.label()} ({phrases.count(choice.period.days, 'day')}), compared with "
        f"{choice.previous.label()}, {compared}."
    )


def period_phrase(choice: ReviewChoice, voice: Voice = YOU) -> str:
    if choice.chosen_dates and choice.period.start == choice.period.end:
        return f"On {choice.period.start:%-d %B %Y} (1 day)"
    if choice.chosen_dates:
        return f"From {choice.period.start:%-d %B} to {choice.period.end:%-d %B %Y} ({phrases.count(choice.period.days, 'day')})"
    if choice.start_session is None:
        return f"In the last {phrases.count(choice.period.days, 'day')}"
    return f"Since {voice.possessive} session on {choice.start_session:%-d %B} ({phrases.count(choice.period.days, 'day')})"


def _change_words(facts: WellbeingFacts) -> str:
    """ ", down 1.5 from 6.3 in the period before", ", about the same as the period before", or
    "" when the periods cannot be compared. The change is taken between the means as printed
    (`shown_change`), so "4.8, down 1.5 from 6.3" always adds up."""
    change = facts.shown_change
    if change is None:
        return ""
    if abs(change) < STEADY:
        return ", about the same as the period before"
    direction = "up" if change > 0 else "down"
    return f", {direction} {abs(change):.1f} from {facts.previous_mean:.1f} in the period before"


def wellbeing_sentence(facts: WellbeingFacts) -> str:
    if facts.mean is None:
        return "No check-ins in this period yet."
    text = f"wellbeing averaged {facts.mean:.1f} over {phrases.count(facts.check_in_days, 'day')} with a check-in"
    change = facts.shown_change
    harder = ": a harder stretch" if change is not None and change <= -STEADY else ""
    return text + _change_words(facts) + harder + "."


def wellbeing_title(facts: WellbeingFacts) -> str:
    """The review's wellbeing chart title: the same change as `wellbeing_sentence`, one number
    for one change (the trend's own change is said, when it falls, by `trend_decline_sentence`)."""
    if facts.mean is None:
        return "No check-ins in this period yet"
    return f"Wellbeing averaged {facts.mean:.1f}" + _change_words(facts)


def setback_sentence(setbacks: pd.DataFrame, voice: Voice = YOU, measured: bool = True) -> str:
    """Setbacks in the period, honest when there were too few check-ins to measure any."""
    if not measured:
        return (
            f"Setbacks are measured against {voice.possessive} own trend, which needs about "
            f"{progress.MIN_TREND_DAYS} days with a check-in: not enough yet."
        )
    if setbacks.empty:
        return f"No setbacks against {voice.possessive} own trend."
    recovered = setbacks[~setbacks["ongoing"]]
    parts = [f"{phrases.count(len(setbacks), 'setback')} against {voice.possessive} own trend"]
    days_back = [float(d) for d in recovered["recovery_days"]] if len(recovered) else []
    eased = recovery_words.review_clause(recovery(days_back), len(setbacks))
    if eased:
        parts.append(eased)
    text = "; ".join(parts) + "."
    still_going = progress.ongoing_sentence(setbacks, voice)
    if still_going:
        # Said in figures, not as "still easing": a drop that has not eased is not easing.
        text += " " + still_going
    return text


def trigger_sentence(
    facts: TriggerFacts, voice: Voice = YOU, by_category: dict | None = None
) -> str:
    """The period's triggers: which came most often by the one rule of `analytics.words.phrases`
    (every tie named, none stands out, or too few), and how many were met with a new skill."""
    if facts.total == 0:
        return "No triggers logged."
    counts = dict(by_category) if by_category else dict(facts.top_categories)
    finding = phrases.most_often(phrases.leaders(counts), "trigger")
    met = f"{voice.subject} met {phrases.n_of(facts.new_skill, facts.total)} with a new skill"
    text = f"{finding}; {met}"
    if facts.previous_total >= triggers.MIN_FOR_PATTERN and facts.total >= triggers.MIN_FOR_PATTERN:
        text += f" ({phrases.n_of(facts.previous_new_skill, facts.previous_total)} in the period before)"
    return text + "."


def practice_sentence(practices: pd.DataFrame, practised_days: int, period_days: int) -> str:
    """How many practices, on how many of the period's days (calendar days, never practice-day
    pairs), how many of the practices listed met their target, and which were not done at all
    ("not done in this period: Evening walk (0 of 3 a week)"), so none is silently dropped."""
    not_done = practices[practices["done_days"] == 0] if len(practices) else practices
    missed = (
        "not done in this period: "
        + phrases.join(
            f"{name} (0 of {_weekly(int(target))})"
            for name, target in zip(not_done["practice"], not_done["weekly_target"], strict=True)
        )
        if len(not_done)
        else ""
    )
    if practices.empty or practices["done_days"].sum() == 0:
        return f"No practices logged; {missed}." if missed else "No practices logged."
    done = practices[practices["done_days"] > 0]
    met = int(practices["met"].sum())
    text = (
        # "different": the count is of practices, not of practice-days (the bars add those up).
        f"{phrases.count(len(done), 'practice' if len(done) == 1 else 'different practice')} done, "
        f"on {phrases.n_of(practised_days, period_days, 'day')}; "
        f"{phrases.n_of(met, len(practices))} met {'its' if len(practices) == 1 else 'their'} target"
    )
    if missed:
        text += f"; {missed}"
    kept = practices.loc[practices["streak_status"] == "kept going", "practice"].tolist()
    if kept:
        text += f"; kept going: {phrases.join(kept[:3])}"
    new = practices.loc[practices["first_tried"].notna(), "practice"].tolist()
    if new:
        text += f"; tried for the first time: {phrases.join(new[:3])}"
    return text + "."


def _weekly(target: int) -> str:
    """A weekly target as "2 a week", or "7 a week" for a daily one (the "0 of ..." reads true)."""
    return f"{target} a week"


def notable_sentence(notable: pd.DataFrame, check_in_days: int) -> str:
    """One line above the notable days: how many check-in days they were chosen from."""
    if check_in_days == 0:
        return "No check-ins in this period."
    if check_in_days == 1:
        return "Only 1 day with a check-in, so no day is lowest or highest."
    if notable.empty:
        return f"No day stands out among {phrases.count(check_in_days, 'day')} with a check-in."
    return f"Out of {phrases.count(check_in_days, 'day')} with a check-in."


def trend_decline_sentence(review: SessionReview, voice: Voice = YOU) -> str | None:
    """A fall of the trend itself over the period, said plainly (`phrases.trend_decline`), or
    None when the trend did not fall by `progress.STEADY_CHANGE` or more, or there is none."""
    summary = review.progress.summary
    if (
        not summary.enough_data
        or summary.change is None
        or summary.start_level is None  # set together with `change`: for the type checker
        or summary.end_level is None
        or summary.change > -progress.STEADY_CHANGE
    ):
        return None
    trend = review.progress.daily.dropna(subset=["trend"])
    first = pd.Timestamp(trend["date"].iloc[0]).date()
    return phrases.trend_decline(first, summary.start_level, summary.end_level, voice)


def review_summary(review: SessionReview, voice: Voice = YOU) -> str:
    """A short plain paragraph about the period, kind and honest, in `voice`."""
    if review.wellbeing.mean is None:
        first = f"{period_phrase(review.choice, voice)} there were no check-ins yet."
    else:
        first = f"{period_phrase(review.choice, voice)}, {wellbeing_sentence(review.wellbeing)}"
    return " ".join(
        [
            first,
            *([decline] if (decline := trend_decline_sentence(review, voice)) else []),
            setback_sentence(review.setbacks, voice, review.setbacks_measured),
            trigger_sentence(review.trigger_facts, voice, dict(review.by_category)),
            practice_sentence(review.practices, review.practised_days, review.choice.period.days),
        ]
    )


def too_few_nights(nights: int, voice: Voice = YOU) -> str:
    """Sleep given on some nights, too few to average: said, so a night logged never vanishes
    without a word. In the voice of the lines beside it ("My sleep ..." in the brief)."""
    return (
        f"{voice.possessive.capitalize()} sleep was given on {phrases.count(nights, 'night')} "
        f"in this period: too few to average yet (it takes {sleep.MIN_NIGHTS})."
    )


def pattern_text(views: Sequence[patterns.PatternsView], days: int) -> str:
    """What the review says above the list of patterns claimed over `days` days (or instead
    of it): how many comparisons were clear enough to name, of how many, of which outcomes."""
    ready = [v for v in views if v.state == "ready"]
    regular = [v for v in views if v.state == "too_regular"]
    if not ready and regular:
        # Days enough on both sides, in too fixed a rhythm: "need more days" would be false.
        return regular[0].cannot_tell_apart_text()
    if not ready:
        return (
            f"Patterns need more days: at least {patterns.MIN_DAYS} with and "
            f"{patterns.MIN_DAYS} without a practice, a trigger or a good night's sleep, among days "
            "with a check-in."
        )
    span = f"the {days} days up to {ready[0].looked_at.end:%-d %B %Y}"
    claims = sum(len(v.claims) for v in ready)
    tried = sum(v.tried for v in ready)
    measures = phrases.join(
        dict.fromkeys(
            patterns.OUTCOME_NAMES.get(o, o)
            for v in ready
            for o in v.results.loc[v.results["tested"], "outcome"]
        )
    )
    looked = f"{phrases.count(tried, 'comparison')} of {measures}"
    if claims == 0:
        return f"No pattern is clear yet in {span} ({looked} looked at)."
    verb = "was" if claims == 1 else "were"
    return (
        f"In {span}, {phrases.n_of(claims, tried, 'comparison')} of {measures} {verb} clear "
        "enough to name:"
    )


def wellbeing_help(w: WellbeingFacts) -> str:
    """The help beside the mean wellbeing figure: how many check-in days it averages."""
    return (
        f"Average of daily means over {phrases.count(w.check_in_days, 'check-in day')} "
        f"(before: {w.previous_check_in_days:,})."
    )


def latest_of_tied(name: str, days: int, value: float) -> str:
    """A notable day's label when more than `phrases.MAX_TIED` days tie at one end: only the
    latest is shown, named as one of them ("Lowest wellbeing (the latest of 4 days at 3.0)")."""
    return f"{name} (the latest of {days} days at {value:.1f})"


def chart_dates(period: DateRange) -> str:
    """The period as the review's charts and the brief's chart headings carry it: "1 Jun to
    15 Jun 2026", the year given once when both ends share it."""
    if period.start == period.end:
        return f"{period.start:%-d %b %Y}"
    if period.start.year == period.end.year:
        return f"{period.start:%-d %b} to {period.end:%-d %b %Y}"
    return f"{period.start:%-d %b %Y} to {period.end:%-d %b %Y}"


def check_in_days_title(facts: WellbeingFacts, dates: str) -> str:
    """The wellbeing chart's title while there is no trend to compare with: the days it has
    ("Wellbeing, 1 Jun to 15 Jun 2026: 3 days with a check-in")."""
    return f"Wellbeing, {dates}: {phrases.count(facts.check_in_days, 'day')} with a check-in"


def wellbeing_chart_subtitle(dates: str) -> str:
    """The wellbeing chart's subtitle: its dates, and what its dots are."""
    return f"{dates}; daily averages"
