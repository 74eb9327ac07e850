"""Bring history from other apps into the journal: Daylio, Loop Habit Tracker and any CSV.

An import runs in three steps, each safe to repeat:

1. `load_path` / `load_bytes` read the file (or a Loop zip or folder) into text, refusing files
   over `MAX_BYTES` or that are not text (`ImportRefused`).
2. A format module turns that text into a `Plan`: raw entries (each with `source` and a stable
   `source_key`), the practices they need, the labels seen, and every problem by row and field.
   Nothing here touches the journal.
3. `analytics.importers.apply.preview` checks the plan against the journal (validation, entries
   already imported) and `apply.import_preview` writes it in one transaction, or not at all.

Row numbers in problems are spreadsheet rows: the header, when there is one, is row 1.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import re
import zipfile
from collections import Counter, deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import islice
from pathlib import Path

from analytics.entries import DAILY, EntryKind, InvalidEntry
from analytics.words import import_problems, imports

MAX_BYTES = 50 * 1024 * 1024
"""Files (and a zip's unpacked contents) above 50 MB are refused: no tracker export is that large."""


class ImportFormat(StrEnum):
    DAYLIO = "daylio"
    LOOP = "loop"
    CSV = "csv"


FORMAT_LABELS = {
    ImportFormat.DAYLIO: "Daylio export (CSV)",
    ImportFormat.LOOP: "Loop Habit Tracker export (zip, folder or Checkmarks.csv)",
    ImportFormat.CSV: "Any CSV (you map the columns)",
}


class ImportRefused(ValueError):
    """The import cannot go ahead; `problems` (if any) name each row and field at fault."""

    def __init__(self, message: str, problems: list[InvalidEntry] | None = None):
        self.problems = problems or []
        super().__init__(message)


SourceFiles = dict[str, str]
"""The text of each file of an import, by its path relative to what the person chose."""


@dataclass
class Plan:
    """What a file holds, before it meets the journal.

    `records` are raw entries by kind, each carrying `_row` (the spreadsheet row it came from),
    `source` and `source_key`. `practices` are the practices they log, with a weekly target
    for any that must be created. `labels` are mood labels placed on the wellbeing scale;
    `unmapped` are the ones still waiting for a place, with their counts; `choices` are the
    activities or habits that could become practices, with how often each appears.
    """

    source: str
    rows_read: int = 0
    records: dict[EntryKind, list[dict]] = field(default_factory=dict)
    practices: dict[str, int] = field(default_factory=dict)
    problems: list[InvalidEntry] = field(default_factory=list)
    labels: dict[str, float] = field(default_factory=dict)
    label_counts: Counter = field(default_factory=Counter)
    unmapped: Counter = field(default_factory=Counter)
    choices: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    lines_not_read: int = 0
    """Lines at the end of the file that could not be read as rows (a quote never closed, or
    a CSV error): the import refuses, even when skipping bad rows, rather than lose them."""


# --- reading files ----------------------------------------------------------------------

_TEXT_SUFFIXES = (".csv", ".txt", ".tsv")


class DecodedText(str):
    """A file's text, remembering how it was read: `encoding` ("utf-8", "utf-16" or
    "cp1252") and `bad_bytes`, how many bytes of a UTF-8 file were not UTF-8 (each is kept
    in the text as a lone surrogate, U+DC80-U+DCFF, so the row holding it can be named)."""

    encoding: str = "utf-8"
    bad_bytes: int = 0
    nul_bytes: int = 0

    def __new__(
        cls, text: str, encoding: str = "utf-8", bad_bytes: int = 0, nul_bytes: int = 0
    ) -> DecodedText:
        self = super().__new__(cls, text)
        self.encoding = encoding
        self.bad_bytes = bad_bytes
        self.nul_bytes = nul_bytes
        return self


NUL_MARK = "\udc00"
"""A NUL (zero) byte in a file's text, kept as a lone surrogate no decoding produces."""
NUL_SHARE = 100
"""A file of which more than 1 byte in `NUL_SHARE` is NUL is not text (a binary file, or UTF-16
without its mark); fewer are a glitch, named row by row."""

_BAD_BYTE = re.compile("[\udc00\udc80-\udcff]")
_GOOD_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")


def decode(data: bytes, name: str = "the file") -> DecodedText:
    """Text from bytes: UTF-8 (with or without a byte-order mark), UTF-16 with a mark, else Windows-1252.

    The choice is made for the whole file, by evidence, never mixed: bytes that are not all
    valid UTF-8 are still read as UTF-8 when the file holds any valid UTF-8 sequence beyond
    ASCII (a Windows-1252 text practically never does), and each stray byte stays in the text
    as a lone surrogate (`has_bad_bytes`) for the format modules to report by row and field
    and leave that row out. A file with no valid UTF-8 beyond ASCII is read as Windows-1252.
    A few NUL bytes are kept as `NUL_MARK`, named and left out the same way; a file with more
    than 1 in `NUL_SHARE` is refused as not text. Raises `ImportRefused` when the bytes are not
    text (that many NUL bytes, or undecodable).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return DecodedText(_line_feeds(data.decode("utf-16")), "utf-16")
        except UnicodeDecodeError:
            raise ImportRefused(import_problems.broken_utf16(name)) from None
    nuls = data.count(b"\x00")
    if nuls * NUL_SHARE > len(data):
        raise ImportRefused(import_problems.not_a_text_file(name))
    try:
        text = DecodedText(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        text = None
    if text is None:
        loose = data.decode("utf-8-sig", errors="surrogateescape")
        if _GOOD_NON_ASCII.search(loose):
            text = DecodedText(loose, "utf-8", len(_BAD_BYTE.findall(loose)))
    if text is None:
        try:
            text = DecodedText(data.decode("cp1252"), "cp1252")
        except UnicodeDecodeError:
            raise ImportRefused(import_problems.unknown_encoding(name)) from None
    if nuls:
        # A few zero bytes in text (a glitch of the tool that wrote it): each stays in the text
        # as NUL_MARK, so the rows holding one are named, and skipped when the person chooses.
        text = DecodedText(text.replace("\x00", NUL_MARK), text.encoding, text.bad_bytes, nuls)
    fed = _line_feeds(text)
    if fed is not text:
        text = DecodedText(fed, text.encoding, text.bad_bytes, nuls)
    return text


def _line_feeds(text: str) -> str:
    """`text` with each line ending a line feed when it has no line feed at all and ends its
    lines with a carriage return alone (CR, as classic Mac OS and some spreadsheet exports
    write CSV): every reader of ours splits lines at line feeds, and `csv` refuses a CR
    inside an unquoted field. A CR inside a quoted cell of such a file was a line break there
    too, so it stays one. A file with line feeds is left as it is: a stray CR in it is named
    by row (`CsvRecords`), never taken for the end of a row."""
    if "\n" in text or "\r" not in text:
        return text
    return text.replace("\r", "\n")


def has_bad_bytes(text: str) -> bool:
    """Whether `text` holds a byte that was not UTF-8 (see `decode`)."""
    return _BAD_BYTE.search(text) is not None


def readable(text: str) -> str:
    """`text` with each byte that was not UTF-8 shown as the replacement character, U+FFFD."""
    return _BAD_BYTE.sub("\ufffd", text)


def bad_byte_problem(record: list[str], names: Sequence[str], row: int) -> InvalidEntry | None:
    """A problem naming the first cell of `record` that holds a byte that is not UTF-8, or None."""
    for i, cell in enumerate(record):
        if _BAD_BYTE.search(cell):
            field = names[i] if i < len(names) and names[i] else f"column {i + 1}"
            if NUL_MARK in cell:
                return InvalidEntry(readable(field), import_problems.nul_byte(readable(cell)), row)
            return InvalidEntry(readable(field), import_problems.not_utf8_byte(readable(cell)), row)
    return None


def refuse_bad_header(header: list[str], row: int) -> None:
    """Raise `ImportRefused` when the header row holds a byte that is not UTF-8: the columns
    could not be named truly, so no row can be read (a data row's bad byte only skips that row)."""
    for i, cell in enumerate(header):
        if _BAD_BYTE.search(cell):
            raise ImportRefused(
                import_problems.bad_header_byte(row, i + 1, readable(cell), nul=NUL_MARK in cell)
            )


def refuse_named_twice(names: list[str], row: int) -> None:
    """Raise `ImportRefused` when the header names a column twice: a column is read by its name, so
    one of the two would be read as the other and its cells never (which one holds the mood
    is not ours to guess). Blank names are not names. Names are compared in any case ("Mood"
    and "mood"), as the columns are matched to fields in any case."""
    positions: dict[str, list[int]] = {}
    for i, name in enumerate(names, start=1):
        if name:
            positions.setdefault(name.casefold(), []).append(i)
    for at in positions.values():
        if len(at) > 1:
            spellings = list(dict.fromkeys(names[i - 1] for i in at))
            raise ImportRefused(import_problems.named_twice(row, spellings, at))


def encoding_notes(files: SourceFiles) -> list[str]:
    """What a preview says about how its files were read (nothing for plain UTF-8)."""
    notes = []
    for path, text in files.items():
        encoding = getattr(text, "encoding", "utf-8")
        bad = getattr(text, "bad_bytes", 0)
        if encoding == "cp1252":
            notes.append(imports.read_as_cp1252(readable(path)))
        elif bad:
            notes.append(imports.bytes_not_utf8(readable(path), bad))
        nuls = getattr(text, "nul_bytes", 0)
        if nuls:
            notes.append(imports.nul_bytes(readable(path), nuls))
    return notes


def _too_big(size: int, name: str) -> ImportRefused:
    return ImportRefused(import_problems.too_big(name, size, MAX_BYTES))


def load_bytes(data: bytes, name: str = "upload.csv") -> SourceFiles:
    """The text files in an upload: one CSV, or every CSV inside a zip (a Loop export)."""
    if len(data) > MAX_BYTES:
        raise _too_big(len(data), name)
    if data.startswith(b"PK\x03\x04"):
        return _unzip(data, name)
    return {name or "upload.csv": decode(data, name)}


def _unzip(data: bytes, name: str) -> SourceFiles:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [
            m
            for m in archive.infolist()
            if not m.is_dir() and m.filename.lower().endswith(_TEXT_SUFFIXES)
        ]
        total = sum(m.file_size for m in members)
        if total > MAX_BYTES:
            raise _too_big(total, import_problems.contents_of(name))
        files = {m.filename: decode(archive.read(m), m.filename) for m in members}
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as error:
        raise ImportRefused(import_problems.zip_unreadable(name, error)) from None
    if not files:
        raise ImportRefused(import_problems.no_csv_files(name))
    return files


def load_path(path: str | Path) -> SourceFiles:
    """The text files at `path`: a CSV file, a zip, or a folder (every CSV under it)."""
    path = Path(path)
    if path.is_dir():
        files: SourceFiles = {}
        total = 0
        for child in sorted(path.rglob("*")):
            if child.is_file() and child.suffix.lower() in _TEXT_SUFFIXES:
                total += child.stat().st_size
                if total > MAX_BYTES:
                    raise _too_big(total, import_problems.the_folder(path.name))
                files[child.relative_to(path).as_posix()] = decode(child.read_bytes(), child.name)
        if not files:
            raise ImportRefused(import_problems.folder_without_csv(path))
        return files
    if not path.is_file():
        raise ImportRefused(import_problems.does_not_exist(path))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise _too_big(size, path.name)
    # A habit's own Checkmarks.csv has no header: keep its folder, which names the habit.
    name = (
        f"{path.parent.name}/{path.name}"
        if path.name.lower() == "checkmarks.csv" and path.parent.name
        else path.name
    )
    return load_bytes(path.read_bytes(), name)


# --- reading CSV records --------------------------------------------------------------


@contextmanager
def cycles_unchecked() -> Iterator[None]:
    """Python's cycle collector paused while a file's rows are made: they are many small lists
    and strings that form no cycles and are all kept, so each collection would walk them all
    again for nothing (it took half the time of reading a large file). Reference counting
    still frees what goes; the collector runs again at the end. The switch is the process's:
    the first of two overlapping reads (two tabs) to have found it on turns it back on."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


READ_ALL_CHUNK = 50_000
"""Records `CsvRecords.read_all` reads at once (where it remembers the place in the text)."""


class CsvRecords:
    """`csv.reader` over `text` that never stops early in silence.

    Iterating yields the records. When the reader cannot go on (`csv.Error`: a field over the
    size limit, a NUL) or the last record is a quote (`"`) opened and never closed, which
    swallows every later line into one cell, that record is not yielded and `stopped` says
    why, with `lines_not_read`: the physical lines from where the bad record starts to the end
    of the file that were not read as rows (blank lines not counted).
    """

    def __init__(self, text: str, **fmtparams):
        # Lines are read one at a time (a list of every line of a large file would take several
        # times its size); only a stop reads them again, to count what was not read.
        self._text = text
        self._fmtparams = fmtparams
        self._stream = io.StringIO(text)
        self.reader = csv.reader(self._stream, **fmtparams)
        self.stopped: str | None = None
        self.lines_not_read = 0

    def __iter__(self):
        try:
            yield from self._records()
        finally:
            self._text = ""  # read once; a parsed file kept for the page does not keep it twice

    def read_all(self) -> list[list[str]]:
        """Every record at once, as iterating yields them (and with the same `stopped`), in a
        fraction of the time: `csv.reader`'s own loop, without a Python step per record. A
        file the reader cannot go through to its end is read again record by record."""
        records: list[list[str]] = []
        for chunk in self.chunks(READ_ALL_CHUNK):
            records += chunk
        return records

    def chunks(self, size: int = 50_000) -> Iterator[list[list[str]]]:
        """The records in lists of at most `size`, in order, as iterating yields them (and with
        the same `stopped`), each list read by `csv.reader`'s own loop: a large file is read
        at that speed without its every record alive at once. The last list is held back until
        the reader has ended, for the check of the last record (a quote opened and never
        closed). A reader that stops with an error is read again record by record from the
        start, skipping the records already given."""
        given = 0
        held: list[list[str]] | None = None
        held_at = 0
        try:
            while True:
                at = self._stream.tell()  # where the chunk's first record starts
                with cycles_unchecked():  # only while reading: never while the caller works
                    chunk = list(islice(self.reader, size))
                if not chunk:
                    break
                if held is not None:
                    yield held
                    given += len(held)
                held, held_at = chunk, at
        except csv.Error:
            # A stop: read again record by record, which knows where each record started.
            self.reader = csv.reader(io.StringIO(self._text), **self._fmtparams)
            records = self._records()
            deque(islice(records, given), maxlen=0)
            while chunk := list(islice(records, size)):
                yield chunk
            self._text = ""
            return
        if held is not None:
            self._check_last(held, held_at)
            if held:
                yield held
        self._text = ""

    def _check_last(self, records: list[list[str]], at: int) -> None:
        """Drop the last of `records` (the file's last, read from offset `at` of the text) and
        stop when it opens a quote that is never closed. Only the text from `at` is read again."""
        quote = self._fmtparams.get("quotechar", '"')
        text = self._text
        end = len(text)
        while end and text[end - 1] in "\r\n":
            end -= 1
        last_line = text[text.rfind("\n", 0, end) + 1 : end]  # not a copy of the whole text
        if not records or not (any("\n" in cell for cell in records[-1]) or quote in last_line):
            return
        tail = io.StringIO(text[at:])
        deque(islice(csv.reader(tail, **self._fmtparams), len(records) - 1), maxlen=0)
        rest = text[at + tail.tell() :]  # the last record's lines, to the end of the file
        lines = rest.count("\n") + (0 if rest.endswith("\n") or not rest else 1)
        if self._rest_ends_inside_quote(rest) or (lines > 1 and rest.count(quote) % 2 == 1):
            records.pop()
            self.lines_not_read = sum(1 for line in io.StringIO(rest) if line.strip())
            self.stopped = 'opens a quote (") that is never closed'

    def _rest_ends_inside_quote(self, rest: str) -> bool:
        # The file ends inside a quoted field of its last record (`rest`, from its first line):
        # a strict reader says so, where the lenient one takes the rest of the file as the
        # field. An unquoted field's own quote (5'6") is not that.
        try:
            deque(csv.reader(io.StringIO(rest), strict=True, **self._fmtparams), maxlen=0)
        except csv.Error as error:
            return "unexpected end of data" in str(error)
        return False

    def _lines(self) -> list[str]:
        return io.StringIO(self._text).readlines()

    def _records(self):
        held: list[str] | None = None
        held_start = 0
        start = 0
        try:
            for record in self.reader:
                if held is not None:
                    yield held
                held, held_start = record, start
                start = self.reader.line_num
        except csv.Error as error:
            if held is not None:
                yield held
            self._stop(start, _csv_error_words(error))
            return
        if held is None:
            return
        if self._ends_inside_quote(held_start) or (
            start - held_start > 1 and self._unclosed(held_start, start)
        ):
            self._stop(held_start, 'opens a quote (") that is never closed')
            return
        yield held

    def _ends_inside_quote(self, first: int) -> bool:
        # The file ends inside a quoted field of its last record (from line `first`): a strict
        # reader says so, where the lenient one takes the rest of the file as the field. An
        # unquoted field's own quote (5'6") is not that.
        rest = "".join(self._lines()[first:])
        try:
            deque(csv.reader(io.StringIO(rest), strict=True, **self._fmtparams), maxlen=0)
        except csv.Error as error:
            return "unexpected end of data" in str(error)
        return False

    def _unclosed(self, first: int, end: int) -> bool:
        # A record read to the end of the file across lines, holding an odd number of quote
        # characters: a quote was opened and never closed (closed ones and "" come in pairs).
        quote = self._fmtparams.get("quotechar", '"')
        return sum(line.count(quote) for line in self._lines()[first:end]) % 2 == 1

    def _stop(self, first_line: int, why: str) -> None:
        self.lines_not_read = sum(1 for line in self._lines()[first_line:] if line.strip())
        self.stopped = why

    def stop_problem(self, row: int) -> InvalidEntry | None:
        """The problem for a stop at spreadsheet row `row` (the record that was not read), or None."""
        if self.stopped is None:
            return None
        return InvalidEntry(
            "row", import_problems.not_read_to_the_end(self.stopped, self.lines_not_read), row
        )


def _csv_error_words(error: csv.Error) -> str:
    """Why a record could not be read, in our words where Python's would puzzle the person."""
    if "new-line character seen in unquoted field" in str(error):
        # A carriage return alone (CR) in a file whose lines end with line feeds: a row broken
        # in two, or a cell holding a line break without quotes. Which one is not ours to guess.
        return (
            "holds a carriage return (CR, a line break of old Mac files) inside a cell that is "
            "not in quotes, while the file's other lines end with line feeds; put that cell in "
            'quotes (") or remove the line break'
        )
    return import_problems.not_csv(error)


# --- recognising a format ---------------------------------------------------------------


def first_record(text: str) -> list[str]:
    """The first CSV record of `text` (read from its first 20,000 characters), or []."""
    try:
        return next(csv.reader(io.StringIO(text[:20_000])), [])
    except csv.Error:
        return []


def first_head(files: SourceFiles) -> tuple[str, list[str]]:
    """The first file's text and its first record, lower-cased and stripped: what a format's
    `detect` looks at."""
    text = next(iter(files.values()), "")
    return text, [cell.strip().lower() for cell in first_record(text)]


def detect_format(files: SourceFiles) -> ImportFormat:
    """The first format in `registry.IMPORTERS` whose `detect` claims the files (Loop by its
    file names or rows, then Daylio by its header or rows, else any CSV)."""
    from analytics.importers.registry import detect  # the format modules import this package

    return detect(files).format


# --- shared helpers for the format modules ------------------------------------------------


def source_key(*parts: object) -> str:
    """A stable key for an imported entry: the same identifying fields always give the same key."""
    return hashlib.blake2b("\x1f".join(str(p) for p in parts).encode(), digest_size=12).hexdigest()


def source_keys(first: Sequence[object], *columns: Sequence[object]) -> list[str]:
    """`source_key(*first, *row)` for each row of `columns` taken side by side: the same keys,
    without a call and a join of every part per row."""
    head = "".join(f"{part}\x1f" for part in first)
    blake2b = hashlib.blake2b
    if len(columns) == 1:
        return [blake2b(f"{head}{a}".encode(), digest_size=12).hexdigest() for a in columns[0]]
    if len(columns) == 2:
        return [
            blake2b(f"{head}{a}\x1f{b}".encode(), digest_size=12).hexdigest()
            for a, b in zip(*columns, strict=True)
        ]
    return [
        blake2b((head + "\x1f".join(map(str, row))).encode(), digest_size=12).hexdigest()
        for row in zip(*columns, strict=True)
    ]


def check_year(day, field: str, row: int | None = None) -> None:
    """Refuse dates a tracker cannot have written (before 1970 or after 2100) before they reach
    the validators, so a garbled year is a problem naming its row, never an overflow."""
    if not 1970 <= day.year <= 2100:
        raise InvalidEntry(field, import_problems.not_a_tracker_date(day), row)


def observed_weekly_target(days_done: int, first_day, last_day) -> int:
    """A weekly target when the source has none: how many days a week it was done, rounded, 1-7."""
    span = max(7, (last_day - first_day).days + 1) if first_day and last_day else 7
    return max(1, min(DAILY, round(7 * days_done / span)))


__all__ = [
    "FORMAT_LABELS",
    "MAX_BYTES",
    "ImportFormat",
    "ImportRefused",
    "Plan",
    "SourceFiles",
    "CsvRecords",
    "cycles_unchecked",
    "DecodedText",
    "refuse_bad_header",
    "refuse_named_twice",
    "bad_byte_problem",
    "decode",
    "encoding_notes",
    "has_bad_bytes",
    "readable",
    "detect_format",
    "load_bytes",
    "load_path",
    "check_year",
    "observed_weekly_target",
    "source_key",
    "source_keys",
]
