"""The sleep sentence, from typed facts: the mean hours or quality of the nights given in a
period, and the change from the period before. `analytics.sleep` finds the facts (and decides
what counts as steady, `sleep.STEADY`, and too few nights, `sleep.MIN_NIGHTS`)."""

from __future__ import annotations

from analytics.words import phrases
from analytics.words.phrases import Voice


def averaged(
    voice: Voice,
    what: str,
    unit: str,
    mean: float | None,
    nights: int,
    previous_mean: float | None,
    previous_nights: int,
    change: float | None,
    steady: bool,
) -> str:
    """ "Your sleep averaged 6.8 hours over 9 nights, up 0.5 from 6.3 hours over 7 nights in
    the period before." (`change`: None when the period before has too few nights to compare;
    `steady`: the change is too small to name a direction)."""
    text = (
        f"{voice.possessive.capitalize()} {what} averaged {mean:.1f}{unit} over "
        f"{phrases.count(nights, 'night')}"
    )
    if change is None:
        before = phrases.count(previous_nights, "night")
        return f"{text}; the period before has too few nights given to compare ({before})."
    if steady:
        return (
            f"{text}, about the same as the period before ({previous_mean:.1f}{unit} over "
            f"{phrases.count(previous_nights, 'night')})."
        )
    direction = "up" if change > 0 else "down"
    return (
        f"{text}, {direction} {abs(change):.1f} from {previous_mean:.1f}{unit} over "
        f"{phrases.count(previous_nights, 'night')} in the period before."
    )


def sleep_hours_text(hours: float) -> str:
    """ "1 hour", "7.5 hours", "7.25 hours", "0 hours": as given, never rounded to a whole."""
    return f"{hours:g} {'hour' if hours == 1 else 'hours'}"


def sleep_given(hours: float | None, quality: float | None) -> str:
    """What a check-in said about the night before, to follow "Check-in saved: ...":
    ", with 7.5 hours of sleep, quality 8 of 10"; "" when neither was given."""
    parts = []
    if hours is not None:
        parts.append(f"{sleep_hours_text(hours)} of sleep")
    if quality is not None:
        parts.append(f"sleep quality {quality:g} of 10")
    return f", with {' and '.join(parts)}" if parts else ""
