"""Goals and their ratings (the Goal-Based Outcomes tool, `analytics.gbo`): validated writes and
simple reads.

A goal is never deleted when it ends: it is marked reached, changed or let go on a day, and
keeps its ratings. Changing a goal's words (as opposed to fixing a typo) ends it as "changed"
and starts a new goal that names it in `replaces`, in one transaction, so every rating keeps
the words it was given for. At most `gbo.MAX_ACTIVE` goals are active at once: adding a fourth
is refused. One rating a goal a day is a rule of the schema (`schema.VERSION_7`): rating a goal
again on a day changes that day's rating.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import date, datetime
from typing import Any

import duckdb
import pandas as pd

from analytics import clock
from analytics.entries import InvalidEntry
from analytics.gbo import MAX_ACTIVE, GoalStatus
from analytics.storage.base import Connection, one_value, row_by_id, transaction
from analytics.storage.journal import is_unique_clash, journal_version, new_id
from analytics.storage.rows import goal_rating_row, goal_row

GOAL_TABLES = ("goals", "goal_ratings")
GOAL_COLUMNS = ("id", "text", "created", "status", "status_day", "replaces")


def version(con: Connection) -> tuple:
    """Changes whenever a goal or a rating is added, changed or deleted."""
    return journal_version(con, GOAL_TABLES)


def _active_count(con: Connection, except_id: str = "") -> int:
    return int(
        one_value(
            con.execute(
                "SELECT count(*) FROM goals WHERE status = 'active' AND id <> ?", [except_id]
            )
        )
    )


def _too_many() -> InvalidEntry:
    return InvalidEntry(
        "goal",
        f"you are working on {MAX_ACTIVE} goals already, as many as the tool asks for; mark one "
        "reached, changed or let go first",
    )


def add_goal(
    con: Connection,
    text: str,
    day: date | None = None,
    *,
    now: datetime | None = None,
) -> str:
    """Store a new active goal set on `day` (default today); return its id. Refused
    (`InvalidEntry`, nothing written) when it would make more than three active goals."""
    row = goal_row({"text": text, "created": day or clock.today()}, now)
    row["id"] = new_id()
    with transaction(con):
        if _active_count(con) >= MAX_ACTIVE:
            raise _too_many()
        _insert(con, "goals", row)
    return row["id"]


def goal(con: Connection, goal_id: str) -> dict[str, Any]:
    missing = InvalidEntry("goal", "no such goal; it may have been changed in another tab")
    return row_by_id(con, "goals", GOAL_COLUMNS, goal_id, missing)


def reword_goal(con: Connection, goal_id: str, text: str, *, now: datetime | None = None) -> None:
    """Put the same goal in better words (a typo, a clearer phrase): its ratings stay its own.
    For a goal that has become another, `change_goal`."""
    current = goal(con, goal_id)
    row = goal_row({**current, "text": text}, now)
    with transaction(con):
        con.execute(
            "UPDATE goals SET text = ?, updated_at = current_timestamp WHERE id = ?",
            [row["text"], goal_id],
        )


def end_goal(
    con: Connection,
    goal_id: str,
    status: GoalStatus | str,
    day: date | None = None,
    *,
    now: datetime | None = None,
) -> None:
    """Mark an active goal reached or let go on `day` (default today); its ratings stay."""
    status = GoalStatus(status)
    if status not in (GoalStatus.REACHED, GoalStatus.LET_GO):
        raise InvalidEntry("status", "a goal ends as reached or let go (or is changed)")
    current = goal(con, goal_id)
    if current["status"] != GoalStatus.ACTIVE:
        raise InvalidEntry("status", "this goal is no longer active")
    row = goal_row({**current, "status": status, "status_day": day or clock.today()}, now)
    with transaction(con):
        con.execute(
            "UPDATE goals SET status = ?, status_day = ?, updated_at = current_timestamp "
            "WHERE id = ?",
            [row["status"], row["status_day"], goal_id],
        )


def change_goal(
    con: Connection,
    goal_id: str,
    text: str,
    day: date | None = None,
    *,
    now: datetime | None = None,
) -> str:
    """The goal has become another: it is marked "changed" on `day` (default today) and a new
    active goal in the new words, replacing it, is set that day. One transaction; returns the
    new goal's id."""
    current = goal(con, goal_id)
    if current["status"] != GoalStatus.ACTIVE:
        raise InvalidEntry("status", "this goal is no longer active")
    day = day or clock.today()
    ended = goal_row({**current, "status": GoalStatus.CHANGED, "status_day": day}, now)
    new = goal_row({"text": text, "created": day, "replaces": goal_id}, now)
    if new["text"] == current["text"]:
        raise InvalidEntry("text", "is the same as the goal's words now; write the new goal")
    new["id"] = new_id()
    with transaction(con):
        con.execute(
            "UPDATE goals SET status = ?, status_day = ?, updated_at = current_timestamp "
            "WHERE id = ?",
            [ended["status"], ended["status_day"], goal_id],
        )
        _insert(con, "goals", new)
    return new["id"]


def rate_goals(
    con: Connection,
    day: date,
    ratings: Mapping[str, object],
    *,
    now: datetime | None = None,
) -> int:
    """Store one day's ratings of active goals (goal id -> 0..10) in one transaction: all of
    them or, if one is refused (`InvalidEntry`), none. A goal already rated that day gets the
    new rating (one a goal a day). Returns how many ratings were stored."""
    rows = []
    for goal_id, rating in ratings.items():
        row = goal_rating_row({"goal_id": goal_id, "day": day, "rating": rating}, now)
        current = goal(con, goal_id)
        if current["status"] != GoalStatus.ACTIVE:
            raise InvalidEntry("goal", "this goal is no longer active, so it is not rated")
        if row["day"] < current["created"]:
            raise InvalidEntry(
                "day",
                f"{row['day']:%Y-%m-%d} is before the goal was set ({current['created']:%Y-%m-%d})",
            )
        rows.append(row)
    with _rated_once(con), transaction(con):
        for row in rows:
            # An UPDATE of the rating alone: DuckDB refuses a delete and insert of one key of a
            # unique index inside one transaction.
            updated = con.execute(
                "UPDATE goal_ratings SET rating = ?, updated_at = current_timestamp "
                "WHERE goal_id = ? AND day = ? RETURNING id",
                [row["rating"], row["goal_id"], row["day"]],
            ).fetchall()
            if not updated:
                _insert(con, "goal_ratings", {**row, "id": new_id()})
    return len(rows)


@contextmanager
def _rated_once(con: Connection) -> Iterator[None]:
    """Two tabs rating one goal on one day at the same moment: one wins, the other is refused."""
    try:
        yield
    except (duckdb.ConstraintException, duckdb.TransactionException) as error:
        if not is_unique_clash(error):
            raise
        with suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise InvalidEntry(
            "day",
            "this goal was rated for this day in another tab a moment ago; nothing was saved. "
            "Look at the Goals page again",
        ) from error


def correct_rating(
    con: Connection, rating_id: str, rating: object, *, now: datetime | None = None
) -> None:
    """Put right one rating already given (a slip of the finger), keeping its goal and day.
    An ended goal's ratings can be put right too: they are its history, not a new rating.
    Refused (`InvalidEntry`, nothing written) for a rating out of 0-10 or one deleted meanwhile."""
    found = con.execute(
        "SELECT goal_id, day FROM goal_ratings WHERE id = ?", [rating_id]
    ).fetchone()
    if found is None:
        raise InvalidEntry("rating", "is no longer there; it may have been deleted in another tab")
    goal_id, day = found
    row = goal_rating_row({"goal_id": goal_id, "day": day, "rating": rating}, now)
    with transaction(con):
        con.execute(
            "UPDATE goal_ratings SET rating = ?, updated_at = current_timestamp WHERE id = ?",
            [row["rating"], rating_id],
        )


def ratings_between(con: Connection, start: date, end: date) -> pd.DataFrame:
    """Every rating (id, goal_id, day, rating) from `start` to `end`, newest first."""
    return con.execute(
        "SELECT id, goal_id, day, rating FROM goal_ratings WHERE day BETWEEN ? AND ? "
        "ORDER BY day DESC, goal_id",
        [start, end],
    ).df()


def delete_rating(con: Connection, rating_id: str) -> bool:
    with transaction(con):
        deleted = con.execute(
            "DELETE FROM goal_ratings WHERE id = ? RETURNING id", [rating_id]
        ).fetchall()
    return bool(deleted)


def _insert(con: Connection, table: str, row: Mapping[str, Any]) -> None:
    columns = list(row)
    con.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
        [row[c] for c in columns],
    )


def goals(con: Connection) -> pd.DataFrame:
    """Every goal, in the order they were set (the order that numbers them: Goal 1, Goal 2...)."""
    return con.execute(
        f"SELECT {', '.join(GOAL_COLUMNS)} FROM goals ORDER BY created, created_at, id"
    ).df()


def goal_ratings(con: Connection, end: date | None = None) -> pd.DataFrame:
    """Every rating (id, goal_id, day, rating) up to `end` (all when None), oldest first."""
    return con.execute(
        "SELECT id, goal_id, day, rating FROM goal_ratings WHERE (? IS NULL OR day <= ?) "
        "ORDER BY day, goal_id",
        [end, end],
    ).df()


def ratings_on(con: Connection, day: date) -> dict[str, int]:
    """Each goal's rating on `day`, for a form that shows what is already saved."""
    return {
        goal_id: int(rating)
        for goal_id, rating in con.execute(
            "SELECT goal_id, rating FROM goal_ratings WHERE day = ?", [day]
        ).fetchall()
    }
