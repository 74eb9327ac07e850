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

import re
from collections import Counter
from collections.abc import Collection, Mapping
from datetime import date, datetime

from analytics.entries import EntryKind, InvalidEntry, quoted
from analytics.importers import (
    CsvRecords,
    ImportRefused,
    Plan,
    SourceFiles,
    bad_byte_problem,
    check_year,
    first_head,
    has_bad_bytes,
    observed_weekly_target,
    readable,
    refuse_bad_header,
    source_key,
)
from analytics.importers.locale_names import MONTHS, WEEKDAYS, fold

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

    def get(self, record: list[str], name: str) -> str:
        i = self.index.get(name)
        return record[i] if i is not None else ""


def _columns(first: list[str]) -> tuple[_Columns, bool]:
    """The file's columns and whether its first record is a header."""
    names = tuple(readable(cell).strip().lower().lstrip("\ufeff") for cell in first)
    if "mood" in names:
        refuse_bad_header(first, 1)
        missing = [n for n in ("time", "mood") if n not in names]
        if not ({"full_date", "year"} & set(names)) or "date" not in names:
            missing.append("full_date or year, and date")
        if missing:
            raise ImportRefused(
                f"This Daylio file has no {', '.join(missing)} column, so it cannot be read."
            )
        return _Columns(names), True
    if len(first) in _HEADERLESS:
        order = _HEADERLESS[len(first)]
        if re.fullmatch(r"\d{4}", first[0].strip()):
            order = ("year", *order[1:])
        return _Columns(order), False
    raise ImportRefused(
        f"This file has no Daylio header and {len(first)} columns; Daylio writes 7 to 9. "
        "Choose 'Any CSV' to map its columns yourself."
    )


class DaylioFile:
    """A parsed Daylio export: one tuple per readable row, plus the problems of the others."""

    def __init__(self, text: str):
        self.records = CsvRecords(text.lstrip("\ufeff"))
        # One search of the whole text; when it finds no stray byte, no row is searched again.
        self._bad_bytes = has_bad_bytes(text)
        reader = iter(self.records)
        try:
            first = next(reader)
            while not any(c.strip() for c in first):
                first = next(reader)
        except StopIteration:
            if self.records.stopped:
                raise ImportRefused(f"Row 1 {self.records.stopped}.") from None
            raise ImportRefused("The file is empty.") from None
        self.columns, header = _columns(first)
        self.has_header = header
        self.entries: list[tuple[int, datetime, str, tuple[str, ...], str]] = []
        self.problems: list[InvalidEntry] = []
        self.rows_read = 0
        self.moods: Counter = Counter()
        self.activities: Counter = Counter()
        rows = reader if header else _chain(first, reader)
        self._read(rows, 2 if header else 1)

    def _read(self, rows, start: int) -> None:
        cols = self.columns
        width = len(cols.names)
        days: dict[tuple[str, str], date] = {}
        times: dict[str, tuple[int, int]] = {}
        # Each row's date cells as written, to the day they give (or the problem they are):
        # a file repeats its dates, so each is read once.
        day_cells = [
            cols.index[n] for n in ("full_date", "date", "year", "weekday") if n in cols.index
        ]
        read_days: dict[tuple[str, ...], date | InvalidEntry] = {}
        number = start - 1
        for number, record in enumerate(rows, start=start):
            if not record or not any(c.strip() for c in record):
                continue
            self.rows_read += 1
            bad_byte = bad_byte_problem(record, cols.names, number) if self._bad_bytes else None
            if bad_byte is not None:
                self.problems.append(bad_byte)
                continue
            if len(record) != width:
                self.problems.append(_width_problem(record, cols.names, number))
                continue
            try:
                cells = tuple(record[i] for i in day_cells)
                day = read_days.get(cells)
                if day is None:
                    try:
                        day = _day(cols, record, days)
                    except InvalidEntry as problem:
                        day = problem
                    read_days[cells] = day
                if isinstance(day, InvalidEntry):
                    raise day
                clock = cols.get(record, "time").strip()
                if clock not in times:
                    try:
                        times[clock] = parse_time(clock)
                    except ValueError:
                        raise InvalidEntry(
                            "time", f"{quoted(clock)} is not a time like 20:39 or 8:39 PM"
                        ) from None
                hour, minute = times[clock]
                mood = cols.get(record, "mood").strip()
                if not mood:
                    raise InvalidEntry("mood", "is empty")
            except InvalidEntry as problem:
                self.problems.append(problem.at_row(number))
                continue
            activities = tuple(
                a for a in (p.strip() for p in cols.get(record, "activities").split("|")) if a
            )
            title, note = cols.get(record, "note_title").strip(), cols.get(record, "note")
            if title:
                note = f"{title}\n{note}" if note.strip() else title
            self.moods[mood] += 1
            self.activities.update(activities)
            self.entries.append(
                (
                    number,
                    datetime(day.year, day.month, day.day, hour, minute),
                    mood,
                    activities,
                    note,
                )
            )
        stopped = self.records.stop_problem(number + 1)
        if stopped is not None:
            self.problems.append(stopped)


def _chain(first, rest):
    yield first
    yield from rest


def _width_problem(record: list[str], names: tuple[str, ...], number: int) -> InvalidEntry:
    if len(record) < len(names):
        missing = names[len(record)]
        return InvalidEntry(
            missing, f"is missing: the row has {len(record)} of {len(names)} columns", number
        )
    return InvalidEntry("row", f"has {len(record)} columns; the header has {len(names)}", number)


def _day(cols: _Columns, record: list[str], cache: dict[tuple[str, str], date]) -> date:
    full, local = cols.get(record, "full_date").strip(), cols.get(record, "date").strip()
    year = cols.get(record, "year").strip()
    weekday = cols.get(record, "weekday").strip()
    key = (full or year, local, weekday)
    if key in cache:
        return cache[key]
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
        raise InvalidEntry(
            field, f"{quoted(shown)} is not a date Between Sessions can read"
        ) from None
    check_year(day, field)
    named = WEEKDAYS.get(fold(weekday)) if weekday else None
    if named is not None and named != day.weekday():
        raise InvalidEntry(
            "weekday", f"{quoted(weekday)} does not match {day:%Y-%m-%d}, which was a {day:%A}"
        )
    cache[key] = day
    return day


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
    check_ins: list[dict] = []
    logs: dict[tuple[str, date], dict] = {}
    seen: Counter = Counter()
    for number, moment, mood, activities, note in parsed.entries:
        wellbeing = values[mood]
        if wellbeing is None:
            result.problems.append(
                InvalidEntry(
                    "mood",
                    f"{quoted(mood)} has no place on the wellbeing scale yet; give it a value from 0 to 10",
                    number,
                )
            )
            continue
        identity = (moment.isoformat(timespec="minutes"), mood)
        seen[identity] += 1
        check_ins.append(
            {
                "_row": number,
                "local_time": moment,
                "wellbeing": wellbeing,
                "note": note,
                "source": SOURCE,
                "source_key": source_key(SOURCE, *identity, seen[identity]),
            }
        )
        for activity in activities:
            name = names.get(activity.casefold())
            if name is None or (name, moment.date()) in logs:
                continue
            logs[(name, moment.date())] = {
                "_row": number,
                "local_time": moment,
                "practice": name,
                "status": "done",
                "source": SOURCE,
                "source_key": source_key(
                    SOURCE, "activity", name.casefold(), moment.date().isoformat()
                ),
            }
    result.records = {EntryKind.CHECK_IN: check_ins, EntryKind.PRACTICE_LOG: list(logs.values())}
    for name in names.values():
        days = sorted(d for n, d in logs if n == name)
        result.practices[name] = observed_weekly_target(
            len(days), days[0] if days else None, days[-1] if days else None
        )
    if "scales" in parsed.columns.index:
        result.notes.append("Daylio's scales column is not imported.")
    result.problems.sort(key=lambda p: p.row or 0)
    return result


def build(
    text: str, mood_map: Mapping[str, float] | None = None, practices: Collection[str] = ()
) -> Plan:
    return plan(DaylioFile(text), mood_map, practices)


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
