"""When the journal file cannot be used: what went wrong, in words a person can act on.

`classify` sorts an error from DuckDB or the operating system into a `FaultKind`; `explain`
turns it into a `JournalFault` (a `JournalError`) whose message says what happened, that
nothing was changed, and what to do. The app and the `between` command show that message
instead of a traceback.

What DuckDB allows when another process has the file (checked with DuckDB 2.0; see
https://duckdb.org/docs/current/connect/concurrency): a process that opened the journal to
write holds an exclusive lock, so no other process can open it at all, not even to read. A
process that opened it read-only holds a shared lock: others can then also open it read-only
(reading works, writing does not). DuckDB's message says which case it is.
"""

from __future__ import annotations

import errno
from enum import StrEnum
from pathlib import Path

import duckdb

from analytics.storage.backup_files import newest_backup
from analytics.storage.base import JournalError, one_row


class FaultKind(StrEnum):
    LOCKED = "locked"
    """Another process has the journal open (a second copy of the app, or the `between` command)."""
    DAMAGED = "damaged"
    """The file is not a readable DuckDB database (truncated, overwritten, a bad block)."""
    READ_ONLY = "read_only"
    """The file or its folder cannot be written (permissions, a read-only disk, a path through a file)."""
    DISK_FULL = "disk_full"
    """The disk holding the journal (or its backups) has no room left."""
    NEWER_FORMAT = "newer_format"
    """The file was written by a newer DuckDB than this app ships with."""
    OTHER = "other"


_ERRNO_KINDS = {
    errno.ENOSPC: FaultKind.DISK_FULL,
    errno.EDQUOT: FaultKind.DISK_FULL,
    errno.EROFS: FaultKind.READ_ONLY,
    errno.EACCES: FaultKind.READ_ONLY,
    errno.EPERM: FaultKind.READ_ONLY,
    errno.ENOTDIR: FaultKind.READ_ONLY,
    errno.EEXIST: FaultKind.READ_ONLY,  # a folder on the path is a file: nothing can be written there
}

# Phrases from DuckDB's messages, checked in this order (a lock message also says "IO Error").
_PHRASES: tuple[tuple[FaultKind, tuple[str, ...]], ...] = (
    (FaultKind.LOCKED, ("could not set lock", "conflicting lock")),
    (FaultKind.DISK_FULL, ("no space left", "disk is full", "disk full", "quota exceeded")),
    (
        FaultKind.READ_ONLY,
        (
            "read-only file system",
            "permission denied",
            "not a directory",
            "read-only mode",
            "read only mode",
        ),
    ),
    (
        FaultKind.NEWER_FORMAT,
        ("newer version of duckdb", "trying to read a database file with version number"),
    ),
    (
        FaultKind.DAMAGED,
        (
            "not a valid duckdb database file",
            "corrupt database file",
            "checksum",
            "could not read enough bytes",
            "failed to deserialize",
            "serialization error",
        ),
    ),
)


class JournalFault(JournalError):
    """The journal cannot be used as it is. `kind` says why; the message says what to do.

    `readable` is True when the journal can still be opened read-only; `newest_backup` names
    the newest backup (for a damaged journal, the one to offer).
    """

    def __init__(
        self,
        kind: FaultKind,
        path: Path,
        message: str,
        *,
        readable: bool = False,
        newest_backup: str | None = None,
    ):
        super().__init__(message)
        self.kind = kind
        self.path = path
        self.readable = readable
        self.newest_backup = newest_backup


def classify(error: BaseException) -> FaultKind:
    if isinstance(error, JournalFault):
        return error.kind
    if isinstance(error, OSError) and error.errno in _ERRNO_KINDS:
        return _ERRNO_KINDS[error.errno]
    text = str(error).lower()
    for kind, phrases in _PHRASES:
        if any(phrase in text for phrase in phrases):
            return kind
    if isinstance(error, (duckdb.SerializationException,)):
        return FaultKind.DAMAGED
    return FaultKind.OTHER


def is_fault(error: BaseException) -> bool:
    """True for the faults this module can explain (anything but `FaultKind.OTHER`)."""
    return classify(error) is not FaultKind.OTHER


def explain(error: BaseException, path: str | Path, *, doing: str = "") -> JournalFault:
    """A `JournalFault` for `error` met while using the journal at `path`.

    `doing` names what was refused ("The import", "The backup"), so the message can say it
    did not happen; without it the message speaks of opening the journal.
    """
    if isinstance(error, JournalFault):
        return error
    path = Path(path)
    kind = classify(error)
    what = (
        f"{doing} did not happen and your journal is as it was."
        if doing
        else "Nothing was changed."
    )
    newest = _newest_backup(path)
    readable = False
    if kind is FaultKind.LOCKED:
        readable = "read-only mode" in str(error).lower()
        message = (
            f"The journal at {path} is open in another program: perhaps a second copy of Between Sessions "
            "(another `make run`), or the `between` command while the app runs. "
            + (
                "That program only reads it, so this one can read it too but cannot write. "
                if readable
                else "While it has the journal open for writing, no other program can open it. "
            )
            + f"{what} Close the other program (or wait for the command to finish), then try again."
        )
    elif kind is FaultKind.DAMAGED:
        message = (
            f"The journal at {path} is damaged and cannot be read ({first_line(error)}). "
            "It has been left exactly as it is. "
            + (
                f"Your newest backup is {newest}: restore it on the Backups page or with "
                f"`between restore-backup {newest}` (the damaged file is kept beside it)."
                if newest
                else "There is no backup of it yet; keep the file, it may still be recoverable."
            )
        )
    elif kind is FaultKind.READ_ONLY and "read-only mode" in str(error).lower():
        message = (
            f"The journal at {path} is open here for reading only, because another program is reading it, "
            f"so it cannot be written now. {what} Close the other program, choose Open for writing, then try again."
        )
    elif kind is FaultKind.READ_ONLY:
        message = (
            f"The journal at {path} (or its folder {path.parent}) cannot be written: the folder or disk is "
            f"read-only, or permissions do not allow it ({first_line(error)}). {what} "
            "Move the journal to a folder you can write to (set BETWEEN_DB to its path), or change the folder's permissions."
        )
    elif kind is FaultKind.DISK_FULL:
        message = (
            f"The disk holding {path.parent} is full. {what} "
            "Free some space (old files, or old backups in its backups folder), then try again."
        )
    elif kind is FaultKind.NEWER_FORMAT:
        message = (
            f"The journal at {path} was written by a newer version of Between Sessions (its database format "
            "is newer than this app can read). It has been left as it is; please update the app to open it."
        )
    else:
        message = f"The journal at {path} could not be used: {first_line(error)}. {what}"
    return JournalFault(
        kind,
        path,
        message,
        readable=readable,
        newest_backup=newest if kind is FaultKind.DAMAGED else None,
    )


HEADER_BYTES = 3 * 4096
"""DuckDB's file starts with one main and two database headers of 4 KiB each, then its blocks."""


class TruncatedFile(duckdb.IOException):
    """Raised by `check_whole`: the file is shorter than the blocks it holds in use."""


def check_whole(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a truncated journal at once (DuckDB opens one and fails only when a lost block is read).

    A whole file is at least its headers plus `used_blocks` blocks of `block_size` bytes: the
    blocks in use have distinct ids, so the highest of them lies at least that far in. Not
    `total_blocks`: that also counts free blocks, and DuckDB legitimately shortens the file
    when free blocks sit at its end, so a sound journal would be called damaged (it was, after
    two imports). A cut that only removes free blocks, or in-use blocks beyond this bound, is
    still found when a lost block is read, and is then explained as damage.
    """
    block_size, used_blocks = one_row(
        con.execute("SELECT block_size, used_blocks FROM pragma_database_size()")
    )
    expected = HEADER_BYTES + int(used_blocks) * int(block_size)
    actual = path.stat().st_size
    if actual < expected:
        raise TruncatedFile(
            f"the file holds {actual:,} bytes of the {expected:,} its blocks in use need; it was cut short. Corrupt database file"
        )


def first_line(error: BaseException) -> str:
    """The first line of an error's message, without DuckDB's prefixes or a trailing full stop."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    text = text.removesuffix(". Corrupt database file")
    for prefix in (
        "IO Error: ",
        "Invalid Input Error: ",
        "Serialization Error: ",
        "INTERNAL Error: ",
    ):
        text = text.removeprefix(prefix)
    return text.rstrip(".")


def _newest_backup(path: Path) -> str | None:
    """The newest backup's name, or None (also when the backups folder cannot be read)."""
    try:
        found = newest_backup(path)
    except OSError:
        return None
    return found.name if found else None
