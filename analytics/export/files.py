"""Writing a file the person asked for (a PDF brief, an export zip): whole or not at all, never
over their journal, and never over an existing file unless they said so.

`check_out_path` refuses an output path that resolves (through symlinks, `..`, relative paths,
hard links) to the journal, its write-ahead log, anything in its backups folder, the demo
journal beside it, or a damaged journal kept beside it: of the `--db` journal and, always, of
the person's own journal in their data folder. It also refuses anything but a regular file
(a device, a FIFO) even with `--force`. `write_whole_file` writes to a hidden
temporary file in the same folder (created owner-only, 0600), fsyncs it, and only then moves it
into place with one atomic rename: a full disk, a killed process or an exception mid-write
leaves no partial or empty file, and an existing file is never truncated.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from analytics import private_files
from analytics.paths import (
    DEMO_FILES,
    PAIRING_FILES,
    default_journal_path,
    demo_ended_journal_path,
    demo_journal_path,
    pairing_folder,
)
from analytics.storage.backup_files import BACKUP_FOLDER, backups_dir
from analytics.storage.base import JournalError

PARTIAL_SUFFIX = private_files.PARTIAL_SUFFIX


class OutRefused(JournalError):
    """The output path was refused; the message names the file and says what to do. Nothing was written."""


def _journal_places(journal: Path) -> list[tuple[Path, str]]:
    """(folder, journal name) as given and with symlinks resolved: a journal opened through a
    symlink may have files (a wal, a damaged copy) beside either path."""
    given = Path(os.path.abspath(Path(journal).expanduser()))
    real = given.resolve()
    places = [(given.parent.resolve(), given.name), (real.parent, real.name)]
    return list(dict.fromkeys(places))


def _protected_journals(journal: str | Path | None) -> list[Path]:
    """The journal in use (`--db`), and always the person's own journal and the demo beside it,
    whatever `--db` is: a typo in `--out` must never reach them either."""
    found = [] if journal is None or str(journal) == ":memory:" else [Path(journal)]
    return found + [default_journal_path(), demo_journal_path(), demo_ended_journal_path()]


def _belongs_to(name: str, journal_name: str) -> bool:
    """The journal file itself, its write-ahead log, or a damaged copy kept beside it."""
    return name in (journal_name, f"{journal_name}.wal") or name.startswith(
        f"{journal_name}.damaged-"
    )


def _what_it_would_destroy(resolved: Path, folder: Path, name: str) -> str | None:
    backups = backups_dir(folder / name).resolve()
    if resolved.is_relative_to(backups) or resolved.is_relative_to(folder / BACKUP_FOLDER):
        return f"inside the journal's backups folder ({backups})"
    if resolved.parent == folder and _belongs_to(resolved.name, name):
        return f"the journal at {folder / name} (or its write-ahead log)"
    for demo in DEMO_FILES:
        if resolved.parent == folder and _belongs_to(resolved.name, demo):
            return f"the demo journal beside it ({folder / demo})"
    if resolved.exists():
        for protected in (name, *DEMO_FILES):
            for candidate in (folder / protected, folder / f"{protected}.wal"):
                with contextlib.suppress(OSError):
                    if candidate.exists() and os.path.samefile(resolved, candidate):
                        return f"the same file as {candidate}"
        backup = _hard_linked_backup(resolved, backups)
        if backup is not None:
            return f"the same file as the backup {backup}"
    return None


def _hard_linked_backup(resolved: Path, backups: Path) -> Path | None:
    """The file in `backups` that `resolved` is a hard link to, if any (only a file with more
    than one link can be one, so the folder is read only then)."""
    try:
        info = os.stat(resolved)
        if info.st_nlink < 2 or not backups.is_dir():
            return None
        for child in backups.iterdir():
            if child.is_symlink():
                continue
            found = os.stat(child)
            if (found.st_dev, found.st_ino) == (info.st_dev, info.st_ino):
                return child
    except OSError:
        return None
    return None


def _pairing_file(resolved: Path, journals: Iterable[Path]) -> str | None:
    """The phone's pairing secret, certificate or key beside a protected journal: overwritten,
    the secret would become guessable text, and the key would stop `--phone` from starting."""
    for journal in journals:
        folder = pairing_folder(journal)
        for name in PAIRING_FILES:
            if resolved == (folder / name).resolve():
                return f"the phone pairing file {name}"
    return None


def _what_else_it_would_destroy(resolved: Path, keep: Iterable[str | Path]) -> str | None:
    """`keep`: other files (or folders) this command reads, e.g. the file being imported."""
    for kept in keep:
        kept = Path(kept).expanduser()
        real = kept.resolve()
        if resolved == real or (real.is_dir() and resolved.is_relative_to(real)):
            return f"the file you are importing ({kept})"
        with contextlib.suppress(OSError):
            if resolved.exists() and kept.exists() and os.path.samefile(resolved, kept):
                return f"the same file as the one you are importing ({kept})"
    return None


def check_out_path(
    out: str | Path,
    journal: str | Path | None,
    *,
    force: bool = False,
    option: str = "--out",
    keep: Iterable[str | Path] = (),
) -> Path:
    """Refuse (`OutRefused`) an output path that is, or is inside, what keeps the journal safe
    (the journal at `journal`, and always the person's own journal and the demo journal, with
    their write-ahead logs, damaged copies and backups folder), one of `keep` (files the command
    reads), anything that is not a regular file (a folder, a device, a FIFO, a socket: with or
    without `force`), a path whose folder cannot hold a file, or a file that already exists
    (unless `force`). `option` names the command-line option in messages. Returns `out` unchanged
    when it may be written.
    """
    out = Path(out)
    resolved = out.expanduser().resolve()
    what = None
    for protected in _protected_journals(journal):
        for folder, name in _journal_places(protected):
            what = what or _what_it_would_destroy(resolved, folder, name)
    what = what or _pairing_file(resolved, _protected_journals(journal))
    what = what or _what_else_it_would_destroy(resolved, keep)
    if what:
        raise OutRefused(
            f"Refused to write to {out}: that is {what}. Writing there would destroy your "
            f"journal, a backup or a file you keep. Nothing was written; choose another {option} "
            "path, outside the backups folder."
        )
    if resolved.is_dir():
        raise OutRefused(
            f"{out} is a folder. Nothing was written; give {option} a file name, e.g. {out / 'brief.pdf'}."
        )
    try:
        existing = os.stat(resolved)
    except OSError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise OutRefused(
            f"Refused to write to {out}: it is not a plain file (a device, a pipe or a socket), "
            f"so it was left as it is, with or without --force. Nothing was written and your "
            f"journal is untouched; choose another {option} path."
        )
    _check_folder(out, resolved.parent, option)
    if existing is not None and not force:
        raise OutRefused(
            f"{out} already exists and was left as it is. Nothing was written; choose another "
            f"{option} path, or add --force to replace it."
        )
    return out


def _check_folder(out: Path, folder: Path, option: str) -> None:
    """Refuse early when the folder of `out` is a file (or under one): nothing could be written."""
    for ancestor in (folder, *folder.parents):
        if ancestor.exists():
            if not ancestor.is_dir():
                raise _cannot_write(out, option, f"{ancestor} is a file, not a folder")
            return


def _cannot_write(out: Path, option: str, why: str) -> OutRefused:
    return OutRefused(
        f"Could not write {out} ({why}). Nothing was written and your journal is untouched; "
        f"choose another {option} path, in a folder you can write to."
    )


def write_whole_file(
    path: str | Path, data: bytes, *, replace: bool = True, option: str = "--out"
) -> Path:
    """Write `data` to `path` owner-only (0600): whole or not at all.

    The bytes go to a hidden temporary file beside `path`, are flushed to disk (fsync), and the
    file is then renamed into place (atomic). With `replace=False` an existing file is never
    replaced (`OutRefused`). On any failure the temporary file is removed and an existing file
    at `path` is untouched; a folder that cannot be written or a full disk raises `OutRefused`
    naming `path` (and `option`, the command-line option it came from).
    """
    path = Path(path)
    try:
        return _write_whole_file(path, data, replace=replace)
    except OSError as error:
        raise _cannot_write(path, option, error.strerror or str(error)) from error


def _write_whole_file(path: Path, data: bytes, *, replace: bool) -> Path:
    try:
        return private_files.write_whole_file(path, data, replace=replace)
    except private_files.Exists:
        raise OutRefused(
            f"{path} already exists and was left as it is. Choose another path, or add --force to replace it."
        ) from None
