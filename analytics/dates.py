"""The date ranges every page shares, as chosen in the sidebar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class RangePreset(StrEnum):
    LAST_30_DAYS = "Last 30 days"
    LAST_90_DAYS = "Last 90 days"
    LAST_YEAR = "Last year"
    ALL = "All time"
    SINCE_LAST_SESSION = "Since last session"
    CUSTOM = "Custom"


@dataclass(frozen=True)
class DateRange:
    """Local calendar days from `start` to `end`, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> DateRange:
        """The period of equal length just before this one, for "compared with before"."""
        return DateRange(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def label(self) -> str:
        if self.start == self.end:  # one day: "29 Nov 2026", not "29 Nov – 29 Nov 2026"
            return f"{self.start:%-d %b %Y}"
        if self.start.year == self.end.year:
            return f"{self.start:%-d %b} – {self.end:%-d %b %Y}"
        return f"{self.start:%-d %b %Y} – {self.end:%-d %b %Y}"


def resolve_range(
    preset: RangePreset | str,
    today: date,
    *,
    first_entry: date | None = None,
    last_session: date | None = None,
    custom: tuple[date, date] | None = None,
) -> DateRange:
    """Turn a sidebar choice into concrete days ending today (or the custom end)."""
    preset = RangePreset(preset)
    fixed = {
        RangePreset.LAST_30_DAYS: 30,
        RangePreset.LAST_90_DAYS: 90,
        RangePreset.LAST_YEAR: 365,
    }
    if preset in fixed:
        return DateRange(today - timedelta(days=fixed[preset] - 1), today)
    if preset is RangePreset.ALL:
        return DateRange(min(first_entry or today, today), today)
    if preset is RangePreset.SINCE_LAST_SESSION:
        if last_session is None or last_session > today:
            return DateRange(today - timedelta(days=13), today)
        return DateRange(last_session, today)
    if custom is None:
        return DateRange(today - timedelta(days=29), today)
    start, end = sorted(custom)
    return DateRange(start, end)
