"""Checking an export's rows with the journal's own validators (`analytics.storage.rows`).

The cells already hold typed values (`analytics.export.zip_reader`); here every row goes
through the validators the Log page uses, ids must be unique within a file, practice and
trigger-category names unique, and every practice-log row must point at a practice in the
file. A questionnaire appears at most once a day per measure (as the Log page allows), and a
setting once, with a key and value this version knows. A session task belongs to a session of
the file; a goal rating to a goal of the file, on or after the day it was set; at most three
goals are active (`gbo.MAX_ACTIVE`, as the app allows). Each problem is noted with its file,
row and field; checking goes on to the end.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from analytics.entries import (
    SHORT_TEXT_MAX,
    EntryKind,
    InvalidEntry,
    clean_text,
    clean_weekly_target,
)
from analytics.export.journal_zip import csv_file
from analytics.export.problems import Problem, shown
from analytics.gbo import MAX_ACTIVE, GoalStatus
from analytics.measures import MEASURES
from analytics.storage.rows import (
    ROW_BUILDERS,
    goal_rating_row,
    goal_row,
    session_task_row,
    setting_row,
)


def check_tables(
    raw: dict[str, list[tuple[int, dict[str, Any]]]],
    now: datetime,
    files: Mapping[str, str] | None = None,
) -> tuple[dict[str, list[dict[str, Any]]], list[Problem]]:
    """Every row through the journal's own validators, plus ids unique and log rows pointing at a practice.

    `files` names, per table, the file its rows came from (a CSV file, or `journal.json (table)`),
    so each problem names the file the person can open.
    """
    named = dict(files or {})

    def file_of(table: str) -> str:
        return named.get(table, csv_file(table))

    problems: list[Problem] = []
    tables: dict[str, list[dict[str, Any]]] = {}
    tables["practices"] = _check_practices(
        raw.get("practices", []), now, problems, file_of("practices")
    )
    tables["trigger_categories"] = _check_categories(
        raw.get("trigger_categories", []), problems, file_of("trigger_categories")
    )
    # Without a readable practices file (already reported) log rows cannot be checked against it.
    tables["settings"] = _check_settings(
        raw.get("settings", []), now, problems, file_of("settings")
    )
    practice_ids = {row["id"] for row in tables["practices"]} if "practices" in raw else None
    for kind in EntryKind:
        table = kind.value
        tables[table] = _check_rows(
            raw.get(table, []),
            _entry_builder(kind, now, practice_ids, file_of("practices")),
            _provenance,
            now,
            problems,
            file_of(table),
        )
    session_ids = {row["id"] for row in tables["sessions"]}

    def task(record: Mapping[str, Any], _task_id: str) -> dict[str, Any]:
        row = session_task_row(record, now)
        if row["session_id"] not in session_ids:
            raise InvalidEntry(
                "session_id", f"{shown(row['session_id'])} is no session of this export"
            )
        return row

    tables["session_tasks"] = _check_rows(
        raw.get("session_tasks", []), task, _stamps, now, problems, file_of("session_tasks")
    )
    tables["goals"], tables["goal_ratings"] = _check_goal_tables(raw, now, problems, file_of)
    return tables, problems


RowBuilder = Callable[[Mapping[str, Any], str], dict[str, Any]]
"""A checked row from a file's record and its id; raises `InvalidEntry` naming the field."""


def _check_rows(
    raw: list[tuple[int, dict[str, Any]]],
    build: RowBuilder,
    stamp: Callable[[Mapping[str, Any], datetime, str], dict[str, Any]],
    now: datetime,
    problems: list[Problem],
    file: str,
) -> list[dict[str, Any]]:
    """Each record with an id of its own in the file, through `build`, then stamped with its
    id and times (`stamp`). A refused row is a problem naming `file`, its row and field, and
    checking goes on: an id counts as seen from its first row, even a refused one, so a
    second row with it is named too."""
    rows, seen = [], set()
    for number, record in raw:
        try:
            row_id = clean_text(record.get("id"), "id", max_length=SHORT_TEXT_MAX, required=True)
            if row_id in seen:
                raise InvalidEntry("id", f"{shown(row_id)} appears twice in this file")
            seen.add(row_id)
            row = {**build(record, row_id), **stamp(record, now, row_id)}
        except InvalidEntry as problem:
            problems.append(Problem(file, problem.message, row=number, field=problem.field))
            continue
        rows.append(row)
    return rows


def _entry_builder(
    kind: EntryKind, now: datetime, practice_ids: set[str] | None, practices_file: str
) -> RowBuilder:
    """An entry through the validator of its kind (`rows.ROW_BUILDERS`); a practice-log row's
    practice in the file (unless the practices could not be read, already reported), and one
    questionnaire a measure a day."""
    answered: set[tuple[str, Any]] = set()

    def build(record: Mapping[str, Any], _entry_id: str) -> dict[str, Any]:
        row = ROW_BUILDERS[kind](record, now)
        if (
            kind is EntryKind.PRACTICE_LOG
            and practice_ids is not None
            and row["practice_id"] not in practice_ids
        ):
            raise InvalidEntry(
                "practice_id", f"{shown(row['practice_id'])} is not in {practices_file}"
            )
        if kind is EntryKind.MEASURE_RESPONSE:
            if (row["measure"], row["day"]) in answered:
                raise InvalidEntry(
                    "day",
                    f"{row['day']:%Y-%m-%d} has a second {MEASURES[row['measure']].name} "
                    "in this file; one a day counts",
                )
            answered.add((row["measure"], row["day"]))
        return row

    return build


def _check_goal_tables(
    raw: dict[str, list[tuple[int, dict[str, Any]]]],
    now: datetime,
    problems: list[Problem],
    file_of: Callable[[str], str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Goals through `rows.goal_row` (a changed goal's successor naming a goal of the file, at
    most `gbo.MAX_ACTIVE` active, as the app allows), then their ratings through
    `rows.goal_rating_row` (each of a goal in the file, not before that goal was set, one a
    goal a day). Without a readable goals file (already reported) ratings are not matched
    against it."""
    records = raw.get("goals", [])
    in_file = {record.get("id") for _, record in records}
    active = 0

    def goal(record: Mapping[str, Any], goal_id: str) -> dict[str, Any]:
        nonlocal active
        row = goal_row(record, now)
        if row["replaces"] is not None and row["replaces"] not in in_file:
            raise InvalidEntry(
                "replaces", f"{shown(row['replaces'])} is not a goal in {file_of('goals')}"
            )
        if row["replaces"] is not None and _replaces_itself(goal_id, records):
            raise InvalidEntry(
                "replaces", "goes round in a circle: a goal cannot take over from itself"
            )
        if row["status"] == GoalStatus.ACTIVE:
            active += 1
            if active > MAX_ACTIVE:
                raise InvalidEntry(
                    "status",
                    f"is active goal {active} of this file, but at most {MAX_ACTIVE} goals are "
                    "active at once (as the app allows); the others must be reached, changed "
                    "or let go",
                )
        return row

    goals = _check_rows(records, goal, _provenance, now, problems, file_of("goals"))
    created = {row["id"]: row["created"] for row in goals}
    rated: set[tuple[str, Any]] = set()

    def rating(record: Mapping[str, Any], _rating_id: str) -> dict[str, Any]:
        row = goal_rating_row(record, now)
        if "goals" in raw:
            if row["goal_id"] not in created:
                raise InvalidEntry(
                    "goal_id", f"{shown(row['goal_id'])} is not a goal in {file_of('goals')}"
                )
            if row["day"] < created[row["goal_id"]]:
                raise InvalidEntry(
                    "day",
                    f"{row['day']:%Y-%m-%d} is before the goal was set "
                    f"({created[row['goal_id']]:%Y-%m-%d})",
                )
        if (row["goal_id"], row["day"]) in rated:
            raise InvalidEntry(
                "day", f"{row['day']:%Y-%m-%d} rates this goal twice; one a goal a day counts"
            )
        rated.add((row["goal_id"], row["day"]))
        return row

    ratings = _check_rows(
        raw.get("goal_ratings", []), rating, _provenance, now, problems, file_of("goal_ratings")
    )
    return goals, ratings


def _replaces_itself(goal_id: str, records: list[tuple[int, dict[str, Any]]]) -> bool:
    """Whether following `replaces` from `goal_id` through the file comes back to it (a goal
    that took over from itself, or two that took over from each other)."""
    replaces = {record.get("id"): record.get("replaces") or None for _, record in records}
    seen, current = {goal_id}, replaces.get(goal_id)
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        current = replaces.get(current)
    return False


def _stamps(record: Mapping[str, Any], now: datetime, row_id: str) -> dict[str, Any]:
    """A row's id and times (a session task has no source of its own: it is its session's)."""
    return {
        "id": row_id,
        "created_at": record.get("created_at") or now,
        "updated_at": record.get("updated_at") or record.get("created_at") or now,
    }


def _provenance(record: Mapping[str, Any], now: datetime, entry_id: str) -> dict[str, Any]:
    """An entry's id and times, and where it came from (`source`, `source_key`)."""
    source = clean_text(record.get("source"), "source", max_length=SHORT_TEXT_MAX) or "journal"
    return {
        **_stamps(record, now, entry_id),
        "source": source,
        "source_key": record.get("source_key"),
    }


def _check_settings(
    raw: list[tuple[int, dict[str, Any]]], now: datetime, problems: list[Problem], file: str
) -> list[dict[str, Any]]:
    rows, keys = [], set()
    for number, record in raw:
        try:
            row = setting_row(record)
            if row["key"] in keys:
                raise InvalidEntry("key", f"{shown(row['key'])} appears twice in this file")
        except InvalidEntry as problem:
            problems.append(Problem(file, problem.message, row=number, field=problem.field))
            continue
        keys.add(row["key"])
        rows.append({**row, "updated_at": record.get("updated_at") or now})
    return rows


def _check_practices(
    raw: list[tuple[int, dict[str, Any]]], now: datetime, problems: list[Problem], file: str
) -> list[dict[str, Any]]:
    rows, ids, names = [], set(), set()
    for number, record in raw:
        try:
            practice_id = clean_text(
                record.get("id"), "id", max_length=SHORT_TEXT_MAX, required=True
            )
            name = clean_text(record.get("name"), "name", max_length=SHORT_TEXT_MAX, required=True)
            if practice_id in ids:
                raise InvalidEntry("id", f"{shown(practice_id)} appears twice in this file")
            if name.casefold() in names:
                raise InvalidEntry("name", f"{shown(name)} appears twice in this file")
            row = {
                "id": practice_id,
                "name": name,
                "description": clean_text(
                    record.get("description"), "description", max_length=1000
                ),
                "weekly_target": clean_weekly_target(record.get("weekly_target")),
                "active": True if record.get("active") is None else bool(record["active"]),
                "created_at": record.get("created_at") or now,
                "updated_at": record.get("updated_at") or record.get("created_at") or now,
            }
        except InvalidEntry as problem:
            problems.append(Problem(file, problem.message, row=number, field=problem.field))
            continue
        ids.add(practice_id)
        names.add(name.casefold())
        rows.append(row)
    return rows


def _check_categories(
    raw: list[tuple[int, dict[str, Any]]], problems: list[Problem], file: str
) -> list[dict[str, Any]]:
    rows, names = [], set()
    # A file without positions keeps its categories in the file's order: the place is counted
    # over the rows read, not taken from the row number (a CSV's first row of data is row 2).
    for place, (number, record) in enumerate(raw):
        try:
            name = clean_text(record.get("name"), "name", max_length=SHORT_TEXT_MAX, required=True)
            if name.casefold() in names:
                raise InvalidEntry("name", f"{shown(name)} appears twice in this file")
        except InvalidEntry as problem:
            problems.append(Problem(file, problem.message, row=number, field=problem.field))
            continue
        names.add(name.casefold())
        position = record.get("position")
        rows.append(
            {
                "name": name,
                "position": place if position is None else position,
                "active": True if record.get("active") is None else bool(record["active"]),
            }
        )
    return rows
