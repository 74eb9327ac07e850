"""The whole journal as a zip a person keeps: one CSV per table, the same rows as JSON, a manifest.

An export holds one CSV file per table (`EXPORT_TABLES`), `journal.json` with the same rows,
and `manifest.json` (app version, schema version, the range exported, when it was made). The
CSV files are what a person opens in a spreadsheet. Values are written so that they read back
exactly (`analytics.export.restoring`): timestamps in ISO 8601 (audit times in UTC), floats in
their shortest round-trip form, booleans as `true`/`false`, and NULL as an empty cell (the
schema says which columns may be NULL, so an empty cell is never ambiguous).

A spreadsheet runs a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return as a
formula, so a note typed as `=HYPERLINK(...)` would become a live link in the therapist's Excel.
Text cells of the CSV files (columns of type VARCHAR, never numbers or dates: -1.5 stays -1.5)
that begin with any number of `'` and then one of those characters get one more `'` in front
(OWASP's advice against CSV injection);
`unescape_text` takes exactly one away again, so text that itself began with `'=` comes back
as typed. The manifest says `"csv_text_escape": "leading-apostrophe"`; an export without it
(made before the escape) is read as it is. `journal.json` is never escaped.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from analytics import clock
from analytics.dates import DateRange
from analytics.export.files import write_whole_file
from analytics.export.locked import lock
from analytics.storage import Connection, schema_version
from analytics.storage import export_queries as queries
from analytics.storage.export_queries import EXPORT_TABLES
from analytics.words.nouns import NOUNS

FORMAT = "between-sessions-export"
FORMAT_VERSION = 1
MANIFEST_FILE = "manifest.json"
JSON_FILE = "journal.json"

TABLE_LABELS = {
    **{table: noun.heading for table, noun in NOUNS.items()},
    "practices": "Practices (your list)",
    "trigger_categories": "Trigger categories",
    "settings": "Settings",
    "goals": "Goals",
    "goal_ratings": "Goal ratings",
}
TZ_TYPE = "TIMESTAMP WITH TIME ZONE"
TEXT_TYPE = "VARCHAR"

CSV_ESCAPE_KEY = "csv_text_escape"
CSV_ESCAPE = "leading-apostrophe"
"""The manifest's mark for CSV files whose formula-like text cells carry one added `'`."""
# The fullwidth forms too: spreadsheets in East Asian locales read ＝ ＋ － ＠ as = + - @.
_FORMULA_START = "=+\\-@\t\r\uff1d\uff0b\uff0d\uff20"
_NEEDS_ESCAPE = re.compile(f"'*[{_FORMULA_START}]")
_ESCAPED = re.compile(f"'+[{_FORMULA_START}]")


def escape_text(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula: one `'` added before text that
    begins with any number of `'` and then `=`, `+`, `-`, `@` (or their fullwidth forms), a
    tab or a carriage return."""
    return "'" + text if _NEEDS_ESCAPE.match(text) else text


def unescape_text(text: str) -> str:
    """The text `escape_text` was given: one `'` removed from text that begins with one or
    more `'` and then `=`, `+`, `-`, `@`, a tab or a carriage return."""
    return text[1:] if _ESCAPED.match(text) else text


def csv_file(table: str) -> str:
    return f"{table}.csv"


def app_version() -> str:
    try:
        return metadata.version("between-sessions")
    except metadata.PackageNotFoundError:
        return "unknown"


# --- export ----------------------------------------------------------------------------


def export_journal(
    con: Connection,
    date_range: DateRange | None = None,
    *,
    now: datetime | None = None,
    password: str | None = None,
) -> bytes:
    """The journal (or the entries of `date_range`, with both catalogs) as the bytes of a zip.

    Entries (questionnaire responses among them) are chosen by their local calendar day. The
    catalogs (practices, trigger categories) and the settings are always exported whole: a
    practice log row needs its practice. With a `password` the zip is locked
    (`analytics.export.locked`): nothing of it can be read without the password.
    """
    now = (now or clock.now(UTC)).astimezone(UTC)
    types = queries.table_columns(con)
    tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {
        table: queries.table_rows(
            con, table, *((date_range.start, date_range.end) if date_range else (None, None))
        )
        for table in EXPORT_TABLES
    }
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": app_version(),
        "schema_version": schema_version(con),
        "created_at": now.isoformat(),
        "range": None
        if date_range is None
        else {"start": date_range.start.isoformat(), "end": date_range.end.isoformat()},
        "rows": {table: len(rows) for table, (_, rows) in tables.items()},
        "files": [csv_file(table) for table in EXPORT_TABLES] + [JSON_FILE],
        CSV_ESCAPE_KEY: CSV_ESCAPE,
    }
    kinds = {table: {name: kind for name, kind, _ in columns} for table, columns in types.items()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST_FILE, json.dumps(manifest, indent=2, ensure_ascii=False))
        for table, (columns, rows) in tables.items():
            archive.writestr(csv_file(table), _csv_text(columns, rows, kinds[table]))
        document = {
            "manifest": manifest,
            "tables": {
                table: [
                    {
                        column: _json_value(value, kinds[table][column])
                        for column, value in zip(columns, row, strict=True)
                    }
                    for row in rows
                ]
                for table, (columns, rows) in tables.items()
            },
        }
        archive.writestr(JSON_FILE, json.dumps(document, ensure_ascii=False))
    if password is not None:
        return lock(buffer.getvalue(), password)
    return buffer.getvalue()


def export_counts(con: Connection, date_range: DateRange | None = None) -> list[dict[str, Any]]:
    """What an export would hold, one plain row per table (for the page's preview)."""
    counts = queries.row_counts(
        con, *((date_range.start, date_range.end) if date_range else (None, None))
    )
    return [{"What": TABLE_LABELS[table], "Rows": counts[table]} for table in EXPORT_TABLES]


def export_file_name(
    date_range: DateRange | None = None, today: date | None = None, *, locked: bool = False
) -> str:
    """`between-sessions-2026-01-01-to-2026-03-31.zip`, or `between-sessions-all-<today>.zip`;
    `-locked` before `.zip` for an export locked with a password."""
    if date_range is None:
        stem = f"between-sessions-all-{(today or clock.today()).isoformat()}"
    else:
        stem = f"between-sessions-{date_range.start.isoformat()}-to-{date_range.end.isoformat()}"
    return f"{stem}-locked.zip" if locked else f"{stem}.zip"


def write_export(
    con: Connection,
    path: str | Path,
    date_range: DateRange | None = None,
    *,
    replace: bool = True,
    password: str | None = None,
) -> Path:
    """Export to a file, owner-only (0600); it appears whole or not at all (written to a temporary
    file beside it, fsynced, then renamed). With `replace=False` an existing file is left as it
    is and `files.OutRefused` is raised. With a `password` the file is locked
    (`analytics.export.locked`); the plain zip exists only in memory."""
    return write_whole_file(
        path, export_journal(con, date_range, password=password), replace=replace
    )


def _text_value(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "BOOLEAN":
        return "true" if value else "false"
    if kind == TZ_TYPE:
        return as_utc(value).isoformat()
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _json_value(value: Any, kind: str) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return _text_value(value, kind)


def _csv_cell(value: Any, kind: str) -> str:
    text = _text_value(value, kind)
    return escape_text(text) if kind == TEXT_TYPE else text


def _csv_text(columns: list[str], rows: Iterable[tuple[Any, ...]], kinds: Mapping[str, str]) -> str:
    out = io.StringIO()
    # "\r\n" (RFC 4180) also makes the writer quote any field holding a lone "\r"; with "\n"
    # such a note came back split in two.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [_csv_cell(value, kinds[column]) for column, value in zip(columns, row, strict=True)]
        )
    return out.getvalue()


def as_utc(value: datetime) -> datetime:
    """`value` in UTC; a naive value is taken to be UTC already."""
    # DuckDB hands back `timezone('UTC', ts)` as a naive UTC wall time.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
