"""Writing a file the person asked for (a PDF brief, an export zip): whole or not at all, never
over their journal, and never over an existing file unless they said so.

`check_out_path` refuses an output path that resolves (through symlinks, `..`, relative paths,
hard links) to the journal, its write-ahead log, anything in its backups folder, the demo
journal beside it, or a damaged journal kept beside it. `write_whole_file` writes to a hidden
temporary file in the same folder (created owner-only, 0600), fsyncs it, and only then moves it
into place with one atomic rename: a full disk, a killed process or an exception mid-write
leaves no partial or empty file, and an existing file is never truncated.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from analytics.paths import DEMO_FILE
from analytics.storage.backup_files import backups_dir
from analytics.storage.base import JournalError

PARTIAL_SUFFIX = ".partial"


class OutRefused(JournalError):
    """The output path was refused; the message names the file and says what to do. Nothing was written."""


def _journal_places(journal: Path) -> list[tuple[Path, str]]:
    """(folder, journal name) as given and with symlinks resolved: backups sit beside the path
    the journal was opened by, which may be a symlink to the real file."""
    given = Path(os.path.abspath(Path(journal).expanduser()))
    real = given.resolve()
    places = [(given.parent.resolve(), given.name), (real.parent, real.name)]
    return list(dict.fromkeys(places))


def _belongs_to(name: str, journal_name: str) -> bool:
    """The journal file itself, its write-ahead log, or a damaged copy kept beside it."""
    return name in (journal_name, f"{journal_name}.wal") or name.startswith(
        f"{journal_name}.damaged-"
    )


def _what_it_would_destroy(resolved: Path, folder: Path, name: str) -> str | None:
    backups = backups_dir(folder / name).resolve()
    if resolved.is_relative_to(backups):
        return f"inside the journal's backups folder ({backups})"
    if resolved.parent == folder and _belongs_to(resolved.name, name):
        return f"the journal at {folder / name} (or its write-ahead log)"
    if resolved.parent == folder and _belongs_to(resolved.name, DEMO_FILE):
        return f"the demo journal beside it ({folder / DEMO_FILE})"
    if resolved.exists():
        for protected in (name, DEMO_FILE):
            for candidate in (folder / protected, folder / f"{protected}.wal"):
                with contextlib.suppress(OSError):
                    if candidate.exists() and os.path.samefile(resolved, candidate):
                        return f"the same file as {candidate}"
    return None


def check_out_path(out: str | Path, journal: str | Path | None, *, force: bool = False) -> Path:
    """Refuse (`OutRefused`) an output path that is, or is inside, what keeps the journal safe,
    or that already exists (unless `force`). Returns `out` unchanged when it may be written."""
    out = Path(out)
    resolved = out.expanduser().resolve()
    if journal is not None and str(journal) != ":memory:":
        what = None
        for folder, name in _journal_places(Path(journal)):
            what = what or _what_it_would_destroy(resolved, folder, name)
        if what:
            raise OutRefused(
                f"Refused to write to {out}: that is {what}. Writing there would destroy your "
                "journal or a backup. Nothing was written; choose another --out path, outside "
                "the backups folder."
            )
    if resolved.is_dir():
        raise OutRefused(
            f"{out} is a folder. Nothing was written; give --out a file name, e.g. {out / 'brief.pdf'}."
        )
    if resolved.exists() and not force:
        raise OutRefused(
            f"{out} already exists and was left as it is. Choose another --out path, or add "
            "--force to replace it."
        )
    return out


def write_whole_file(path: str | Path, data: bytes, *, replace: bool = True) -> Path:
    """Write `data` to `path` owner-only (0600): whole or not at all.

    The bytes go to a hidden temporary file beside `path`, are flushed to disk (fsync), and the
    file is then renamed into place (atomic). With `replace=False` an existing file is never
    replaced (`OutRefused`). On any failure the temporary file is removed and an existing file
    at `path` is untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=PARTIAL_SUFFIX
    )
    temporary = Path(temporary)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            _link_without_replacing(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)
    return path


def _link_without_replacing(temporary: Path, path: Path) -> None:
    try:
        os.link(temporary, path)  # fails if `path` exists: no window in which it could be replaced
    except FileExistsError:
        raise OutRefused(
            f"{path} already exists and was left as it is. Choose another path, or add --force to replace it."
        ) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        # A file system without hard links (e.g. FAT): check, then rename.
        if path.exists():
            raise OutRefused(
                f"{path} already exists and was left as it is. Choose another path, or add --force to replace it."
            ) from None
        os.replace(temporary, path)
        return
    temporary.unlink()


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every platform can open a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
