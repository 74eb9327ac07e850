"""Which days a session review looks at, and what they are compared with.

The period runs from a session day to the day before the next session (or to today): the same
periods as `progress.session_periods`. By default it is the stretch since the last session
before today (a session today is the one being prepared for). It is compared with the
between-session period just before it; with no earlier session, with the same number of days
before it. With no sessions logged at all, the last `NO_SESSION_DAYS` days are reviewed.
Pure: dates in, a `ReviewChoice` out (the review itself is gathered by `analytics.review`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from analytics.dates import DateRange

NO_SESSION_DAYS = 14


@dataclass(frozen=True)
class ReviewChoice:
    """Which days are reviewed and what they are compared with."""

    period: DateRange
    previous: DateRange
    start_session: date | None
    next_session: date | None
    previous_is_session_period: bool
    chosen_dates: bool = False
    """True for a period of the person's own dates (`choose_dates`) rather than from sessions."""

    @property
    def has_sessions(self) -> bool:
        return self.start_session is not None


def choose_period(
    sessions: Sequence[date], today: date, start: date | None = None, end: date | None = None
) -> ReviewChoice:
    """The review period: from session `start` to the day before session `end` (or to today).

    Without `start`: from the last session before today. Without any session before today: the
    last `NO_SESSION_DAYS` days, compared with the same number of days before them.
    """
    days = sorted(set(sessions))
    upcoming = [d for d in days if d >= today]
    if start is None:
        earlier = [d for d in days if d < today]
        if not earlier:
            period = DateRange(today - timedelta(days=NO_SESSION_DAYS - 1), today)
            return ReviewChoice(
                period, period.previous(), None, upcoming[0] if upcoming else None, False
            )
        start = earlier[-1]
    later = [d for d in days if d > start]
    if end is None or end <= start:
        end_day = today if not later or later[0] > today else later[0] - timedelta(days=1)
        next_session = later[0] if later else None
    else:
        end_day = end - timedelta(days=1)
        next_session = end
    period = DateRange(start, max(start, min(end_day, max(today, start))))
    before = [d for d in days if d < start]
    if before:
        return ReviewChoice(
            period, DateRange(before[-1], start - timedelta(days=1)), start, next_session, True
        )
    return ReviewChoice(period, period.previous(), start, next_session, False)


def choose_dates(sessions: Sequence[date], start: date, end: date) -> ReviewChoice:
    """A period of the person's own choosing, [start, end], compared with as many days before
    it. `start_session` is `start` when a session fell on it; `next_session` the first after `end`."""
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    period = DateRange(start, end)
    later = [d for d in sorted(set(sessions)) if d > end]
    start_session = start if start in set(sessions) else None
    return ReviewChoice(
        period,
        period.previous(),
        start_session,
        later[0] if later else None,
        False,
        chosen_dates=True,
    )
