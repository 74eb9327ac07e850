"""Reminders as an iCalendar file the person imports into their own calendar (nothing is sent).

The file holds:
- a daily check-in reminder at the time the person chose: one event repeating every day
  (`RRULE:FREQ=DAILY`) with an alarm at its start;
- every therapy session in the journal, as an all-day event with an alarm the evening before
  (`EVENING_BEFORE`: 20:00) saying "review your week";
- each measure due (a questionnaire's name and day), as an all-day event with a morning alarm;
  once therapy has ended, repeating every `measures.FOLLOW_UP_DAYS` days (monthly follow-up),
  so it rings again even when the file is not imported again.

Re-importing updates instead of duplicating: every event's UID is derived from what it stands
for (the session's id, the questionnaire, a fixed name for the daily reminder), never random;
a questionnaire's event moves to its next due day, with a higher SEQUENCE. The output is deterministic: DTSTAMP comes from the data (a session's last change; the
daily reminder's fixed start), not the clock, and events are in a fixed order, so a second export
of the same journal is byte-identical and one after a change differs only in that event.

Times are "floating" local times (no time zone): the reminder rings at 20:00 wherever the phone
is. Notes are left out on purpose: a calendar often syncs to someone's server.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Alarm, Calendar, Event

PRODUCT = "-//Between Sessions//Reminders//EN"
UID_DOMAIN = "between-sessions.local"
DAILY_UID = f"daily-check-in@{UID_DOMAIN}"
DAILY_START = date(2026, 1, 1)
"""The daily reminder's first day: fixed, so the file does not change from one day to the next
(a calendar shows a daily event from today on whatever its first day)."""
DEFAULT_TIME = time(20, 0)
EVENING_BEFORE = timedelta(hours=-4)
"""An all-day event starts at midnight: four hours earlier is 20:00 the evening before."""
MEASURE_MORNING = timedelta(hours=9)
CHECK_IN_TITLE = "Check in with Between Sessions"
SESSION_TITLE = "Therapy session"
REVIEW_NOTE = "Review your week before tomorrow's session (Session review in Between Sessions)."


def parse_time(text: str) -> time:
    """`HH:MM` (24-hour) as a time; ValueError with a plain message otherwise."""
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a time like 20:00 (24-hour HH:MM)")
    return time(int(match[1]), int(match[2]))


def build_reminders(
    sessions: Iterable[tuple[str, date, datetime | None]],
    check_in_at: time = DEFAULT_TIME,
    measures_due: Iterable[tuple[str, date]] = (),
    measures_every: int | None = None,
) -> bytes:
    """The calendar file: the daily check-in at `check_in_at`, each session (id, day, last
    changed) with its evening-before reminder, and each measure due (name, day), repeating
    every `measures_every` days when given (after therapy: `outcomes.reminder_every`)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Between Sessions")
    events = [_daily(check_in_at)]
    events += [_session(entry_id, day, changed) for entry_id, day, changed in sessions]
    events += [_measure(name, day, measures_every) for name, day in sorted(set(measures_due))]
    for event in sorted(events, key=lambda e: (str(e["dtstart"].to_ical()), str(e["uid"]))):
        calendar.add_component(event)
    return calendar.to_ical()


def _daily(at: time) -> Event:
    event = Event()
    event.add("uid", DAILY_UID)
    event.add("dtstamp", datetime.combine(DAILY_START, time(), UTC))
    event.add("summary", CHECK_IN_TITLE)
    event.add("description", "How are you right now? One tap on the Quick log page.")
    event.add("dtstart", datetime.combine(DAILY_START, at))
    event.add("duration", timedelta(minutes=5))
    event.add("rrule", {"freq": "daily"})
    event.add("transp", "TRANSPARENT")
    event.add_component(_alarm(timedelta(0), CHECK_IN_TITLE))
    return event


def _session(entry_id: str, day: date, changed: datetime | None) -> Event:
    event = Event()
    event.add("uid", f"session-{entry_id}@{UID_DOMAIN}")
    event.add("dtstamp", _utc(changed) if changed else datetime.combine(day, time(), UTC))
    event.add("summary", SESSION_TITLE)
    event.add("dtstart", _day(day))
    event.add("dtend", _day(day + timedelta(days=1)))
    event.add("transp", "TRANSPARENT")
    event.add_component(_alarm(EVENING_BEFORE, REVIEW_NOTE))
    return event


def _measure(name: str, day: date, every: int | None = None) -> Event:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "measure"
    event = Event()
    # One event per questionnaire, moved when it is answered: its UID names the questionnaire,
    # not the day (a day in the UID made a new event at every answer, leaving the old one), and
    # its SEQUENCE grows with the due day, so a calendar takes the re-imported one as newer.
    event.add("uid", f"measure-{slug}@{UID_DOMAIN}")
    event.add("sequence", max(0, (day - DAILY_START).days))
    event.add("dtstamp", datetime.combine(day, time(), UTC))
    event.add("summary", f"Questionnaire due: {name}")
    event.add("dtstart", _day(day))
    event.add("dtend", _day(day + timedelta(days=1)))
    event.add("transp", "TRANSPARENT")
    if every:
        event.add("rrule", {"freq": "daily", "interval": every})
    event.add_component(_alarm(MEASURE_MORNING, f"{name} is due today (Between Sessions)."))
    return event


def _alarm(before: timedelta, text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", before)
    return alarm


def _day(day: date) -> date:
    return date(day.year, day.month, day.day)  # a pandas Timestamp or datetime becomes a date


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC, microsecond=0)
    return moment.astimezone(UTC).replace(microsecond=0)
