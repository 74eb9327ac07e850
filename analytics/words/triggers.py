"""Triggers in words: the Triggers page's summary and its charts' titles, from the facts of
`analytics.triggers` (`TriggerFacts`, `SlotFacts`, `IntensityChange`, `ShareChange`).

Which category came most often is `phrases.most_often`, the one rule the session review uses
too, so the chart's title and the summary's opening are the same sentence.
"""

from __future__ import annotations

import pandas as pd

from analytics.triggers import (
    MIN_FOR_PATTERN,
    SHARE_HELD,
    IntensityChange,
    ShareChange,
    SlotFacts,
    TriggerFacts,
)
from analytics.words import phrases


def slot_phrase(cells: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> str:
    """ "Monday mornings", "Monday and Tuesday mornings", "Monday mornings and Friday nights"."""
    if len(cells) == 1:
        return f"{cells[0][0]} {cells[0][1]}s"
    parts = {part for _, part in cells}
    if len(parts) == 1:
        return f"{phrases.join([day for day, _ in cells])} {cells[0][1]}s"
    return phrases.join([f"{day} {part}s" for day, part in cells])


def category_finding(by_category: dict[str, int], period: str = "") -> str:
    """Which categories came most often: the Triggers chart's title and the summary's opening
    are both this sentence, so they cannot disagree (ties all named, or none stands out; under
    `MIN_FOR_PATTERN` triggers, too few to see a pattern)."""
    return phrases.most_often(phrases.leaders(by_category), "trigger", period)


def slot_finding(found: SlotFacts) -> str:
    """When in the week triggers came most often: the title of the weekday x time chart.

    Under `MIN_FOR_PATTERN` triggers: too few to see a pattern. The busiest cells are named only
    when they stand out, with "most often", never "most" (21 of 222 is not most).
    """
    total = found.total
    if total == 0:
        return "No triggers to place in the week yet"
    if total < MIN_FOR_PATTERN:
        return f"Only {phrases.count(total, 'trigger')}: {phrases.too_few(total)}"
    if not found.cells:
        return f"No time of the week stands out among {phrases.count(total, 'trigger')}"
    each = "" if len(found.cells) == 1 else " each,"
    return (
        f"Triggers came most often on {slot_phrase(found.cells)} ({found.top:,}{each} of {total:,})"
    )


def summary_sentence(facts: TriggerFacts) -> str:
    """A few plain sentences about the period, honest when there is little to go on.

    With `MIN_FOR_PATTERN` triggers or more: the most frequent category (ties named together),
    its most common weekday and part of the day when one stands out and the category itself
    has `MIN_FOR_PATTERN` triggers, then the new-skill count,
    compared with the period before when that period has enough triggers too. Never a cause.
    """
    if facts.total == 0:
        if facts.filtered:
            return f"No triggers {facts.period} match these filters."
        return f"No triggers logged {facts.period}."
    met = f"you met {phrases.n_of(facts.new_skill, facts.total)} with a new skill"
    if facts.total < MIN_FOR_PATTERN:
        return f"{category_finding(facts.by_category, facts.period)}; {met}."
    found = phrases.leaders(facts.by_category)
    opening = category_finding(facts.by_category, facts.period)
    if len(found.names) == 1 and found.stands_out:
        slot = facts.top_slots.get(found.names[0])
        if slot is not None and found.top >= MIN_FOR_PATTERN:
            cells, count = slot
            each = f"{count} of {found.top}" if len(cells) == 1 else f"{count} each, of {found.top}"
            opening += f", busiest on {slot_phrase(cells)} ({each})"
    sentence = f"{opening}; {met}"
    if facts.previous_total < MIN_FOR_PATTERN:
        return f"{sentence}. There were too few triggers {facts.previous_period} to compare with."
    then = f"{facts.previous_new_skill} of {facts.previous_total}"
    share_now = facts.new_skill / facts.total
    share_then = facts.previous_new_skill / facts.previous_total
    if abs(share_now - share_then) < SHARE_HELD:
        return f"{sentence}, about the same share as {then} {facts.previous_period}."
    if share_now > share_then:
        return f"{sentence}, up from {then} {facts.previous_period}."
    return f"{sentence}, compared with {then} {facts.previous_period}. Harder stretches are part of the path."


def intensity_title(change: IntensityChange | None, grain: str = "week") -> str:
    """The intensity chart's finding: "Intensity held steady, around 4.6 out of 10", "Intensity
    eased, from about 5.5 to 4.2 out of 10"; under two trend points, not enough yet."""
    if change is None:
        return f"Not enough {'weeks' if grain == 'week' else 'months'} yet for a trend"
    if change.way == "steady":
        return f"Intensity held steady, around {change.mean:.1f} out of 10"
    return f"Intensity {change.way}, from about {change.first:.1f} to {change.last:.1f} out of 10"


def share_title(change: ShareChange | None) -> str:
    """The response-share chart's finding: the share met with a new skill in the first and the
    last month with enough triggers, or in the one such month."""
    if change is None:
        return "How triggers were met, month by month"
    last = f"{pd.Timestamp(change.last):%b %Y}"
    if change.first is None:
        return f"A new skill met {change.now:.0%} of triggers in {last}"
    first = f"{pd.Timestamp(change.first):%b %Y}"
    if change.way == "held":
        return f"A new skill met about {change.now:.0%} of triggers, from {first} to {last}"
    return (
        f"The share met with a new skill {change.way} from {change.was:.0%} ({first}) to "
        f"{change.now:.0%} ({last})"
    )


def helped_title(response: str | None, mean_helped: float = 0.0, rated: int = 0) -> str:
    """The "what helped" chart's finding: "“Grounding” helped most: 7.2 out of 10 over 6
    times"; without enough rated responses, not enough yet (`response` None)."""
    if response is None:
        return "Not enough rated responses yet"
    return f"\u201c{response}\u201d helped most: {mean_helped:.1f} out of 10 over {rated} times"


def _bucket(grain: str) -> str:
    return "week" if grain == "week" else "month"


def frequency_subtitle(grain: str) -> str:
    """ "Triggers per week, by category"."""
    return f"Triggers per {_bucket(grain)}, by category"


def intensity_subtitle(grain: str) -> str:
    """ "Mean intensity per week, with a straight trend line"."""
    return f"Mean intensity per {_bucket(grain)}, with a straight trend line"


def share_subtitle(pale: bool) -> str:
    """The response-share chart's subtitle; `pale`: some months have too few triggers to
    compare, drawn pale with their count."""
    if pale:
        return (
            "Share of each month's triggers by how they were met; pale months, with their count "
            f"above, have fewer than {MIN_FOR_PATTERN} and are not compared"
        )
    return "Share of each month's triggers by how they were met"
