"""Any CSV: the person says which column holds what, and each row becomes entries.

`CsvMapping` names the date column (optionally a separate time column), its format, and which
columns become a check-in's wellbeing / anxiety / energy / note, a trigger's category (with its
intensity), and practices done. A row gives a check-in when its wellbeing cell is filled, a
trigger when its category cell is filled, and a practice-log entry for each practice column
whose cell says done ("1", "yes", "true", "x", "done", "2" as Loop writes it) or rest
("rest", "skip", "3"). Empty cells add nothing. Dates without a time are stored at noon, with
this machine's UTC offset for that date.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from analytics.entries import EntryKind, InvalidEntry, PracticeStatus, quoted
from analytics.importers import (
    CsvRecords,
    ImportRefused,
    Plan,
    bad_byte_problem,
    check_year,
    observed_weekly_target,
    readable,
    refuse_bad_header,
    source_key,
)

SOURCE = "csv"
AUTO = "auto"
DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%d-%m-%Y",
    "%m-%d-%Y",
    "%m-%d-%y",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M",
    "%Y/%m/%d",
)
"""The formats offered, and tried in this order by "auto" (the first that reads every sampled date wins)."""
TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M:%S %p")
DONE_WORDS = frozenset(
    {"1", "2", "yes", "y", "true", "x", "done", "✓", "✔", "oui", "ja", "sí", "si", "tak"}
)
REST_WORDS = frozenset({"rest", "skip", "skipped", "3"})
EMPTY_WORDS = frozenset({"", "0", "-1", "no", "n", "false", "-"})


@dataclass(frozen=True)
class CsvMapping:
    """Which column is which. Columns are named by their header text; None means not in this file."""

    date: str | None = None
    time: str | None = None
    date_format: str = AUTO
    wellbeing: str | None = None
    anxiety: str | None = None
    energy: str | None = None
    note: str | None = None
    trigger_category: str | None = None
    trigger_intensity: str | None = None
    practices: tuple[str, ...] = field(default_factory=tuple)


@dataclass
class CsvTable:
    """A CSV file's header and records, with each record's spreadsheet row number."""

    columns: list[str]
    rows: list[tuple[int, list[str]]]
    problems: list[InvalidEntry]
    lines_not_read: int = 0
    """Lines at the end of the file that could not be read as rows (see `CsvRecords`)."""


def read_table(text: str) -> CsvTable:
    """The header and rows of a CSV, its delimiter guessed among , ; tab and |."""
    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    records = CsvRecords(text, delimiter=delimiter)
    problems: list[InvalidEntry] = []
    rows: list[tuple[int, list[str]]] = []
    columns: list[str] = []
    number = 0
    for number, record in enumerate(records, start=1):
        if not columns:
            if any(c.strip() for c in record):
                refuse_bad_header(record, number)
                columns = _unique([readable(c).strip() for c in record])
            continue
        if any(c.strip() for c in record):
            bad_byte = bad_byte_problem(record, columns, number)
            if bad_byte is not None:
                problems.append(bad_byte)
                continue
            if len(record) > len(columns) and any(c.strip() for c in record[len(columns) :]):
                # An unquoted delimiter in a cell shifts every later cell: never guess which.
                problems.append(
                    InvalidEntry(
                        "row",
                        f"has {len(record)} cells; the header has {len(columns)} "
                        "(a cell holding the delimiter needs quotes around it)",
                        number,
                    )
                )
                continue
            rows.append((number, record))
    stopped = records.stop_problem(number + 1)
    if stopped is not None:
        problems.append(stopped)
    if not columns:
        raise ImportRefused("The file is empty: it has no header row naming its columns.")
    return CsvTable(columns, rows, problems, records.lines_not_read)


def sample_rows(table: CsvTable, limit: int = 5) -> list[dict[str, str]]:
    """The first rows as column -> cell, to show beside the mapping."""
    return [dict(zip(table.columns, record, strict=False)) for _, record in table.rows[:limit]]


def _unique(names: list[str]) -> list[str]:
    seen: Counter = Counter()
    result = []
    for i, name in enumerate(names):
        name = name or f"column {i + 1}"
        seen[name] += 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result


def guess_date_format(values: list[str]) -> str | None:
    """The first of `DATE_FORMATS` that reads every sampled value, or None."""
    sample = [v.strip() for v in values if v.strip()][:200]
    if not sample:
        return None
    for fmt in DATE_FORMATS:
        try:
            for value in sample:
                datetime.strptime(value, fmt)
        except ValueError:
            continue
        return fmt
    return None


def suggest_mapping(columns: list[str]) -> CsvMapping:
    """A first guess from the column names, for the person to correct."""
    lowered = {c.lower(): c for c in columns}

    def pick(*words: str) -> str | None:
        for word in words:
            for low, original in lowered.items():
                if word in low:
                    return original
        return None

    return CsvMapping(
        date=pick("date", "day", "datum", "fecha", "timestamp")
        or (columns[0] if columns else None),
        time=pick("time", "hour", "heure", "hora") if pick("time") != pick("date") else None,
        wellbeing=pick("wellbeing", "mood", "humeur", "stimmung"),
        anxiety=pick("anxiety", "anxious"),
        energy=pick("energy"),
        note=pick("note", "comment", "journal"),
    )


def _number(value: str) -> float | str:
    """A cell for a number field: the text as typed when it reads as a finite number (so a
    message quotes `10.0000001`, not a rounded float), a float for a decimal comma ("7,5"),
    NaN for "nan" (an empty cell, as before), else the text for the validator to refuse."""
    text = value.strip()
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return text
    try:
        return text if math.isfinite(float(text)) else number
    except ValueError:
        return number


def plan(table: CsvTable, mapping: CsvMapping) -> Plan:
    """The entries each row gives under `mapping`; every unreadable cell is a problem naming its row and column."""
    result = Plan(
        source=SOURCE,
        rows_read=len(table.rows),
        problems=list(table.problems),
        lines_not_read=table.lines_not_read,
    )
    result.choices = Counter({c: 0 for c in table.columns})
    index = {name: i for i, name in enumerate(table.columns)}
    if mapping.date not in index:
        result.problems.append(InvalidEntry("date", "choose the column that holds each row's date"))
        return result
    unknown = [
        c
        for c in (
            mapping.time,
            mapping.wellbeing,
            mapping.anxiety,
            mapping.energy,
            mapping.note,
            mapping.trigger_category,
            mapping.trigger_intensity,
            *mapping.practices,
        )
        if c and c not in index
    ]
    if unknown:
        result.problems.append(
            InvalidEntry("mapping", f"no column named {quoted(unknown[0])} in this file")
        )
        return result
    if mapping.trigger_category and not mapping.trigger_intensity:
        result.problems.append(
            InvalidEntry(
                "trigger intensity", "choose the column with each trigger's intensity (0-10)"
            )
        )
        return result
    fmt = mapping.date_format
    if fmt == AUTO:
        fmt = guess_date_format(
            [r[index[mapping.date]] for _, r in table.rows if len(r) > index[mapping.date]]
        )
        if fmt is None:
            result.problems.append(
                InvalidEntry(
                    "date format",
                    f"the dates in {quoted(mapping.date)} match none of the known formats; choose one",
                )
            )
            return result
        result.notes.append(f"Dates read as {fmt}.")

    def cell(record: list[str], column: str | None) -> str:
        if not column:
            return ""
        i = index[column]
        return record[i] if i < len(record) else ""

    check_ins, triggers, logs = [], [], {}
    seen: Counter = Counter()
    for number, record in table.rows:
        try:
            moment = _moment(cell(record, mapping.date), cell(record, mapping.time), fmt, mapping)
        except InvalidEntry as problem:
            result.problems.append(problem.at_row(number))
            continue
        stamp = moment.isoformat(timespec="minutes")
        seen[stamp] += 1
        wellbeing = cell(record, mapping.wellbeing).strip()
        extras = [cell(record, c).strip() for c in (mapping.anxiety, mapping.energy, mapping.note)]
        if wellbeing:
            check_ins.append(
                {
                    "_row": number,
                    "local_time": moment,
                    "wellbeing": _number(wellbeing),
                    "anxiety": _number(extras[0]) if extras[0] else None,
                    "energy": _number(extras[1]) if extras[1] else None,
                    "note": cell(record, mapping.note),
                    "source": SOURCE,
                    "source_key": source_key(
                        SOURCE, "check_in", mapping.wellbeing, stamp, seen[stamp]
                    ),
                }
            )
        elif any(extras):
            result.problems.append(
                InvalidEntry(
                    mapping.wellbeing or "wellbeing",
                    "is empty, but a check-in needs it (the row has anxiety, energy or a note)",
                    number,
                )
            )
        category = cell(record, mapping.trigger_category).strip()
        if category:
            triggers.append(
                {
                    "_row": number,
                    "local_time": moment,
                    "category": category,
                    "intensity": _number(cell(record, mapping.trigger_intensity)),
                    "source": SOURCE,
                    "source_key": source_key(
                        SOURCE, "trigger", mapping.trigger_category, stamp, seen[stamp]
                    ),
                }
            )
        for column in mapping.practices:
            word = cell(record, column).strip().casefold()
            if word in EMPTY_WORDS:
                continue
            if word not in DONE_WORDS and word not in REST_WORDS:
                result.problems.append(
                    InvalidEntry(
                        column,
                        f"{quoted(cell(record, column).strip())} is neither done (1, yes, x) nor rest (rest, skip) nor empty",
                        number,
                    )
                )
                continue
            result.choices[column] += 1
            if (column, moment.date()) in logs:
                continue
            logs[(column, moment.date())] = {
                "_row": number,
                "local_time": moment,
                "practice": column,
                "status": PracticeStatus.REST.value
                if word in REST_WORDS
                else PracticeStatus.DONE.value,
                "source": SOURCE,
                "source_key": source_key(
                    SOURCE, "practice", column.casefold(), moment.date().isoformat()
                ),
            }
    result.records = {
        EntryKind.CHECK_IN: check_ins,
        EntryKind.TRIGGER: triggers,
        EntryKind.PRACTICE_LOG: list(logs.values()),
    }
    for column in mapping.practices:
        days = sorted(d for c, d in logs if c == column)
        result.practices[column] = observed_weekly_target(
            len(days), days[0] if days else None, days[-1] if days else None
        )
    result.problems.sort(key=lambda p: p.row or 0)
    return result


def _moment(day_text: str, time_text: str, fmt: str, mapping: CsvMapping) -> datetime:
    day_text, time_text = day_text.strip(), time_text.strip()
    if not day_text:
        raise InvalidEntry(mapping.date or "date", "is empty")
    try:
        moment = datetime.strptime(day_text, fmt)
    except ValueError:
        raise InvalidEntry(
            mapping.date or "date", f"{quoted(day_text)} does not match the format {fmt}"
        ) from None
    if time_text:
        for time_format in TIME_FORMATS:
            try:
                clock = datetime.strptime(time_text.upper(), time_format)
                return moment.replace(hour=clock.hour, minute=clock.minute, second=clock.second)
            except ValueError:
                continue
        raise InvalidEntry(
            mapping.time or "time", f"{quoted(time_text)} is not a time like 20:39 or 8:39 PM"
        )
    check_year(moment, mapping.date or "date")
    if "%H" not in fmt and "%I" not in fmt:
        moment = moment.replace(hour=12)
    return moment


def build(text: str, mapping: CsvMapping) -> Plan:
    return plan(read_table(text), mapping)
