"""Progress in words: the Progress page's headline and summary, the recovery chart's title and
the share's help, from the figures `analytics.progress` found (its `ProgressSummary` fields, a
`setbacks.Recovery`, and which way recovery has gone, `progress._recovery_trend`)."""

from __future__ import annotations

from datetime import date

from analytics.setbacks import Recovery
from analytics.words import phrases
from analytics.words import recovery as recovery_words


def _days(n: float | None) -> str:
    """ "1 day", "3 days": a recovery time rounded to whole days."""
    return phrases.count(int(round(n or 0)), "day")


def since(first_day: date, days: int) -> str:
    """When the trend is measured from, as exact as the range needs: "3 March" (up to 120
    days), "March" (up to a year), "March 2025"."""
    if days <= 120:
        return f"{first_day:%-d %B}"
    if days <= 365:
        return f"{first_day:%B}"
    return f"{first_day:%B %Y}"


def headline(way: str, change: float, since_when: str) -> str:
    """ "Up 0.4 points since 26 October", "Down 0.6 points since March: a harder stretch",
    "Steady since March" (`way`: "up", "down" or "steady", as `progress` judged it)."""
    if way == "up":
        return f"Up {change:.1f} points since {since_when}"
    if way == "down":
        return f"Down {-change:.1f} points since {since_when}: a harder stretch"
    return f"Steady since {since_when}"


def setbacks_sentence(
    count: int,
    trend: str,
    first_half: float | None,
    second_half: float | None,
    found: Recovery,
) -> str:
    """The summary's sentence on setbacks: "No setbacks in this stretch."; "3 setbacks along
    the way; lately you recover in about 4 days, down from 7." (`trend` "faster"); "...; lately
    recovery has taken about 7 days, up from 4. Harder weeks come and go." ("slower"); else
    how long they took (`recovery.progress_clause`)."""
    if count == 0:
        return "No setbacks in this stretch."
    along = f"{phrases.count(count, 'setback')} along the way"
    if trend == "faster":
        return f"{along}; lately you recover in about {_days(second_half)}, down from {round(first_half or 0)}."
    if trend == "slower":
        return f"{along}; lately recovery has taken about {_days(second_half)}, up from {round(first_half or 0)}. Harder weeks come and go."
    return f"{along}{recovery_words.progress_clause(found, count)}."


def recovery_title(
    trend: str, first_half: float | None, second_half: float | None, found: Recovery
) -> str:
    """The recovery chart's title, by the same rule as the summary: "Recovering faster: about
    4 days lately, down from 7", "Recovery has taken longer lately: ...", else
    `recovery.title`."""
    if trend == "faster":
        return f"Recovering faster: about {_days(second_half)} lately, down from {round(first_half or 0)}"
    if trend == "slower":
        return f"Recovery has taken longer lately: about {_days(second_half)}, up from {round(first_half or 0)}"
    return recovery_words.title(found)


def share_help(start_level: float | None, check_in_days: int) -> str:
    """What the "days at or above the start" share means and is out of."""
    level = "" if start_level is None else f" ({start_level:.1f})"
    return (
        f"Days whose wellbeing was at or above your trend's level at the start of the "
        f"range{level}, out of {phrases.count(check_in_days, 'day')} with a check-in."
    )
