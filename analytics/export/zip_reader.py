"""Opening and checking an export zip (`analytics.export.journal_zip`) before anything is written.

Restore checks everything first: the zip, the files in it, the manifest, the columns, and
every cell against the type of its column; then every row through the same validators the
Log page uses (`analytics.export.checks`). A problem is reported with the file, the row
(counted from 1 after the header) and the field (`analytics.export.problems`), and the
journal is not touched. It reads the CSV files (a person may have opened them in a
spreadsheet), or `journal.json` when the zip holds no CSV files. Text cells of CSV files
from an export whose manifest names `CSV_ESCAPE` lose the one `'` the export added before
formula-like text (`journal_zip.unescape_text`); `journal.json` is read as it is.

An export locked with a password (`analytics.export.locked`) is unlocked first, in memory,
through the same limits: its one file is decrypted in bounded chunks with a running count
(at most `MAX_MEMBER_BYTES`, whatever its header declares), and the export inside it is then
read exactly as a plain one, with every limit above.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import shutil
import struct
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from analytics import clock
from analytics.dates import DateRange
from analytics.export import locked
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
from analytics.export.problems import SHOWN_CHARS, Problem, RestoreError, shown
from analytics.storage import Connection
from analytics.storage import export_queries as queries
from analytics.storage.export_queries import EXPORT_TABLES, TABLE_SINCE
from analytics.storage.schema import LATEST_VERSION
from analytics.words import export_zip as words

MEMORY_PER_BYTE = 8
"""The rows read are kept, typed, until the restore: about 8 bytes of memory per byte of CSV of
short rows (less for long texts), more while the restore plans and inserts them
(bench/restore_memory.py)."""
MIN_FREE_BYTES = 256 << 20
"""Memory left free for everything else while a restore checks its rows."""


def max_unpacked_bytes() -> int:
    """How much a zip may unpack to (the files a restore reads, all together): what this
    computer's free memory can hold while the rows are checked (`MEMORY_PER_BYTE`).

    No fixed size: a journal holds any number of entries, each text up to `LONG_TEXT_MAX`
    characters, so any export the app writes is read when the memory is there (a dense ten-year
    journal's CSV files unpack to 3.3 MiB; 2,300 reflections of 10,000 characters to 22 MiB).
    Checked while streaming, never from the sizes a zip declares: a zip bomb stops here (or at
    `MAX_LINE_CHARS`, or at its first rows that are not entries) long before memory runs out.
    """
    return max(0, _free_memory() - MIN_FREE_BYTES) // MEMORY_PER_BYTE


def _free_memory() -> int:
    """Memory available to this process now: MemAvailable on Linux, free pages elsewhere."""
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return 4 << 30


READ_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
"""The compression an export uses (deflate; stored by tools that re-zip). Deflate cannot unpack
to more than 1,032 bytes per byte it reads, so no member's compression ratio is higher; other
methods (bzip2, LZMA) could, and are refused."""
MAX_MEMBER_BYTES = 32 << 20
"""The manifest and journal.json, read whole, may unpack to at most 32 MiB each (the ten-year
journal.json is 9.7). CSV files are read row by row and have no limit of their own."""
MAX_JSON_BYTES = MAX_MEMBER_BYTES
"""journal.json is parsed whole (JSON cannot be read row by row): about 5 bytes of memory per
byte for real rows, bounded further by `MAX_JSON_VALUES`."""
MAX_JSON_VALUES = 2_000_000
"""journal.json is refused before it is parsed when it holds more values than this, counted as
its commas, `{` and `[` (text inside strings is counted too, so it can only over-count). A
dense ten-year journal holds about 410,000; two million tiny values parse to about 150 MB."""
MAX_MANIFEST_BYTES = 1 << 20
MAX_MEMBERS = 1000
MAX_DIRECTORY_BYTES = 1 << 20
"""The zip's table of contents (about 100 bytes a file) is read whole by `zipfile`: at most 1 MiB."""
CHUNK_BYTES = 1 << 16
"""Members are decompressed this many bytes at a time, with a running count: the sizes a zip
declares are checked first, but never trusted."""
MAX_LINE_CHARS = 4 << 20
"""A CSV line longer than this is refused before csv reads it: the longest row the schema allows,
a reflection with all five texts at `LONG_TEXT_MAX` characters, is a line of at most about 1M
characters (2M if every character were a doubled quote)."""
MAX_PROBLEMS_PER_FILE = 200
"""After this many problems in one file (or one table of journal.json), reading it stops (the
person has enough to go on)."""


class _TooBig(Exception):
    """A member unpacked past a limit while streaming; carries the refusal."""

    def __init__(self, problem: Problem):
        self.problem = problem


class _Budget:
    """The running count of bytes unpacked from one zip, across all its members."""

    def __init__(self, archive_name: str, limit: int | None = None):
        self.archive_name = archive_name
        self.used = 0
        self.limit = max_unpacked_bytes() if limit is None else limit


class _Member(io.RawIOBase):
    """One zip member, decompressed in bounded chunks; refuses as soon as it passes a limit."""

    def __init__(self, archive: zipfile.ZipFile, path: str, budget: _Budget, limit: int):
        self._info = archive.getinfo(path)
        self._stream = archive.open(self._info)
        self._budget = budget
        self._limit = limit
        self._name = path.rsplit("/", 1)[-1]
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._stream.read(min(len(buffer), CHUNK_BYTES))
        self.size += len(data)
        self._budget.used += len(data)
        if self.size > self._info.file_size:
            raise _TooBig(
                Problem(self._name, "holds more than its zip header declares; the zip is damaged")
            )
        if self.size > self._limit:
            raise _TooBig(Problem(self._name, words.too_big(self._limit, found_unpacking=True)))
        if self._budget.used > self._budget.limit:
            raise _TooBig(_more_than_memory(self._budget.archive_name, self._budget.limit))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        super().close()


def _more_than_memory(name: str, limit: int) -> Problem:
    return Problem(name, words.more_than_memory(limit))


def _read_whole(archive: zipfile.ZipFile, path: str, budget: _Budget, limit: int) -> bytes:
    """A (small) member's bytes, read in bounded chunks; raises `RestoreError` past `limit`."""
    try:
        with _Member(archive, path, budget, limit) as member:
            return io.BufferedReader(member, CHUNK_BYTES).read()
    except _TooBig as too_big:
        raise RestoreError([too_big.problem]) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise RestoreError([_damaged(path, error)]) from None


def _damaged(path: str, error: BaseException) -> Problem:
    checksum_differs = isinstance(error, zipfile.BadZipFile)
    return Problem(path.rsplit("/", 1)[-1], words.damaged_inside(checksum_differs))


@dataclass
class JournalExport:
    """A checked export: its manifest and, per table, rows of clean values ready to insert."""

    manifest: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]]

    def count(self, table: str) -> int:
        return len(self.tables.get(table, []))

    def describe(self) -> str:
        """One sentence on where the file came from: when, by which version, and which days it covers."""
        span = self.manifest.get("range")
        version = self.manifest.get("app_version")
        return words.exported_on(
            _manifest_time(self.manifest),
            str(version) if version else None,
            _named_range(span) if span else None,
            whole_journal=not span,
        )


def _named_range(span: Any) -> DateRange | None:
    """The range a manifest names, None when it cannot be read (said as an unnamed range)."""
    try:
        return DateRange(date.fromisoformat(span["start"]), date.fromisoformat(span["end"]))
    except (KeyError, TypeError, ValueError):
        return None


def read_export(
    source: bytes | str | Path | IO[bytes],
    *,
    target: Connection | None = None,
    password: str | None = None,
) -> JournalExport:
    """Open and check an export zip; raise `RestoreError` naming every problem found (up to a limit).
    A locked export (`locked`) needs its `password`: without one `locked.PasswordNeeded`, with a
    wrong one `locked.WrongPassword`.

    `target` is the journal it will go into: its columns decide what each cell must hold.
    Without one, the latest schema of an in-memory journal is used. Memory stays bounded
    whatever the zip declares: members are unpacked in chunks with a running count
    (`max_unpacked_bytes`, `MAX_MEMBER_BYTES`), CSV files are read row by row.
    """
    archive, name = _open_zip(source)
    if locked.is_locked(archive):
        archive = _unlocked(archive, name, password)
    with archive:
        budget = _Budget(name)
        names = _members(archive)
        manifest = _read_manifest(archive, names, budget)
        columns = queries.table_columns(target) if target is not None else _latest_columns()
        escaped = manifest.get(CSV_ESCAPE_KEY) == CSV_ESCAPE
        raw_tables, problems, files = _read_tables(
            archive, names, columns, budget, escaped, manifest["schema_version"]
        )
    now = max(clock.now(UTC), _manifest_time(manifest))
    tables, row_problems = check_tables(raw_tables, now, files)
    problems += row_problems
    if problems:
        raise RestoreError(problems)
    return JournalExport(manifest, tables)


def is_locked_export(source: bytes | str | Path | IO[bytes]) -> bool:
    """True when `source` is a zip whose contents are encrypted (an export locked with a
    password); False for anything else, which `read_export` then names the problems of."""
    try:
        archive, _ = _open_zip(source)
    except RestoreError:
        return False
    with archive:
        return locked.is_locked(archive)


def password_opens(source: bytes | str | Path | IO[bytes], password: str) -> bool:
    """False when `password` surely does not open the locked export `source` (its check value
    differs), without decrypting anything; True otherwise. A wrong password passes the check in
    one case of 65,536: `read_export` then refuses it, when the HMAC over the file differs."""
    try:
        archive, _ = _open_zip(source)
    except RestoreError:
        return True  # read_export names what is wrong with it
    with archive:
        try:
            member = locked.locked_member(archive, "")
            with locked.unlocked_reader(archive, password) as reader, reader.open(member):
                return True
        except RuntimeError:
            return False
        except Exception:  # anything else is named by read_export
            return True


def _unlocked(archive: zipfile.ZipFile, name: str, password: str | None) -> zipfile.ZipFile:
    """The export inside a locked one, decrypted into memory (never onto disk) in bounded
    chunks, and opened with the same checks as a plain export; closes `archive`."""
    with archive:
        member = locked.locked_member(archive, name)
        # The export inside is held in memory, so it has the memory budget of a plain export's
        # files (no fixed size: any export the app writes, locked or not, is restored).
        limit = max_unpacked_bytes()
        if archive.getinfo(member).file_size > limit:
            raise RestoreError([_more_than_memory(name, limit)])
        if not password:
            raise locked.PasswordNeeded(name)
        # The app stores the export inside as it is (it is deflated already), so what
        # decrypts is no larger than the file itself: a compressed one is no export of ours,
        # and could be a bomb. (Its method is in the AES header, which needs no password.)
        with locked.unlocked_reader(archive, password) as reader:
            stored = reader.getinfo(member).compress_type == zipfile.ZIP_STORED
        if not stored:
            raise RestoreError(
                [
                    Problem(
                        name,
                        "is locked with a password, but its contents are compressed in a way "
                        "Between Sessions never locks an export",
                    )
                ]
            )
        try:
            with (
                locked.unlocked_reader(archive, password) as reader,
                _Member(reader, member, _Budget(name, limit), limit) as stream,
            ):
                inner = io.BytesIO()
                # Chunk by chunk into one growing buffer: never two copies of it at once.
                shutil.copyfileobj(stream, inner, CHUNK_BYTES)
        except _TooBig as too_big:
            raise RestoreError([too_big.problem]) from None
        except RuntimeError:
            # The password's check value does not match (pyzipper's "Bad password").
            raise locked.WrongPassword(name) from None
        except (locked.NOT_AUTHENTIC, zipfile.BadZipFile):
            # The HMAC over the encrypted bytes does not match: one wrong password in 65,536
            # passes the check value and ends here, and so does a file changed since.
            raise RestoreError(
                [
                    Problem(
                        name,
                        "does not open with this password, or it was damaged after it was "
                        "made. Check the password and try again",
                    )
                ]
            ) from None
        except (NotImplementedError, zlib.error, EOFError, OSError, ValueError) as error:
            raise RestoreError([_damaged(member, error)]) from None
    inner.seek(0)
    inner.name = name
    return _open_zip(inner)[0]


def _open_zip(source: bytes | str | Path | IO[bytes]) -> tuple[zipfile.ZipFile, str]:
    """The zip, opened (its directory read, nothing unpacked) and its declared sizes checked."""
    name = "The file"
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    elif isinstance(source, str | Path):
        name = Path(source).name
    else:
        name = getattr(source, "name", None) or name
    name = str(name)
    _check_directory_size(source, name)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise RestoreError(
            [
                Problem(
                    name,
                    f"is not a readable zip archive ({_brief(error)}); choose the .zip file an export made",
                )
            ]
        ) from None
    infos = archive.infolist()
    # A locked zip's one member is checked as it is decrypted (`_unlocked`), and another kind
    # of encrypted zip is named as such (`locked.locked_member`): its methods and sizes are not
    # an export's, so they are not judged here.
    read = [] if locked.is_locked(archive) else _members_read(infos)
    whole = [info for info in read if not info.filename.endswith(".csv")]
    big = next((info for info in whole if info.file_size > MAX_MEMBER_BYTES), None)
    odd = next((info for info in read if info.compress_type not in READ_METHODS), None)
    refusal = None
    if len(infos) > MAX_MEMBERS:
        refusal = Problem(name, words.too_many_files(len(infos)))
    elif odd is not None:
        refusal = Problem(
            odd.filename.rsplit("/", 1)[-1],
            "is compressed in a way an export never is; zip the files again with an ordinary zip tool",
        )
    elif big is not None:
        refusal = Problem(
            big.filename.rsplit("/", 1)[-1],
            words.too_big(MAX_MEMBER_BYTES, found_unpacking=False),
        )
    elif sum(info.file_size for info in read) > (limit := max_unpacked_bytes()):
        refusal = _more_than_memory(name, limit)
    if refusal is not None:
        archive.close()
        raise RestoreError([refusal])
    return archive, name


def _members_read(infos: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
    """The members a restore unpacks: the manifest and the CSV files, or journal.json when
    there are no CSV files (as `_read_tables` chooses); other files are never unpacked."""
    base = {info.filename.rsplit("/", 1)[-1]: info for info in infos if not info.is_dir()}
    csvs = [base[csv_file(t)] for t in EXPORT_TABLES if csv_file(t) in base]
    tables = csvs or ([base[JSON_FILE]] if JSON_FILE in base else [])
    return ([base[MANIFEST_FILE]] if MANIFEST_FILE in base else []) + tables


def _brief(error: BaseException) -> str:
    """An error's first line, at most 80 characters."""
    text = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return text if len(text) <= 80 else text[:80] + "…"


def _check_directory_size(source: IO[bytes] | str | Path, name: str) -> None:
    """Refuse a zip whose table of contents is too big before `zipfile` reads it whole into memory
    (a 200 MB zip of empty files would make millions of entries)."""
    try:
        with open(source, "rb") if isinstance(source, str | Path) else nullcontext(source) as fp:
            position = fp.tell()
            try:
                size = directory_size(fp)
            finally:
                fp.seek(position)
    except (OSError, AttributeError, ValueError):
        return  # not seekable or not readable: zipfile will say so
    if size is not None and size > MAX_DIRECTORY_BYTES:
        raise RestoreError(
            [Problem(name, "lists far more files than an export holds; it is not a journal export")]
        )


_END = struct.Struct("<4s4H2LH")
"""The end-of-central-directory record (APPNOTE.TXT 4.3.16): signature, two disk numbers, two
entry counts, the directory's size and offset, the comment's length; a comment may follow."""
_END_SIGNATURE = b"PK\x05\x06"
_END64_LOCATOR = struct.Struct("<4sLQL")
"""The ZIP64 end-of-central-directory locator (4.3.15), just before the end record."""
_END64 = struct.Struct("<4sQ2H2L4Q")
"""The ZIP64 end-of-central-directory record (4.3.14), just before the locator."""


def directory_size(fp: IO[bytes]) -> int | None:
    """The size in bytes a zip's end record declares for its central directory (the ZIP64
    record's when the zip has one), read from the file's tail; None when there is no end
    record (zipfile then says the file is no zip). Reads at most 64 KiB + 98 bytes.

    What `zipfile` itself reads first, found the same way: the last end-record signature
    within the largest comment's reach of the end.
    """
    fp.seek(0, io.SEEK_END)
    length = fp.tell()
    reach = min(length, _END.size + 0xFFFF)  # a comment is at most 65,535 bytes
    fp.seek(length - reach)
    tail = fp.read(reach)
    at = tail.rfind(_END_SIGNATURE)
    if at < 0 or at + _END.size > len(tail):
        return None
    end = _END.unpack_from(tail, at)
    size = end[5]
    record_at = length - reach + at
    locator_at = record_at - _END64_LOCATOR.size
    if locator_at >= _END64.size:
        fp.seek(locator_at - _END64.size)
        before = fp.read(_END64.size + _END64_LOCATOR.size)
        if len(before) == _END64.size + _END64_LOCATOR.size:
            locator = _END64_LOCATOR.unpack_from(before, _END64.size)
            record = _END64.unpack_from(before, 0)
            if locator[0] == b"PK\x06\x07" and record[0] == b"PK\x06\x06":
                size = record[8]
    return size


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


def _load_json(data: bytes, file: str) -> Any:
    """Parse a JSON file; raise `RestoreError` naming `file` for bad text, bad JSON or deep nesting."""
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise RestoreError([Problem(file, "is not UTF-8 text")]) from None
    except json.JSONDecodeError as error:
        raise RestoreError(
            [Problem(file, f"is not valid JSON ({error.msg} at line {error.lineno})")]
        ) from None
    except RecursionError:
        raise RestoreError(
            [Problem(file, "is nested too deeply to be part of a journal export")]
        ) from None
    except ValueError:
        # e.g. a number longer than Python agrees to read (4,300 digits).
        raise RestoreError([Problem(file, "holds a number too long to read")]) from None


def _read_manifest(
    archive: zipfile.ZipFile, names: dict[str, str], budget: _Budget
) -> dict[str, Any]:
    if MANIFEST_FILE not in names:
        raise RestoreError(
            [
                Problem(
                    MANIFEST_FILE, "is missing: this zip was not made by Between Sessions' export"
                )
            ]
        )
    manifest = _load_json(
        _read_whole(archive, names[MANIFEST_FILE], budget, MAX_MANIFEST_BYTES), MANIFEST_FILE
    )
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
                    f"comes from a newer version of Between Sessions (schema {shown(version)}); please update the app to restore it",
                    field="schema_version",
                )
            ]
        )
    return manifest


def _manifest_time(manifest: Mapping[str, Any]) -> datetime:
    try:
        return as_utc(datetime.fromisoformat(str(manifest.get("created_at"))))
    except ValueError:
        return clock.now(UTC)


def _latest_columns() -> dict[str, list[tuple[str, str, bool]]]:
    from analytics.storage import connect

    con = connect()
    try:
        return queries.table_columns(con)
    finally:
        con.close()


Raw = dict[str, list[tuple[int, dict[str, Any]]]]


def _read_tables(
    archive: zipfile.ZipFile,
    names: dict[str, str],
    columns: dict[str, list[tuple[str, str, bool]]],
    budget: _Budget,
    escaped: bool = False,
    schema_version: int = LATEST_VERSION,
) -> tuple[Raw, list[Problem], dict[str, str]]:
    """Each table's rows as (row number, {column: typed value}); CSV when present, else journal.json.

    Also returns, per table, the file name its problems are reported under. `escaped`: the CSV
    text cells carry the export's formula escape, taken off here (journal.json never has it).
    A table newer than the export's `schema_version` (`TABLE_SINCE`) may be absent: it is read
    as empty. From an export of that version or later, a missing file is a problem.
    """
    has_csv = any(csv_file(table) in names for table in EXPORT_TABLES)
    if not has_csv and JSON_FILE in names:
        from_json = _read_json_tables(archive, names[JSON_FILE], columns, budget, schema_version)
        return *from_json, {table: f"{JSON_FILE} ({table})" for table in EXPORT_TABLES}
    tables: Raw = {}
    problems: list[Problem] = []
    for table in EXPORT_TABLES:
        file = csv_file(table)
        if file not in names:
            if _older_than(table, schema_version):
                tables[table] = []
            else:
                problems.append(
                    Problem(file, "is missing from the zip; an export holds one CSV file per table")
                )
            continue
        rows = _read_csv(
            archive, names[file], file, table, columns[table], budget, problems, escaped
        )
        if rows is not None:
            tables[table] = rows
    return tables, problems, {table: csv_file(table) for table in EXPORT_TABLES}


def _read_csv(
    archive: zipfile.ZipFile,
    path: str,
    file: str,
    table: str,
    columns: list[tuple[str, str, bool]],
    budget: _Budget,
    problems: list[Problem],
    escaped: bool = False,
) -> list[tuple[int, dict[str, Any]]] | None:
    """One CSV member, unpacked and parsed row by row (never whole in memory); None if unreadable."""
    found = len(problems)
    reader = None
    try:
        with _Member(archive, path, budget, budget.limit) as member:
            text = io.TextIOWrapper(
                io.BufferedReader(member, CHUNK_BYTES), encoding="utf-8-sig", newline=""
            )
            reader = csv.reader(_lines(text, file))
            header = next(reader, None)
            if header is None:
                problems.append(
                    Problem(file, "is empty; it should start with a header row of column names")
                )
                return None
            header_problems = _check_header(file, table, header, columns)
            if header_problems:
                problems.extend(header_problems)
                return None
            rows = []
            # Rows as a spreadsheet shows the file, as the importers name them: the header is
            # row 1, so the first row of data is row 2 (a blank row still counts).
            for number, cells in enumerate(reader, start=2):
                if len(problems) - found >= MAX_PROBLEMS_PER_FILE:
                    problems.append(
                        Problem(file, "has more problems than these; reading stopped here")
                    )
                    return None
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) != len(header):
                    problems.append(
                        Problem(
                            file, words.cells_against_header(len(cells), len(header)), row=number
                        )
                    )
                    continue
                record = dict(zip(header, cells, strict=True))
                if escaped:
                    record = _unescaped(record, columns)
                typed = _typed_row(file, number, record, columns, problems)
                if typed is not None:
                    rows.append((number, typed))
            return rows
    except _TooBig as too_big:
        del problems[found:]
        problems.append(too_big.problem)
    except UnicodeDecodeError:
        del problems[found:]
        problems.append(Problem(file, "is not UTF-8 text"))
    except csv.Error as error:
        line = reader.line_num if reader is not None else 1
        problems.append(Problem(file, words.not_valid_csv(line, _brief(error))))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        del problems[found:]
        problems.append(_damaged(path, error))
    return None


def _older_than(table: str, schema_version: int) -> bool:
    """True when an export of `schema_version` was made before `table` existed."""
    return schema_version < TABLE_SINCE.get(table, 0)


def _lines(text: IO[str], file: str) -> Iterator[str]:
    """The lines of a CSV member, each at most `MAX_LINE_CHARS` long (csv would read a line of any length)."""
    while line := text.readline(MAX_LINE_CHARS):
        if len(line) == MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
            raise _TooBig(
                Problem(
                    file,
                    f"has a line of more than {MAX_LINE_CHARS:,} characters; it is not part of a journal export",
                )
            )
        yield line


def _unescaped(record: dict[str, str], columns: list[tuple[str, str, bool]]) -> dict[str, str]:
    """The CSV row with the formula escape taken off its text cells (never numbers or dates)."""
    text_columns = {name for name, kind, _ in columns if kind == "VARCHAR"}
    return {
        name: unescape_text(cell) if name in text_columns else cell for name, cell in record.items()
    }


def _count_values(data: bytes) -> int:
    """An upper bound on the values a JSON text holds, without parsing it: every value but the
    first in a list or object follows a comma, and every list or object opens with `[` or `{`."""
    return data.count(b",") + data.count(b"{") + data.count(b"[")


def _read_json_tables(
    archive: zipfile.ZipFile,
    path: str,
    columns: dict[str, list[tuple[str, str, bool]]],
    budget: _Budget,
    schema_version: int = LATEST_VERSION,
) -> tuple[Raw, list[Problem]]:
    try:
        data = _read_whole(archive, path, budget, MAX_JSON_BYTES)
        if _count_values(data) > MAX_JSON_VALUES:
            raise RestoreError(
                [
                    Problem(
                        JSON_FILE,
                        f"holds more than {MAX_JSON_VALUES:,} values (the export of a busy "
                        "ten-year journal holds about 410,000); it is not a journal export",
                    )
                ]
            )
        document = _load_json(data, JSON_FILE)
        del data
    except RestoreError as refused:
        return {}, refused.problems
    stored = document.get("tables") if isinstance(document, dict) else None
    if not isinstance(stored, dict):
        return {}, [Problem(JSON_FILE, 'has no "tables" object')]
    tables: Raw = {}
    problems: list[Problem] = []
    for table in EXPORT_TABLES:
        records = stored.get(table)
        if records is None and _older_than(table, schema_version):
            tables[table] = []
            continue
        if not isinstance(records, list):
            problems.append(Problem(JSON_FILE, words.no_rows_for(table), field=table))
            continue
        rows = []
        where = f"{JSON_FILE} ({table})"
        found = len(problems)
        for number, record in enumerate(records, start=1):
            if len(problems) - found >= MAX_PROBLEMS_PER_FILE:
                problems.append(
                    Problem(where, "has more problems than these; reading stopped here")
                )
                break
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
        Problem(
            file,
            "is not a column of this table",
            field=(shown(name)[1:-1] if len(name) > SHOWN_CHARS else name) or "(blank column name)",
        )
        for name in header
        if name not in known
    ]
    required = {"trigger_categories": "name", "settings": "key"}.get(table, "id")
    if required not in header:
        problems.append(Problem(file, "is missing from the header row", field=required))
    problems.extend(_named_twice(file, header))
    return problems


def _named_twice(file: str, header: list[str]) -> list[Problem]:
    """One problem for each column the header row names more than once, with where, in the
    words of the importer's refusal (`importers.refuse_named_twice`): a cell is read by its
    column's name, so one of the two would be read as the other."""
    positions: dict[str, list[int]] = {}
    for i, name in enumerate(header, start=1):
        positions.setdefault(name, []).append(i)
    problems = []
    for name, at in positions.items():
        if len(at) > 1:
            problems.append(
                Problem(
                    file,
                    words.named_twice(shown(name), at),
                    field=(shown(name)[1:-1] if len(name) > SHOWN_CHARS else name)
                    or "(blank column name)",
                )
            )
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


_INTEGER_RANGES = {
    "TINYINT": (-(2**7), 2**7 - 1),
    "SMALLINT": (-(2**15), 2**15 - 1),
    "INTEGER": (-(2**31), 2**31 - 1),
    "BIGINT": (-(2**63), 2**63 - 1),
}
_FLOAT_MAX = {"DOUBLE": 1.7976931348623157e308, "FLOAT": 3.4028234663852886e38}
_FLOAT_MAX["REAL"] = _FLOAT_MAX["FLOAT"]
_MAX_NUMBER_CHARS = 400
"""Longer number text is refused before Python parses it (int() of long text is slow)."""


def _parse(value: Any, kind: str, nullable: bool) -> Any:
    """One cell (CSV text or a JSON value) as the Python value its column holds, within what the
    column's type can hold; a refusal quotes the value as typed, shortened (`shown`)."""
    if isinstance(value, str) and kind != "VARCHAR":
        value = value.strip()
    if value is None or (value == "" and (kind != "VARCHAR" or nullable)):
        return None
    if kind == "VARCHAR":
        if not isinstance(value, str):
            raise ValueError(f"{shown(value)} should be text")
        return value
    if isinstance(value, list | dict):
        raise ValueError(f"is {shown(value)}, not a single value")
    if isinstance(value, str) and len(value) > _MAX_NUMBER_CHARS and kind != "BOOLEAN":
        raise ValueError(
            f"{shown(value)} is {len(value):,} characters long, too long for this column"
        )
    if kind == "BOOLEAN":
        if isinstance(value, bool):
            return value
        text = str(value).casefold()
        if text in ("true", "1", "yes"):
            return True
        if text in ("false", "0", "no"):
            return False
        raise ValueError(f"{shown(value)} is not true or false")
    if kind in _FLOAT_MAX:
        if isinstance(value, bool):
            raise ValueError(f"{shown(value)} is not a number")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{shown(value)} is not a number") from None
        except OverflowError:
            raise ValueError(f"{shown(value)} is too large for this column") from None
        if not math.isfinite(number):
            raise ValueError(f"{shown(value)} is not a finite number")
        if abs(number) > _FLOAT_MAX[kind]:
            raise ValueError(f"{shown(value)} is too large for this column")
        return number
    if kind in _INTEGER_RANGES:
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError(f"{shown(value)} is not a whole number")
        try:
            number = int(value)
        except (TypeError, ValueError, OverflowError):
            raise ValueError(f"{shown(value)} is not a whole number") from None
        low, high = _INTEGER_RANGES[kind]
        if not low <= number <= high:
            raise ValueError(
                f"{shown(value)} is outside what this column can hold ({low:,} to {high:,})"
            )
        return number
    if kind == "DATE":
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(f"{shown(value)} is not a date like 2026-03-31") from None
    if kind in ("TIMESTAMP", TZ_TYPE):
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            raise ValueError(
                f"{shown(value)} is not a date and time like 2026-03-31T08:30:00"
            ) from None
        if kind == "TIMESTAMP":
            if moment.tzinfo is not None:
                raise ValueError(
                    f"{shown(value)} has a time zone; local_time is the wall-clock time, with the offset in utc_offset_min"
                )
            return moment
        # An audit time without a zone was written in UTC.
        try:
            return as_utc(moment)
        except OverflowError:
            raise ValueError(f"{shown(value)} is not a time this journal can hold") from None
    raise ValueError(f"has a column type ({kind}) this version cannot restore")
