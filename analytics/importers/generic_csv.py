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
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice

import numpy as np
import pandas as pd

from analytics.entries import SLEEP_HOURS_MAX, EntryKind, InvalidEntry, PracticeStatus
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
    source_keys,
)
from analytics.importers.records import Records
from analytics.words import import_problems
from analytics.words import imports as import_words

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


READ_CHUNK = 10_000
"""Records read at once (and one chunk held back, see `CsvRecords.chunks`): their Python lists take a few MB."""


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

    def rows(self, size: int = 1_000) -> Iterator[tuple[int, list[str]]]:
        """Each readable row with its spreadsheet row number (the rows `problems` does not name),
        read `size` records at a time."""
        for numbers, records in self.chunks(size):
            yield from zip(numbers, records, strict=True)

    def chunks(self, size: int = READ_CHUNK) -> Iterator[tuple[list[int], list[list[str]]]]:
        """The rows of `rows()` a chunk at a time, as (row numbers, records): a large file is
        read at `csv.reader`'s speed, and never held as Python lists all at once."""
        for _, numbers, records, _ in _scan(self.text, self.delimiter, self.columns, size):
            if records:
                yield numbers, records


SAMPLE_ROWS = 5
DATE_FORMAT_FIELD = "date format"
"""The field of the one problem that is the date column's as a whole (no known format reads it)."""


def read_table(text: str) -> CsvTable:
    """The header and rows of a CSV, its delimiter guessed among , ; tab and |."""
    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    table = CsvTable([], text, delimiter, [])
    records = None
    for header, _, rows, problems in _scan(text, delimiter, table.columns):
        records = records or header
        table.problems += problems
        table.count += len(rows)
        if len(table.sample) < SAMPLE_ROWS:
            table.sample += rows[: SAMPLE_ROWS - len(table.sample)]
    if records is not None and records.stopped is not None:
        table.lines_not_read = records.lines_not_read
    if not table.columns:
        raise ImportRefused("The file is empty: it has no header row naming its columns.")
    return table


def _scan(
    text: str, delimiter: str, columns: list[str], size: int = READ_CHUNK
) -> Iterator[tuple[CsvRecords | None, list[int], list[list[str]], list[InvalidEntry]]]:
    """Chunk by chunk, the records after the header that are not blank and have no problem,
    with their spreadsheet row numbers, and the problems of the others (the reader's stop, if
    any, in the last chunk). The first chunk also gives the `CsvRecords` (for its stop). When
    `columns` is empty the first non-blank record is the header: it is put into `columns`."""
    bad_bytes = has_bad_bytes(text)  # once for the file; rows are searched only when it has some
    records = CsvRecords(text, delimiter=delimiter)
    number = 0
    header_seen = False
    first = True
    for chunk in records.chunks(size):
        start = number + 1
        number += len(chunk)
        numbers: list[int] = []
        kept: list[list[str]] = []
        problems: list[InvalidEntry] = []
        at = 0
        if not header_seen:
            while at < len(chunk) and not any(c.strip() for c in chunk[at]):
                at += 1
            if at == len(chunk):
                continue
            header_seen = True
            if not columns:
                refuse_bad_header(chunk[at], start + at)
                names = [readable(c).strip() for c in chunk[at]]
                refuse_named_twice(names, start + at)
                columns[:] = _unique(names)
            at += 1
        width = len(columns)
        # Most rows are not blank, not wider than the header and hold no stray byte: each test
        # is one pass over the chunk, and only the rows it names are looked at one by one.
        blank = [not (r and (r[0].strip() or "".join(r).strip())) for r in chunk]
        if not bad_bytes and max(map(len, chunk[at:]), default=0) <= width and not any(blank):
            numbers = list(range(start + at, number + 1))
            kept = chunk[at:] if at else chunk
        else:
            for i in range(at, len(chunk)):
                if blank[i]:
                    continue
                problem = _row_problem(chunk[i], columns, start + i, bad_bytes)
                if problem is not None:
                    problems.append(problem)
                else:
                    numbers.append(start + i)
                    kept.append(chunk[i])
        yield (records if first else None), numbers, kept, problems
        first = False
    stopped = records.stop_problem(number + 1)
    if stopped is not None or first:
        yield (records if first else None), [], [], [stopped] if stopped is not None else []


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
            import_problems.too_many_cells(
                len(record), len(columns), "cell", import_problems.DELIMITER_NEEDS_QUOTES
            ),
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
    """The first of `DATE_FORMATS` that reads the most of the first `GUESS_SAMPLE` filled
    values (so the first that reads every one when any does), or None when none reads a
    single one. The dates it does not read are each a problem of their row, not of the file
    (found by the walk: one impossible date among good ones was "none of the known formats")."""
    sample = [v.strip() for v in values if v.strip()][:GUESS_SAMPLE]
    best, most = None, 0
    for fmt in DATE_FORMATS:
        read = sum(1 for value in sample if _reads(value, fmt))
        if read == len(sample) and read:
            return fmt
        if read > most:
            best, most = fmt, read
    return best


def _reads(value: str, fmt: str) -> bool:
    try:
        datetime.strptime(value, fmt)
    except ValueError:
        return False
    return True


def _date_sample(table: CsvTable, at: int) -> list[str]:
    """The first `GUESS_SAMPLE` filled cells of column `at` (a file may begin with rows whose
    date is empty: each is a problem of its row, not a reason to give up on the format)."""
    filled = (r[at] for _, r in table.rows() if len(r) > at and r[at].strip())
    return list(islice(filled, GUESS_SAMPLE))


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


_FIELD_WORDS = (
    ("date", "date"),
    ("time", "time"),
    ("wellbeing", "wellbeing"),
    ("anxiety", "anxiety"),
    ("energy", "energy"),
    ("note", "note"),
    ("sleep_hours", "sleep hours"),
    ("sleep_quality", "sleep quality"),
    ("trigger_category", "trigger"),
    ("trigger_intensity", "trigger intensity"),
)


def _read_as(mapping: CsvMapping) -> list[tuple[str, str]]:
    """(what it is read as, column) for each column `mapping` reads, in the fields' order."""
    fields = [(words, getattr(mapping, name)) for name, words in _FIELD_WORDS]
    return [(w, c) for w, c in fields if c] + [("a practice", c) for c in mapping.practices if c]


def _columns_note(mapping: CsvMapping, columns: list[str]) -> str:
    """The preview's line on which column fills which field and which are not read (found by
    the attack: with "mood" and "wellbeing" columns, `between import` read one and said nothing
    of the other)."""
    read = [(words, column) for words, column in _read_as(mapping) if column in columns]
    used = {c for _, c in read}
    return import_words.columns_read(read, [c for c in columns if c not in used])


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
    result.notes.append(_columns_note(mapping, table.columns))
    unknown = [c for c in _mapped(mapping) if c not in index]
    if unknown:
        result.problems.append(InvalidEntry("mapping", import_problems.no_such_column(unknown[0])))
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
        sample = _date_sample(table, index[mapping.date])
        guessed = guess_date_format(sample)
        if guessed is None and sample:
            result.problems.append(
                InvalidEntry(
                    DATE_FORMAT_FIELD,
                    import_problems.no_known_date_format(
                        mapping.date, len(sample), cut=len(sample) == GUESS_SAMPLE
                    ),
                )
            )
            return result
        if guessed is not None:
            result.notes.append(import_words.dates_read_as(guessed))
        # With no filled date (no rows, or every date empty) any format will do: each row
        # with an empty date is a problem of its own.
        fmt = guessed or DATE_FORMATS[0]

    check_ins: list[pd.DataFrame] = []
    triggers: list[pd.DataFrame] = []
    logs: dict[tuple[str, date], dict] = {}
    # Each row's minute and number: the source keys count how often a minute came before
    # (`_times_seen`), over the whole file.
    minutes: list[np.ndarray] = []
    numbers: list[np.ndarray] = []
    for rows, records in table.chunks():
        # Column by column, each distinct cell read once: a file repeats its dates, times,
        # numbers and words, and a row costs a few array look-ups instead of a Python step.
        cells = _Cells(records, index, mapping)
        del records
        keep, moments = _read_moments(cells, fmt, mapping, rows, result)
        cells.keep(keep)
        rows = np.asarray(rows, dtype=np.int64)[keep]
        moments = moments[keep]
        minutes.append(moments.astype("datetime64[m]").astype(np.int64))
        numbers.append(rows)
        check_ins.append(_check_ins(cells, mapping, rows, moments, result))
        triggers.append(_triggers(cells, mapping, rows, moments))
        _practice_logs(cells, mapping, rows, moments, result, logs)
    times_seen = _times_seen(np.concatenate(minutes) if minutes else np.zeros(0, np.int64))
    del minutes
    every_row = np.concatenate(numbers) if numbers else np.zeros(0, np.int64)
    check_in_records, trigger_records = Records(check_ins), Records(triggers)
    del check_ins, triggers
    check_in_records.transform(_keyed(times_seen, every_row, "check_in", mapping.wellbeing))
    trigger_records.transform(_keyed(times_seen, every_row, "trigger", mapping.trigger_category))
    result.records = {
        EntryKind.CHECK_IN: check_in_records,
        EntryKind.TRIGGER: trigger_records,
        EntryKind.PRACTICE_LOG: Records(logs.values()),
    }
    for column in mapping.practices:
        days = sorted(d for c, d in logs if c == column)
        result.practices[column] = observed_weekly_target(
            len(days), days[0] if days else None, days[-1] if days else None
        )
    result.problems.sort(key=lambda p: p.row or 0)
    return result


class _Cells:
    """A chunk of records read column by column: for each mapped column, its distinct cells
    (as in the file) and each row's code, its cell's place among them. The records are let
    go once read."""

    def __init__(self, records: list[list[str]], index: dict[str, int], mapping: CsvMapping):
        narrowest = min(map(len, records))
        self.size = len(records)
        self.columns: dict[str, tuple[np.ndarray, list[str]]] = {}
        for column in _mapped(mapping):
            if column in self.columns:
                continue
            i = index[column]
            if i < narrowest:
                raw = [r[i] for r in records]
            else:  # a short row has an empty cell there
                raw = [r[i] if i < len(r) else "" for r in records]
            codes, uniques = pd.factorize(np.asarray(raw, dtype=object))
            self.columns[column] = (codes, list(uniques))

    def distinct(self, column: str | None) -> tuple[np.ndarray, list[str]]:
        """(each row's code, the distinct cells) of `column`; one empty cell when it is None."""
        if not column:
            return np.zeros(self.size, np.intp), [""]
        return self.columns[column]

    def keep(self, picked: np.ndarray) -> None:
        """Only the rows `picked` (a mask) from now on."""
        self.columns = {
            name: (codes[picked], cells) for name, (codes, cells) in self.columns.items()
        }
        self.size = int(picked.sum())


def _mapped(mapping: CsvMapping) -> list[str]:
    """The columns `mapping` reads."""
    return [column for _, column in _read_as(mapping)]


def _read_moments(
    cells: _Cells, fmt: str, mapping: CsvMapping, rows: list[int], result: Plan
) -> tuple[np.ndarray, np.ndarray]:
    """Which rows have a moment (a mask), and each row's moment (datetime64[us]), as `_moment`
    reads it; a problem for every other row, naming it. Each distinct date and time is read once."""
    field = mapping.date or "date"
    timed = "%H" in fmt or "%I" in fmt
    day_codes, day_cells = cells.distinct(mapping.date)
    without_time = np.zeros(len(day_cells), "datetime64[us]")  # the row's moment with no time
    midnight = np.zeros(len(day_cells), "datetime64[us]")  # its day, for a time to be added to
    day_problems: list[InvalidEntry | None] = [None] * len(day_cells)
    year_problems: list[InvalidEntry | None] = [None] * len(day_cells)
    for k, cell in enumerate(day_cells):
        text = cell.strip()
        if not text:
            day_problems[k] = InvalidEntry(field, "is empty")
            continue
        try:
            moment = datetime.strptime(text, fmt)
        except ValueError:
            day_problems[k] = InvalidEntry(field, import_problems.not_in_date_format(text, fmt))
            continue
        try:
            check_year(moment, field)  # only a row without a time is checked here (`_moment`)
        except InvalidEntry as problem:
            year_problems[k] = problem
        midnight[k] = np.datetime64(moment.replace(hour=0, minute=0, second=0), "us")
        without_time[k] = np.datetime64(moment if timed else moment.replace(hour=12), "us")
    time_codes, time_cells = cells.distinct(mapping.time)
    seconds = np.zeros(len(time_cells), np.int64)
    timed_cell = np.zeros(len(time_cells), bool)
    time_problems: list[InvalidEntry | None] = [None] * len(time_cells)
    for k, cell in enumerate(time_cells):
        text = cell.strip()
        if not text:
            continue
        timed_cell[k] = True
        for time_format in TIME_FORMATS:
            try:
                clock = datetime.strptime(text.upper(), time_format)
            except ValueError:
                continue
            seconds[k] = clock.hour * 3600 + clock.minute * 60 + clock.second
            break
        else:
            time_problems[k] = InvalidEntry(
                mapping.time or "time", import_problems.not_a_time(text)
            )
    has_time = timed_cell[time_codes]
    day_bad = np.array([p is not None for p in day_problems], bool)[day_codes]
    year_bad = np.array([p is not None for p in year_problems], bool)[day_codes]
    time_bad = np.array([p is not None for p in time_problems], bool)[time_codes]
    bad = day_bad | (has_time & time_bad) | (~has_time & year_bad)
    for i in np.flatnonzero(bad).tolist():
        day, clock_at = day_codes[i], time_codes[i]
        problem = day_problems[day] or (
            time_problems[clock_at] if has_time[i] else year_problems[day]
        )
        result.problems.append(problem.at_row(rows[i]))
    moments = np.where(
        has_time,
        midnight[day_codes] + seconds[time_codes].astype("timedelta64[s]"),
        without_time[day_codes],
    ).astype("datetime64[us]")
    return ~bad, moments


def _stripped(cells: list[str]) -> list[str]:
    return [cell.strip() for cell in cells]


def _filled(cells: _Cells, column: str | None) -> np.ndarray:
    """Which rows have something in `column` besides spaces."""
    codes, distinct = cells.distinct(column)
    return np.array([bool(cell.strip()) for cell in distinct], bool)[codes]


def _numbers(cells: _Cells, column: str | None, top: float = 10, empty_is_none: bool = True):
    """Each row's `_number` of its (stripped) cell in `column`: a float column when every cell
    reads as a number, else objects (the text as typed, for the validator to refuse). An empty
    cell is None (NaN) when `empty_is_none`, else read like any other."""
    codes, distinct = cells.distinct(column)
    values = [
        _number(text, top) if text or not empty_is_none else None for text in _stripped(distinct)
    ]
    if all(value is None or isinstance(value, float) for value in values):
        return np.array([np.nan if v is None else v for v in values], dtype=float)[codes]
    table = np.empty(len(values), dtype=object)
    table[:] = values
    return table[codes]


def _check_ins(
    cells: _Cells, mapping: CsvMapping, rows: np.ndarray, moments: np.ndarray, result: Plan
) -> pd.DataFrame:
    """A check-in for each row whose wellbeing cell is filled; a problem for each row with an
    anxiety, energy, sleep or note cell but no wellbeing."""
    wellbeing = _filled(cells, mapping.wellbeing)
    extras = np.zeros(cells.size, bool)
    for column in (
        mapping.anxiety,
        mapping.energy,
        mapping.note,
        mapping.sleep_hours,
        mapping.sleep_quality,
    ):
        if column:
            extras |= _filled(cells, column)
    for i in np.flatnonzero(~wellbeing & extras).tolist():
        result.problems.append(
            InvalidEntry(
                mapping.wellbeing or "wellbeing",
                "is empty, but a check-in needs it (the row has anxiety, energy, sleep or a note)",
                int(rows[i]),
            )
        )
    note_codes, notes = cells.distinct(mapping.note)
    note_cells = np.empty(len(notes), dtype=object)
    note_cells[:] = notes  # as typed, not stripped
    columns: dict[str, object] = {
        "_row": rows[wellbeing],
        "local_time": moments[wellbeing],
        "wellbeing": _numbers(cells, mapping.wellbeing)[wellbeing],
    }
    for name, column, top in (
        ("anxiety", mapping.anxiety, 10),
        ("energy", mapping.energy, 10),
        ("sleep_hours", mapping.sleep_hours, SLEEP_HOURS_MAX),
        ("sleep_quality", mapping.sleep_quality, 10),
    ):
        if column:
            columns[name] = _numbers(cells, column, top)[wellbeing]
    columns["note"] = pd.Series(note_cells[note_codes][wellbeing], dtype="str")
    columns["source"] = pd.Categorical([SOURCE] * int(wellbeing.sum()))
    return pd.DataFrame(columns)


def _triggers(
    cells: _Cells, mapping: CsvMapping, rows: np.ndarray, moments: np.ndarray
) -> pd.DataFrame:
    """A trigger for each row whose category cell is filled (its intensity read as typed)."""
    codes, distinct = cells.distinct(mapping.trigger_category)
    categories = np.empty(len(distinct), dtype=object)
    categories[:] = _stripped(distinct)
    filled = np.array([bool(c) for c in categories], bool)[codes]
    if not filled.any():
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "_row": rows[filled],
            "local_time": moments[filled],
            "category": pd.Series(categories[codes][filled], dtype="str"),
            "intensity": _numbers(cells, mapping.trigger_intensity, empty_is_none=False)[filled],
            "source": pd.Categorical([SOURCE] * int(filled.sum())),
        }
    )


_EMPTY, _DONE, _REST, _NEITHER = 0, 1, 2, 3


def _practice_logs(
    cells: _Cells,
    mapping: CsvMapping,
    rows: np.ndarray,
    moments: np.ndarray,
    result: Plan,
    logs: dict[tuple[str, date], dict],
) -> None:
    """Add to `logs` each practice column's first row of a day (in file order) that says done
    or rest; count them in `result.choices`; a problem for each cell that says neither."""
    days = moments.astype("datetime64[D]")
    found = []
    for position, column in enumerate(mapping.practices):
        codes, distinct = cells.distinct(column)
        words = [cell.strip().casefold() for cell in distinct]
        sorts = np.array(
            [
                _EMPTY
                if word in EMPTY_WORDS
                else _DONE
                if word in DONE_WORDS
                else _REST
                if word in REST_WORDS
                else _NEITHER
                for word in words
            ],
            np.int8,
        )[codes]
        for i in np.flatnonzero(sorts == _NEITHER).tolist():
            result.problems.append(
                InvalidEntry(
                    column,
                    import_problems.neither_done_nor_rest(distinct[codes[i]].strip()),
                    int(rows[i]),
                )
            )
        counted = np.flatnonzero((sorts == _DONE) | (sorts == _REST))
        result.choices[column] += len(counted)
        _, first = np.unique(days[counted], return_index=True)
        for i in counted[first].tolist():
            found.append((int(rows[i]), position, column, i, int(sorts[i])))
    for row, _, column, i, sort in sorted(found):
        moment = moments[i].astype("datetime64[us]").item()
        day = moment.date()
        if (column, day) in logs:
            continue
        logs[(column, day)] = {
            "_row": row,
            "local_time": moment,
            "practice": column,
            "status": PracticeStatus.REST.value if sort == _REST else PracticeStatus.DONE.value,
            "source": SOURCE,
            "source_key": source_key(SOURCE, "practice", column.casefold(), day.isoformat()),
        }


def _times_seen(minutes: np.ndarray) -> np.ndarray:
    """For each row read (in file order), how many rows so far fell in the same minute, itself included."""
    if not len(minutes):
        return np.zeros(0, np.int64)
    return pd.Series(minutes).groupby(minutes, sort=False).cumcount().to_numpy() + 1


def _keyed(times_seen: np.ndarray, rows: np.ndarray, kind: str, column: str | None):
    """A step giving each record of a frame its source key: the kind, the mapped column, the
    minute and how many rows of the file fell in that minute up to its own (so two entries in
    one minute keep two keys, and the same file always gives the same keys)."""

    def key(frame: pd.DataFrame) -> pd.DataFrame:
        if not len(frame):
            return frame
        seen = times_seen[np.searchsorted(rows, frame["_row"].to_numpy())]
        wall = frame["local_time"].to_numpy().astype("datetime64[m]")
        years = wall.astype("datetime64[Y]").astype(np.int64) + 1970
        if ((years < 1000) | (years > 9999)).any():  # written as strftime writes them
            stamps = frame["local_time"].dt.strftime("%Y-%m-%dT%H:%M").tolist()
        else:
            stamps = np.datetime_as_string(wall, unit="m").tolist()
        keys = source_keys((SOURCE, kind, column), stamps, seen.tolist())
        return frame.assign(source_key=pd.Series(keys, dtype="str", index=frame.index))

    return key


def build(text: str, mapping: CsvMapping) -> Plan:
    return plan(read_table(text), mapping)


def detect(files: SourceFiles) -> bool:
    """Any CSV: the importer registry's last resort (`registry.IMPORTERS`), so always True."""
    return True
