"""Loop Habit Tracker's export: habits become practices, checkmarks become practice-log entries.

Reads the whole export (the zip, or its unpacked folder) or a single `Checkmarks.csv`:

- `Habits.csv` gives each habit's frequency, `NumRepetitions` times per `Interval` days; the
  weekly target is `round(7 * NumRepetitions / Interval)`, kept within 1-7. Without it, the
  target is how many days a week the habit was done.
- The top-level `Checkmarks.csv` has a `Date` column and one column per habit. Some app versions
  write every cell as `Entry(timestamp=2023-04-04, value=2)` (unquoted, so the comma splits it);
  those cells are read by pattern. Without a top-level file, each habit folder's
  `Checkmarks.csv` (`date,value`, no header) is read instead.
- Dates are `YYYY-MM-DD`, or `MM-DD-YY` in edited files (`DD-MM-YY` when a first part exceeds 12).

Checkmark values (Loop's `Entry` constants): 2 = done (YES_MANUAL), 3 = skip, stored as a rest
day; 1 (YES_AUTO: met by frequency, not done that day), 0 (NO) and -1 (UNKNOWN) add nothing.
A numeric habit stores its value x 1000: any value above 0 is done with `amount = value / 1000`.
A habit is numeric when Habits.csv says so (a `Type` of 1 or a `Unit`), or when any of its values
lies outside -1..3. Loop keeps no time of day: entries are stored at noon, local time.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Collection
from datetime import date, datetime
from pathlib import PurePosixPath

from analytics.entries import DAILY, EntryKind, InvalidEntry, PracticeStatus
from analytics.importers import (
    CsvRecords,
    ImportRefused,
    Plan,
    SourceFiles,
    bad_byte_problem,
    check_year,
    first_head,
    first_record,
    has_bad_bytes,
    observed_weekly_target,
    readable,
    source_key,
)
from analytics.words import import_problems

SOURCE = "loop"
DONE, SKIP = 2, 3
"""Loop's YES_MANUAL (the person ticked it) and SKIP (a planned day off)."""
NUMERIC_SCALE = 1000
"""Loop stores a numeric habit's value times 1000 (7350 means 7.35)."""

_ENTRY = re.compile(r"Entry\(timestamp=([^,()]*),\s*value=(-?\d+)\)")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SHORT = re.compile(r"^(\d{1,2})[-/](\d{1,2})[-/](\d{2})$")


class LoopExport:
    """The habits and checkmarks of a Loop export, read but not yet planned."""

    def __init__(self, files: SourceFiles):
        by_name: dict[str, list[str]] = {}
        for path in files:
            by_name.setdefault(PurePosixPath(path).name.lower(), []).append(path)
        self.problems: list[InvalidEntry] = []
        self.lines_not_read = 0
        files = {path: self._without_bad_bytes(path, text) for path, text in files.items()}
        self.targets: dict[str, int] = {}
        self.numeric: set[str] = set()
        self.order: list[str] = []
        positions: dict[str, str] = {}
        habits_files = sorted(by_name.get("habits.csv", []), key=len)
        if habits_files:
            positions = self._read_habits(files[habits_files[0]])
        checkmarks = sorted(by_name.get("checkmarks.csv", []), key=lambda p: (p.count("/"), p))
        # (file, row, habit, raw date, value)
        self.cells: list[tuple[str, int, str, str, int]] = []
        if len(files) == 1 or (
            checkmarks and files[checkmarks[0]].lstrip("\ufeff")[:4].lower() == "date"
        ):
            self._read_wide(checkmarks[0] if checkmarks else next(iter(files)), files)
        elif checkmarks:
            for path in checkmarks:
                folder = PurePosixPath(path).parent.name
                number = folder.split(" ", 1)[0]
                habit = positions.get(number) or (
                    folder.split(" ", 1)[1] if " " in folder else folder
                )
                self._read_long(path, habit, files[path])
        else:
            raise ImportRefused(
                "This Loop export has no Checkmarks.csv, so there is nothing to import."
            )
        self.rows_read = len({(f, r) for f, r, *_ in self.cells})
        for habit in self.order:
            values = {v for _, _, h, _, v in self.cells if h == habit}
            if any(v > SKIP or v < -1 for v in values):
                self.numeric.add(habit)
        self.days = self._read_dates()

    def _without_bad_bytes(self, path: str, text: str) -> str:
        """The file's text with each line holding a byte that is not UTF-8 named as a problem
        and left out (an empty line, so later rows keep their numbers); a header line, or any
        line of Habits.csv, keeps its place with the byte shown as U+FFFD."""
        if not has_bad_bytes(text):
            return text
        lines = text.split("\n")
        header = _cells(readable(lines[0]))
        keep = PurePosixPath(path).name.lower() == "habits.csv"
        for number, line in enumerate(lines, start=1):
            if not has_bad_bytes(line):
                continue
            record = _cells(line)
            names = [] if number == 1 else header
            problem = bad_byte_problem(record, names, number)
            if problem is not None:
                self.problems.append(
                    InvalidEntry(problem.field, f"{problem.message} (in {path})", number)
                )
            lines[number - 1] = readable(line) if keep or number == 1 else ""
        return "\n".join(lines)

    def _read_habits(self, text: str) -> dict[str, str]:
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        positions: dict[str, str] = {}
        for number, row in enumerate(rows, start=2):
            name = (row.get("Name") or "").strip()
            if not name:
                continue
            positions[(row.get("Position") or "").strip()] = name
            try:
                repetitions = float(row.get("NumRepetitions") or row.get("FrequencyNumerator") or 1)
                interval = float(row.get("Interval") or row.get("FrequencyDenominator") or 1)
                self.targets[name] = max(1, min(DAILY, round(7 * repetitions / interval)))
            except (TypeError, ValueError, ZeroDivisionError, OverflowError):
                self.problems.append(
                    InvalidEntry(
                        "NumRepetitions",
                        import_problems.frequency_not_a_number(name),
                        number,
                    )
                )
            if (row.get("Type") or "").strip() == "1" or (row.get("Unit") or "").strip():
                self.numeric.add(name)
        return positions

    def _read_wide(self, path: str, files: SourceFiles) -> None:
        lines = files[path].lstrip("\ufeff").splitlines()
        if not lines:
            raise ImportRefused(import_problems.loop_file_empty(path))
        header = [h.strip() for h in next(csv.reader([lines[0]]))]
        if len(header) == 2 and (_ISO.match(header[0]) or _SHORT.match(header[0])):
            # One habit's own file (`date,value`, no header): its folder names the habit.
            folder = PurePosixPath(path).parent.name
            self._read_long(path, folder.split(" ", 1)[-1] if folder else "Loop habit", files[path])
            return
        if not header or header[0].lower() != "date":
            raise ImportRefused(import_problems.not_loop_checkmarks(path))
        habits = header[1:]
        while habits and not habits[-1]:
            habits.pop()
        self.order = [h for h in habits if h]
        for number, line in enumerate(lines[1:], start=2):
            if not line.strip():
                continue
            if "Entry(" in line:
                day = line.split(",", 1)[0].strip()
                cells = [value for _, value in _ENTRY.findall(line)]
            else:
                try:
                    record = next(csv.reader([line]))
                except csv.Error as error:  # a cell over csv's size limit: name the row
                    self.problems.append(
                        InvalidEntry("row", import_problems.not_csv(error), number)
                    )
                    continue
                day, cells = record[0].strip(), record[1:]
            if len(cells) < len(habits):
                self.problems.append(
                    InvalidEntry(
                        habits[len(cells)] or "row",
                        import_problems.missing_cells(len(cells), len(habits), "habit"),
                        number,
                    )
                )
                continue
            for habit, raw in zip(habits, cells, strict=False):
                if not habit:
                    continue
                try:
                    value = int(float(raw))
                except (ValueError, OverflowError):
                    self.problems.append(
                        InvalidEntry(habit, import_problems.not_a_checkmark(raw.strip()), number)
                    )
                    continue
                self.cells.append((path, number, habit, day, value))

    def _read_long(self, path: str, habit: str, text: str) -> None:
        self.order.append(habit)
        records = CsvRecords(text.lstrip("\ufeff"))
        number = 0
        for number, record in enumerate(records, start=1):
            if not record or not record[0].strip():
                continue
            if len(record) < 2:
                self.problems.append(
                    InvalidEntry(habit, import_problems.value_missing(path), number)
                )
                continue
            try:
                value = int(float(record[1]))
            except (ValueError, OverflowError):
                self.problems.append(
                    InvalidEntry(habit, import_problems.not_a_checkmark(record[1], path), number)
                )
                continue
            self.cells.append((path, number, habit, record[0].strip(), value))
        stopped = records.stop_problem(number + 1)
        if stopped is not None:
            self.problems.append(InvalidEntry(habit, f"{stopped.message} (in {path})", stopped.row))
            self.lines_not_read += records.lines_not_read

    def _read_dates(self) -> dict[str, date | None]:
        raw = {d for *_, d, _ in self.cells}
        day_first = any((m := _SHORT.match(d)) and int(m.group(1)) > 12 for d in raw)
        parsed: dict[str, date | None] = {}
        for text in raw:
            try:
                if m := _ISO.match(text):
                    parsed[text] = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                elif m := _SHORT.match(text):
                    first, second = int(m.group(1)), int(m.group(2))
                    month, day = (second, first) if day_first else (first, second)
                    parsed[text] = date(2000 + int(m.group(3)), month, day)
                else:
                    parsed[text] = None
                if parsed[text] is not None:
                    check_year(parsed[text], "Date")
            except (ValueError, InvalidEntry):
                parsed[text] = None
        return parsed


def plan(export: LoopExport, practices: Collection[str] | None = None) -> Plan:
    """The practice-log entries of the chosen habits (all of them when `practices` is None)."""
    chosen = None if practices is None else {p.strip().casefold() for p in practices}
    result = Plan(
        source=SOURCE,
        rows_read=export.rows_read,
        problems=list(export.problems),
        lines_not_read=export.lines_not_read,
    )
    logs: dict[tuple[str, date], dict] = {}
    bad_dates: set[tuple[str, int]] = set()
    for path, number, habit, raw_day, value in export.cells:
        day = export.days.get(raw_day)
        numeric = habit in export.numeric
        counts = value > 0 if numeric else value in (DONE, SKIP)
        if counts:
            result.choices[habit] += 1
        if day is None:
            if (path, number) not in bad_dates:
                bad_dates.add((path, number))
                result.problems.append(
                    InvalidEntry(
                        "Date",
                        import_problems.not_a_loop_date(raw_day),
                        number,
                    )
                )
            continue
        if (
            not counts
            or (chosen is not None and habit.casefold() not in chosen)
            or (habit, day) in logs
        ):
            continue
        record = {
            "_row": number,
            "local_time": datetime(day.year, day.month, day.day, 12),
            "practice": habit,
            "status": PracticeStatus.DONE.value
            if numeric or value == DONE
            else PracticeStatus.REST.value,
            "amount": value / NUMERIC_SCALE if numeric else None,
            "source": SOURCE,
            "source_key": source_key(SOURCE, habit.casefold(), day.isoformat()),
        }
        logs[(habit, day)] = record
    result.records = {EntryKind.PRACTICE_LOG: list(logs.values())}
    for habit in export.order:
        if chosen is not None and habit.casefold() not in chosen:
            continue
        days = sorted(d for h, d in logs if h == habit)
        result.practices[habit] = export.targets.get(habit) or observed_weekly_target(
            len(days), days[0] if days else None, days[-1] if days else None
        )
    result.label_counts = Counter({h: result.choices[h] for h in export.order})
    numeric = sorted(export.numeric & set(result.practices))
    if numeric:
        result.notes.append("Numeric habits keep their amount: " + ", ".join(numeric) + ".")
    result.problems.sort(key=lambda p: p.row or 0)
    return result


def build(files: SourceFiles, practices: Collection[str] | None = None) -> Plan:
    return plan(LoopExport(files), practices)


def _cells(line: str) -> list[str]:
    """One line's cells as csv reads them; the whole line as one cell when csv cannot read it
    alone (a lone carriage return in it), so its problem can still be named."""
    try:
        return next(csv.reader([line]), [])
    except csv.Error:
        return [line]


# --- what the importer registry asks (`registry.IMPORTERS`) -----------------------------------


def detect(files: SourceFiles) -> bool:
    """Loop's export: files named as Loop names them (Habits.csv, a habit's Checkmarks.csv), or
    one CSV whose header starts with "date" and whose rows hold Loop's `Entry(...)` cells."""
    names = {PurePosixPath(n).name.lower() for n in files}
    if "habits.csv" in names or "checkmarks.csv" in names:
        return True
    text, head = first_head(files)
    return bool(
        head
        and head[0] == "date"
        and first_record(text.split("\n", 1)[-1])[1:2]
        and "Entry(" in text[:5000]
    )
