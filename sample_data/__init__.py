"""The sample journal: a deterministic year of one person's life, for the demo and for tests.

- `load_sample(con, today)` writes the committed CSVs (`sample_data/journal/`) into a journal,
  with every date moved by whole weeks so the sample runs right up to `today` (the few days
  that would land after it are cut): the demo always looks current, and weekdays stay where
  they were planted.
- `load_sample(con, today, ended=True)` writes the same year "after therapy has ended"
  (`generate.with_ending`): sessions stop about two months before its last day, the end date
  is set, with a saved "My plan" and two follow-up questionnaires, the later one a reliable
  deterioration. It is derived from the committed CSVs, so it has no files of its own.
- `sample_truth(today)` is the planted truth (`sample_data/truth.json`) for the same shift.
- `generate(seed)` rebuilds the tables and truth from scratch (`python -m sample_data.generate`
  rewrites the committed files).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any

import pandas as pd

from analytics import clock, storage
from analytics.entries import EntryKind
from analytics.schedule import SCHEDULE_SETTING, Schedule, to_text
from analytics.storage import JournalError, export_queries
from analytics.storage.rows import (
    MEASURES_IN_USE_SETTING,
    PLAN_STEPS_SETTING,
    PLAN_WARNING_SIGNS_SETTING,
    PLAN_WHAT_HELPS_SETTING,
    THERAPY_ENDED_SETTING,
    goal_rating_row,
    goal_row,
    session_task_row,
    setting_row,
)
from analytics.storage.schema import ENTRY_TABLES
from sample_data.generate import (
    END_DAY,
    ENDED_PLAN,
    JOURNAL_DIR,
    MEASURES_IN_USE,
    SCHEDULE_FILE,
    TRUTH_FILE,
    Sample,
    generate,
    with_ending,
)
from sample_data.truth import derive_truth

__all__ = [
    "END_DAY",
    "Sample",
    "generate",
    "load_sample",
    "sample_tables",
    "sample_truth",
    "therapy_ended_on",
]

SOURCE = "sample"
_TEXT_COLUMNS = {
    "practices": ("name", "description"),
    "check_ins": ("emotions", "note"),
    "triggers": ("category", "what_happened", "response", "response_kind", "note"),
    "practice_log": ("practice", "status", "note"),
    "reflections": ("noticing", "tried_new", "hard_learned", "bring_next", "free_text"),
    "sessions": ("note", "status"),
    "measure_responses": ("measure",),
    "session_tasks": ("text", "status", "what_got_in_the_way"),
    "goals": ("id", "text", "status", "replaces"),
    "goal_ratings": ("goal_id",),
}
_MISSING = (
    "anxiety",
    "energy",
    "minutes",
    "helped",
    "sleep_hours",
    "sleep_quality",
    "status_day",
    *(f"item_{i}" for i in range(1, 10)),
)
_GOAL_DAYS = ("created", "status_day")
"""The goals' own date columns, moved with the sample like `day`."""


@cache
def _committed() -> dict[str, pd.DataFrame]:
    tables = {}
    for name, text_columns in _TEXT_COLUMNS.items():
        frame = pd.read_csv(
            JOURNAL_DIR / f"{name}.csv",
            dtype={c: "string" for c in text_columns},
            keep_default_na=False,
            na_values={c: [""] for c in _MISSING},
        )
        frame = frame.astype({c: object for c in text_columns})
        if "local_time" in frame:
            frame["local_time"] = pd.to_datetime(frame["local_time"], format="%Y-%m-%d %H:%M:%S")
        if "day" in frame:
            frame["day"] = pd.to_datetime(frame["day"], format="%Y-%m-%d").dt.date
        for column in _GOAL_DAYS if name == "goals" else ():
            frame[column] = [
                None if pd.isna(d) else date.fromisoformat(str(d)) for d in frame[column]
            ]
        tables[name] = frame
    return tables


@cache
def _ended() -> tuple[dict[str, pd.DataFrame], date]:
    """The committed tables after therapy has ended, and the day it ended (not yet moved)."""
    return with_ending(_committed())


def sample_tables(today: date | None = None, ended: bool = False) -> dict[str, pd.DataFrame]:
    """The committed sample tables, as read from the CSVs, with dates moved by whole weeks so the
    sample runs up to `today`; entries dated after `today` are cut (booked sessions stay).
    `ended`: the sample after therapy has ended (`generate.with_ending`)."""
    today = today or clock.today()
    shift = _shift(today)
    tables = {}
    for name, frame in (_ended()[0] if ended else _committed()).items():
        frame = frame.copy()
        if "local_time" in frame:
            frame["local_time"] = frame["local_time"] + pd.Timedelta(days=shift.days)
            frame = frame[frame["local_time"].dt.date <= today]
        if "day" in frame:
            frame["day"] = [d + shift for d in frame["day"]]
            if name != "sessions":
                frame = frame[[d <= today for d in frame["day"]]]
        if name == "goals":
            frame = _goals_up_to(frame, shift, today)
        tables[name] = frame.reset_index(drop=True)
    return tables


def _goals_up_to(goals: pd.DataFrame, shift: timedelta, today: date) -> pd.DataFrame:
    """The goals moved like every date, those set after `today` cut, and a goal reached after
    `today` still active on it."""
    goals = goals.assign(
        created=[d + shift for d in goals["created"]],
        status_day=[None if d is None else d + shift for d in goals["status_day"]],
    )
    goals = goals[[d <= today for d in goals["created"]]].copy()
    later = [d is not None and d > today for d in goals["status_day"]]
    goals.loc[later, "status"] = "active"
    goals["status_day"] = [
        None if late else d for late, d in zip(later, goals["status_day"], strict=True)
    ]
    return goals


def _shift(today: date | None) -> timedelta:
    """Whole weeks, so the planted weekday patterns (Monday-morning work triggers) stay on their
    weekdays; the sample's last day lands on `today` or up to six days after it (those last
    days are then cut, so the demo always runs right up to today)."""
    days = ((today or clock.today()) - END_DAY).days
    return timedelta(days=days + (-days % 7))


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts with missing numbers as None (what the validators expect)."""
    return [
        {
            k: (None if v is None or (not isinstance(v, str) and pd.isna(v)) else v)
            for k, v in row.items()
        }
        for row in frame.to_dict("records")
    ]


def therapy_ended_on(today: date | None = None) -> date:
    """The day therapy ended in the sample after therapy has ended, loaded with `today`."""
    return _ended()[1] + _shift(today)


def load_sample(
    con: storage.Connection, today: date | None = None, ended: bool = False
) -> dict[str, int]:
    """Write the sample journal into the empty journal `con`, ending on `today` (default: today).

    The practice catalog is brought in line with the sample's (same names and weekly targets);
    then every entry is validated like any other input and all are inserted in one transaction.
    Entries are marked `source = 'sample'`, and all three questionnaires are set as in use.
    When `today` is the real today, entries later than
    this moment are left out, since a journal never holds the future (a booked session may).
    Returns the number of rows written per table. Raises `JournalError` if the journal already
    has entries: the sample is never mixed into a real journal.

    `ended`: the sample after therapy has ended (`generate.with_ending`): no schedule, the
    `therapy_ended` day set and the person's saved plan (`generate.ENDED_PLAN`).
    """
    if not storage.is_empty(con):
        raise JournalError(
            "This journal already has entries; the sample journal only goes into an empty one."
        )
    real_now = clock.now(UTC)
    real_today = real_now.astimezone().date()
    today = today or real_today
    tables = sample_tables(today, ended)
    _sync_practices(con, tables["practices"])
    # The sample's clock: now on the real today, else the end of its last day in any time zone.
    live = today == real_today
    now = (
        real_now
        if live
        else datetime.combine(today, time(23, 59), tzinfo=UTC) + timedelta(hours=14)
    )
    validated = {}
    for name in ENTRY_TABLES:
        records = _records(tables[name])
        for number, record in enumerate(records, start=1):
            record["source"] = SOURCE
            record["source_key"] = f"{name}:{number}"
        if live and "local_time" in tables[name]:
            records = [r for r in records if _utc(r) <= real_now]
        rows, problems = storage.validate_rows(con, EntryKind(name), records, now=now)
        if problems:
            raise problems[0]
        validated[name] = rows
    in_use = setting_row({"key": MEASURES_IN_USE_SETTING, "value": ",".join(MEASURES_IN_USE)})
    tasks = _task_rows(tables["session_tasks"], validated["sessions"])
    goal_rows = _goal_rows(tables, now)
    with storage.transaction(con):
        written = {
            name: storage.insert_rows(con, EntryKind(name), rows)
            for name, rows in validated.items()
        }
        written["session_tasks"] = export_queries.insert_tasks(con, tasks)
        export_queries.insert_settings(
            con, [in_use, *(_ending_settings(today) if ended else [_schedule_setting(today)])]
        )
        for name, rows in goal_rows.items():
            export_queries.insert_goal_rows(con, name, rows)
    return written


def _task_rows(tasks: pd.DataFrame, sessions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sample's tasks (by their session's day) as checked rows of the loaded sessions."""
    session_of = {row["day"]: row["id"] for row in sessions}
    rows = []
    for record in _records(tasks):
        row = session_task_row({**record, "session_id": session_of[record["day"]]})
        rows.append({**row, "id": storage.journal.new_id()})
    return rows


def _schedule_setting(today: date | None) -> dict[str, str]:
    """The sample's session schedule (`generate.session_schedule`), moved as the sample is."""
    raw = json.loads((JOURNAL_DIR / SCHEDULE_FILE).read_text(encoding="utf-8"))
    shift = _shift(today)

    def moved(text: str) -> date:
        return date.fromisoformat(text) + shift

    plan = Schedule(
        start=moved(raw["start"]),
        every_weeks=int(raw["every_weeks"]),
        until=moved(raw["until"]),
        at=time.fromisoformat(raw["at"]) if raw.get("at") else None,
        moved={moved(k): moved(v) for k, v in raw["moved"].items()},
        cancelled=frozenset(moved(d) for d in raw["cancelled"]),
    )
    return setting_row({"key": SCHEDULE_SETTING, "value": to_text(plan)})


def _ending_settings(today: date | None) -> list[dict[str, str]]:
    """The end of therapy (moved as the sample is) and the saved plan, as checked settings."""
    ended = {THERAPY_ENDED_SETTING: therapy_ended_on(today).isoformat()}
    plan = {
        PLAN_WARNING_SIGNS_SETTING: ENDED_PLAN["warning_signs"],
        PLAN_WHAT_HELPS_SETTING: ENDED_PLAN["what_helps"],
        PLAN_STEPS_SETTING: ENDED_PLAN["steps"],
    }
    return [setting_row({"key": k, "value": v}) for k, v in {**ended, **plan}.items()]


def _goal_rows(tables: dict[str, pd.DataFrame], now: datetime) -> dict[str, list[dict[str, Any]]]:
    """The sample's goals and ratings through the journal's own row builders, marked as sample."""
    goals = [
        {**goal_row(record, now), "id": record["id"], "source": SOURCE}
        for record in _records(tables["goals"])
    ]
    ratings = [
        {**goal_rating_row(record, now), "id": f"sample-rating-{number}", "source": SOURCE}
        for number, record in enumerate(_records(tables["goal_ratings"]), start=1)
    ]
    return {"goals": goals, "goal_ratings": ratings}


def _utc(record: dict[str, Any]) -> datetime:
    wall = record["local_time"].to_pydatetime()
    return (wall - timedelta(minutes=int(record["utc_offset_min"]))).replace(tzinfo=UTC)


def _sync_practices(con: storage.Connection, catalog: pd.DataFrame) -> None:
    existing = {row.name.casefold(): row.id for row in storage.practices(con).itertuples()}
    for row in catalog.itertuples():
        practice_id = existing.get(str(row.name).casefold())
        if practice_id is None:
            practice_id = storage.add_practice(
                con, row.name, row.description, int(row.weekly_target)
            )
        storage.update_practice(
            con,
            practice_id,
            name=row.name,
            description=row.description,
            weekly_target=int(row.weekly_target),
            active=bool(row.active),
        )


def sample_truth(today: date | None = None) -> dict[str, Any]:
    """The planted truth for the sample loaded with the same `today` (dates as `datetime.date`).

    Setbacks come from truth.json, shifted; streaks and trigger patterns are recomputed from the
    shifted tables by `sample_data.truth`, since a shift moves weekdays, ISO weeks and months.
    """
    shift = _shift(today)
    stored = json.loads(TRUTH_FILE.read_text(encoding="utf-8"))
    setbacks = [
        {
            k: (
                date.fromisoformat(v) + shift if k in ("start", "trough", "end", "recovered") else v
            )
            for k, v in s.items()
        }
        for s in stored["setbacks"]
    ]
    last_day = min(END_DAY + shift, today or clock.today())
    setbacks = [s for s in setbacks if s["start"] <= last_day]
    return derive_truth(sample_tables(today), setbacks, last_day, stored.get("aftermath"))
