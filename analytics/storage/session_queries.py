"""Sessions as the person lives them: each session's status, the schedule, and the tasks agreed
in a session (`session_tasks`). Every write is one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import pandas as pd

from analytics.entries import SHORT_TEXT_MAX, InvalidEntry, TaskStatus, clean_text
from analytics.schedule import SCHEDULE_SETTING, Schedule, from_text, to_text
from analytics.storage.base import (
    Connection,
    one_value,
    row_by_id,
    setting_changed,
    transaction,
)
from analytics.storage.journal import (
    _name_once,
    add_practice_in_transaction,
    new_id,
    withdraw_session_days,
    withdrawn_session_days,
)
from analytics.storage.measure_queries import get_setting, upsert_setting
from analytics.storage.rows import (
    CALENDAR_WITHDRAWN_SETTING,
    TASK_TEXT_MAX,
    session_task_row,
    setting_row,
    task_mark,
)

withdrawn = withdrawn_session_days


def logged_sessions(con: Connection) -> list[tuple[date, str]]:
    """Every session the person logged, as (day, status), oldest first."""
    return con.execute("SELECT day, status FROM sessions ORDER BY day").fetchall()


def schedule(con: Connection) -> Schedule | None:
    """The session schedule the person set, or None."""
    text = get_setting(con, SCHEDULE_SETTING)
    return from_text(text) if text else None


def set_schedule(con: Connection, new: Schedule | None, dropped: Iterable[date] = ()) -> None:
    """Save the schedule (None: remove it), in one transaction, with the dates it no longer
    holds (`dropped`) withdrawn from the calendar (`journal.withdraw_session_days`)."""
    with transaction(con):
        withdraw_session_days(con, dropped)
        if new is None:
            con.execute("DELETE FROM settings WHERE key = ?", [SCHEDULE_SETTING])
            return
        row = setting_row({"key": SCHEDULE_SETTING, "value": to_text(new)})
        upsert_setting(con, row["key"], row["value"])


def add_session_with_tasks(con: Connection, session: dict[str, Any], tasks: list[str]) -> str:
    """One session and the tasks agreed in it (each line a task; blank lines skipped), in one
    transaction: all of it lands, or (raising `InvalidEntry`) none. Returns the session's id."""
    from analytics.entries import EntryKind
    from analytics.storage.journal import (
        counted_once,
        insert_rows,
        refuse_a_second_on_the_day,
        validate_rows,
    )

    rows, problems = validate_rows(con, EntryKind.SESSION, [session])
    if problems:
        raise problems[0]
    session_id = rows[0]["id"]
    task_rows = _task_rows(session_id, tasks)
    with counted_once(con, EntryKind.SESSION, rows), transaction(con):
        refuse_a_second_on_the_day(con, EntryKind.SESSION, rows[0])
        insert_rows(con, EntryKind.SESSION, rows)
        _insert_tasks(con, task_rows)
    return session_id


def _task_rows(session_id: str, tasks: list[str], first: int = 0) -> list[dict[str, Any]]:
    texts = [line.strip() for line in tasks if line and line.strip()]
    rows = []
    for position, text in enumerate(texts, start=first):
        row = session_task_row({"session_id": session_id, "text": text, "position": position})
        row["id"] = new_id()
        rows.append(row)
    return rows


def _insert_tasks(con: Connection, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        columns = list(row)
        con.execute(
            f"INSERT INTO session_tasks ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
            [row[c] for c in columns],
        )


def add_tasks(con: Connection, session_id: str, tasks: list[str]) -> int:
    """Add tasks to a logged session, after its others, in one transaction; how many were added."""
    if con.execute("SELECT 1 FROM sessions WHERE id = ?", [session_id]).fetchone() is None:
        raise InvalidEntry("session", "no such session; it may have been deleted in another tab")
    first = one_value(
        con.execute(
            "SELECT coalesce(max(position) + 1, 0) FROM session_tasks WHERE session_id = ?",
            [session_id],
        )
    )
    rows = _task_rows(session_id, tasks, int(first))
    with transaction(con):
        _insert_tasks(con, rows)
    return len(rows)


def _task(con: Connection, task_id: str) -> dict[str, Any]:
    keys = ("session_id", "position", "text", "status", "what_got_in_the_way", "practice_id")
    missing = InvalidEntry("task", "no such task; it may have been deleted in another tab")
    return row_by_id(con, "session_tasks", keys, task_id, missing)


def reword_task(con: Connection, task_id: str, text: str) -> None:
    """Put one task of a saved session in other words, in one transaction. Its place, its mark,
    what got in the way and the practice made from it stay: it is the same task, better put
    (as a goal's reworded words keep its ratings). The session's other tasks are untouched."""
    row = session_task_row({**_task(con, task_id), "text": text})
    with transaction(con):
        con.execute(
            "UPDATE session_tasks SET text = ?, updated_at = current_timestamp WHERE id = ?",
            [row["text"], task_id],
        )


def remove_task(con: Connection, task_id: str) -> bool:
    """Delete one task of a saved session, in one transaction; the others keep their places and
    marks, and a practice made from it stays in the practice list. False when it was already
    gone."""
    with transaction(con):
        deleted = con.execute(
            "DELETE FROM session_tasks WHERE id = ? RETURNING id", [task_id]
        ).fetchall()
    return bool(deleted)


def tasks_of(con: Connection, session_id: str) -> pd.DataFrame:
    """A session's tasks in the order agreed: id, text, status, what_got_in_the_way, practice_id."""
    return con.execute(
        """SELECT id, text, status, what_got_in_the_way, practice_id FROM session_tasks
           WHERE session_id = ? ORDER BY position, created_at, id""",
        [session_id],
    ).df()


def last_attended_with_tasks(con: Connection, today: date) -> tuple[str, date] | None:
    """The last attended session on or before `today` (its id and day), or None."""
    return con.execute(
        """SELECT id, day FROM sessions WHERE status = 'attended' AND day <= ?
           ORDER BY day DESC LIMIT 1""",
        [today],
    ).fetchone()


def task_counts(con: Connection, session_day: date) -> dict[str, int]:
    """The tasks of the attended session on `session_day` counted by status (every status named)."""
    counted = dict(
        con.execute(
            """SELECT t.status, count(*) FROM session_tasks t JOIN sessions s ON s.id = t.session_id
               WHERE s.day = ? AND s.status = 'attended' GROUP BY t.status""",
            [session_day],
        ).fetchall()
    )
    return {status.value: int(counted.get(status.value, 0)) for status in TaskStatus}


def mark_task(
    con: Connection, task_id: str, status: str, what_got_in_the_way: str | None = None
) -> None:
    """Mark how a task went (and, optionally, what got in the way), in one transaction."""
    merged = _task(con, task_id)
    merged["status"] = status
    if what_got_in_the_way is not None:
        merged["what_got_in_the_way"] = what_got_in_the_way
    row = task_mark(merged)
    with transaction(con):
        con.execute(
            "UPDATE session_tasks SET status = ?, what_got_in_the_way = ?, "
            "updated_at = current_timestamp WHERE id = ?",
            [row["status"], row["what_got_in_the_way"], task_id],
        )


def practice_name_for(text: str, taken: set[str]) -> str:
    """A practice name from a task's words: one line, cut to the name limit, and, when the name
    is taken (whatever its case), " (2)", " (3)"... as the schema's clean-up of clashing names
    does (`schema.VERSION_4`)."""
    base = " ".join(text.split())[:SHORT_TEXT_MAX].strip()
    name, number = base, 2
    while name.casefold() in taken:
        suffix = f" ({number})"
        name = base[: SHORT_TEXT_MAX - len(suffix)].rstrip() + suffix
        number += 1
    return name


def task_to_practice(con: Connection, task_id: str, weekly_target: int = 7) -> str:
    """Make a task a practice: a new practice named after the task (`practice_name_for`),
    linked to the task, in one transaction. A task that already became one keeps its practice.
    Returns the practice's id."""
    found = con.execute(
        "SELECT text, practice_id FROM session_tasks WHERE id = ?", [task_id]
    ).fetchone()
    if found is None:
        raise InvalidEntry("task", "no such task; it may have been deleted in another tab")
    text, linked = found
    if linked and con.execute("SELECT 1 FROM practices WHERE id = ?", [linked]).fetchone():
        return linked
    taken = {name.casefold() for (name,) in con.execute("SELECT name FROM practices").fetchall()}
    name = practice_name_for(clean_text(text, "task", max_length=TASK_TEXT_MAX), taken)
    with (
        _name_once(con, "name", f"{name!r} is already in your practice list"),
        transaction(con),
    ):
        practice_id = add_practice_in_transaction(
            con, name, "From a task agreed in a session.", weekly_target
        )
        con.execute(
            "UPDATE session_tasks SET practice_id = ?, updated_at = current_timestamp WHERE id = ?",
            [practice_id, task_id],
        )
    return practice_id


def calendar_rows(con: Connection) -> list[tuple[str, date, str, Any]]:
    """Every logged session as (id, day, status, last changed), by day (never the note)."""
    return con.execute(
        "SELECT id, day, status, coalesce(updated_at, created_at) FROM sessions ORDER BY day, id"
    ).fetchall()


def withdrawn_changed(con: Connection) -> Any:
    """When a date was last withdrawn from the calendar (None if never)."""
    return setting_changed(con, CALENDAR_WITHDRAWN_SETTING)


def schedule_changed(con: Connection) -> Any:
    """When the schedule was last saved (None without one)."""
    return setting_changed(con, SCHEDULE_SETTING)


def tasks_on(con: Connection, session_day: date) -> list[tuple[str, str, str]]:
    """The tasks of the attended session on `session_day` as (text, status, what got in the way)."""
    return con.execute(
        """SELECT t.text, t.status, t.what_got_in_the_way FROM session_tasks t
           JOIN sessions s ON s.id = t.session_id
           WHERE s.day = ? AND s.status = 'attended' ORDER BY t.position, t.created_at, t.id""",
        [session_day],
    ).fetchall()
