"""Restoring a journal from an export zip (`analytics.data_export`), checked before anything is written.

Restore checks everything first: the zip, the files in it, the columns, and every row
through the same validators the Log page uses (`analytics.storage.rows`). A problem is
reported with the file, the row (counted from 1 after the header) and the field, and the
journal is not touched. It reads the CSV files (a person may have opened them in a
spreadsheet), or `journal.json` when the zip holds no CSV files. Then it writes in one
transaction:

- into a journal with no entries yet, the file's practice and trigger-category catalogs
  replace the starter ones, so the restored journal is row for row the one exported;
- into a journal with entries, it merges: entries whose id is already there are skipped,
  practices are matched by id and then by name (log rows follow the match), new categories
  are appended. Restoring the same zip twice adds nothing the second time.
"""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from analytics.backups import backup_before
from analytics.data_export import (
    FORMAT,
    JSON_FILE,
    MANIFEST_FILE,
    TABLE_LABELS,
    TZ_TYPE,
    as_utc,
    csv_file,
)
from analytics.dates import DateRange
from analytics.entries import (
    SHORT_TEXT_MAX,
    EntryKind,
    InvalidEntry,
    clean_text,
    clean_weekly_target,
)
from analytics.storage import Connection, insert_rows, transaction
from analytics.storage import export_queries as queries
from analytics.storage.export_queries import EXPORT_TABLES
from analytics.storage.rows import ROW_BUILDERS
from analytics.storage.schema import LATEST_VERSION

MAX_UNPACKED_BYTES = 1 << 30
"""A zip that would unpack to more than 1 GiB is refused (a real journal is a few MB)."""
MAX_PROBLEMS_SHOWN = 20
_ENTRY_TABLES = tuple(kind.value for kind in EntryKind)


# --- reading a zip ---------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One reason a restore was refused: where (file, row counted from 1, field) and what."""

    file: str
    message: str
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", {self.field}"
        return f"{where}: {self.message}"


class RestoreError(ValueError):
    """The zip cannot be restored; nothing was written. `problems` says where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"- {problem}" for problem in problems[:MAX_PROBLEMS_SHOWN])
        more = len(problems) - MAX_PROBLEMS_SHOWN
        tail = f"\n- … and {more} more" if more > 0 else ""
        super().__init__(f"This file cannot be restored, and your journal was not changed:\n{shown}{tail}")

    def rows(self) -> list[dict[str, Any]]:
        """Every problem as a plain row (file, row, field, what is wrong), for a table on the page."""
        return [
            {"File": p.file, "Row": p.row, "Field": p.field or "", "What is wrong": p.message}
            for p in self.problems
        ]


@dataclass
class JournalExport:
    """A checked export: its manifest and, per table, rows of clean values ready to insert."""

    manifest: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]]

    def count(self, table: str) -> int:
        return len(self.tables.get(table, []))

    def describe(self) -> str:
        """One sentence on where the file came from: when, by which version, and which days it covers."""
        made = _manifest_time(self.manifest)
        span = self.manifest.get("range")
        try:
            covered = DateRange(date.fromisoformat(span["start"]), date.fromisoformat(span["end"])).label() if span else "the whole journal"
        except (KeyError, TypeError, ValueError):
            covered = "an unnamed range"
        version = self.manifest.get("app_version") or "an unknown version"
        return f"Exported on {made:%-d %b %Y} by Between Sessions {version}: {covered}."


def read_export(source: bytes | str | Path | IO[bytes], *, target: Connection | None = None) -> JournalExport:
    """Open and check an export zip; raise `RestoreError` naming every problem found (up to a limit).

    `target` is the journal it will go into: its columns decide what each cell must hold.
    Without one, the latest schema of an in-memory journal is used.
    """
    archive = _open_zip(source)
    with archive:
        names = _members(archive)
        manifest = _read_manifest(archive, names)
        columns = queries.table_columns(target) if target is not None else _latest_columns()
        raw_tables, problems = _read_tables(archive, names, columns)
    now = max(datetime.now(UTC), _manifest_time(manifest))
    tables, row_problems = _check_tables(raw_tables, now)
    problems += row_problems
    if problems:
        raise RestoreError(problems)
    return JournalExport(manifest, tables)


def _open_zip(source: bytes | str | Path | IO[bytes]) -> zipfile.ZipFile:
    name = "The file"
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    elif isinstance(source, str | Path):
        name = Path(source).name
    else:
        name = getattr(source, "name", None) or name
    try:
        archive = zipfile.ZipFile(source)
        broken = archive.testzip()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise RestoreError([Problem(str(name), f"is not a readable zip archive ({error}); choose the .zip file an export made")]) from None
    if broken is not None:
        raise RestoreError([Problem(broken, "is damaged inside the zip (its checksum does not match)")])
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
        raise RestoreError([Problem(str(name), "would unpack to more than 1 GiB; it is not a journal export")])
    return archive


def _members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Base name -> path in the zip, so files zipped inside one folder are found too."""
    members: dict[str, str] = {}
    for info in archive.infolist():
        if info.is_dir():
            continue
        base = info.filename.rsplit("/", 1)[-1]
        if base in members:
            raise RestoreError([Problem(base, f"appears twice in the zip ({members[base]} and {info.filename})")])
        members[base] = info.filename
    return members


def _read_manifest(archive: zipfile.ZipFile, names: dict[str, str]) -> dict[str, Any]:
    if MANIFEST_FILE not in names:
        raise RestoreError([Problem(MANIFEST_FILE, "is missing: this zip was not made by Between Sessions' export")])
    try:
        manifest = json.loads(archive.read(names[MANIFEST_FILE]).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RestoreError([Problem(MANIFEST_FILE, f"is not valid JSON ({error})")]) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RestoreError([Problem(MANIFEST_FILE, f"does not say format {FORMAT!r}: this zip was not made by Between Sessions' export")])
    version = manifest.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise RestoreError([Problem(MANIFEST_FILE, "has no whole-number schema_version", field="schema_version")])
    if version > LATEST_VERSION:
        raise RestoreError([Problem(MANIFEST_FILE, f"comes from a newer version of Between Sessions (schema {version}); please update the app to restore it", field="schema_version")])
    return manifest


def _manifest_time(manifest: Mapping[str, Any]) -> datetime:
    try:
        return as_utc(datetime.fromisoformat(str(manifest.get("created_at"))))
    except ValueError:
        return datetime.now(UTC)


def _latest_columns() -> dict[str, list[tuple[str, str, bool]]]:
    from analytics.storage import connect

    con = connect()
    try:
        return queries.table_columns(con)
    finally:
        con.close()


def _read_tables(archive: zipfile.ZipFile, names: dict[str, str], columns: dict[str, list[tuple[str, str, bool]]]) -> tuple[dict[str, list[tuple[int, dict[str, Any]]]], list[Problem]]:
    """Each table's rows as (row number, {column: typed value}); CSV when present, else journal.json."""
    has_csv = any(csv_file(table) in names for table in EXPORT_TABLES)
    if not has_csv and JSON_FILE in names:
        return _read_json_tables(archive, names[JSON_FILE], columns)
    tables: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    problems: list[Problem] = []
    for table in EXPORT_TABLES:
        file = csv_file(table)
        if file not in names:
            problems.append(Problem(file, "is missing from the zip; an export holds one CSV file per table"))
            continue
        try:
            text = archive.read(names[file]).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            problems.append(Problem(file, f"is not UTF-8 text ({error})"))
            continue
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader, None)
            if header is None:
                problems.append(Problem(file, "is empty; it should start with a header row of column names"))
                continue
            header_problems = _check_header(file, table, header, columns[table])
            if header_problems:
                problems.extend(header_problems)
                continue
            rows = []
            for number, cells in enumerate(reader, start=1):
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) != len(header):
                    problems.append(Problem(file, f"has {len(cells)} cells where the header has {len(header)}", row=number))
                    continue
                typed = _typed_row(file, number, dict(zip(header, cells, strict=True)), columns[table], problems)
                if typed is not None:
                    rows.append((number, typed))
        except csv.Error as error:
            problems.append(Problem(file, f"is not valid CSV near line {reader.line_num} ({error})"))
            continue
        tables[table] = rows
    return tables, problems


def _read_json_tables(archive: zipfile.ZipFile, path: str, columns: dict[str, list[tuple[str, str, bool]]]) -> tuple[dict[str, list[tuple[int, dict[str, Any]]]], list[Problem]]:
    try:
        document = json.loads(archive.read(path).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return {}, [Problem(JSON_FILE, f"is not valid JSON ({error})")]
    stored = document.get("tables") if isinstance(document, dict) else None
    if not isinstance(stored, dict):
        return {}, [Problem(JSON_FILE, "has no \"tables\" object")]
    tables: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    problems: list[Problem] = []
    for table in EXPORT_TABLES:
        records = stored.get(table)
        if not isinstance(records, list):
            problems.append(Problem(JSON_FILE, f"has no list of rows for {table!r}", field=table))
            continue
        rows = []
        for number, record in enumerate(records, start=1):
            where = f"{JSON_FILE} ({table})"
            if not isinstance(record, dict):
                problems.append(Problem(where, "is not an object of column values", row=number))
                continue
            header_problems = _check_header(where, table, list(record), columns[table])
            if header_problems:
                problems.extend(p if p.row else Problem(p.file, p.message, number, p.field) for p in header_problems)
                continue
            typed = _typed_row(where, number, record, columns[table], problems)
            if typed is not None:
                rows.append((number, typed))
        tables[table] = rows
    return tables, problems


def _check_header(file: str, table: str, header: list[str], columns: list[tuple[str, str, bool]]) -> list[Problem]:
    known = {name for name, _, _ in columns}
    problems = [Problem(file, "is not a column of this table", field=name or "(blank column name)") for name in header if name not in known]
    required = "name" if table == "trigger_categories" else "id"
    if required not in header:
        problems.append(Problem(file, "is missing from the header row", field=required))
    if len(set(header)) != len(header):
        problems.append(Problem(file, "names a column twice in the header row"))
    return problems


def _typed_row(file: str, number: int, record: Mapping[str, Any], columns: list[tuple[str, str, bool]], problems: list[Problem]) -> dict[str, Any] | None:
    """The row's cells as typed values, or None (with its problems noted) if a cell does not fit its column."""
    row: dict[str, Any] = {}
    found = len(problems)
    for name, kind, nullable in columns:
        if name not in record:
            continue
        try:
            row[name] = _parse(record[name], kind, nullable)
        except ValueError as error:
            problems.append(Problem(file, str(error), row=number, field=name))
    return row if len(problems) == found else None


def _parse(value: Any, kind: str, nullable: bool) -> Any:
    """One cell (CSV text or a JSON value) as the Python value its column holds."""
    if isinstance(value, str) and kind != "VARCHAR":
        value = value.strip()
    if value is None or (value == "" and (kind != "VARCHAR" or nullable)):
        return None
    if kind == "VARCHAR":
        if not isinstance(value, str):
            raise ValueError(f"{value!r} should be text")
        return value
    if kind == "BOOLEAN":
        if isinstance(value, bool):
            return value
        text = str(value).casefold()
        if text in ("true", "1", "yes"):
            return True
        if text in ("false", "0", "no"):
            return False
        raise ValueError(f"{value!r} is not true or false")
    if kind in ("DOUBLE", "FLOAT", "REAL"):
        if isinstance(value, bool):
            raise ValueError(f"{value!r} is not a number")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{value!r} is not a number") from None
        if not math.isfinite(number):
            raise ValueError(f"{value!r} is not a finite number")
        return number
    if kind in ("SMALLINT", "INTEGER", "BIGINT", "TINYINT"):
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError(f"{value!r} is not a whole number")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ValueError(f"{value!r} is not a whole number") from None
    if kind == "DATE":
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(f"{value!r} is not a date like 2026-03-31") from None
    if kind in ("TIMESTAMP", TZ_TYPE):
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            raise ValueError(f"{value!r} is not a date and time like 2026-03-31T08:30:00") from None
        if kind == "TIMESTAMP":
            if moment.tzinfo is not None:
                raise ValueError(f"{value!r} has a time zone; local_time is the wall-clock time, with the offset in utc_offset_min")
            return moment
        # An audit time without a zone was written in UTC.
        return as_utc(moment)
    raise ValueError(f"has a column type ({kind}) this version cannot restore")


def _check_tables(raw: dict[str, list[tuple[int, dict[str, Any]]]], now: datetime) -> tuple[dict[str, list[dict[str, Any]]], list[Problem]]:
    """Every row through the journal's own validators, plus ids unique and log rows pointing at a practice."""
    problems: list[Problem] = []
    tables: dict[str, list[dict[str, Any]]] = {}
    tables["practices"] = _check_practices(raw.get("practices", []), now, problems)
    tables["trigger_categories"] = _check_categories(raw.get("trigger_categories", []), problems)
    # Without a readable practices file (already reported) log rows cannot be checked against it.
    practice_ids = {row["id"] for row in tables["practices"]} if "practices" in raw else None
    for kind in EntryKind:
        table = kind.value
        file = csv_file(table)
        rows, seen = [], set()
        for number, record in raw.get(table, []):
            try:
                entry_id = clean_text(record.get("id"), "id", max_length=SHORT_TEXT_MAX, required=True)
                if entry_id in seen:
                    raise InvalidEntry("id", f"{entry_id!r} appears twice in this file")
                seen.add(entry_id)
                row = ROW_BUILDERS[kind](record, now)
                if kind is EntryKind.PRACTICE_LOG and practice_ids is not None and row["practice_id"] not in practice_ids:
                    raise InvalidEntry("practice_id", f"{row['practice_id']!r} is not in {csv_file('practices')}")
            except InvalidEntry as problem:
                problems.append(Problem(file, problem.message, row=number, field=problem.field))
                continue
            row.update(_provenance(record, now, entry_id))
            rows.append(row)
        tables[table] = rows
    return tables, problems


def _provenance(record: Mapping[str, Any], now: datetime, entry_id: str) -> dict[str, Any]:
    source = clean_text(record.get("source"), "source", max_length=SHORT_TEXT_MAX) or "journal"
    return {
        "id": entry_id,
        "source": source,
        "source_key": record.get("source_key"),
        "created_at": record.get("created_at") or now,
        "updated_at": record.get("updated_at") or record.get("created_at") or now,
    }


def _check_practices(raw: list[tuple[int, dict[str, Any]]], now: datetime, problems: list[Problem]) -> list[dict[str, Any]]:
    file = csv_file("practices")
    rows, ids, names = [], set(), set()
    for number, record in raw:
        try:
            practice_id = clean_text(record.get("id"), "id", max_length=SHORT_TEXT_MAX, required=True)
            name = clean_text(record.get("name"), "name", max_length=SHORT_TEXT_MAX, required=True)
            if practice_id in ids:
                raise InvalidEntry("id", f"{practice_id!r} appears twice in this file")
            if name.casefold() in names:
                raise InvalidEntry("name", f"{name!r} appears twice in this file")
            row = {
                "id": practice_id,
                "name": name,
                "description": clean_text(record.get("description"), "description", max_length=1000),
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


def _check_categories(raw: list[tuple[int, dict[str, Any]]], problems: list[Problem]) -> list[dict[str, Any]]:
    file = csv_file("trigger_categories")
    rows, names = [], set()
    for number, record in raw:
        try:
            name = clean_text(record.get("name"), "name", max_length=SHORT_TEXT_MAX, required=True)
            if name.casefold() in names:
                raise InvalidEntry("name", f"{name!r} appears twice in this file")
        except InvalidEntry as problem:
            problems.append(Problem(file, problem.message, row=number, field=problem.field))
            continue
        names.add(name.casefold())
        position = record.get("position")
        rows.append({
            "name": name,
            "position": number - 1 if position is None else position,
            "active": True if record.get("active") is None else bool(record["active"]),
        })
    return rows


# --- restoring -------------------------------------------------------------------------

REPLACE = "replace"
MERGE = "merge"


@dataclass(frozen=True)
class TableChange:
    """What a restore does to one table."""

    table: str
    in_file: int
    to_add: int
    already_there: int
    first_day: date | None = None
    last_day: date | None = None

    @property
    def label(self) -> str:
        return TABLE_LABELS[self.table]


@dataclass
class RestorePlan:
    """What `restore` would write, worked out without writing: the preview a person confirms."""

    mode: str
    """`REPLACE`: the journal has no entries, so the file's catalogs replace the starter ones.
    `MERGE`: add what is new, keep what is there."""
    changes: list[TableChange]
    rows: dict[str, list[dict[str, Any]]] = field(repr=False, default_factory=dict)

    @property
    def adds_nothing(self) -> bool:
        return all(change.to_add == 0 for change in self.changes)

    @property
    def entries_to_add(self) -> int:
        return sum(change.to_add for change in self.changes if change.table in _ENTRY_TABLES)

    def summary(self) -> list[dict[str, Any]]:
        """One plain row per table, for a preview table."""
        return [
            {
                "What": change.label,
                "In the file": change.in_file,
                "Will be added": change.to_add,
                "Already in your journal": change.already_there,
                "From": change.first_day,
                "To": change.last_day,
            }
            for change in self.changes
        ]


def plan_restore(con: Connection, export: JournalExport) -> RestorePlan:
    """What restoring `export` into this journal would add, table by table. Writes nothing."""
    mode = REPLACE if queries.entry_count(con) == 0 else MERGE
    rows: dict[str, list[dict[str, Any]]] = {}
    changes: list[TableChange] = []

    practices = export.tables["practices"]
    if mode == REPLACE and practices:
        practice_map = {row["id"]: row["id"] for row in practices}
        rows["practices"] = list(practices)
    else:
        known = queries.practice_catalog(con)
        by_id = {practice_id for practice_id, _ in known}
        by_name = {name.casefold(): practice_id for practice_id, name in known}
        practice_map, rows["practices"] = {}, []
        for row in practices:
            if row["id"] in by_id:
                practice_map[row["id"]] = row["id"]
            elif row["name"].casefold() in by_name:
                practice_map[row["id"]] = by_name[row["name"].casefold()]
            else:
                practice_map[row["id"]] = row["id"]
                rows["practices"].append(row)

    categories = export.tables["trigger_categories"]
    if mode == REPLACE and categories:
        rows["trigger_categories"] = list(categories)
    else:
        known_names = {name.casefold() for name in queries.category_catalog(con)}
        start = queries.next_category_position(con)
        new = [row for row in categories if row["name"].casefold() not in known_names]
        rows["trigger_categories"] = [{**row, "position": start + i} for i, row in enumerate(new)]

    for table in EXPORT_TABLES:
        if table in _ENTRY_TABLES:
            present = queries.existing_ids(con, table)
            new_rows = [row for row in export.tables[table] if row["id"] not in present]
            if table == "practice_log":
                new_rows = [{**row, "practice_id": practice_map[row["practice_id"]]} for row in new_rows]
            rows[table] = new_rows
        days = [_entry_day(row) for row in rows[table]] if table in _ENTRY_TABLES else []
        changes.append(
            TableChange(
                table,
                in_file=export.count(table),
                to_add=len(rows[table]),
                already_there=export.count(table) - len(rows[table]),
                first_day=min(days) if days else None,
                last_day=max(days) if days else None,
            )
        )
    return RestorePlan(mode, changes, rows)


def restore(con: Connection, export: JournalExport | bytes | str | Path | IO[bytes]) -> RestorePlan:
    """Restore an export into this journal in one transaction; return what was added.

    Raises `RestoreError` (journal untouched) if the zip does not pass every check.
    The plan is worked out again inside the transaction, so an entry added in another tab
    since the preview is not added twice.
    """
    if not isinstance(export, JournalExport):
        export = read_export(export, target=con)
    backup_before(con, "restore")
    with transaction(con):
        plan = plan_restore(con, export)
        if plan.mode == REPLACE:
            queries.clear_catalogs(con, [t for t in queries.CATALOG_TABLES if plan.rows[t]])
        for table in queries.CATALOG_TABLES:
            queries.insert_catalog_rows(con, table, plan.rows[table])
        for kind in EntryKind:
            insert_rows(con, kind, plan.rows[kind.value])
    return plan


def _entry_day(row: Mapping[str, Any]) -> date:
    return row["day"] if "day" in row else row["local_time"].date()
