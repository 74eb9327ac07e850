"""Any CSV: the person says which column holds what, and each row becomes entries.

`CsvMapping` names the date column (optionally a separate time column), its format, and which
columns become a check-in's wellbeing / anxiety / energy / note / sleep (hours slept, and
its quality 0-10), a trigger's category (with its
intensity), and practices done. A row gives a check-in when its wellbeing cell is filled, a
trigger when its category cell is filled, and a practice-log entry for each practice column
whose cell says done ("1", "yes", "true", "x", "done", "2" as Loop writes it) or rest
("rest", "skip", "3"). Empty cells add nothing. Dates without a time are stored at noon, with
this machine's UTC offset for that date.
"""

from __future__ import annotations

import csv
import math
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

import numpy as np
import pandas as pd

from analytics.entries import SLEEP_HOURS_MAX, EntryKind, InvalidEntry, PracticeStatus, quoted
from analytics.importers import (
    CsvRecords,
    ImportRefused,
    Plan,
    SourceFiles,
    bad_byte_problem,
    check_year,
    has_bad_bytes,
    observed_weekly_target,
    readable,
    refuse_bad_header,
    refuse_named_twice,
    source_key,
)
from analytics.importers.records import Records

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
    sleep_hours: str | None = None
    sleep_quality: str | None = None
    trigger_category: str | None = None
    trigger_intensity: str | None = None
    practices: tuple[str, ...] = field(default_factory=tuple)


@dataclass
class CsvTable:
    """A CSV file's header, the problems of its rows, and its rows read again on demand.

    The rows are not kept: `rows()` reads them from the text each time (a second read of a
    large file takes seconds; keeping every row as Python lists took gigabytes).
    """

    columns: list[str]
    text: str
    delimiter: str
    problems: list[InvalidEntry]
    count: int = 0
    """How many rows `rows()` yields."""
    sample: list[list[str]] = field(default_factory=list)
    """The first few rows, to show beside the mapping."""
    lines_not_read: int = 0
    """Lines at the end of the file that could not be read as rows (see `CsvRecords`)."""

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Each readable row with its spreadsheet row number (the rows `problems` does not name)."""
        for number, record, problem in _scan(self.text, self.delimiter, self.columns):
            if problem is None and record is not None:
                yield number, record


SAMPLE_ROWS = 5


def read_table(text: str) -> CsvTable:
    """The header and rows of a CSV, its delimiter guessed among , ; tab and |."""
    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    table = CsvTable([], text, delimiter, [])
    records = CsvRecords(text, delimiter=delimiter)
    bad_bytes = has_bad_bytes(text)  # once for the file; rows are searched only when it has some
    number = 0
    for number, record in enumerate(records, start=1):
        if not table.columns:
            if any(c.strip() for c in record):
                refuse_bad_header(record, number)
                names = [readable(c).strip() for c in record]
                refuse_named_twice(names, number)
                table.columns = _unique(names)
            continue
        problem = _row_problem(record, table.columns, number, bad_bytes)
        if problem is not None:
            table.problems.append(problem)
        elif any(c.strip() for c in record):
            table.count += 1
            if len(table.sample) < SAMPLE_ROWS:
                table.sample.append(record)
    stopped = records.stop_problem(number + 1)
    if stopped is not None:
        table.problems.append(stopped)
    if not table.columns:
        raise ImportRefused("The file is empty: it has no header row naming its columns.")
    table.lines_not_read = records.lines_not_read
    return table


def _scan(
    text: str, delimiter: str, columns: list[str]
) -> Iterator[tuple[int, list[str] | None, InvalidEntry | None]]:
    """(row number, record, its problem or None) for every non-empty record after the header."""
    header_seen = False
    bad_bytes = has_bad_bytes(text)
    for number, record in enumerate(CsvRecords(text, delimiter=delimiter), start=1):
        if not header_seen:
            header_seen = any(c.strip() for c in record)
            continue
        if any(c.strip() for c in record):
            yield number, record, _row_problem(record, columns, number, bad_bytes)


def _row_problem(
    record: list[str], columns: list[str], number: int, bad_bytes: bool = True
) -> InvalidEntry | None:
    if not any(c.strip() for c in record):
        return None
    bad_byte = bad_byte_problem(record, columns, number) if bad_bytes else None
    if bad_byte is not None:
        return bad_byte
    if len(record) > len(columns) and any(c.strip() for c in record[len(columns) :]):
        # An unquoted delimiter in a cell shifts every later cell: never guess which.
        return InvalidEntry(
            "row",
            f"has {len(record)} cells; the header has {len(columns)} "
            "(a cell holding the delimiter needs quotes around it)",
            number,
        )
    return None


def sample_rows(table: CsvTable, limit: int = SAMPLE_ROWS) -> list[dict[str, str]]:
    """The first rows as column -> cell, to show beside the mapping."""
    return [dict(zip(table.columns, record, strict=False)) for record in table.sample[:limit]]


def _unique(names: list[str]) -> list[str]:
    seen: Counter = Counter()
    result = []
    for i, name in enumerate(names):
        name = name or f"column {i + 1}"
        seen[name] += 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result


GUESS_SAMPLE = 200
"""How many dates "auto" tries each format on."""


def guess_date_format(values: list[str]) -> str | None:
    """The first of `DATE_FORMATS` that reads every sampled value, or None."""
    sample = [v.strip() for v in values if v.strip()][:GUESS_SAMPLE]
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
    sleep = _sleep_columns(columns)
    # A sleep column is not the time ("Sleep hours") nor anything else guessed by its words.
    lowered = {c.lower(): c for c in columns if c not in sleep.values()}

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
        **sleep,
    )


def _sleep_columns(columns: list[str]) -> dict[str, str | None]:
    """Columns named "sleep quality" (or a quality of sleep in other words: "sleep_quality",
    "Sleep Quality (0-10)") and "sleep hours" or just "sleep" (hours slept, as a sleep tracker
    exports it), when the file has them."""
    quality = hours = None
    for column in columns:
        words = column.casefold().replace("_", " ").replace("-", " ")
        if "sleep" not in words:
            continue
        if "quality" in words:
            quality = quality or column
        elif "hour" in words or words.split("(")[0].strip() == "sleep":
            hours = hours or column
    return {"sleep_hours": hours, "sleep_quality": quality}


def _number(value: str, top: float = 10) -> float | str:
    """A cell for a number field: a float when it reads as a number on the 0-10 scale (a
    decimal comma too: "7,5"), NaN for "nan" (an empty cell, as before), else the text as typed
    for the validator to refuse in the person's own words (`10.0000001`, not a rounded float)."""
    text = value.strip()
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return text
    if number != number or 0 <= number <= top:
        return number
    try:
        return text if math.isfinite(float(text)) else number
    except ValueError:
        return number


def plan(table: CsvTable, mapping: CsvMapping) -> Plan:
    """The entries each row gives under `mapping`; every unreadable cell is a problem naming its row and column."""
    result = Plan(
        source=SOURCE,
        rows_read=table.count,
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
            mapping.sleep_hours,
            mapping.sleep_quality,
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
        at = index[mapping.date]
        fmt = guess_date_format(
            [r[at] for _, r in islice(table.rows(), GUESS_SAMPLE) if len(r) > at]
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

    check_ins, triggers, logs = Records(), Records(), {}
    # Each row's minute and number, packed: the source keys count how often a minute came
    # before (`_numbered`), and a dict of every minute of a large file took hundreds of MB.
    minutes, numbers = array("q"), array("q")
    moments = _Moments(fmt, mapping)
    for number, record in table.rows():
        try:
            moment = moments.read(cell(record, mapping.date), cell(record, mapping.time))
        except InvalidEntry as problem:
            result.problems.append(problem.at_row(number))
            continue
        minutes.append(moment.toordinal() * 1440 + moment.hour * 60 + moment.minute)
        numbers.append(number)
        wellbeing = cell(record, mapping.wellbeing).strip()
        extras = [
            cell(record, c).strip()
            for c in (
                mapping.anxiety,
                mapping.energy,
                mapping.note,
                mapping.sleep_hours,
                mapping.sleep_quality,
            )
        ]
        if wellbeing:
            check_ins.append(
                {
                    "_row": number,
                    "local_time": moment,
                    "wellbeing": _number(wellbeing),
                    "anxiety": _number(extras[0]) if extras[0] else None,
                    "energy": _number(extras[1]) if extras[1] else None,
                    "note": cell(record, mapping.note),
                    "sleep_hours": _number(extras[3], SLEEP_HOURS_MAX) if extras[3] else None,
                    "sleep_quality": _number(extras[4]) if extras[4] else None,
                    "source": SOURCE,
                }
            )
        elif any(extras):
            result.problems.append(
                InvalidEntry(
                    mapping.wellbeing or "wellbeing",
                    "is empty, but a check-in needs it (the row has anxiety, energy, sleep or a note)",
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
    times_seen = _times_seen(minutes, numbers)
    del minutes
    check_ins.transform(_keyed(times_seen, numbers, "check_in", mapping.wellbeing))
    triggers.transform(_keyed(times_seen, numbers, "trigger", mapping.trigger_category))
    result.records = {
        EntryKind.CHECK_IN: check_ins,
        EntryKind.TRIGGER: triggers,
        EntryKind.PRACTICE_LOG: Records(logs.values()),
    }
    for column in mapping.practices:
        days = sorted(d for c, d in logs if c == column)
        result.practices[column] = observed_weekly_target(
            len(days), days[0] if days else None, days[-1] if days else None
        )
    result.problems.sort(key=lambda p: p.row or 0)
    return result


def _times_seen(minutes: array, numbers: array) -> np.ndarray:
    """For each row read (in file order), how many rows so far fell in the same minute, itself included."""
    if not len(minutes):
        return np.zeros(0, np.int64)
    stamps = np.frombuffer(minutes, dtype=np.int64)
    return pd.Series(stamps).groupby(stamps, sort=False).cumcount().to_numpy() + 1


def _keyed(times_seen: np.ndarray, numbers: array, kind: str, column: str | None):
    """A step giving each record of a frame its source key: the kind, the mapped column, the
    minute and how many rows of the file fell in that minute up to its own (so two entries in
    one minute keep two keys, and the same file always gives the same keys)."""
    rows = np.frombuffer(numbers, dtype=np.int64) if len(numbers) else np.zeros(0, np.int64)

    def key(frame: pd.DataFrame) -> pd.DataFrame:
        if not len(frame):
            return frame
        seen = times_seen[np.searchsorted(rows, frame["_row"].to_numpy())]
        stamps = frame["local_time"].dt.strftime("%Y-%m-%dT%H:%M")
        keys = [
            source_key(SOURCE, kind, column, stamp, n)
            for stamp, n in zip(stamps.tolist(), seen.tolist(), strict=True)
        ]
        return frame.assign(source_key=pd.Series(keys, dtype="str", index=frame.index))

    return key


class _Moments:
    """`_moment`, remembering each date and time already read (a file repeats them)."""

    LIMIT = 100_000
    """Distinct dates or times remembered at most (a file of all different ones reads each anew)."""

    def __init__(self, fmt: str, mapping: CsvMapping):
        self.fmt, self.mapping = fmt, mapping
        self.days: dict[str, datetime] = {}
        self.clocks: dict[str, tuple[int, int, int]] = {}
        self.remember = "%H" not in fmt and "%I" not in fmt

    def read(self, day_text: str, time_text: str) -> datetime:
        day_text, time_text = day_text.strip(), time_text.strip()
        day = self.days.get(day_text) if self.remember else None
        clock = self.clocks.get(time_text) if time_text else None
        if day is None or (time_text and clock is None):
            moment = _moment(day_text, time_text, self.fmt, self.mapping)
            if self.remember and len(self.days) < self.LIMIT:
                self.days[day_text] = datetime.strptime(day_text, self.fmt)
            if time_text and len(self.clocks) < self.LIMIT:
                self.clocks[time_text] = (moment.hour, moment.minute, moment.second)
            return moment
        if time_text:
            return day.replace(hour=clock[0], minute=clock[1], second=clock[2])
        check_year(day, self.mapping.date or "date")
        return day.replace(hour=12)


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


def detect(files: SourceFiles) -> bool:
    """Any CSV: the importer registry's last resort (`registry.IMPORTERS`), so always True."""
    return True
