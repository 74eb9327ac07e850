"""Opening a journal, and every write to it.

Every write is one transaction: it lands whole or not at all. Values are checked by
`analytics.storage.rows` before the transaction opens, so a refused entry writes nothing.
Every query is parameterized; table and column names come only from this package's constants.

Streamlit keeps one connection per process and gives each script run its own `cursor()`;
DuckDB lets cursors of one connection write side by side, so two tabs logging at once both land.
Another process cannot open the journal for writing while one has it (DuckDB locks the file),
so every concurrent writer is a cursor of one connection.

What counts once (a practice a day, a session a day, a questionnaire a day, a practice or
trigger category name) is a unique index of the schema (`schema.VERSION_5`), not only the
check before an insert: of two tabs saving the same day at the same moment, one transaction
commits and the other's INSERT or COMMIT fails, writes nothing, and is refused with the same
words as the check (`counted_once`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from analytics.entries import (
    DAY_KINDS,
    DEFAULT_PRACTICES,
    DEFAULT_TRIGGER_CATEGORIES,
    SHORT_TEXT_MAX,
    EntryKind,
    InvalidEntry,
    clean_response_kind,
    clean_text,
    clean_weekly_target,
)
from analytics.measures import MEASURES
from analytics.storage import backup_files, faults, modes
from analytics.storage.base import (
    Connection,
    JournalError,
    get_setting,
    one_value,
    transaction,
    upsert_setting,
)
from analytics.storage.rows import (
    CALENDAR_WITHDRAWN_SETTING,
    ROW_BUILDERS,
    Row,
    clean_withdrawn,
)
from analytics.storage.schema import LATEST_VERSION, MIGRATIONS


def connect(path: str | Path | None = None, *, read_only: bool = False) -> Connection:
    """Open (creating if needed) the journal at `path`, upgraded to the latest schema.

    `None` or ":memory:" gives an in-memory journal, for tests and previews.

    A file that cannot be used raises `faults.JournalFault` with a message saying why and what
    to do (another program has it open, it is damaged, its folder is read-only, the disk is
    full); a damaged file is never written to. Before a migration upgrades a file that already
    has tables, a backup is taken (see `backup_files`); if that backup cannot be written, the
    journal is not upgraded. Opening for writing also deletes half-written backup copies a
    killed process left behind (`backup_files.sweep_unfinished`), and first finishes a restore
    over a damaged journal that a killed process left decided (`finish_interrupted_restore`).

    Files are owner-only (see `modes`): from the first file journal opened, this process
    creates files 0600 and folders 0700, and looser modes on an existing journal, its `.wal`,
    its backups and the app's data folder are tightened; `take_permission_notice(path)` says
    so, once.
    """
    if path is None or str(path) == ":memory:":
        con = duckdb.connect(":memory:")
        if not read_only:
            migrate(con)
        return con
    path = Path(path)
    modes.keep_new_files_private()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A restore over a damaged journal that a killed process left decided but unfinished.
        backup_files.finish_interrupted_restore(path)
        modes.tighten_journal(path, own_folder=_own_data_folder())
        con = duckdb.connect(str(path), read_only=read_only)
    except (duckdb.Error, OSError) as error:
        raise faults.explain(error, path) from error
    try:
        faults.check_whole(con, path)
        if not read_only:
            # Half-written backups a killed process left; never those in use (see backup_files).
            backup_files.sweep_unfinished(path)
            if 0 < schema_version(con) < LATEST_VERSION:
                backup_files.take_backup(con, "before-migration")
            migrate(con)
    except (duckdb.Error, OSError) as error:
        con.close()
        raise faults.explain(error, path, doing="The upgrade of the journal") from error
    except BaseException:
        con.close()
        raise
    return con


def _own_data_folder() -> Path:
    from analytics.paths import data_dir

    return data_dir()


def take_permission_notice(path: str | Path) -> str | None:
    """What opening the journal at `path` made owner-only, in one sentence, the first time it is
    asked; None when nothing was loosened (or it was already said)."""
    return modes.take_notice(path)


def schema_version(con: Connection) -> int:
    exists = one_value(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        )
    )
    if not exists:
        return 0
    return int(one_value(con.execute("SELECT max(version) FROM schema_version")) or 0)


def migrate(con: Connection, target: int = LATEST_VERSION) -> int:
    """Apply each migration above the file's version, each in one transaction; return the new version."""
    current = schema_version(con)
    if current > LATEST_VERSION:
        raise JournalError(
            f"This journal was written by a newer version of Between Sessions (schema {current}); "
            "please update the app to open it."
        )
    for migration in MIGRATIONS:
        if current < migration.version <= target:
            with transaction(con):
                if migration.version == 1:
                    con.execute(
                        "CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)"
                    )
                for statement in migration.statements:
                    con.execute(statement)
                if migration.version == 1:
                    _seed_catalogs(con)
                con.execute("INSERT INTO schema_version (version) VALUES (?)", [migration.version])
            current = migration.version
    return current


def _seed_catalogs(con: Connection) -> None:
    con.executemany(
        "INSERT INTO trigger_categories (name, position) VALUES (?, ?)",
        [(name, i) for i, name in enumerate(DEFAULT_TRIGGER_CATEGORIES)],
    )
    con.executemany(
        "INSERT INTO practices (id, name, description, weekly_target) VALUES (?, ?, ?, ?)",
        [(new_id(), name, description, target) for name, description, target in DEFAULT_PRACTICES],
    )


def new_id() -> str:
    return str(uuid.uuid4())


# --- entries ---------------------------------------------------------------------------


def add_entry(
    con: Connection, kind: EntryKind | str, now: datetime | None = None, **values: Any
) -> str:
    """Validate and store one entry; return its id. Raises `InvalidEntry` and writes nothing on bad input."""
    kind = EntryKind(kind)
    if kind is EntryKind.PRACTICE_LOG:
        values = _with_practice_id(con, values)
    row = ROW_BUILDERS[kind](values, now)
    row["id"] = new_id()
    if "source" in values:
        row["source"] = (
            clean_text(values["source"], "source", max_length=SHORT_TEXT_MAX) or "journal"
        )
        row["source_key"] = values.get("source_key")
    columns = list(row)
    with counted_once(con, kind, [row]), transaction(con):
        refuse_a_second_on_the_day(con, kind, row)
        con.execute(
            f"INSERT INTO {kind.value} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
            [row[c] for c in columns],
        )
    return row["id"]


def is_unique_clash(error: BaseException | None) -> bool:
    """True when DuckDB refused a write for a unique key: at the INSERT (another transaction's row
    is committed) or at the COMMIT (both wrote at once; the first to commit wins)."""
    while error is not None:  # a clean-up after the clash (unregistering a view) may raise anew
        text = str(error)
        if isinstance(error, duckdb.ConstraintException | duckdb.TransactionException) and (
            "Duplicate key" in text or "UNIQUE constraint" in text
        ):
            return True
        error = error.__cause__ or error.__context__
    return False


@contextmanager
def counted_once(
    con: Connection, kind: EntryKind, rows: Sequence[Row], *, except_id: str | None = None
) -> Iterator[None]:
    """Turn a unique-key clash of the block (another tab saved the same day at the same moment)
    into the `InvalidEntry` that `refuse_a_second_on_the_day` gives. The block's transaction
    wrote nothing. `kind` is one whose rule the schema holds, so any unique clash is that rule
    (ids are new UUIDs)."""
    try:
        yield
    except (duckdb.ConstraintException, duckdb.TransactionException) as error:
        if not is_unique_clash(error):
            raise
        _end_failed_transaction(con)
        for row in rows:
            refuse_a_second_on_the_day(con, kind, row, except_id=except_id)
        # The other tab's row is not committed yet (DuckDB saw it in the index): same words.
        if len(rows) == 1:
            raise second_on_the_day(con, kind, rows[0]) from error
        raise InvalidEntry(
            "practice",
            "one of these practices was logged for this day in another tab a moment ago; a "
            "practice day counts once, so none of these were logged. Look at the Log page again "
            "and tick what is left",
        ) from error


def _end_failed_transaction(con: Connection) -> None:
    """After a failed COMMIT DuckDB may leave the transaction open and aborted; end it."""
    with suppress(duckdb.Error):
        con.execute("ROLLBACK")


def refuse_a_second_on_the_day(
    con: Connection, kind: EntryKind, row: Row, *, except_id: str | None = None
) -> None:
    """A practice logged for a day it already has, or a second session on one date, is refused
    (raising `InvalidEntry`): one practice-day and one session date count once, so a second
    entry would add nothing to a figure but could look like more. The message says where to
    add detail instead. A second response to one questionnaire on one day is refused too: each
    asks about "the last 2 weeks", so two the same day would count one fortnight twice.
    `except_id`: the entry being edited, which does not clash with itself. The schema holds the
    same rules (`counted_once`)."""
    other = except_id or ""
    if kind is EntryKind.MEASURE_RESPONSE:
        found = con.execute(
            "SELECT 1 FROM measure_responses WHERE measure = ? AND day = ? AND id <> ?",
            [row["measure"], row["day"], other],
        ).fetchone()
    elif kind is EntryKind.SESSION:
        found = con.execute(
            "SELECT 1 FROM sessions WHERE day = ? AND id <> ?", [row["day"], other]
        ).fetchone()
    elif kind is EntryKind.PRACTICE_LOG:
        found = con.execute(
            """SELECT l.status FROM practice_log l
               WHERE l.practice_id = ? AND CAST(l.local_time AS DATE) = CAST(? AS DATE)
                 AND l.id <> ?
               ORDER BY l.status = 'done' DESC LIMIT 1""",
            [row["practice_id"], row["local_time"], other],
        ).fetchone()
    else:
        return
    if found:
        raise second_on_the_day(con, kind, row, found[0])


def second_on_the_day(
    con: Connection, kind: EntryKind, row: Row, status: str | None = None
) -> InvalidEntry:
    """The refusal of a second entry where one counts: `status` is the practice log's already
    there ('done' or 'rest'), None when it is not known (another tab's, not yet committed)."""
    if kind is EntryKind.MEASURE_RESPONSE:
        name = MEASURES[row["measure"]].name
        return InvalidEntry(
            "day",
            f"{row['day']:%Y-%m-%d} already has a {name}; one a day counts. To change it, "
            "delete that one on the Entries page and fill it in again",
        )
    if kind is EntryKind.SESSION:
        return InvalidEntry(
            "day",
            f"{row['day']:%Y-%m-%d} already has a therapy session; a date counts once. "
            "To change its note, edit it on the Entries page",
        )
    found = con.execute("SELECT name FROM practices WHERE id = ?", [row["practice_id"]]).fetchone()
    name = found[0] if found else "This practice"
    logged = {"done": " as done", "rest": " as a rest day"}.get(status or "", "")
    return InvalidEntry(
        "practice",
        f"{name} is already logged{logged} on {row['local_time']:%Y-%m-%d}; a "
        "practice day counts once. To add minutes or a note, edit it on the Entries page",
    )


def add_check_in(con: Connection, **values: Any) -> str:
    return add_entry(con, EntryKind.CHECK_IN, **values)


def add_trigger(con: Connection, **values: Any) -> str:
    """A trigger the person logs must say how it was met: no answer is assumed for them (it is
    the figure a therapist reads), nor a category. Imports without that column record "other"."""
    if not clean_text(values.get("category"), "category"):
        raise InvalidEntry("category", "is not chosen yet; choose the one that fits best")
    clean_response_kind(values.get("response_kind"), required=True)
    return add_entry(con, EntryKind.TRIGGER, **values)


def log_practice(con: Connection, **values: Any) -> str:
    """Values take `practice` (a name or id) or `practice_id`."""
    return add_entry(con, EntryKind.PRACTICE_LOG, **values)


def log_practices(
    con: Connection, practice_ids: Iterable[str], when: datetime, now: datetime | None = None
) -> tuple[str, ...]:
    """Log several practices done at `when` in one transaction: all of them, or, if one is
    refused (raising `InvalidEntry`, for example one already logged that day), none. A
    practice named twice is logged once. Returns the new entries' ids."""
    unique = list(dict.fromkeys(practice_ids))
    rows, problems = validate_rows(
        con, EntryKind.PRACTICE_LOG, [{"practice_id": p, "when": when} for p in unique], now
    )
    if problems:
        raise problems[0]
    with counted_once(con, EntryKind.PRACTICE_LOG, rows), transaction(con):
        for row in rows:
            refuse_a_second_on_the_day(con, EntryKind.PRACTICE_LOG, row)
        insert_rows(con, EntryKind.PRACTICE_LOG, rows)
    return tuple(row["id"] for row in rows)


def add_reflection(con: Connection, **values: Any) -> str:
    return add_entry(con, EntryKind.REFLECTION, **values)


def add_session(con: Connection, **values: Any) -> str:
    return add_entry(con, EntryKind.SESSION, **values)


def get_entry(con: Connection, kind: EntryKind | str, entry_id: str) -> dict[str, Any] | None:
    kind = EntryKind(kind)
    frame = con.execute(f"SELECT * FROM {kind.value} WHERE id = ?", [entry_id]).df()
    if frame.empty:
        return None
    return {k: (None if _is_missing(v) else v) for k, v in frame.iloc[0].to_dict().items()}


def update_entry(
    con: Connection,
    kind: EntryKind | str,
    entry_id: str,
    now: datetime | None = None,
    **changes: Any,
) -> None:
    """Validate the entry as it would be after `changes`, then store them in one transaction."""
    kind = EntryKind(kind)
    current = get_entry(con, kind, entry_id)
    if current is None:
        raise InvalidEntry("id", "no such entry; it may have been deleted in another tab")
    merged = {**current, **changes}
    if kind is EntryKind.PRACTICE_LOG:
        merged = _with_practice_id(con, merged)
    if "when" in changes:
        merged.pop("local_time", None)
    if kind is EntryKind.MEASURE_RESPONSE and "total" not in changes:
        merged.pop("total", None)  # recomputed from the (changed) answers
    row = ROW_BUILDERS[kind](merged, now)
    assignments = ", ".join(f"{column} = ?" for column in row)
    with counted_once(con, kind, [row], except_id=entry_id), transaction(con):
        refuse_a_second_on_the_day(con, kind, row, except_id=entry_id)
        old_day = _as_day(current.get("day"))
        if kind is EntryKind.SESSION and current["status"] == "attended" and row["day"] != old_day:
            withdraw_session_days(con, [old_day])  # the old date's event leaves the calendar
        con.execute(
            f"UPDATE {kind.value} SET {assignments}, updated_at = current_timestamp WHERE id = ?",
            [*row.values(), entry_id],
        )


def _as_day(value: Any) -> date:
    return value.date() if isinstance(value, datetime) else value


def delete_entry(con: Connection, kind: EntryKind | str, entry_id: str) -> bool:
    return delete_entries(con, kind, [entry_id]) == 1


def delete_entries(con: Connection, kind: EntryKind | str, entry_ids: Iterable[str]) -> int:
    """Delete entries of one kind by id, all in one transaction (an undo of several practices
    ticked together); returns how many were still there to delete."""
    kind = EntryKind(kind)
    ids = list(entry_ids)
    if not ids:
        return 0
    with transaction(con):
        if kind is EntryKind.SESSION:  # a session's agreed tasks go with it, and its date ...
            days = con.execute(
                "SELECT day FROM sessions WHERE list_contains(?, id) AND status = 'attended'",
                [ids],
            ).fetchall()
            withdraw_session_days(con, [day for (day,) in days])  # ... leaves the calendar
            con.execute("DELETE FROM session_tasks WHERE list_contains(?, session_id)", [ids])
        deleted = con.execute(
            f"DELETE FROM {kind.value} WHERE list_contains(?, id) RETURNING id", [ids]
        ).fetchall()
    return len(deleted)


def withdrawn_session_days(con: Connection) -> set[date]:
    """The dates the calendar file marks cancelled with no session saying so
    (`rows.CALENDAR_WITHDRAWN_SETTING`)."""
    value = get_setting(con, CALENDAR_WITHDRAWN_SETTING)
    return {date.fromisoformat(part) for part in value.split(",")} if value else set()


def withdraw_session_days(con: Connection, days: Iterable[date]) -> None:
    """Add `days` to the withdrawn dates, inside the caller's transaction: a session event on
    them is no longer booked (deleted, moved, or dropped from the schedule)."""
    days = {_as_day(day) for day in days}
    if not days:
        return
    value = clean_withdrawn(",".join(d.isoformat() for d in withdrawn_session_days(con) | days))
    upsert_setting(con, CALENDAR_WITHDRAWN_SETTING, value)


def validate_rows(
    con: Connection,
    kind: EntryKind | str,
    records: Iterable[Mapping[str, Any]],
    now: datetime | None = None,
) -> tuple[list[Row], list[InvalidEntry]]:
    """Clean many raw rows; return the valid ones and a problem per invalid one (rows numbered from 1)."""
    kind = EntryKind(kind)
    practice_ids = _practice_ids(con) if kind is EntryKind.PRACTICE_LOG else {}
    valid: list[Row] = []
    problems: list[InvalidEntry] = []
    for number, raw in enumerate(records, start=1):
        try:
            if kind is EntryKind.PRACTICE_LOG:
                raw = _with_practice_id(con, raw, practice_ids)
            row = ROW_BUILDERS[kind](raw, now)
        except InvalidEntry as problem:
            problems.append(problem.at_row(number))
            continue
        row["id"] = raw.get("id") or new_id()
        row["source"] = raw.get("source") or "journal"
        row["source_key"] = raw.get("source_key")
        valid.append(row)
    return valid, problems


def insert_rows(con: Connection, kind: EntryKind | str, rows: list[Row]) -> int:
    """Insert already-validated rows in bulk. The caller owns the transaction (see `transaction`)."""
    return insert_frame(con, EntryKind(kind).value, rows)


def insert_frame(con: Connection, table: str, rows: list[dict[str, Any]]) -> int:
    """Insert checked rows into `table` (one of this package's own table names) by column name,
    in one statement. The caller owns the transaction."""
    if not rows:
        return 0
    frame = pd.DataFrame(rows)
    view = f"incoming_{table}"
    con.register(view, frame)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {view}")
    finally:
        con.unregister(view)
    return len(frame)


def _with_practice_id(
    con: Connection, values: Mapping[str, Any], known: dict[str, str] | None = None
) -> dict[str, Any]:
    values = dict(values)
    if values.get("practice_id"):
        return values
    name_or_id = values.pop("practice", None)
    if not name_or_id:
        raise InvalidEntry("practice", "is empty; choose a practice")
    known = known if known is not None else _practice_ids(con)
    practice_id = known.get(str(name_or_id)) or known.get(str(name_or_id).casefold())
    if practice_id is None:
        raise InvalidEntry("practice", f"{name_or_id!r} is not in your practice list")
    values["practice_id"] = practice_id
    return values


def _practice_ids(con: Connection) -> dict[str, str]:
    ids: dict[str, str] = {}
    for practice_id, name in con.execute("SELECT id, name FROM practices").fetchall():
        ids[practice_id] = practice_id
        ids[name] = practice_id
        ids[name.casefold()] = practice_id
    return ids


def _is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# --- catalogs --------------------------------------------------------------------------


def add_practice(con: Connection, name: str, description: str = "", weekly_target: int = 7) -> str:
    name = clean_text(name, "name", max_length=SHORT_TEXT_MAX, required=True)
    description = clean_text(description, "description", max_length=1000)
    weekly_target = clean_weekly_target(weekly_target)
    if one_value(
        con.execute("SELECT count(*) FROM practices WHERE lower(name) = lower(?)", [name])
    ):
        raise InvalidEntry("name", f"{name!r} is already in your practice list")
    with _name_once(con, "name", f"{name!r} is already in your practice list"), transaction(con):
        return add_practice_in_transaction(con, name, description, weekly_target)


def add_practice_in_transaction(
    con: Connection, name: str, description: str, weekly_target: int
) -> str:
    """Insert a checked practice; the caller owns the transaction (and the name's clash)."""
    practice_id = new_id()
    con.execute(
        "INSERT INTO practices (id, name, description, weekly_target) VALUES (?, ?, ?, ?)",
        [practice_id, name, description, weekly_target],
    )
    return practice_id


@contextmanager
def _name_once(con: Connection, field: str, message: str) -> Iterator[None]:
    """A name another tab took at the same moment (a unique-key clash) is refused as `InvalidEntry`."""
    try:
        yield
    except (duckdb.ConstraintException, duckdb.TransactionException) as error:
        if not is_unique_clash(error):
            raise
        _end_failed_transaction(con)
        raise InvalidEntry(field, message) from error


def update_practice(
    con: Connection,
    practice_id: str,
    *,
    name: str | None = None,
    description: str | None = None,
    weekly_target: int | None = None,
    active: bool | None = None,
) -> None:
    current = con.execute(
        "SELECT name, description, weekly_target, active FROM practices WHERE id = ?", [practice_id]
    ).fetchone()
    if current is None:
        raise InvalidEntry("practice", "no such practice")
    new_name = clean_text(
        current[0] if name is None else name, "name", max_length=SHORT_TEXT_MAX, required=True
    )
    clash = one_value(
        con.execute(
            "SELECT count(*) FROM practices WHERE lower(name) = lower(?) AND id <> ?",
            [new_name, practice_id],
        )
    )
    if clash:
        raise InvalidEntry("name", f"{new_name!r} is already in your practice list")
    values = [
        new_name,
        clean_text(
            current[1] if description is None else description, "description", max_length=1000
        ),
        clean_weekly_target(current[2] if weekly_target is None else weekly_target),
        bool(current[3] if active is None else active),
        practice_id,
    ]
    with (
        _name_once(con, "name", f"{new_name!r} is already in your practice list"),
        transaction(con),
    ):
        con.execute(
            "UPDATE practices SET name = ?, description = ?, weekly_target = ?, active = ?, updated_at = current_timestamp WHERE id = ?",
            values,
        )


def practices(con: Connection, *, active_only: bool = False) -> pd.DataFrame:
    where = "WHERE active" if active_only else ""
    return con.execute(
        f"SELECT id, name, description, weekly_target, active FROM practices {where} ORDER BY name"
    ).df()


def add_trigger_category(con: Connection, name: str) -> None:
    name = clean_text(name, "category", max_length=SHORT_TEXT_MAX, required=True)
    if one_value(
        con.execute("SELECT count(*) FROM trigger_categories WHERE lower(name) = lower(?)", [name])
    ):
        raise InvalidEntry("category", f"{name!r} is already a category")
    with _name_once(con, "category", f"{name!r} is already a category"), transaction(con):
        con.execute(
            "INSERT INTO trigger_categories (name, position) SELECT ?, coalesce(max(position), -1) + 1 FROM trigger_categories",
            [name],
        )


def set_trigger_category_active(con: Connection, name: str, active: bool) -> None:
    with transaction(con):
        con.execute("UPDATE trigger_categories SET active = ? WHERE name = ?", [active, name])


def trigger_categories(con: Connection, *, active_only: bool = True) -> list[str]:
    where = "WHERE active" if active_only else ""
    return [
        r[0]
        for r in con.execute(
            f"SELECT name FROM trigger_categories {where} ORDER BY position"
        ).fetchall()
    ]


# --- reading ---------------------------------------------------------------------------

_LIST_COLUMNS = {
    EntryKind.CHECK_IN: "c.id, c.local_time, c.wellbeing, c.anxiety, c.energy, c.emotions, c.note, c.sleep_hours, c.sleep_quality, c.source FROM check_ins c",
    EntryKind.TRIGGER: "c.id, c.local_time, c.category, c.what_happened, c.intensity, c.response, c.response_kind, c.helped, c.note, c.source FROM triggers c",
    EntryKind.PRACTICE_LOG: "c.id, c.local_time, p.name AS practice, c.status, c.minutes, c.amount, c.first_time, c.note, c.source FROM practice_log c LEFT JOIN practices p ON p.id = c.practice_id",
    EntryKind.REFLECTION: "c.id, c.day, c.noticing, c.tried_new, c.hard_learned, c.bring_next, c.free_text, c.stirred_up, c.source FROM reflections c",
    EntryKind.SESSION: "c.id, c.day, c.status, c.note, c.source FROM sessions c",
    EntryKind.MEASURE_RESPONSE: "c.id, c.day, c.measure, c.total, "
    + ", ".join(f"c.item_{i}" for i in range(1, 10))
    + ", c.source FROM measure_responses c",
}


def list_entries(
    con: Connection,
    kind: EntryKind | str,
    start: date | None = None,
    end: date | None = None,
    limit: int = 500,
) -> pd.DataFrame:
    """The newest entries of one kind within [start, end] (local dates, both inclusive), newest first."""
    kind = EntryKind(kind)
    day = "c.day" if kind in DAY_KINDS else "CAST(c.local_time AS DATE)"
    order = "c.day DESC" if day == "c.day" else "c.local_time DESC"
    if kind is EntryKind.MEASURE_RESPONSE:  # one day's in the usual order: PHQ-9, GAD-7, WHO-5
        order += f", list_position({list(MEASURES)!r}, c.measure)"
    return con.execute(
        f"SELECT {_LIST_COLUMNS[kind]} WHERE (? IS NULL OR {day} >= ?) AND (? IS NULL OR {day} <= ?) ORDER BY {order} LIMIT ?",
        [start, start, end, end, limit],
    ).df()


def entry_stats(con: Connection) -> pd.DataFrame:
    """Entries per kind with the first and last local date: one row per kind, in a fixed order."""
    parts = []
    for position, kind in enumerate(EntryKind):
        day = "day" if kind in DAY_KINDS else "CAST(local_time AS DATE)"
        parts.append(
            f"SELECT {position} AS position, '{kind.value}' AS kind, count(*) AS entries, "
            f"min({day}) AS first, max({day}) AS last FROM {kind.value}"
        )
    frame = con.execute(" UNION ALL ".join(parts) + " ORDER BY position").df()
    return frame.drop(columns="position")


def session_days(con: Connection) -> list[date]:
    """The days of attended sessions, oldest first: those that took place, and those booked
    ahead (planned, stored as attended). A cancelled or missed session is not a session that
    happened, so "since the last session", the days after a session, the progress view's lines
    and the review leave it out. What is still to come: `analytics.sessions.next_session`."""
    return [
        row[0]
        for row in con.execute(
            "SELECT DISTINCT day FROM sessions WHERE status = 'attended' ORDER BY day"
        ).fetchall()
    ]


def sessions_for_calendar(con: Connection) -> list[tuple[str, date, datetime]]:
    """Every therapy session as (id, day, last changed), by day: what a calendar file needs
    (never the note, which would leave the app in the file)."""
    return con.execute(
        "SELECT id, day, coalesce(updated_at, created_at) FROM sessions ORDER BY day, id"
    ).fetchall()


def is_empty(con: Connection) -> bool:
    return int(entry_stats(con)["entries"].sum()) == 0


def journal_version(con: Connection, tables: Iterable[str]) -> tuple:
    """A key that changes whenever a row of `tables` is added, changed or deleted: per table,
    its row count and the sum of a hash of each whole row (one scan each, a few ms at ten
    years), for keeping results per journal version (`analytics.per_version_cache`). `tables` come from
    this package's constants, never from input."""
    # One aggregate per table, stacked: DuckDB scans these side by side, four times as fast
    # as the same aggregates as scalar subqueries of one row.
    parts = [
        f"SELECT {position} AS position, count(*) || ':' || coalesce(sum(hash(t)), 0) AS version "
        f"FROM {table} t"
        for position, table in enumerate(tables)
    ]
    rows = con.execute(" UNION ALL ".join(parts) + " ORDER BY position").fetchall()
    return tuple(version for _, version in rows)
