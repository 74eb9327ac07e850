"""Daylio's CSV export: moods become check-ins, chosen activities become practices.

Every variant real exports have: with or without a header; `year,date,...` (older) or
`full_date,date,...`; with or without `note_title` and `scales`; a byte-order mark; 12- or
24-hour times with or without a leading zero; month and weekday names in the phone's language
(see `locale_names`); quoted notes with commas, newlines, emoji and right-to-left text;
activities joined by " | ". A row with a column missing is a problem naming that row and the
missing field; the rest of the file still previews.

Moods: Daylio's five default moods in English map to wellbeing by `DEFAULT_MOODS`. Any other
label (a custom mood, or the defaults in another language) needs a place on the scale from the
person (`mood_map`); until then its rows are problems and the label is listed in `Plan.unmapped`.

Times carry no offset in Daylio: a check-in is stored with this machine's UTC offset for that date.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from datetime import date

import numpy as np
import pandas as pd

from analytics.entries import EntryKind, InvalidEntry
from analytics.importers import (
    CsvRecords,
    ImportRefused,
    Plan,
    SourceFiles,
    bad_byte_problem,
    check_year,
    cycles_unchecked,
    first_head,
    has_bad_bytes,
    observed_weekly_target,
    readable,
    refuse_bad_header,
    refuse_named_twice,
    source_key,
    source_keys,
)
from analytics.importers.locale_names import MONTHS, WEEKDAYS, fold
from analytics.importers.records import CHUNK, Records
from analytics.words import import_problems

SOURCE = "daylio"

DEFAULT_MOODS: dict[str, float] = {"rad": 10.0, "good": 7.5, "meh": 5.0, "bad": 2.5, "awful": 0.0}
"""Daylio's five default moods, evenly spaced over the 0-10 wellbeing scale (rad = 10, awful = 0)."""

# The column orders Daylio has written, for files without a header (chosen by column count).
_HEADERLESS = {
    7: ("full_date", "date", "weekday", "time", "mood", "activities", "note"),
    8: ("full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"),
    9: (
        "full_date",
        "date",
        "weekday",
        "time",
        "mood",
        "activities",
        "note_title",
        "note",
        "scales",
    ),
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*(?:([aApP])\.?\s*[mM]\.?)?$")
_WORDS = re.compile(r"[^\W\d_]+|\d+")


def parse_time(text: str) -> tuple[int, int]:
    """(hour, minute) from "20:39", "9:03", "3:26 AM", "12:00 p.m."; raises ValueError otherwise."""
    match = _CLOCK.match(text.strip())
    if not match:
        raise ValueError(text)
    hour, minute = int(match.group(1)), int(match.group(2))
    half = match.group(4)
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if half in "pP" else 0)
    if hour > 23 or minute > 59:
        raise ValueError(text)
    return hour, minute


def parse_local_date(text: str, year: int) -> date:
    """A day from Daylio's `date` column in any supported language ("June 22", "16 de octubre")."""
    month = day = None
    for word in _WORDS.findall(text):
        if word.isdigit():
            if len(word) <= 2 and day is None:
                day = int(word)
        elif month is None:
            month = MONTHS.get(fold(word))
    if month is None or day is None:
        raise ValueError(text)
    return date(year, month, day)


class _Columns:
    def __init__(self, names: tuple[str, ...]):
        self.names = names
        self.index = {name: i for i, name in enumerate(names)}


def _columns(first: list[str]) -> tuple[_Columns, bool]:
    """The file's columns and whether its first record is a header."""
    names = tuple(readable(cell).strip().lower().lstrip("\ufeff") for cell in first)
    if "mood" in names:
        refuse_bad_header(first, 1)
        # Which of two "mood" columns is the mood? Either guess could store the wrong one.
        refuse_named_twice(list(names), 1)
        missing = [n for n in ("time", "mood") if n not in names]
        if not ({"full_date", "year"} & set(names)) or "date" not in names:
            missing.append("full_date or year, and date")
        if missing:
            raise ImportRefused(import_problems.daylio_columns_missing(missing))
        return _Columns(names), True
    if len(first) in _HEADERLESS:
        order = _HEADERLESS[len(first)]
        if re.fullmatch(r"\d{4}", first[0].strip()):
            order = ("year", *order[1:])
        return _Columns(order), False
    raise ImportRefused(import_problems.not_daylio(len(first)))


class DaylioFile:
    """A parsed Daylio export, column by column: one place per readable row in `numbers`
    (its spreadsheet row), `moments`, `mood_cells`, `activity_cells` and `notes`; plus the
    problems of the other rows.

    The file is read once by `CsvRecords`; each row then costs a few list and dict look-ups:
    dates, times, moods and activity lists repeat in a file, so each distinct cell is read
    once and every row takes what its cell gave (a 100,000-row file reads in a fraction of a
    second instead of seconds).
    """

    def __init__(self, text: str):
        self.records = CsvRecords(text.lstrip("\ufeff"))
        # One search of the whole text; when it finds no stray byte, no row is searched again.
        self._bad_bytes = has_bad_bytes(text)
        records = self.records.read_all()
        skipped = 0
        while skipped < len(records) and not any(c.strip() for c in records[skipped]):
            skipped += 1
        if skipped == len(records):
            if self.records.stopped:
                raise ImportRefused(f"Row 1 {self.records.stopped}.") from None
            raise ImportRefused("The file is empty.") from None
        first = records[skipped]
        self.columns, header = _columns(first)
        self.has_header = header
        self.numbers: list[int] = []
        self.days: list[date] = []
        self.moments = np.zeros(0, "datetime64[us]")
        self.mood_cells: list[str] = []
        self.activity_cells: list[str] = []
        self.notes: list[str] = []
        self.problems: list[InvalidEntry] = []
        self.rows_read = 0
        self.moods: Counter = Counter()
        self.activities: Counter = Counter()
        # Blank records before the first are not counted: the first row read is row 1.
        with cycles_unchecked():
            self._read(records[skipped + 1 :] if header else records[skipped:], 2 if header else 1)

    def _read(self, rows, start: int) -> None:
        cols = self.columns
        width = len(cols.names)
        # Rows whose cells can be read, with their numbers; the others are problems already.
        numbers: list[int] = []
        kept: list[list[str]] = []
        # Most rows are neither blank nor of another width nor hold a stray byte: each test is
        # one pass over every row, and only the rows it names are looked at one by one.
        blank = [not r or not (r[0].strip() or "".join(r).strip()) for r in rows]
        widths = list(map(len, rows))
        plain = not self._bad_bytes and widths.count(width) == len(rows) and not any(blank)
        if plain:
            numbers, kept = list(range(start, start + len(rows))), rows
            self.rows_read = len(rows)
        else:
            for number, record in enumerate(rows, start=start):
                if blank[number - start]:
                    continue
                self.rows_read += 1
                if self._bad_bytes:
                    bad_byte = bad_byte_problem(record, cols.names, number)
                    if bad_byte is not None:
                        self.problems.append(bad_byte)
                        continue
                if widths[number - start] != width:
                    self.problems.append(_width_problem(record, cols.names, number))
                    continue
                numbers.append(number)
                kept.append(record)
        number = start - 1 + len(rows)
        stopped = self.records.stop_problem(number + 1)
        cells = list(zip(*kept, strict=True)) if kept else [()] * width
        del kept

        def column(name: str) -> tuple[str, ...]:
            i = cols.index.get(name)
            return cells[i] if i is not None else ("",) * len(numbers)

        # Each distinct cell is read once; a row takes what its cell gave (a value or a problem),
        # by its code: the place of its cell among the distinct ones.
        day_names = [n for n in _DAY_CELLS if n in cols.index]
        day_keys, day_codes = _codes(*(column(n) for n in day_names))
        read_days: list[date | InvalidEntry] = []
        for key in day_keys:
            try:
                read_days.append(_day(cols, dict(zip(day_names, key, strict=True))))
            except InvalidEntry as problem:
                read_days.append(problem)
        time_keys, time_codes = _codes(column("time"))
        read_times: list[tuple[int, int] | InvalidEntry] = []
        for cell in time_keys:
            try:
                read_times.append(parse_time(cell.strip()))
            except ValueError:
                read_times.append(InvalidEntry("time", import_problems.not_a_time(cell.strip())))
        mood_keys, mood_codes = _codes(column("mood"))
        mood_words = [cell.strip() for cell in mood_keys]
        # A row's first fault, in the order the row is read: its date, its time, its mood.
        day_bad = np.array([isinstance(d, InvalidEntry) for d in read_days], bool)
        time_bad = np.array([isinstance(t, InvalidEntry) for t in read_times], bool)
        mood_bad = np.array([not word for word in mood_words], bool)
        bad = day_bad[day_codes] | time_bad[time_codes] | mood_bad[mood_codes]
        for i in np.flatnonzero(bad).tolist():
            day, clock = read_days[day_codes[i]], read_times[time_codes[i]]
            fault = (
                day
                if isinstance(day, InvalidEntry)
                else clock
                if isinstance(clock, InvalidEntry)
                else InvalidEntry("mood", "is empty")
            )
            self.problems.append(fault.at_row(numbers[i]))
        if stopped is not None:
            self.problems.append(stopped)
        good = np.flatnonzero(~bad)
        if len(good) < len(numbers):
            self.problems.sort(key=lambda p: p.row or 0)
            day_codes, time_codes, mood_codes = day_codes[good], time_codes[good], mood_codes[good]

        def pick(values):
            return list(values) if len(good) == len(values) else [values[i] for i in good.tolist()]

        self.numbers = pick(numbers)
        self.days = [read_days[c] for c in day_codes.tolist()]
        self.mood_cells = [mood_words[c] for c in mood_codes.tolist()]
        self.activity_cells = pick(column("activities"))
        titles, notes = pick(column("note_title")), pick(column("note"))
        self.notes = (
            [
                (f"{title.strip()}\n{note}" if note.strip() else title.strip())
                if title.strip()
                else note
                for title, note in zip(titles, notes, strict=True)
            ]
            if any(t.strip() for t in set(titles))
            else notes
        )
        # Each distinct day and time once as a number, then every row's moment at once.
        ordinals = np.array(
            [d.toordinal() if isinstance(d, date) else _EPOCH for d in read_days], np.int64
        )
        minutes = np.array(
            [0 if isinstance(t, InvalidEntry) else t[0] * 60 + t[1] for t in read_times], np.int64
        )
        self.moments = (
            ((ordinals[day_codes] - _EPOCH) * 1440 + minutes[time_codes])
            .astype("datetime64[m]")
            .astype("datetime64[us]")
        )
        self.moods = Counter(self.mood_cells)
        for cell, n in Counter(self.activity_cells).items():
            for activity in _activities(cell):
                self.activities[activity] += n


_DAY_CELLS = ("full_date", "date", "year", "weekday")
"""The cells a row's day is read from."""
_EPOCH = date(1970, 1, 1).toordinal()


def _codes(*columns: Sequence[str]) -> tuple[list, np.ndarray]:
    """The distinct rows of `columns` (in order of first appearance, as a tuple of cells when
    there are several columns) and each row's code, its place among them; hashed by pandas."""
    combined = np.zeros(len(columns[0]), np.int64)
    for column in columns:
        codes, uniques = pd.factorize(np.asarray(column, dtype=object))
        combined, _ = pd.factorize(combined * len(uniques) + codes)
    first = np.unique(combined, return_index=True)[1].tolist()
    if len(columns) == 1:
        return [columns[0][i] for i in first], combined
    return [tuple(column[i] for column in columns) for i in first], combined


def _activities(cell: str) -> tuple[str, ...]:
    """The activities of one cell, as Daylio joins them ("walk | reading")."""
    return tuple(a for a in (p.strip() for p in cell.split("|")) if a)


def _width_problem(record: list[str], names: tuple[str, ...], number: int) -> InvalidEntry:
    if len(record) < len(names):
        missing = names[len(record)]
        return InvalidEntry(missing, import_problems.missing_cells(len(record), len(names)), number)
    return InvalidEntry("row", import_problems.too_many_cells(len(record), len(names)), number)


def _day(cols: _Columns, cells: Mapping[str, str]) -> date:
    """The day a row's date cells (`_DAY_CELLS`, by name) give; `InvalidEntry` when they give none."""
    full, local = cells.get("full_date", "").strip(), cells.get("date", "").strip()
    year = cells.get("year", "").strip()
    weekday = cells.get("weekday", "").strip()
    iso = _ISO.match(full)
    field = "full_date" if "full_date" in cols.index else "date"
    try:
        if iso:
            day = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        else:
            found = re.search(r"\d{4}", full or year)
            if not found:
                raise ValueError(full or year)
            day = parse_local_date(local, int(found.group()))
    except ValueError:
        shown = full if iso or not local else f"{local} {year or full}".strip()
        raise InvalidEntry(field, import_problems.not_a_readable_date(shown)) from None
    check_year(day, field)
    named = _weekday_number(weekday) if weekday else None
    if named is not None and named != day.weekday():
        raise InvalidEntry("weekday", import_problems.weekday_mismatch(weekday, day))
    return day


@functools.lru_cache(maxsize=256)
def _weekday_number(name: str) -> int | None:
    """The weekday (Monday = 0) a name gives in any supported language; cached, as a file
    repeats seven names over every day."""
    return WEEKDAYS.get(fold(name))


def mood_value(label: str, mood_map: Mapping[str, float]) -> float | None:
    """The wellbeing a mood label maps to: the person's map first (exact, then ignoring case), then Daylio's defaults."""
    if label in mood_map:
        return float(mood_map[label])
    folded = {k.casefold(): v for k, v in mood_map.items()}
    if label.casefold() in folded:
        return float(folded[label.casefold()])
    return DEFAULT_MOODS.get(label.casefold())


def plan(
    parsed: DaylioFile, mood_map: Mapping[str, float] | None = None, practices: Collection[str] = ()
) -> Plan:
    """The entries a parsed Daylio file gives: a check-in per row, and per chosen activity one
    practice-log entry per day it appears (at the time of that day's first entry). Other
    activities are ignored. New practices get the weekly target they were done at (1-7)."""
    mood_map = dict(mood_map or {})
    values = {label: mood_value(label, mood_map) for label in parsed.moods}
    chosen = {p.strip().casefold() for p in practices if p.strip()}
    names = {a.casefold(): a for a in parsed.activities if a.casefold() in chosen}
    result = Plan(
        source=SOURCE,
        rows_read=parsed.rows_read,
        problems=list(parsed.problems),
        choices=Counter(parsed.activities),
        lines_not_read=parsed.records.lines_not_read,
    )
    result.label_counts = Counter(parsed.moods)
    result.labels = {k: v for k, v in values.items() if v is not None}
    result.unmapped = Counter({k: n for k, n in parsed.moods.items() if values[k] is None})
    # Column by column: each row's wellbeing from its mood, each check-in's source key from
    # its minute, mood and how many rows before it had both (so two alike keep two keys).
    wellbeing = [values[mood] for mood in parsed.mood_cells]
    placed = [i for i, value in enumerate(wellbeing) if value is not None]
    for i in (i for i, value in enumerate(wellbeing) if value is None):
        result.problems.append(
            InvalidEntry(
                "mood",
                import_problems.mood_not_placed(parsed.mood_cells[i]),
                parsed.numbers[i],
            )
        )
    minutes = np.datetime_as_string(parsed.moments[placed], unit="m").tolist()
    moods = [parsed.mood_cells[i] for i in placed]
    nth = pd.DataFrame({"m": minutes, "mood": moods}).groupby(["m", "mood"], sort=False).cumcount()
    check_ins = pd.DataFrame(
        {
            "_row": np.array(parsed.numbers, dtype=np.int64)[placed],
            "local_time": parsed.moments[placed],
            "wellbeing": np.array([wellbeing[i] for i in placed], dtype=float),
            "note": pd.Series([parsed.notes[i] for i in placed], dtype="str"),
            "source": pd.Categorical([SOURCE] * len(placed)),
            "source_key": pd.Series(
                source_keys((SOURCE,), minutes, moods, (nth + 1).tolist()), dtype="str"
            ),
        }
    )
    # Per chosen activity, one log a day, at the first row of that day that has it (file order).
    chosen_in: dict[str, tuple[str, ...]] = {}
    for cell in set(parsed.activity_cells):
        found = tuple(names[a.casefold()] for a in _activities(cell) if a.casefold() in names)
        if found:
            chosen_in[cell] = found
    logs: dict[tuple[str, date], int] = {}
    if chosen_in:
        for i in placed:  # a row whose mood has no place yet gives nothing
            for name in chosen_in.get(parsed.activity_cells[i], ()):
                logs.setdefault((name, parsed.days[i]), i)
    at = list(logs.values())
    practice_log = pd.DataFrame(
        {
            "_row": np.array(parsed.numbers, dtype=np.int64)[at],
            "local_time": parsed.moments[at],
            "practice": pd.Series([name for name, _ in logs], dtype="str"),
            "status": pd.Categorical(["done"] * len(at)),
            "source": pd.Categorical([SOURCE] * len(at)),
            "source_key": pd.Series(
                [
                    source_key(SOURCE, "activity", name.casefold(), day.isoformat())
                    for name, day in logs
                ],
                dtype="str",
            ),
        }
    )
    result.records = {
        EntryKind.CHECK_IN: Records(_chunks(check_ins)),
        EntryKind.PRACTICE_LOG: Records(_chunks(practice_log)),
    }
    for name in names.values():
        days = sorted(d for n, d in logs if n == name)
        result.practices[name] = observed_weekly_target(
            len(days), days[0] if days else None, days[-1] if days else None
        )
    if "scales" in parsed.columns.index:
        result.notes.append("Daylio's scales column is not imported.")
    result.problems.sort(key=lambda p: p.row or 0)
    return result


def _chunks(frame: pd.DataFrame) -> list[pd.DataFrame]:
    """`frame` in pieces of `records.CHUNK` rows, as `Records` holds what it is given row by row."""
    return [
        frame.iloc[start : start + CHUNK].reset_index(drop=True)
        for start in range(0, len(frame), CHUNK)
    ]


def build(
    text: str, mood_map: Mapping[str, float] | None = None, practices: Collection[str] = ()
) -> Plan:
    parsed = DaylioFile(text)
    with cycles_unchecked():
        return plan(parsed, mood_map, practices)


# --- what the importer registry asks (`registry.IMPORTERS`) -----------------------------------

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CLOCK_START = re.compile(r"^\d{1,2}:\d{2}")


def detect(files: SourceFiles) -> bool:
    """Daylio's export: the first line is Daylio's header (mood, activities, full_date or
    year), or a headerless Daylio row (ISO date or year, day, weekday, time, mood...)."""
    _, head = first_head(files)
    if "mood" in head and "activities" in head and ("full_date" in head or "year" in head):
        return True
    if len(head) >= 6 and _CLOCK_START.match(head[3]):
        return bool(_ISO_DAY.match(head[0]) or re.fullmatch(r"\d{4}", head[0]))
    return False
