"""A page's period in words, said against the one before it of the same length: "in the last
30 days" and "in the 30 days before" (`analytics.triggers.period_phrase` finds whether the
range ends today)."""

from __future__ import annotations


def recent(days: int, ends_today: bool, label: str) -> str:
    """The period itself: "today" (one day ending today), "in the last 30 days" (a range ending
    today), else "from " and the range's `label` ("from 1 Mar – 30 Mar 2026")."""
    if not ends_today:
        return f"from {label}"
    return "today" if days == 1 else f"in the last {days:,} days"


def before(days: int) -> str:
    """The period of the same length before it: "the day before", "in the 30 days before"."""
    return "the day before" if days == 1 else f"in the {days:,} days before"
