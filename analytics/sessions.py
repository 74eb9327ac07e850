"""Sessions as the person lives them: which took place, which are still to come, and the tasks
agreed in the last one.

Which sessions count where:
- **Took place**: attended sessions only (`storage.session_days` before today). "Since the last
  session", the days after a session (`aftermath`), the progress view's session lines and the
  review count these; a cancelled or missed session did not happen.
- **To come**: `next_session`, the one answer every view gives (Home, the review, the calendar
  file): the schedule's dates (`analytics.schedule`) and the sessions booked ahead, without any
  date the person said was cancelled or missed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from analytics import schedule as rhythm
from analytics.entries import BOOKED_LABEL, SESSION_STATUS_LABELS, SessionStatus, TaskStatus
from analytics.storage import Connection, session_days
from analytics.storage import session_queries as queries
from analytics.storage.rows import TASK_TEXT_MAX as TASK_TEXT_MAX
from analytics.words import phrases
from analytics.words import sessions as words

TASK_STATUS_WORDS = {
    TaskStatus.DONE: "Done",
    TaskStatus.PARTLY: "Partly",
    TaskStatus.NOT_DONE: "Not done",
    TaskStatus.OPEN: "Not marked",
}
"""How each task status reads, in the order the marks are offered."""


def next_session(con: Connection, today: date) -> date | None:
    """The next session, today included: `schedule.next_session` over the person's schedule
    and the sessions they logged. The one answer every view shows."""
    return rhythm.next_session(queries.schedule(con), queries.logged_sessions(con), today)


def planned_dates(con: Connection, today: date) -> list[date]:
    """Every session still to come, today included (`schedule.planned_dates`)."""
    return rhythm.planned_dates(queries.schedule(con), queries.logged_sessions(con), today)


def review_dates(con: Connection, today: date) -> list[date]:
    """What the review chooses its period from: the attended sessions before today and the
    sessions still to come (so the review's next session is `next_session`)."""
    happened = [d for d in session_days(con) if d < today]
    return sorted(set(happened) | set(planned_dates(con, today)))


def last_attended(con: Connection, today: date) -> date | None:
    """The day of the last session that took place: attended, on or before `today` (a session
    booked ahead is stored as attended too, so the days after today are left out); None when
    there is none."""
    happened = [d for d in session_days(con) if d <= today]
    return happened[-1] if happened else None


@dataclass(frozen=True)
class AgreedTasks:
    """The tasks agreed in the last attended session (on or before today), shown on Home until
    the next session."""

    session_id: str
    session_day: date
    tasks: pd.DataFrame
    """id, text, status, what_got_in_the_way, practice_id; in the order agreed."""


def current_tasks(con: Connection, today: date) -> AgreedTasks | None:
    """The last attended session's tasks, or None when it has none (or there is no such session)."""
    found = queries.last_attended_with_tasks(con, today)
    if found is None:
        return None
    tasks = queries.tasks_of(con, found[0]).astype(object)
    tasks = tasks.where(tasks.notna(), None)  # no practice yet: None, not NaN
    return AgreedTasks(found[0], found[1], tasks) if len(tasks) else None


TABLE_ORDER = (TaskStatus.DONE, TaskStatus.PARTLY, TaskStatus.NOT_DONE, TaskStatus.OPEN)


@dataclass(frozen=True)
class TaskFacts:
    """The tasks agreed in one attended session and how each went."""

    session_day: date
    counts: dict[str, int]
    """Tasks per status (every status named, 0 included)."""
    tasks: tuple[tuple[str, str, str], ...]
    """Each task's words, status and what got in the way: the person's own text."""

    @property
    def n(self) -> int:
        return sum(self.counts.values())


def task_facts(con: Connection, session_day: date | None) -> TaskFacts | None:
    """The tasks agreed in the attended session on `session_day`; None without any."""
    if session_day is None:
        return None
    found = queries.tasks_on(con, session_day)
    if not found:
        return None
    return TaskFacts(session_day, queries.task_counts(con, session_day), tuple(found))


def task_sentence(facts: TaskFacts) -> str:
    """ "Tasks agreed on Mon 30 Nov: 4 tasks; 2 done, 1 partly done and 1 not marked yet." Only
    the marks given are named (the table beside it has every one, with its 0); true for one task;
    no cause is implied."""
    marks = [
        (facts.counts[status], _SENTENCE_WORDS[status])
        for status in TABLE_ORDER
        if facts.counts[status]
    ]
    return words.tasks_agreed(facts.session_day, facts.n, marks)


_SENTENCE_WORDS = {
    TaskStatus.DONE: "done",
    TaskStatus.PARTLY: "partly done",
    TaskStatus.NOT_DONE: "not done",
    TaskStatus.OPEN: "not marked yet",
}


def task_table(facts: TaskFacts) -> pd.DataFrame:
    """One row per mark, in the order done, partly, not done, not marked, with its count of n."""
    return pd.DataFrame(
        [
            {
                "How it went": TASK_STATUS_WORDS[status],
                "Tasks": facts.counts[status],
                "Of": facts.n,
            }
            for status in TABLE_ORDER
        ]
    )


def task_rows(facts: TaskFacts) -> pd.DataFrame:
    """Each task with its mark, for a table (the person's words, shown as typed)."""
    return pd.DataFrame(
        [
            {
                "Task": text,
                "How it went": TASK_STATUS_WORDS[TaskStatus(status)],
                "What got in the way": way,
            }
            for text, status, way in facts.tasks
        ]
    )


@dataclass(frozen=True)
class TasksHere:
    """What a saved session's task list offers: whether tasks can be added (only to a session
    that took place: attended, on or before today), and what to say while it has none."""

    can_add: bool
    none_yet: str
    no_more: str
    """Beside tasks already saved, when no more can be added ("" when they can)."""


def tasks_here(status: str, day: date | datetime, today: date) -> TasksHere:
    """`TasksHere` for a session stored with `status` on `day`: a session booked ahead, cancelled
    or missed has no tasks to add, and says why ("This session is booked for Thu 10 Dec: its
    tasks can be added once it has taken place.")."""
    day = day.date() if isinstance(day, datetime) else day
    took_place = status == SessionStatus.ATTENDED.value and day <= today
    booked = day > today
    return TasksHere(
        took_place,
        words.no_tasks_yet(status, day, booked),
        "" if took_place else words.no_tasks_yet(status, day, booked, has_tasks=True),
    )


def saved_tasks(con: Connection, session_id: str) -> pd.DataFrame:
    """A saved session's tasks in the order agreed, for the Entries page: id, number ("Task
    1"), text (the person's words, for a table or a text box only), how it went in words and
    what got in the way."""
    tasks = queries.tasks_of(con, session_id)
    return pd.DataFrame(
        {
            "id": tasks["id"],
            "number": [f"Task {i}" for i in range(1, len(tasks) + 1)],
            "text": tasks["text"],
            "how": [TASK_STATUS_WORDS[TaskStatus(s)] for s in tasks["status"]],
            "way": tasks["what_got_in_the_way"].fillna(""),
        }
    )


def task_lines(facts: TaskFacts) -> list[str]:
    """Each task in the person's words with its mark (private text: the brief prints these only
    when ticked in)."""
    return [
        words.task_line(text, TASK_STATUS_WORDS[TaskStatus(status)], way)
        for text, status, way in facts.tasks
    ]


SCHEDULE_UID_PREFIX = "scheduled-"
"""A session's event in the calendar file is named by its date ("scheduled-2026-12-10"): a
journal has one session a day (`one_session_a_day`), so the date is the one thing that stays
the same whether the session came from the schedule or was logged by hand. Named by the
logged entry's id instead, a session booked by hand and later covered by a schedule (or left
off a shortened one) changed its id, and the calendar app kept both events. The prefix is the
one the schedule's events have always had, so their ids stay as they were."""


def calendar_uid(day: date) -> str:
    """The id of the session event on `day` (`SCHEDULE_UID_PREFIX`)."""
    return f"{SCHEDULE_UID_PREFIX}{day:%Y-%m-%d}"


def calendar_sessions(con: Connection) -> list[tuple[str, date, datetime | None]]:
    """Every session for the calendar file as (id, day, last changed), by day: the attended and
    booked sessions the person logged and every date of their schedule, without a date a logged
    session says was cancelled or missed. Each event's id is its date (`calendar_uid`), so
    logging a date of the schedule, or adding a schedule over a date already booked, does not
    add a second event."""
    logged = queries.calendar_rows(con)
    stamp = queries.schedule_changed(con)
    scheduled = set(rhythm.expand(queries.schedule(con)))
    off = {day for _, day, status, _ in logged if status != "attended"}
    events = {
        day: (calendar_uid(day), day, changed)
        for _, day, status, changed in logged
        if status == "attended"
    }
    for day in scheduled - off - set(events):
        events[day] = (calendar_uid(day), day, stamp)
    return [events[day] for day in sorted(events)]


def calendar_cancelled(con: Connection) -> list[tuple[str, date, datetime | None, date | None]]:
    """Every session date that will not take place, for the calendar file to mark cancelled
    under the id its event had (`calendar_uid`), as (id, day, last changed, moved to): the
    schedule's cancelled dates and the dates it moved a session away from (moved to: the new
    date), the sessions logged as cancelled, and the dates withdrawn with no session saying
    so (`storage.rows.CALENDAR_WITHDRAWN_SETTING`: a booked session deleted or moved to another
    day, a date a shortened or removed schedule no longer holds). Never a date that has a
    session (a session moved onto it, or logged as attended); a missed session is left out, as
    before: it was booked, and it did not take place, but it was not called off."""
    plan = queries.schedule(con)
    stamp = queries.schedule_changed(con)
    taking_place = {day for _, day, _ in calendar_sessions(con)}
    found: dict[date, tuple[str, date, datetime | None, date | None]] = {}
    if plan is not None:
        for day in sorted(plan.cancelled | {d for d, to in plan.moved.items() if to != d}):
            found[day] = (calendar_uid(day), day, stamp, plan.moved.get(day))
    logged = queries.calendar_rows(con)
    withdrawn_stamp = queries.withdrawn_changed(con)
    on_a_logged_day = {day for _, day, _, _ in logged}
    for day in queries.withdrawn(con) - on_a_logged_day - set(found):
        found[day] = (calendar_uid(day), day, withdrawn_stamp, None)
    for _, day, status, changed in logged:
        if status != "cancelled":
            continue
        # Logged as cancelled and changed in the schedule too: the later change is the newer.
        latest = max((m for m in (changed, stamp if day in found else None) if m), default=None)
        found[day] = (calendar_uid(day), day, latest, found[day][3] if day in found else None)
    return [found[day] for day in sorted(found) if day not in taking_place]


def set_schedule(con: Connection, new: rhythm.Schedule | None) -> None:
    """Save the schedule (None: remove it) in one transaction. The dates the old schedule held
    (booked, moved or cancelled) that the new one does not are withdrawn from the calendar
    file, which then marks them cancelled (`calendar_cancelled`): left out, a calendar that
    had imported them kept the sessions."""
    old = queries.schedule(con)
    held = set(rhythm.expand(old)) | set(old.cancelled) | set(old.moved) if old else set()
    dropped = held - set(rhythm.expand(new)) - set(new.cancelled) - set(new.moved) if new else held
    queries.set_schedule(con, new, dropped)


# The writes a page makes, each one transaction (`storage.session_queries`).
add_session_with_tasks = queries.add_session_with_tasks
mark_task = queries.mark_task
task_to_practice = queries.task_to_practice
add_tasks = queries.add_tasks
reword_task = queries.reword_task
remove_task = queries.remove_task
schedule = queries.schedule

SESSION_STATUS_WORDS = {status.value: words for status, words in SESSION_STATUS_LABELS.items()}
"""How each session status reads on the pages."""


def status_choices(day: date, today: date, stored: str | None = None) -> dict[str, str]:
    """The statuses a session on `day` can be given, code to words. A session after `today`
    has not happened: it is booked (stored as attended, `SessionStatus`) or cancelled, never
    "Attended" or "Missed" yet; `stored` is offered too if it is neither, so nothing stored
    is lost by opening the form."""
    if day <= today:
        return dict(SESSION_STATUS_WORDS)
    ahead = {SessionStatus.ATTENDED.value: BOOKED_LABEL, SessionStatus.CANCELLED.value: "Cancelled"}
    if stored is not None and stored not in ahead:
        ahead[stored] = SESSION_STATUS_WORDS.get(stored, stored)
    return ahead


def schedule_words(plan: rhythm.Schedule | None) -> str:
    """The schedule in one sentence ("Every week from Mon 5 Oct 2026 to Mon 1 Mar 2027, at
    18:00; 1 date moved, 1 cancelled."), or that there is none."""
    if plan is None:
        return "No schedule yet: your sessions are the dates you log."
    every = "Every week" if plan.every_weeks == 1 else "Every second week"
    at = f", at {plan.at:%H:%M}" if plan.at else ""
    changes = []
    if plan.moved:
        changes.append(f"{phrases.count(len(plan.moved), 'date')} moved")
    if plan.cancelled:
        changes.append(f"{phrases.count(len(plan.cancelled), 'date')} cancelled")
    said = f"{every} from {plan.start:%a %-d %b %Y} to {plan.until:%a %-d %b %Y}{at}."
    return said + (f" {', '.join(changes).capitalize()}." if changes else "")
