"""Opening and checking an export zip (`analytics.export.journal_zip`) before anything is written.

Restore checks everything first: the zip, the files in it, the manifest, the columns, and
every cell against the type of its column; then every row through the same validators the
Log page uses (`analytics.export.checks`). A problem is reported with the file, the row
(counted from 1 after the header) and the field (`analytics.export.problems`), and the
journal is not touched. It reads the CSV files (a person may have opened them in a
spreadsheet), or `journal.json` when the zip holds no CSV files. Text cells of CSV files
from an export whose manifest names `CSV_ESCAPE` lose the one `'` the export added before
formula-like text (`journal_zip.unescape_text`); `journal.json` is read as it is.
"""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from analytics.dates import DateRange
from analytics.export.checks import check_tables
from analytics.export.journal_zip import (
    CSV_ESCAPE,
    CSV_ESCAPE_KEY,
    FORMAT,
    JSON_FILE,
    MANIFEST_FILE,
    TZ_TYPE,
    as_utc,
    csv_file,
    unescape_text,
)
from analytics.export.problems import Problem, RestoreError
from analytics.storage import Connection
from analytics.storage import export_queries as queries
from analytics.storage.export_queries import EXPORT_TABLES
from analytics.storage.schema import LATEST_VERSION

MAX_UNPACKED_BYTES = 1 << 30
"""A zip that would unpack to more than 1 GiB is refused (a real journal is a few MB)."""


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
            covered = (
                DateRange(
                    date.fromisoformat(span["start"]), date.fromisoformat(span["end"])
                ).label()
                if span
                else "the whole journal"
            )
        except (KeyError, TypeError, ValueError):
            covered = "an unnamed range"
        version = self.manifest.get("app_version") or "an unknown version"
        return f"Exported on {made:%-d %b %Y} by Between Sessions {version}: {covered}."


def read_export(
    source: bytes | str | Path | IO[bytes], *, target: Connection | None = None
) -> JournalExport:
    """Open and check an export zip; raise `RestoreError` naming every problem found (up to a limit).

    `target` is the journal it will go into: its columns decide what each cell must hold.
    Without one, the latest schema of an in-memory journal is used.
    """
    archive = _open_zip(source)
    with archive:
        names = _members(archive)
        manifest = _read_manifest(archive, names)
        columns = queries.table_columns(target) if target is not None else _latest_columns()
        escaped = manifest.get(CSV_ESCAPE_KEY) == CSV_ESCAPE
        raw_tables, problems = _read_tables(archive, names, columns, escaped)
    now = max(datetime.now(UTC), _manifest_time(manifest))
    tables, row_problems = check_tables(raw_tables, now)
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
        raise RestoreError(
            [
                Problem(
                    str(name),
                    f"is not a readable zip archive ({error}); choose the .zip file an export made",
                )
            ]
        ) from None
    if broken is not None:
        raise RestoreError(
            [Problem(broken, "is damaged inside the zip (its checksum does not match)")]
        )
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
        raise RestoreError(
            [Problem(str(name), "would unpack to more than 1 GiB; it is not a journal export")]
        )
    return archive


def _members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Base name -> path in the zip, so files zipped inside one folder are found too."""
    members: dict[str, str] = {}
    for info in archive.infolist():
        if info.is_dir():
            continue
        base = info.filename.rsplit("/", 1)[-1]
        if base in members:
            raise RestoreError(
                [Problem(base, f"appears twice in the zip ({members[base]} and {info.filename})")]
            )
        members[base] = info.filename
    return members


def _read_manifest(archive: zipfile.ZipFile, names: dict[str, str]) -> dict[str, Any]:
    if MANIFEST_FILE not in names:
        raise RestoreError(
            [
                Problem(
                    MANIFEST_FILE, "is missing: this zip was not made by Between Sessions' export"
                )
            ]
        )
    try:
        manifest = json.loads(archive.read(names[MANIFEST_FILE]).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RestoreError([Problem(MANIFEST_FILE, f"is not valid JSON ({error})")]) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RestoreError(
            [
                Problem(
                    MANIFEST_FILE,
                    f"does not say format {FORMAT!r}: this zip was not made by Between Sessions' export",
                )
            ]
        )
    version = manifest.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise RestoreError(
            [Problem(MANIFEST_FILE, "has no whole-number schema_version", field="schema_version")]
        )
    if manifest.get(CSV_ESCAPE_KEY, CSV_ESCAPE) != CSV_ESCAPE:
        raise RestoreError(
            [
                Problem(
                    MANIFEST_FILE,
                    f"names a CSV escape this version cannot undo ({manifest[CSV_ESCAPE_KEY]!r}); please update the app to restore it",
                    field=CSV_ESCAPE_KEY,
                )
            ]
        )
    if version > LATEST_VERSION:
        raise RestoreError(
            [
                Problem(
                    MANIFEST_FILE,
                    f"comes from a newer version of Between Sessions (schema {version}); please update the app to restore it",
                    field="schema_version",
                )
            ]
        )
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


def _read_tables(
    archive: zipfile.ZipFile,
    names: dict[str, str],
    columns: dict[str, list[tuple[str, str, bool]]],
    escaped: bool = False,
) -> tuple[dict[str, list[tuple[int, dict[str, Any]]]], list[Problem]]:
    """Each table's rows as (row number, {column: typed value}); CSV when present, else journal.json.

    `escaped`: the CSV text cells carry the export's formula escape, taken off here."""
    has_csv = any(csv_file(table) in names for table in EXPORT_TABLES)
    if not has_csv and JSON_FILE in names:
        return _read_json_tables(archive, names[JSON_FILE], columns)
    tables: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    problems: list[Problem] = []
    for table in EXPORT_TABLES:
        file = csv_file(table)
        if file not in names:
            problems.append(
                Problem(file, "is missing from the zip; an export holds one CSV file per table")
            )
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
                problems.append(
                    Problem(file, "is empty; it should start with a header row of column names")
                )
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
                    problems.append(
                        Problem(
                            file,
                            f"has {len(cells)} cells where the header has {len(header)}",
                            row=number,
                        )
                    )
                    continue
                record = dict(zip(header, cells, strict=True))
                if escaped:
                    record = _unescaped(record, columns[table])
                typed = _typed_row(file, number, record, columns[table], problems)
                if typed is not None:
                    rows.append((number, typed))
        except csv.Error as error:
            problems.append(
                Problem(file, f"is not valid CSV near line {reader.line_num} ({error})")
            )
            continue
        tables[table] = rows
    return tables, problems


def _unescaped(record: dict[str, str], columns: list[tuple[str, str, bool]]) -> dict[str, str]:
    """The CSV row with the formula escape taken off its text cells (never numbers or dates)."""
    text_columns = {name for name, kind, _ in columns if kind == "VARCHAR"}
    return {
        name: unescape_text(cell) if name in text_columns else cell for name, cell in record.items()
    }


def _read_json_tables(
    archive: zipfile.ZipFile, path: str, columns: dict[str, list[tuple[str, str, bool]]]
) -> tuple[dict[str, list[tuple[int, dict[str, Any]]]], list[Problem]]:
    try:
        document = json.loads(archive.read(path).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return {}, [Problem(JSON_FILE, f"is not valid JSON ({error})")]
    stored = document.get("tables") if isinstance(document, dict) else None
    if not isinstance(stored, dict):
        return {}, [Problem(JSON_FILE, 'has no "tables" object')]
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
                problems.extend(
                    p if p.row else Problem(p.file, p.message, number, p.field)
                    for p in header_problems
                )
                continue
            typed = _typed_row(where, number, record, columns[table], problems)
            if typed is not None:
                rows.append((number, typed))
        tables[table] = rows
    return tables, problems


def _check_header(
    file: str, table: str, header: list[str], columns: list[tuple[str, str, bool]]
) -> list[Problem]:
    known = {name for name, _, _ in columns}
    problems = [
        Problem(file, "is not a column of this table", field=name or "(blank column name)")
        for name in header
        if name not in known
    ]
    required = "name" if table == "trigger_categories" else "id"
    if required not in header:
        problems.append(Problem(file, "is missing from the header row", field=required))
    if len(set(header)) != len(header):
        problems.append(Problem(file, "names a column twice in the header row"))
    return problems


def _typed_row(
    file: str,
    number: int,
    record: Mapping[str, Any],
    columns: list[tuple[str, str, bool]],
    problems: list[Problem],
) -> dict[str, Any] | None:
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
                raise ValueError(
                    f"{value!r} has a time zone; local_time is the wall-clock time, with the offset in utc_offset_min"
                )
            return moment
        # An audit time without a zone was written in UTC.
        return as_utc(moment)
    raise ValueError(f"has a column type ({kind}) this version cannot restore")
