"""A session schedule: the same weekday every week or every second week, until a date, with
single dates moved or cancelled; and the one answer to "when is the next session?".

Pure functions over dates (no storage, no clock): `expand` turns a schedule into its dates and
`next_session` picks the next one from the schedule and the sessions the person logged.

Dates are calendar dates, stepped by whole days (`timedelta(days=7)` on a `date`): a daylight-
saving change between two sessions cannot move one to another day or hour. The time of day, when
given, is the wall-clock time the person meets, shown as it is.

The schedule is kept as one setting (`SCHEDULE_SETTING`, JSON), so it travels with the export
and the restore like every other setting.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from analytics.entries import LATEST_YEAR, InvalidEntry, SessionStatus

SCHEDULE_SETTING = "session_schedule"
SCHEDULE_TEXT_MAX = 4000
"""The setting's longest value: a schedule with about a hundred moved or cancelled dates."""
EVERY_WEEKS = (1, 2)
"""Weekly or fortnightly."""
LONGEST_SPAN_DAYS = 3653
"""A schedule runs ten years at most (the span a date picker offers): its dates are made in
full wherever it is read (the calendar file, the next session), so a restored one that ran for
centuries would stall the app."""
LONGEST_MOVE_DAYS = 366
"""A single date is moved by a year at most."""


@dataclass(frozen=True)
class Schedule:
    """Sessions every `every_weeks` weeks from `start` up to `until` (both inclusive), at `at`
    (None: no time given). `moved` maps a scheduled date to the date it was moved to;
    `cancelled` holds scheduled dates that will not take place."""

    start: date
    every_weeks: int
    until: date
    at: time | None = None
    moved: Mapping[date, date] = field(default_factory=dict)
    cancelled: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if type(self.every_weeks) is not int or self.every_weeks not in EVERY_WEEKS:
            raise InvalidEntry(
                "every_weeks",
                f"the schedule's every_weeks is {self.every_weeks!r}, not 1 (weekly) or 2 "
                "(fortnightly)",
            )
        if self.until < self.start:
            raise InvalidEntry(
                "until", f"the schedule's until, {self.until:%Y-%m-%d}, is before its start"
            )
        if self.until.year > LATEST_YEAR:
            raise InvalidEntry("until", f"the schedule's until is after {LATEST_YEAR}")
        if (self.until - self.start).days > LONGEST_SPAN_DAYS:
            raise InvalidEntry(
                "until",
                f"the schedule runs from {self.start:%Y-%m-%d} to {self.until:%Y-%m-%d}, more "
                "than ten years",
            )
        regular = set(regular_dates(self))
        for original in (*self.moved, *self.cancelled):
            if original not in regular:
                raise InvalidEntry("date", f"{original:%Y-%m-%d} is not a date of this schedule")
        for original, target in self.moved.items():
            if abs((target - original).days) > LONGEST_MOVE_DAYS:
                raise InvalidEntry(
                    "date",
                    f"the schedule moves {original:%Y-%m-%d} to {target:%Y-%m-%d}, more than a "
                    "year away",
                )

    def with_moved(self, original: date, to: date) -> Schedule:
        """The schedule with `original` moved to `to` (a cancellation of it is taken back)."""
        moved = {**self.moved, original: to}
        return Schedule(
            self.start, self.every_weeks, self.until, self.at, moved, self.cancelled - {original}
        )

    def with_cancelled(self, original: date) -> Schedule:
        """The schedule without the session of `original` (a move of it is taken back)."""
        moved = {k: v for k, v in self.moved.items() if k != original}
        return Schedule(
            self.start, self.every_weeks, self.until, self.at, moved, self.cancelled | {original}
        )


def changed(
    old: Schedule | None, start: date, every_weeks: int, until: date, at: time | None
) -> Schedule:
    """A schedule saved again with a new rhythm: the moves and cancellations of `old` whose
    date is still a date of the new rhythm are kept; the others no longer have a date to change."""
    new = Schedule(start, every_weeks, until, at)
    if old is None:
        return new
    regular = set(regular_dates(new))
    return Schedule(
        start,
        every_weeks,
        until,
        at,
        {k: v for k, v in old.moved.items() if k in regular},
        frozenset(d for d in old.cancelled if d in regular),
    )


def regular_dates(schedule: Schedule) -> list[date]:
    """Every date of the rhythm, before any move or cancellation: `start`, then every
    `every_weeks` weeks while on or before `until`."""
    step = timedelta(days=7 * schedule.every_weeks)
    count = (schedule.until - schedule.start) // step + 1
    return [schedule.start + i * step for i in range(count)]


def expand(schedule: Schedule | None) -> list[date]:
    """The schedule's session dates, sorted, each once: the regular dates without the cancelled
    ones, each moved date at the date it was moved to (which may lie past `until`, or beyond
    another session: the order is by date). Two sessions moved onto one date are one session
    (a date counts once, as in the journal)."""
    if schedule is None:
        return []
    dates = {
        schedule.moved.get(day, day)
        for day in regular_dates(schedule)
        if day not in schedule.cancelled
    }
    return sorted(dates)


def planned_dates(
    schedule: Schedule | None, logged: Iterable[tuple[date, str]], today: date
) -> list[date]:
    """The sessions still to come, today included: the schedule's dates and the sessions the
    person booked ahead (`logged`: each session's day and status), without any date a logged
    session says was cancelled or missed. The schedule's moves and cancellations are already
    in `expand`."""
    logged = list(logged)
    off = {day for day, status in logged if status != SessionStatus.ATTENDED}
    booked = {day for day, status in logged if status == SessionStatus.ATTENDED}
    return sorted(d for d in set(expand(schedule)) | booked if d >= today and d not in off)


def next_session(
    schedule: Schedule | None, logged: Iterable[tuple[date, str]], today: date
) -> date | None:
    """The next session, today included, or None: the first of `planned_dates`. Every view that
    names the next session (Home, the review, the first start's echo, the calendar file) uses
    this one answer through `analytics.sessions.next_session`."""
    planned = planned_dates(schedule, logged, today)
    return planned[0] if planned else None


def to_text(schedule: Schedule) -> str:
    """The schedule as the setting's value (JSON with sorted keys: the same schedule is the same text)."""
    return json.dumps(
        {
            "start": schedule.start.isoformat(),
            "every_weeks": schedule.every_weeks,
            "until": schedule.until.isoformat(),
            "at": schedule.at.strftime("%H:%M") if schedule.at else None,
            "moved": {k.isoformat(): v.isoformat() for k, v in sorted(schedule.moved.items())},
            "cancelled": sorted(d.isoformat() for d in schedule.cancelled),
        },
        sort_keys=True,
        separators=(",", ":"),
    )


def from_text(text: str) -> Schedule:
    """The schedule a setting's value holds; `InvalidEntry` naming what is wrong otherwise."""
    try:
        raw = json.loads(text)
        at = raw.get("at")
        moved = raw.get("moved") or {}
        cancelled = raw.get("cancelled") or []
        if not isinstance(moved, dict) or not isinstance(cancelled, list):
            raise InvalidEntry("value", "is not a session schedule this version can read")
        return Schedule(
            start=date.fromisoformat(raw["start"]),
            every_weeks=raw["every_weeks"],  # checked as it is: 1.9 or "1" is no schedule
            until=date.fromisoformat(raw["until"]),
            at=time.fromisoformat(at) if at else None,
            moved={date.fromisoformat(k): date.fromisoformat(v) for k, v in moved.items()},
            cancelled=frozenset(date.fromisoformat(d) for d in cancelled),
        )
    except InvalidEntry:
        raise
    except (ValueError, TypeError, KeyError, AttributeError):
        raise InvalidEntry("value", "is not a session schedule this version can read") from None


def clean_schedule_text(text: str) -> str:
    """The setting's value checked and written the one way (`to_text`)."""
    if len(text) > SCHEDULE_TEXT_MAX:
        raise InvalidEntry("value", f"is longer than {SCHEDULE_TEXT_MAX} characters")
    return to_text(from_text(text))
