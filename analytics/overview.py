"""The Home page's short overview: the last 7 days next to the 7 before them.

Method: "this week" is the 7 local calendar days ending `today` (today included); "the week
before" is the 7 days just before that. Counts are plain counts of logged entries; mean
wellbeing is the arithmetic mean of the check-ins in the period (None when there are none, so
a page can say "no check-ins yet" instead of inventing a number). Practices count only
`done` rows: rest days are planned, not missed, and not done either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from analytics import sessions
from analytics.dates import DateRange
from analytics.storage import Connection
from analytics.storage import overview_queries as queries
from analytics.words import overview as overview_words
from analytics.words import phrases

WEEK_DAYS = 7


@dataclass(frozen=True)
class Period:
    """What was logged in one 7-day period."""

    days: DateRange
    check_ins: int = 0
    mean_wellbeing: float | None = None
    triggers: int = 0
    practices_done: int = 0
    practices_distinct: int = 0


@dataclass(frozen=True)
class WeekOverview:
    """The last 7 days (`this`) against the 7 before (`before`), plus the session context."""

    this: Period
    before: Period
    trigger_categories: dict[str, int]
    """Triggers per category this week."""
    last_session: date | None
    """The most recent attended therapy session before today (a cancelled or missed one did not
    take place)."""
    next_session: date | None
    """The next therapy session, today included (`sessions.next_session`: the schedule and the
    sessions booked ahead)."""
    bring_next: str | None
    """The newest "what do I bring to my next session" answer, from any day up to today."""
    bring_next_day: date | None

    @property
    def trigger_finding(self) -> str | None:
        """Which categories came most often this week, by the one rule of `analytics.words.phrases`
        (every tie named, none stands out, or too few to see a pattern); None without triggers."""
        if not self.trigger_categories:
            return None
        found = phrases.leaders(self.trigger_categories)
        return phrases.most_often(found, "trigger", "this week") + "."

    def wellbeing_help(self) -> str:
        """What the mean wellbeing figure is made of."""
        before = None if self.wellbeing_change is None else self.before.mean_wellbeing
        return overview_words.wellbeing_help(self.this.check_ins, self.before.check_ins, before)

    def practice_help(self) -> str:
        """What the practices-done figure counts."""
        return overview_words.practice_help(
            self.this.practices_distinct, self.before.practices_done
        )

    @property
    def check_in_change(self) -> int:
        return self.this.check_ins - self.before.check_ins

    @property
    def wellbeing_change(self) -> float | None:
        """This week's mean wellbeing minus last week's; None unless both weeks have check-ins."""
        if self.this.mean_wellbeing is None or self.before.mean_wellbeing is None:
            return None
        return self.this.mean_wellbeing - self.before.mean_wellbeing

    @property
    def trigger_change(self) -> int:
        return self.this.triggers - self.before.triggers

    @property
    def practice_change(self) -> int:
        return self.this.practices_done - self.before.practices_done


def week_overview(con: Connection, today: date) -> WeekOverview:
    """Summarise the 7 days ending `today` against the 7 days before them (see the module doc)."""
    this_days = DateRange(today - timedelta(days=WEEK_DAYS - 1), today)
    before_days = this_days.previous()
    span = (before_days.start, this_days.start, this_days.end)
    check_ins = queries.check_in_periods(con, *span)
    triggers = queries.trigger_periods(con, *span)
    practices = queries.practice_periods(con, *span)

    def period(name: str, days: DateRange) -> Period:
        count, mean = check_ins.get(name, (0, None))
        done, distinct = practices.get(name, (0, 0))
        return Period(days, count, mean, triggers.get(name, 0), done, distinct)

    last_session = queries.last_attended_session(con, today)
    next_session = sessions.next_session(con, today)
    bring = queries.latest_bring_next(con, today)
    return WeekOverview(
        this=period("this", this_days),
        before=period("before", before_days),
        trigger_categories=queries.trigger_categories(con, this_days.start, this_days.end),
        last_session=last_session,
        next_session=next_session,
        bring_next=bring[1] if bring else None,
        bring_next_day=bring[0] if bring else None,
    )
