"""Reminders as an iCalendar file the person imports into their own calendar (nothing is sent).

The file holds:
- a daily check-in reminder at the time the person chose: one event repeating every day
  (`RRULE:FREQ=DAILY`) with an alarm at its start;
- every therapy session in the journal, as an all-day event with an alarm the evening before
  (`EVENING_BEFORE`: 20:00) saying "review your week";
- each measure due (a questionnaire's name and day), as an all-day event with a morning alarm;
  once therapy has ended, repeating every `measures.FOLLOW_UP_DAYS` days (monthly follow-up),
  so it rings again even when the file is not imported again.

A session date that will not take place (`sessions.calendar_cancelled`: cancelled in the
schedule or logged as cancelled, or a date the schedule moved a session away from) stays in
the file as its own event, marked cancelled, so a calendar that imported it before takes it
off: RFC 5545 section 3.8.1.11, STATUS:CANCELLED ("Indicates event was cancelled"), under the
same UID (section 3.8.4.7) with a higher SEQUENCE (section 3.8.7.4; RFC 5546 section 2.1.4
names a change of STATUS as one that raises it). Each session date is its own VEVENT here, not
a date of a recurring series, so there is no series for an EXDATE (RFC 5545 section 3.8.5.1)
or a RECURRENCE-ID override (section 3.8.4.4) to belong to. A session's SEQUENCE is the
seconds from `DAILY_START` to its last change (`sequence_of`): deterministic, and higher after
every change, so the cancelled event outranks the booked one it replaces, and a date booked
again outranks its cancellation. A cancelled date has no alarm.

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

from analytics.words import reminders as words

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
    cancelled: Iterable[tuple[str, date, datetime | None, date | None]] = (),
) -> bytes:
    """The calendar file: the daily check-in at `check_in_at`, each session (id, day, last
    changed) with its evening-before reminder, each measure due (name, day), repeating
    every `measures_every` days when given (after therapy: `outcomes.reminder_every`), and each
    cancelled session date (id, day, last changed, moved to or None) marked cancelled."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Between Sessions")
    events = [_daily(check_in_at)]
    events += [_session(entry_id, day, changed) for entry_id, day, changed in sessions]
    events += [_cancelled(entry_id, day, changed, to) for entry_id, day, changed, to in cancelled]
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


def _session_event(
    entry_id: str, day: date, changed: datetime | None, cancelled: bool = False
) -> Event:
    """What a session's event holds whether it takes place or not: one UID for the date."""
    event = Event()
    event.add("uid", f"session-{entry_id}@{UID_DOMAIN}")
    event.add("sequence", sequence_of(changed, cancelled))
    event.add("dtstamp", _utc(changed) if changed else datetime.combine(day, time(), UTC))
    event.add("dtstart", _day(day))
    event.add("dtend", _day(day + timedelta(days=1)))
    event.add("transp", "TRANSPARENT")
    return event


def _session(entry_id: str, day: date, changed: datetime | None) -> Event:
    event = _session_event(entry_id, day, changed)
    event.add("summary", SESSION_TITLE)
    event.add_component(_alarm(EVENING_BEFORE, REVIEW_NOTE))
    return event


def _cancelled(entry_id: str, day: date, changed: datetime | None, moved_to: date | None) -> Event:
    event = _session_event(entry_id, day, changed, cancelled=True)
    said = f"moved to {moved_to:%a %-d %b}" if moved_to else "cancelled"
    event.add("summary", f"{SESSION_TITLE} ({said})")
    event.add("status", "CANCELLED")
    return event


SEQUENCE_MAX = 2**31 - 1
"""SEQUENCE is an INTEGER (RFC 5545 section 3.3.8: a signed 32-bit value)."""


def sequence_of(changed: datetime | None, cancelled: bool = False) -> int:
    """A session event's SEQUENCE: the whole seconds from `DAILY_START` to its last change (0
    without one), so every later change gives a higher one; one more when it is cancelled, so
    a cancellation outranks a booking last changed in the same second."""
    seconds = 0.0
    if changed is not None:
        seconds = (_utc(changed) - datetime.combine(DAILY_START, time(), UTC)).total_seconds()
    return int(min(max(seconds, 0) + cancelled, SEQUENCE_MAX))


def _measure(name: str, day: date, every: int | None = None) -> Event:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "measure"
    event = Event()
    # One event per questionnaire, moved when it is answered: its UID names the questionnaire,
    # not the day (a day in the UID made a new event at every answer, leaving the old one), and
    # its SEQUENCE grows with the due day, so a calendar takes the re-imported one as newer.
    event.add("uid", f"measure-{slug}@{UID_DOMAIN}")
    event.add("sequence", max(0, (day - DAILY_START).days))
    event.add("dtstamp", datetime.combine(day, time(), UTC))
    event.add("summary", words.measure_due(name))
    event.add("dtstart", _day(day))
    event.add("dtend", _day(day + timedelta(days=1)))
    event.add("transp", "TRANSPARENT")
    if every:
        event.add("rrule", {"freq": "daily", "interval": every})
    event.add_component(_alarm(MEASURE_MORNING, words.measure_due_today(name)))
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
